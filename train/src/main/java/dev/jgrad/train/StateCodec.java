package dev.jgrad.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the small state maps of schedulers and optimizers (numbers, booleans, strings, lists, nested maps) as one
 * line of text for a checkpoint's metadata, and reads them back with the same Java types: an Integer comes back an
 * Integer, a double bit-exact (including NaN and infinities). JSON would lose both, and Java serialization is
 * ruled out (DESIGN.md).
 *
 * <p>Grammar: {@code n} (null), {@code b:true}, {@code i:3}, {@code l:3}, {@code f:1.5}, {@code d:0.1},
 * {@code s:"text"} (backslash escapes), {@code [v,v]} (List), {@code {k=v,k=v}} (LinkedHashMap, keys are values),
 * {@code D[1.0,2.5]} (double[]), {@code I[1,2]} (int[]), {@code J[1,2]} (long[]).
 */
final class StateCodec {
  private StateCodec() {}

  /**
   * Encodes a value.
   *
   * @throws IllegalArgumentException naming the type when a value is not one of the supported types
   */
  static String encode(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append('n');
    } else if (v instanceof Boolean b) {
      sb.append("b:").append(b);
    } else if (v instanceof Integer i) {
      sb.append("i:").append(i);
    } else if (v instanceof Long l) {
      sb.append("l:").append(l);
    } else if (v instanceof Float f) {
      sb.append("f:").append(Float.toString(f));
    } else if (v instanceof Double d) {
      sb.append("d:").append(Double.toString(d));
    } else if (v instanceof String s) {
      sb.append("s:\"");
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '"' || c == '\\') {
          sb.append('\\').append(c);
        } else if (c == '\n') {
          sb.append("\\n");
        } else {
          sb.append(c);
        }
      }
      sb.append('"');
    } else if (v instanceof double[] a) {
      sb.append("D[");
      for (int i = 0; i < a.length; i++) {
        sb.append(i == 0 ? "" : ",").append(Double.toString(a[i]));
      }
      sb.append(']');
    } else if (v instanceof int[] a) {
      sb.append("I[");
      for (int i = 0; i < a.length; i++) {
        sb.append(i == 0 ? "" : ",").append(a[i]);
      }
      sb.append(']');
    } else if (v instanceof long[] a) {
      sb.append("J[");
      for (int i = 0; i < a.length; i++) {
        sb.append(i == 0 ? "" : ",").append(a[i]);
      }
      sb.append(']');
    } else if (v instanceof List<?> list) {
      sb.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(sb, list.get(i));
      }
      sb.append(']');
    } else if (v instanceof Map<?, ?> map) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        write(sb, e.getKey());
        sb.append('=');
        write(sb, e.getValue());
      }
      sb.append('}');
    } else {
      throw new IllegalArgumentException("StateCodec: cannot store a value of type " + v.getClass().getName()
          + " (supported: null, Boolean, Integer, Long, Float, Double, String, List, Map, double[], int[], long[])");
    }
  }

  /**
   * Decodes what {@link #encode} wrote.
   *
   * @throws IllegalArgumentException naming the position on malformed text
   */
  static Object decode(String text) {
    Reader r = new Reader(text);
    Object v = r.value();
    if (r.pos != text.length()) {
      throw r.error("unexpected trailing text");
    }
    return v;
  }

  private static final class Reader {
    private final String s;
    private int pos;

    Reader(String s) {
      this.s = s;
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException("StateCodec: " + what + " at position " + pos + " of '"
          + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "'");
    }

    private char peek() {
      if (pos >= s.length()) {
        throw error("unexpected end of text");
      }
      return s.charAt(pos);
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error("expected '" + c + "' but found '" + peek() + "'");
      }
      pos++;
    }

    private String token() {
      int start = pos;
      while (pos < s.length() && ",]}=".indexOf(s.charAt(pos)) < 0) {
        pos++;
      }
      return s.substring(start, pos);
    }

    Object value() {
      char c = peek();
      switch (c) {
        case 'n':
          pos++;
          return null;
        case '[':
          pos++;
          List<Object> list = new ArrayList<>();
          while (peek() != ']') {
            if (!list.isEmpty()) {
              expect(',');
            }
            list.add(value());
          }
          pos++;
          return list;
        case '{':
          pos++;
          Map<Object, Object> map = new LinkedHashMap<>();
          while (peek() != '}') {
            if (!map.isEmpty()) {
              expect(',');
            }
            Object key = value();
            expect('=');
            map.put(key, value());
          }
          pos++;
          return map;
        case 'D':
        case 'I':
        case 'J':
          pos++;
          return array(c);
        default:
          break;
      }
      if (pos + 1 >= s.length() || s.charAt(pos + 1) != ':') {
        throw error("expected a value");
      }
      pos += 2;
      try {
        switch (c) {
          case 'b':
            return Boolean.parseBoolean(token());
          case 'i':
            return Integer.parseInt(token());
          case 'l':
            return Long.parseLong(token());
          case 'f':
            return Float.parseFloat(token());
          case 'd':
            return Double.parseDouble(token());
          case 's':
            return string();
          default:
            throw error("unknown type tag '" + c + "'");
        }
      } catch (NumberFormatException e) {
        throw error("bad number (" + e.getMessage() + ")");
      }
    }

    private String string() {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (peek() != '"') {
        char c = s.charAt(pos++);
        if (c == '\\') {
          char e = peek();
          pos++;
          sb.append(e == 'n' ? '\n' : e);
        } else {
          sb.append(c);
        }
      }
      pos++;
      return sb.toString();
    }

    private Object array(char type) {
      expect('[');
      List<String> parts = new ArrayList<>();
      while (peek() != ']') {
        if (!parts.isEmpty()) {
          expect(',');
        }
        parts.add(token());
      }
      pos++;
      try {
        if (type == 'D') {
          return parts.stream().mapToDouble(Double::parseDouble).toArray();
        } else if (type == 'I') {
          return parts.stream().mapToInt(Integer::parseInt).toArray();
        }
        return parts.stream().mapToLong(Long::parseLong).toArray();
      } catch (NumberFormatException e) {
        throw error("bad number in array (" + e.getMessage() + ")");
      }
    }
  }
}
