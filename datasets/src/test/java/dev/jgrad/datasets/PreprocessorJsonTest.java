package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

  /** A preprocessor with one fixed-scaling feature per (center, scale) pair, read from JSON text. */
  private static Preprocessor withStatistics(List<Double> centers, List<Double> scales) {
    StringBuilder sb = new StringBuilder(HEAD);
    for (int i = 0; i < centers.size(); i++) {
      sb.append(i == 0 ? "" : ",").append("{\"name\": \"f").append(i).append("\", \"kind\": \"numeric\","
          + " \"missing\": \"fill_mean\", \"fill\": ").append(centers.get(i)).append(", \"scaling\": \"fixed\","
          + " \"center\": ").append(centers.get(i)).append(", \"scale\": ").append(scales.get(i)).append('}');
    }
    return PreprocessorJson.read(sb.append("]}").toString());
  }

  @Test
  void everyDoubleReadsBackBitForBit() {
    Random r = new Random(42);
    List<Double> centers = new ArrayList<>(List.of(-0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
        Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE, -Double.MAX_VALUE, 1e15, 1e15 - 1,
        999999999999999.9, 0.1, 1.0 / 3, 2008.0, -197.0, 4.35e-320, (double) Float.MIN_VALUE, 1e-7));
    for (int i = 0; i < 300; i++) {
      centers.add(Double.longBitsToDouble(r.nextLong()));
      centers.add(r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20));
      centers.add((double) Float.intBitsToFloat(r.nextInt()));
    }
    centers.removeIf(d -> !Double.isFinite(d));
    List<Double> scales = new ArrayList<>();
    for (double c : centers) {
      scales.add(c == 0 ? 1.0 : c);
    }
    Preprocessor p = withStatistics(centers, scales);
    Preprocessor back = PreprocessorJson.read(PreprocessorJson.write(p));
    for (int i = 0; i < centers.size(); i++) {
      Preprocessor.FeatureState f = back.featureStates().get(i);
      long expected = Double.doubleToRawLongBits(centers.get(i));
      assertEquals(expected, Double.doubleToRawLongBits(f.center()), "center " + centers.get(i));
      assertEquals(expected, Double.doubleToRawLongBits(f.fillNumber()), "fill " + centers.get(i));
      assertEquals(Double.doubleToRawLongBits(scales.get(i)), Double.doubleToRawLongBits(f.scale()));
    }
    String json = PreprocessorJson.write(p);
    assertTrue(json.contains("\"center\": -0.0,"), "negative zero keeps its sign");
    assertTrue(json.contains("\"center\": 2008,"), "whole numbers are written as integers");
    assertTrue(json.contains("\"center\": 1.0E15,"), "from 10^15 on, Double.toString");
  }

  @Test
  void nonFiniteStatisticsAreRefusedBeforeWriting() {
    Schema.Feature spec = new Schema.Feature("x", Schema.Kind.NUMERIC, MissingPolicy.FAIL, Scaling.STANDARDIZE,
        null, false);
    Preprocessor p = new Preprocessor(List.of(new Preprocessor.FeatureState(spec, Double.NaN, null,
        Double.POSITIVE_INFINITY, 1, List.of())), null, List.of("NA"), ',');
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PreprocessorJson.write(p));
    assertTrue(e.getMessage().contains("preprocessing.features[0].center is Infinity, which JSON cannot hold"),
        e.getMessage());
  }

  @Test
  void duplicateKeysAndTrailingTextAreRefused() {
    IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
        () -> PreprocessorJson.read("{\"format\": \"jgrad.Preprocessor\", \"format\": \"x\"}"));
    assertTrue(dup.getMessage().contains("not valid JSON: Duplicate field 'format'"), dup.getMessage());
    IllegalArgumentException trailing = assertThrows(IllegalArgumentException.class,
        () -> PreprocessorJson.read("{} {}"));
    assertTrue(trailing.getMessage().contains("not valid JSON: Trailing token"), trailing.getMessage());
    IllegalArgumentException huge = assertThrows(IllegalArgumentException.class, () -> PreprocessorJson.read(HEAD
        + "{\"name\": \"x\", \"kind\": \"numeric\", \"missing\": \"fill_mean\", \"fill\": 1e400}]}"));
    assertTrue(huge.getMessage().contains("field \"features[0].fill\" must be a number within the range of a double"), huge.getMessage());
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
        () -> PreprocessorJson.read("{\"version\": NaN}"));
    assertTrue(nan.getMessage().contains("not valid JSON"), nan.getMessage());
  }

  @Test
  void theModelFingerprintIsOptionalAndChecked() {
    Preprocessor p = withStatistics(List.of(1.5), List.of(2.0));
    assertEquals(null, p.modelFingerprint());
    assertTrue(!p.toJson().contains("model_sha256"));
    String sha = "0123456789abcdef".repeat(4);
    Preprocessor q = p.withModelFingerprint(sha);
    assertTrue(q.toJson().endsWith("  \"model_sha256\": \"" + sha + "\"\n}\n"), q.toJson());
    assertEquals(sha, PreprocessorJson.read(q.toJson()).modelFingerprint());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> PreprocessorJson.read(q.toJson().replace(sha, "ABC")));
    assertTrue(bad.getMessage().contains("\"model_sha256\" must be 64 lower-case hex digits, got \"ABC\""),
        bad.getMessage());
    IllegalArgumentException arg = assertThrows(IllegalArgumentException.class, () -> p.withModelFingerprint("x"));
    assertTrue(arg.getMessage().contains("expected 64 lower-case hex digits, got 'x'"), arg.getMessage());
  }
}
