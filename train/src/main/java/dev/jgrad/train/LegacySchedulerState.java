package dev.jgrad.train;

/**
 * Reads the scheduler state of format-1 trainer checkpoints, which used a private notation: {@code n} (null),
 * {@code b:true}, {@code i:3}, {@code l:3}, {@code f:1.5}, {@code d:0.1}, {@code s:"text"} (with {@code \"},
 * {@code \\} and {@code \n} escapes), {@code [v,v]}, {@code {k=v,k=v}} and {@code D[..]}/{@code I[..]}/{@code
 * J[..]} arrays. It only rewrites that text as JSON (non-finite numbers as strings such as {@code "Infinity"},
 * which the schedulers read back as numbers); the JSON is then parsed by Jackson like a format-2 state, so
 * anything malformed fails there with its position.
 */
final class LegacySchedulerState {
  private LegacySchedulerState() {}

  static String toJson(String legacy) {
    StringBuilder out = new StringBuilder(legacy.length() + 16);
    int i = 0;
    int n = legacy.length();
    while (i < n) {
      char c = legacy.charAt(i);
      boolean tagged = i + 1 < n && legacy.charAt(i + 1) == ':';
      if (c == 's' && tagged && i + 2 < n && legacy.charAt(i + 2) == '"') {
        i = string(legacy, i + 3, out);
      } else if ("bilfd".indexOf(c) >= 0 && tagged) {
        int end = tokenEnd(legacy, i + 2);
        out.append(scalar(legacy.substring(i + 2, end)));
        i = end;
      } else if ("DIJ".indexOf(c) >= 0 && i + 1 < n && legacy.charAt(i + 1) == '[') {
        int close = legacy.indexOf(']', i);
        close = close < 0 ? n : close;
        String body = legacy.substring(i + 2, close);
        out.append('[');
        if (!body.isEmpty()) {
          String[] parts = body.split(",", -1);
          for (int k = 0; k < parts.length; k++) {
            out.append(k == 0 ? "" : ",").append(scalar(parts[k]));
          }
        }
        out.append(']');
        i = close + 1;
      } else if (c == 'n') {
        out.append("null");
        i++;
      } else {
        out.append(c == '=' ? ':' : c);
        i++;
      }
    }
    return out.toString();
  }

  private static int tokenEnd(String s, int from) {
    int i = from;
    while (i < s.length() && ",]}=".indexOf(s.charAt(i)) < 0) {
      i++;
    }
    return i;
  }

  /** A number or boolean token as JSON: non-finite numbers become strings. */
  private static String scalar(String token) {
    return switch (token) {
      case "NaN", "Infinity", "-Infinity" -> '"' + token + '"';
      default -> token;
    };
  }

  /** Copies a string body starting after its opening quote as a JSON string; returns the index after its end. */
  private static int string(String s, int from, StringBuilder out) {
    out.append('"');
    int i = from;
    while (i < s.length() && s.charAt(i) != '"') {
      char c = s.charAt(i++);
      if (c == '\\' && i < s.length()) {
        char e = s.charAt(i++);
        out.append(e == 'n' ? "\\n" : e == '"' ? "\\\"" : e == '\\' ? "\\\\" : String.valueOf(e));
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
    return i + 1;
  }
}
