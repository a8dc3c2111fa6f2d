package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void roundTripsNestedValuesExactly() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "a \"q\" \\ \n\t \u0001 \u00e9");
    m.put("pi", Math.PI);
    m.put("tiny", 1e-300);
    m.put("int", 42);
    m.put("neg", -0.1);
    m.put("flags", List.of(true, false));
    m.put("nothing", null);
    m.put("list", List.of(Map.of("k", "v"), List.of()));
    m.put("empty", Map.of());
    Object back = Json.parse(Json.write(m));
    @SuppressWarnings("unchecked")
    Map<String, Object> r = (Map<String, Object>) back;
    assertEquals(m.get("s"), r.get("s"));
    assertEquals(Math.PI, r.get("pi"));
    assertEquals(1e-300, r.get("tiny"));
    assertEquals(42.0, r.get("int"));
    assertEquals(-0.1, r.get("neg"));
    assertEquals(List.of(true, false), r.get("flags"));
    assertTrue(r.containsKey("nothing") && r.get("nothing") == null);
    assertEquals(List.of(Map.of("k", "v"), List.of()), r.get("list"));
    assertEquals(List.copyOf(m.keySet()), List.copyOf(r.keySet()), "key order is kept");
  }

  @Test
  void rejectsMalformedInputWithTheOffset() {
    for (String bad : Arrays.asList("", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,\"a\":2}", "\"abc", "tru", "1 2",
        "{\"a\":\"\\x\"}", "-")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("Json: ") && e.getMessage().contains("at offset"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
  }
}
