package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PreprocessorJsonTest {
  private static final String HEAD = "{\"format\": \"jgrad.Preprocessor\", \"version\": 1, \"missing_values\": [\"NA\"],"
      + " \"separator\": \";\", \"features\": [";

  @Test
  void readsTheDocumentedLayout() {
    Preprocessor p = PreprocessorJson.read(HEAD
        + "{\"name\": \"px\", \"kind\": \"integer\", \"missing\": \"fill_mode\", \"fill\": 3, \"scaling\": \"fixed\","
        + " \"center\": 0, \"scale\": 255},"
        + "{\"name\": \"c\", \"kind\": \"categorical\", \"encoding\": \"index\", \"missing\": \"fill_mode\","
        + " \"unknown_bucket\": true, \"categories\": [\"a\", \"b\"], \"fill\": \"b\"}],"
        + " \"target\": {\"name\": \"y\", \"task\": \"regression\", \"missing\": \"drop_row\", \"scaling\": \"none\","
        + " \"center\": 0, \"scale\": 1}}");
    assertEquals(List.of("px", "c"), p.featureNames());
    assertEquals(3.0, p.fillValue("px"));
    assertEquals("b", p.fillValue("c"));
    assertEquals(Scaling.fixed(0, 255), p.schema().feature("px").scaling());
    assertEquals(';', p.schema().separator());
    assertEquals(List.of("NA"), p.schema().missingValues());
    assertEquals(Task.REGRESSION, p.task());
    assertEquals(p.toJson(), PreprocessorJson.write(PreprocessorJson.read(p.toJson())));
  }

  @Test
  void namesTheBadField() {
    IllegalArgumentException kind = assertThrows(IllegalArgumentException.class, () -> PreprocessorJson.read(HEAD
        + "{\"name\": \"x\", \"kind\": \"complex\"}]}"));
    assertTrue(kind.getMessage().contains("\"features[0].kind\" is \"complex\", expected one of [numeric, integer,"
        + " categorical]"), kind.getMessage());
    IllegalArgumentException scale = assertThrows(IllegalArgumentException.class, () -> PreprocessorJson.read(HEAD
        + "{\"name\": \"x\", \"kind\": \"numeric\", \"missing\": \"fail\", \"scaling\": \"none\", \"center\": 0,"
        + " \"scale\": 0}]}"));
    assertTrue(scale.getMessage().contains("\"features[0].scale\" must be finite and non-zero"), scale.getMessage());
    IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> PreprocessorJson.read(HEAD
        + "{\"name\": 5}]}"));
    assertTrue(type.getMessage().contains("field \"features[0].name\" must be a string"), type.getMessage());
    IllegalArgumentException top = assertThrows(IllegalArgumentException.class, () -> PreprocessorJson.read("[]"));
    assertTrue(top.getMessage().contains("the top level must be a JSON object"), top.getMessage());
  }
}
