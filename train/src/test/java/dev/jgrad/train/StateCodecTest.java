package dev.jgrad.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateCodecTest {
  @Test
  void roundTripKeepsTypesAndOrder() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("z", 1);
    inner.put("a", List.of(0.1, 0.2));
    Map<Object, Object> state = new LinkedHashMap<>();
    state.put("lastEpoch", 7);
    state.put("steps", 123456789012L);
    state.put("gamma", 0.1);
    state.put("f", 0.1f);
    state.put("verbose", false);
    state.put("mode", "min");
    state.put(3, "integer key");
    state.put("none", null);
    state.put("milestones", new ArrayList<>(List.of(30, 80)));
    state.put("child", inner);
    state.put("lrs", new double[] {0.1, 1e-300});
    state.put("ints", new int[] {1, -2});
    state.put("longs", new long[] {Long.MAX_VALUE});
    state.put("empty", List.of());
    String text = StateCodec.encode(state);
    @SuppressWarnings("unchecked")
    Map<Object, Object> back = (Map<Object, Object>) StateCodec.decode(text);
    assertEquals(new ArrayList<>(state.keySet()), new ArrayList<>(back.keySet()));
    assertInstanceOf(Integer.class, back.get("lastEpoch"));
    assertInstanceOf(Long.class, back.get("steps"));
    assertInstanceOf(Float.class, back.get("f"));
    assertEquals(0.1f, back.get("f"));
    assertEquals(0.1, back.get("gamma"));
    assertEquals(false, back.get("verbose"));
    assertEquals("integer key", back.get(3));
    assertTrue(back.containsKey("none"));
    assertEquals(List.of(30, 80), back.get("milestones"));
    assertEquals(inner, back.get("child"));
    assertArrayEquals(new double[] {0.1, 1e-300}, (double[]) back.get("lrs"));
    assertArrayEquals(new int[] {1, -2}, (int[]) back.get("ints"));
    assertArrayEquals(new long[] {Long.MAX_VALUE}, (long[]) back.get("longs"));
    assertEquals(List.of(), back.get("empty"));
    assertEquals(text, StateCodec.encode(back));
  }

  @Test
  void doublesAreBitExact() {
    double[] values = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE,
        Math.PI, 1.0 / 3};
    for (double v : values) {
      double back = (Double) StateCodec.decode(StateCodec.encode(v));
      assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(back), Double.toString(v));
    }
  }

  @Test
  void stringsWithSyntaxCharacters() {
    String s = "a,b]}={\"q\"}\\n\nline2 [x]";
    assertEquals(s, StateCodec.decode(StateCodec.encode(s)));
    List<String> list = List.of("x,y", "", "]");
    assertEquals(list, StateCodec.decode(StateCodec.encode(list)));
  }

  @Test
  void errorsNameTheTypeOrPosition() {
    IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
        () -> StateCodec.encode(Map.of("x", new Object())));
    assertTrue(type.getMessage().contains("cannot store a value of type java.lang.Object"), type.getMessage());
    for (String bad : Arrays.asList("i:x", "[i:1", "{s:\"a\"}", "q:1", "i:1 trailing", "")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateCodec.decode(bad), bad);
      assertTrue(e.getMessage().startsWith("StateCodec: "), e.getMessage());
      assertTrue(e.getMessage().contains("at position"), e.getMessage());
    }
  }
}
