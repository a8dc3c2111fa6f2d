package dev.jgrad.datasets;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jgrad.autograd.io.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON form of a {@link Preprocessor}:
 *
 * <pre>{@code
 * {
 *   "format": "jgrad.Preprocessor",
 *   "version": 1,
 *   "missing_values": ["NA", ""],
 *   "separator": ",",
 *   "features": [
 *     {"name": "bill_length_mm", "kind": "numeric", "missing": "fill_mean", "fill": 43.9,
 *      "scaling": "standardize", "center": 43.9, "scale": 5.46},
 *     {"name": "island", "kind": "categorical", "encoding": "one_hot", "missing": "fail",
 *      "unknown_bucket": false, "categories": ["Biscoe", "Dream", "Torgersen"]}
 *   ],
 *   "target": {"name": "species", "task": "classification", "integer_labels": false, "missing": "fail",
 *              "classes": ["Adelie", "Chinstrap", "Gentoo"]},
 *   "model_sha256": "9f86d0..."
 * }
 * }</pre>
 *
 * <p>Jackson reads and writes it (see {@link Json}): duplicate keys are refused, and numbers are written so they
 * read back to the same double, bit for bit: whole numbers below 10^15 as integers ({@code 197}), {@code -0.0} and
 * every other value with {@link Double#toString}. A non-finite statistic is refused before anything is written.
 * {@code model_sha256}, the fingerprint of the weights saved beside the file ({@code
 * Checkpoints.fingerprint}), is optional: files written before it existed have none.
 */
final class PreprocessorJson {
  static final String FORMAT = "jgrad.Preprocessor";
  static final int VERSION = 1;

  private PreprocessorJson() {}

  static String write(Preprocessor p) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("missing_values", p.missingValues());
    root.put("separator", String.valueOf(p.separator()));
    List<Object> features = new ArrayList<>();
    for (Preprocessor.FeatureState f : p.featureStates()) {
      Schema.Feature s = f.spec();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", s.name());
      m.put("kind", s.kind().jsonName());
      m.put("missing", s.missing().jsonName());
      if (s.kind() == Schema.Kind.CATEGORICAL) {
        m.put("encoding", s.encoding().jsonName());
        m.put("unknown_bucket", s.unknownBucket());
        m.put("categories", f.categories());
        if (f.fillCategory() != null) {
          m.put("fill", f.fillCategory());
        }
      } else {
        if (!Double.isNaN(f.fillNumber())) {
          m.put("fill", number(f.fillNumber()));
        }
        m.put("scaling", s.scaling().method().jsonName());
        m.put("center", number(f.center()));
        m.put("scale", number(f.scale()));
      }
      features.add(m);
    }
    root.put("features", features);
    Preprocessor.TargetState t = p.targetState();
    if (t != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", t.spec().name());
      m.put("task", t.spec().task().name().toLowerCase(Locale.ROOT));
      m.put("missing", t.spec().missing().jsonName());
      if (t.spec().task() == Task.CLASSIFICATION) {
        m.put("integer_labels", t.spec().integerLabels());
        m.put("classes", t.classes());
      } else {
        m.put("scaling", t.spec().scaling().method().jsonName());
        m.put("center", number(t.center()));
        m.put("scale", number(t.scale()));
      }
      root.put("target", m);
    }
    if (p.modelFingerprint() != null) {
      root.put("model_sha256", p.modelFingerprint());
    }
    Json.checkFinite(root, "preprocessing");
    return Json.indented(root);
  }

  /** A whole number below 10^15 as a Long (written {@code 197}, as jgrad always has), else the Double. */
  private static Object number(double d) {
    boolean whole = d == Math.rint(d) && Math.abs(d) < 1e15 && Double.doubleToRawLongBits(d) != NEGATIVE_ZERO;
    return whole ? (Object) (long) d : (Object) d;
  }

  private static final long NEGATIVE_ZERO = Double.doubleToRawLongBits(-0.0);

  /**
   * Parses the JSON form.
   *
   * @throws IllegalArgumentException naming the field, or the line and column of malformed JSON
   */
  static Preprocessor read(String json) {
    JsonNode parsed;
    try {
      parsed = Json.parse(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage() + location(e), e);
    }
    return read(parsed);
  }

  /** Parses the JSON form from UTF-8 bytes, see {@link #read(String)}. */
  static Preprocessor read(byte[] utf8) {
    JsonNode parsed;
    try {
      parsed = Json.parse(utf8);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage() + location(e), e);
    }
    return read(parsed);
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null ? ""
        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  private static Preprocessor read(JsonNode parsed) {
    JsonNode root = object(parsed, "the top level");
    String format = string(root, "format", "");
    checkArgument(FORMAT.equals(format), "\"format\" is \"%s\", expected \"%s\"", format, FORMAT);
    double version = number(root, "version", "");
    checkArgument(version == VERSION, "\"version\" %s is not supported (this library reads %s)",
        Double.valueOf(version), VERSION);
    List<String> missingValues = strings(root, "missing_values", "");
    String sep = string(root, "separator", "");
    checkArgument(sep.length() == 1, "\"separator\" must be one character, got \"%s\"", sep);
    List<Preprocessor.FeatureState> features = new ArrayList<>();
    JsonNode list = list(root, "features", "");
    for (int i = 0; i < list.size(); i++) {
      features.add(feature(object(list.get(i), "features[" + i + "]"), "features[" + i + "]."));
    }
    Preprocessor.TargetState target = null;
    if (present(root, "target")) {
      target = target(object(root.get("target"), "target"), "target.");
    }
    String fingerprint = null;
    if (present(root, "model_sha256")) {
      fingerprint = string(root, "model_sha256", "");
      checkArgument(fingerprint.matches("[0-9a-f]{64}"),
          "\"model_sha256\" must be 64 lower-case hex digits, got \"%s\"", fingerprint);
    }
    return new Preprocessor(features, target, missingValues, sep.charAt(0), fingerprint);
  }

  private static boolean present(JsonNode m, String key) {
    return m.get(key) != null && !m.get(key).isNull();
  }

  private static Preprocessor.FeatureState feature(JsonNode m, String where) {
    String name = string(m, "name", where);
    Schema.Kind kind = enumValue(Schema.Kind.class, string(m, "kind", where), where + "kind");
    MissingPolicy missing = enumValue(MissingPolicy.class, string(m, "missing", where), where + "missing");
    if (kind == Schema.Kind.CATEGORICAL) {
      Encoding encoding = enumValue(Encoding.class, string(m, "encoding", where), where + "encoding");
      boolean bucket = bool(m, "unknown_bucket", where);
      List<String> categories = strings(m, "categories", where);
      String fill = present(m, "fill") ? string(m, "fill", where) : null;
      return new Preprocessor.FeatureState(new Schema.Feature(name, kind, missing, Scaling.NONE, encoding, bucket),
          Double.NaN, fill, 0, 1, categories);
    }
    double fill = present(m, "fill") ? number(m, "fill", where) : Double.NaN;
    double center = number(m, "center", where);
    double scale = number(m, "scale", where);
    Scaling scaling = scaling(string(m, "scaling", where), center, scale, where);
    return new Preprocessor.FeatureState(new Schema.Feature(name, kind, missing, scaling, null, false), fill, null,
        center, scale, List.of());
  }

  private static Preprocessor.TargetState target(JsonNode m, String where) {
    String name = string(m, "name", where);
    Task task = enumValue(Task.class, string(m, "task", where), where + "task");
    MissingPolicy missing = enumValue(MissingPolicy.class, string(m, "missing", where), where + "missing");
    if (task == Task.CLASSIFICATION) {
      boolean integerLabels = bool(m, "integer_labels", where);
      return new Preprocessor.TargetState(new Schema.Target(name, task, integerLabels, missing, Scaling.NONE),
          strings(m, "classes", where), 0, 1);
    }
    double center = number(m, "center", where);
    double scale = number(m, "scale", where);
    Scaling scaling = scaling(string(m, "scaling", where), center, scale, where);
    return new Preprocessor.TargetState(new Schema.Target(name, task, false, missing, scaling), List.of(), center,
        scale);
  }

  private static Scaling scaling(String method, double center, double scale, String where) {
    checkArgument(scale != 0 && Double.isFinite(scale) && Double.isFinite(center),
        "\"%sscale\" must be finite and non-zero and \"%scenter\" finite, got center %s, scale %s", where, where,
        center, scale);
    return switch (enumValue(Scaling.Method.class, method, where + "scaling")) {
      case NONE -> Scaling.NONE;
      case STANDARDIZE -> Scaling.STANDARDIZE;
      case MIN_MAX -> Scaling.MIN_MAX;
      case FIXED -> Scaling.fixed(center, scale);
    };
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String text, String field) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(text)) {
        return e;
      }
    }
    List<String> allowed = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      allowed.add(e.name().toLowerCase(Locale.ROOT));
    }
    throw new IllegalArgumentException("\"" + field + "\" is \"" + text + "\", expected one of " + allowed);
  }

  private static JsonNode object(JsonNode o, String where) {
    checkArgument(o.isObject(), "%s must be a JSON object", where);
    return o;
  }

  private static JsonNode field(JsonNode m, String key, String where) {
    checkArgument(present(m, key), "missing field \"%s%s\"", where, key);
    return m.get(key);
  }

  private static String string(JsonNode m, String key, String where) {
    JsonNode v = field(m, key, where);
    checkArgument(v.isTextual(), "field \"%s%s\" must be a string", where, key);
    return v.textValue();
  }

  private static double number(JsonNode m, String key, String where) {
    JsonNode v = field(m, key, where);
    checkArgument(v.isNumber() && Double.isFinite(v.doubleValue()), "field \"%s%s\" must be a %s", where, key,
        v.isNumber() ? "number within the range of a double" : "number");
    return v.doubleValue();
  }

  private static boolean bool(JsonNode m, String key, String where) {
    JsonNode v = field(m, key, where);
    checkArgument(v.isBoolean(), "field \"%s%s\" must be true or false", where, key);
    return v.booleanValue();
  }

  private static JsonNode list(JsonNode m, String key, String where) {
    JsonNode v = field(m, key, where);
    checkArgument(v.isArray(), "field \"%s%s\" must be an array", where, key);
    return v;
  }

  private static List<String> strings(JsonNode m, String key, String where) {
    List<String> out = new ArrayList<>();
    for (JsonNode o : list(m, key, where)) {
      checkArgument(o.isTextual(), "field \"%s%s\" must be an array of strings", where, key);
      out.add(o.textValue());
    }
    return List.copyOf(out);
  }
}
