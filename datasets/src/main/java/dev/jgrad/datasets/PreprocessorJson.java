package dev.jgrad.datasets;

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
 *              "classes": ["Adelie", "Chinstrap", "Gentoo"]}
 * }
 * }</pre>
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
          m.put("fill", f.fillNumber());
        }
        m.put("scaling", s.scaling().method().jsonName());
        m.put("center", f.center());
        m.put("scale", f.scale());
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
        m.put("center", t.center());
        m.put("scale", t.scale());
      }
      root.put("target", m);
    }
    return Json.write(root);
  }

  static Preprocessor read(String json) {
    Object parsed = Json.parse(json);
    Map<String, Object> root = object(parsed, "the top level");
    String format = string(root, "format", "");
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException("\"format\" is \"" + format + "\", expected \"" + FORMAT + "\"");
    }
    double version = number(root, "version", "");
    if (version != VERSION) {
      throw new IllegalArgumentException("\"version\" " + version + " is not supported (this library reads "
          + VERSION + ")");
    }
    List<String> missingValues = strings(root, "missing_values", "");
    String sep = string(root, "separator", "");
    if (sep.length() != 1) {
      throw new IllegalArgumentException("\"separator\" must be one character, got \"" + sep + "\"");
    }
    List<Preprocessor.FeatureState> features = new ArrayList<>();
    List<Object> list = list(root, "features", "");
    for (int i = 0; i < list.size(); i++) {
      features.add(feature(object(list.get(i), "features[" + i + "]"), "features[" + i + "]."));
    }
    Preprocessor.TargetState target = null;
    if (root.get("target") != null) {
      target = target(object(root.get("target"), "target"), "target.");
    }
    return new Preprocessor(features, target, missingValues, sep.charAt(0));
  }

  private static Preprocessor.FeatureState feature(Map<String, Object> m, String where) {
    String name = string(m, "name", where);
    Schema.Kind kind = enumValue(Schema.Kind.class, string(m, "kind", where), where + "kind");
    MissingPolicy missing = enumValue(MissingPolicy.class, string(m, "missing", where), where + "missing");
    if (kind == Schema.Kind.CATEGORICAL) {
      Encoding encoding = enumValue(Encoding.class, string(m, "encoding", where), where + "encoding");
      boolean bucket = bool(m, "unknown_bucket", where);
      List<String> categories = strings(m, "categories", where);
      String fill = m.get("fill") == null ? null : string(m, "fill", where);
      return new Preprocessor.FeatureState(new Schema.Feature(name, kind, missing, Scaling.NONE, encoding, bucket),
          Double.NaN, fill, 0, 1, categories);
    }
    double fill = m.get("fill") == null ? Double.NaN : number(m, "fill", where);
    double center = number(m, "center", where);
    double scale = number(m, "scale", where);
    Scaling scaling = scaling(string(m, "scaling", where), center, scale, where);
    return new Preprocessor.FeatureState(new Schema.Feature(name, kind, missing, scaling, null, false), fill, null,
        center, scale, List.of());
  }

  private static Preprocessor.TargetState target(Map<String, Object> m, String where) {
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
    if (scale == 0 || !Double.isFinite(scale) || !Double.isFinite(center)) {
      throw new IllegalArgumentException("\"" + where + "scale\" must be finite and non-zero and \"" + where
          + "center\" finite, got center " + center + ", scale " + scale);
    }
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

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object o, String where) {
    if (o instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new IllegalArgumentException(where + " must be a JSON object");
  }

  private static Object field(Map<String, Object> m, String key, String where) {
    if (!m.containsKey(key) || m.get(key) == null) {
      throw new IllegalArgumentException("missing field \"" + where + key + "\"");
    }
    return m.get(key);
  }

  private static String string(Map<String, Object> m, String key, String where) {
    if (field(m, key, where) instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException("field \"" + where + key + "\" must be a string");
  }

  private static double number(Map<String, Object> m, String key, String where) {
    if (field(m, key, where) instanceof Double d) {
      return d;
    }
    throw new IllegalArgumentException("field \"" + where + key + "\" must be a number");
  }

  private static boolean bool(Map<String, Object> m, String key, String where) {
    if (field(m, key, where) instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException("field \"" + where + key + "\" must be true or false");
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> m, String key, String where) {
    if (field(m, key, where) instanceof List<?> l) {
      return (List<Object>) l;
    }
    throw new IllegalArgumentException("field \"" + where + key + "\" must be an array");
  }

  private static List<String> strings(Map<String, Object> m, String key, String where) {
    List<String> out = new ArrayList<>();
    for (Object o : list(m, key, where)) {
      if (!(o instanceof String s)) {
        throw new IllegalArgumentException("field \"" + where + key + "\" must be an array of strings");
      }
      out.add(s);
    }
    return List.copyOf(out);
  }
}
