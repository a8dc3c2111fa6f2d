package dev.jgrad.autograd.io;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The one JSON reader and writer of jgrad's files (safetensors headers, {@code preprocessing.json}, optimizer and
 * scheduler state), on Jackson.
 *
 * <p>Reading is strict: a duplicate key, trailing text, {@code NaN}/{@code Infinity} tokens or more than Jackson's
 * nesting and length limits fail with a {@link JsonProcessingException} naming the line and column. Numbers read
 * as Jackson parses them: a double from its shortest text is the same double, bit for bit.
 *
 * <p>Writing takes Maps, Lists, Strings, Numbers, Booleans and nulls. Doubles and floats are written with
 * {@link Double#toString}/{@link Float#toString}, which read back to the same bits (subnormals and {@code -0.0}
 * included); a non-finite number has no JSON form and is refused before anything is written ({@link
 * #checkFinite}). Control characters are escaped with lower-case hex ({@code \u001f}), as the files written
 * before Jackson did.
 */
public final class Json {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
      .build();
  private static final ObjectWriter COMPACT = MAPPER.writer();
  private static final ObjectWriter SPACED_LISTS = MAPPER.writer(new SpacedLists());
  private static final ObjectWriter INDENTED = MAPPER.writer(new Indented());

  private Json() {}

  /**
   * Parses one JSON document strictly.
   *
   * @throws JsonProcessingException naming the line and column of the first problem
   */
  public static JsonNode parse(byte[] utf8) throws JsonProcessingException {
    try {
      return MAPPER.readTree(utf8);
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) { // not thrown for an in-memory array; Jackson declares it
      throw new IllegalStateException(e);
    }
  }

  /** Parses one JSON document strictly, see {@link #parse(byte[])}. */
  public static JsonNode parse(String text) throws JsonProcessingException {
    return MAPPER.readTree(text);
  }

  /**
   * Parses one JSON document strictly into plain Java values: {@code LinkedHashMap}, {@code ArrayList}, {@code
   * String}, {@code Integer}/{@code Long}/{@code BigInteger}, {@code Double}, {@code Boolean} or null.
   *
   * @throws JsonProcessingException naming the line and column of the first problem
   */
  public static Object parseValue(String text) throws JsonProcessingException {
    return MAPPER.readValue(text, Object.class);
  }

  /** {@code value} as compact JSON: {@code {"a":[1,2],"b":"x"}}. */
  public static String compact(Object value) {
    return write(COMPACT, value);
  }

  /** {@code value} as JSON on one line with a space after each list comma: {@code [0.9, 0.999]}. */
  public static String spacedLists(Object value) {
    return write(SPACED_LISTS, value);
  }

  /**
   * {@code value} indented by two spaces, one object entry a line, lists of scalars on one line ({@code ["a",
   * "b"]}) and lists holding objects or lists one element a line, ending with a newline.
   */
  public static String indented(Object value) {
    return write(INDENTED, value) + "\n";
  }

  private static String write(ObjectWriter writer, Object value) {
    checkFinite(value, "value");
    try {
      return writer.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Json: cannot write " + value.getClass().getName() + ": "
          + e.getOriginalMessage(), e);
    }
  }

  /** {@code value} as UTF-8 bytes of its compact form. */
  public static byte[] compactUtf8(Object value) {
    return compact(value).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Fails on the first NaN or infinity in {@code value} (Maps, Lists, arrays and numbers, walked recursively),
   * naming its path, e.g. {@code features[1].center}.
   *
   * @throws IllegalArgumentException {@code "<what>.features[1].center is NaN, which JSON cannot hold"}
   */
  public static void checkFinite(Object value, String what) {
    if (value instanceof Double d) {
      checkArgument(Double.isFinite(d), "%s is %s, which JSON cannot hold", what, d);
    } else if (value instanceof Float f) {
      checkArgument(Float.isFinite(f), "%s is %s, which JSON cannot hold", what, f);
    } else if (value instanceof double[] a) {
      for (int i = 0; i < a.length; i++) {
        checkFinite(a[i], what + "[" + i + "]");
      }
    } else if (value instanceof float[] a) {
      for (int i = 0; i < a.length; i++) {
        checkFinite(a[i], what + "[" + i + "]");
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        checkFinite(list.get(i), what + "[" + i + "]");
      }
    } else if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> checkFinite(v, what + "." + k));
    }
  }

  /** The depth of the object or array being written: 1 for the top level. */
  private static int depth(JsonGenerator g) {
    int depth = 0;
    for (JsonStreamContext c = g.getOutputContext(); c != null && !c.inRoot(); c = c.getParent()) {
      depth++;
    }
    return depth;
  }

  /** Compact, but {@code [a, b]} rather than {@code [a,b]}. */
  private static final class SpacedLists extends MinimalPrettyPrinter {
    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }
  }

  /**
   * The layout of {@link #indented}. Stateless: the depth comes from the generator's context, and whether a list
   * goes one element a line from the list being written (Jackson passes it as the array's current value).
   */
  private static final class Indented implements PrettyPrinter {
    private static void newline(JsonGenerator g, int depth) throws IOException {
      g.writeRaw("\n" + "  ".repeat(depth));
    }

    private static boolean oneALine(JsonGenerator g) {
      return g.getOutputContext().getCurrentValue() instanceof List<?> list
          && list.stream().anyMatch(x -> x instanceof Map || x instanceof List);
    }

    @Override
    public void writeRootValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw('\n');
    }

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
      g.writeRaw('{');
    }

    @Override
    public void beforeObjectEntries(JsonGenerator g) throws IOException {
      newline(g, depth(g));
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
      g.writeRaw(',');
      newline(g, depth(g));
    }

    @Override
    public void writeEndObject(JsonGenerator g, int entries) throws IOException {
      if (entries > 0) {
        newline(g, depth(g) - 1);
      }
      g.writeRaw('}');
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
      g.writeRaw('[');
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
      if (oneALine(g)) {
        newline(g, depth(g));
      }
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      if (oneALine(g)) {
        g.writeRaw(',');
        newline(g, depth(g));
      } else {
        g.writeRaw(", ");
      }
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
      if (values > 0 && oneALine(g)) {
        newline(g, depth(g) - 1);
      }
      g.writeRaw(']');
    }
  }
}
