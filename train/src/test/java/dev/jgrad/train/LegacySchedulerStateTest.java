package dev.jgrad.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.jgrad.autograd.io.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Format-1 scheduler state texts (as the old writer produced them) read as the same values. */
class LegacySchedulerStateTest {
  @Test
  void translatesEveryConstructOfTheOldNotation() throws Exception {
    String legacy = "{s:\"last_epoch\"=i:3,s:\"base_lrs\"=[d:0.02,d:1.0E-5],s:\"_step_count\"=l:4,"
        + "s:\"best\"=d:Infinity,s:\"worst\"=f:-Infinity,s:\"odd\"=d:NaN,s:\"mode\"=s:\"a\\\"b\\\\c\\nd=,]}\","
        + "s:\"nothing\"=n,s:\"flag\"=b:true,s:\"arr\"=D[1.0,-0.0,Infinity],s:\"ints\"=I[1,2],s:\"longs\"=J[],"
        + "s:\"_schedulers\"=[{s:\"gamma\"=d:0.5},{}]}";
    String json = LegacySchedulerState.toJson(legacy);
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("last_epoch", 3);
    expected.put("base_lrs", List.of(0.02, 1.0E-5));
    expected.put("_step_count", 4);
    expected.put("best", "Infinity");
    expected.put("worst", "-Infinity");
    expected.put("odd", "NaN");
    expected.put("mode", "a\"b\\c\nd=,]}");
    expected.put("nothing", null);
    expected.put("flag", true);
    expected.put("arr", List.of(1.0, -0.0, "Infinity"));
    expected.put("ints", List.of(1, 2));
    expected.put("longs", List.of());
    expected.put("_schedulers", List.of(Map.of("gamma", 0.5), Map.of()));
    assertEquals(expected, Json.parseValue(json));
    assertEquals(Double.doubleToRawLongBits(-0.0),
        Double.doubleToRawLongBits((Double) ((List<?>) ((Map<?, ?>) Json.parseValue(json)).get("arr")).get(1)));
  }

  @Test
  void malformedTextFailsInTheJsonParser() {
    assertThrows(JsonProcessingException.class,
        () -> Json.parseValue(LegacySchedulerState.toJson("{s:\"a\"=i:3")));
    assertThrows(JsonProcessingException.class,
        () -> Json.parseValue(LegacySchedulerState.toJson("{s:\"a\"=x:3}")));
  }
}
