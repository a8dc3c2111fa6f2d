package dev.jgrad.autograd.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void everyFloatAndDoubleReadsBackBitForBit() throws Exception {
    Random r = new Random(1);
    List<Double> doubles = new ArrayList<>(List.of(-0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
        Math.nextDown(Double.MIN_NORMAL), Double.MIN_NORMAL, Double.MAX_VALUE, 0.1, 1e23, 2e-323));
    List<Float> floats = new ArrayList<>(List.of(-0.0f, 0.0f, Float.MIN_VALUE, -Float.MIN_VALUE,
        Math.nextDown(Float.MIN_NORMAL), Float.MAX_VALUE, 0.1f, 16777217f, 1.17549435E-38f));
    while (doubles.size() < 20_000) {
      double d = Double.longBitsToDouble(r.nextLong());
      if (Double.isFinite(d)) {
        doubles.add(d);
      }
      float f = Float.intBitsToFloat(r.nextInt());
      if (Float.isFinite(f)) {
        floats.add(f);
      }
    }
    JsonNode ds = Json.parse(Json.compact(doubles));
    for (int i = 0; i < doubles.size(); i++) {
      assertEquals(Double.doubleToRawLongBits(doubles.get(i)), Double.doubleToRawLongBits(ds.get(i).doubleValue()),
          () -> "double " + ds);
    }
    JsonNode fs = Json.parse(Json.spacedLists(floats));
    for (int i = 0; i < floats.size(); i++) {
      assertEquals(Float.floatToRawIntBits(floats.get(i)), Float.floatToRawIntBits((float) fs.get(i).doubleValue()),
          "float " + floats.get(i));
    }
  }

  @Test
  void nonFiniteNumbersAreRefusedBeforeWriting() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("a", List.of(1.0, Double.NEGATIVE_INFINITY));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.compact(m));
    assertEquals("value.a[1] is -Infinity, which JSON cannot hold", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Json.indented(Map.of("f", Float.NaN)));
    assertThrows(IllegalArgumentException.class, () -> Json.compact(new double[] {1, Double.NaN}));
  }

  @Test
  void readingIsStrict() {
    JsonProcessingException dup = assertThrows(JsonProcessingException.class, () -> Json.parse("{\"a\":1,\"a\":2}"));
    assertTrue(dup.getOriginalMessage().contains("Duplicate field 'a'"), dup.getMessage());
    assertThrows(JsonProcessingException.class, () -> Json.parse("{} x"));
    assertThrows(JsonProcessingException.class, () -> Json.parse("[NaN]"));
    assertThrows(JsonProcessingException.class, () -> Json.parse("[1,]"));
    assertThrows(JsonProcessingException.class, () -> Json.parse("[" + "[".repeat(5000) + "]".repeat(5001)));
  }

  @Test
  void writesTheLayoutsOfTheFiles() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "tab\there \"q\" \\ \u001f é");
    m.put("n", List.of(1, 2.5, -0.0));
    m.put("e", Map.of());
    m.put("objs", List.of(Map.of("k", true), Map.of("k", false)));
    m.put("none", List.of());
    assertEquals("{\"s\":\"tab\\there \\\"q\\\" \\\\ \\u001f é\",\"n\":[1,2.5,-0.0],\"e\":{},"
        + "\"objs\":[{\"k\":true},{\"k\":false}],\"none\":[]}", Json.compact(m));
    assertEquals("[0.9, 0.999]", Json.spacedLists(List.of(0.9, 0.999)));
    assertEquals("{\n"
        + "  \"s\": \"tab\\there \\\"q\\\" \\\\ \\u001f é\",\n"
        + "  \"n\": [1, 2.5, -0.0],\n"
        + "  \"e\": {},\n"
        + "  \"objs\": [\n"
        + "    {\n"
        + "      \"k\": true\n"
        + "    },\n"
        + "    {\n"
        + "      \"k\": false\n"
        + "    }\n"
        + "  ],\n"
        + "  \"none\": []\n"
        + "}\n", Json.indented(m));
  }
}
