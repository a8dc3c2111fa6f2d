package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
  @Test
  void parsesEveryKindOfValueKeepingKeyOrder() throws Exception {
    Object v = Json.parse(" {\"b\": [1, -2.5e3, true, false, null], \"a\": {\"s\": \"x\\\"\\u00e9\\n\"}} ");
    Map<?, ?> m = (Map<?, ?>) v;
    assertEquals(List.of("b", "a"), List.copyOf(m.keySet()));
    List<?> b = (List<?>) m.get("b");
    assertEquals(new BigDecimal("1"), b.get(0));
    assertEquals(-2500.0, ((BigDecimal) b.get(1)).doubleValue());
    assertEquals(true, b.get(2));
    assertEquals(false, b.get(3));
    assertNull(b.get(4));
    assertEquals("x\"é\n", ((Map<?, ?>) m.get("a")).get("s"));
    assertEquals(Map.of(), Json.parse("{}"));
    assertEquals(List.of(), Json.parse("[ ]"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "{\"a\" 1}", "{\"a\":1,}", "[1 2]", "01", "1.", "-", "tru", "\"abc", "{\"a\":1}x",
      "\"\\q\"", "\"\\u12\"", "{a:1}", "\"tab\there\""})
  void rejectsMalformedDocuments(String text) {
    assertThrows(Json.ParseException.class, () -> Json.parse(text));
  }

  @Test
  void errorsNameTheOffsetAndLimitNesting() {
    Json.ParseException dup = assertThrows(Json.ParseException.class, () -> Json.parse("{\"k\":1, \"k\":2}"));
    assertContains(dup.getMessage(), "duplicate key \"k\" at offset 8");
    String deep = "[".repeat(100) + "]".repeat(100);
    assertContains(assertThrows(Json.ParseException.class, () -> Json.parse(deep)).getMessage(),
        "nesting deeper than 64");
  }

  @Test
  void quoteRoundTrips() throws Exception {
    String s = "a\"b\\c\n\t\u0001é";
    assertEquals("\"a\\\"b\\\\c\\n\\t\\u0001é\"", Json.quote(s));
    assertEquals(s, Json.parse(Json.quote(s)));
  }
}
