package dev.jgrad.nn;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.SizeLimits;
import dev.jgrad.autograd.Tensor;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves and loads tensors in the safetensors layout, which PyTorch users read with {@code safetensors.torch}:
 * an unsigned little-endian 64-bit header length N, N bytes of UTF-8 JSON
 * ({@code {"__metadata__": {...}, "fc1.weight": {"dtype": "F32", "shape": [16, 4], "data_offsets": [0, 256]}}},
 * padded with spaces to a multiple of 8), then the raw little-endian data. Never Java serialization.
 *
 * <p>Writing goes to a temporary file in the same directory, is forced to disk, and is then atomically renamed over
 * the target, so a crash leaves either the old file or the new one, never half of one. Reading validates the whole
 * header before allocating any tensor (header size, offsets inside the data, no overlaps or gaps, known dtypes, byte
 * counts matching the shapes) and fails with an {@link IOException} naming the problem.
 *
 * <pre>{@code
 * Checkpoints.save(Path.of("model.safetensors"), model, Map.of("epoch", "3"));
 * Checkpoints.load(Path.of("model.safetensors"), model);   // strict: keys and shapes must match
 * }</pre>
 *
 * <p>Dtypes: float32, int64 and bool tensors are written as {@code F32}, {@code I64} and {@code BOOL}. Reading also
 * accepts {@code F64}, {@code F16} and {@code BF16} (converted to float32) and {@code I32}, {@code I16}, {@code I8},
 * {@code U8} (converted to int64, which jgrad stores as floats: exact below 2^24).
 */
public final class Checkpoints {
  /** The safetensors reference implementation's limit; a larger header is corrupt, not a model. */
  static final long MAX_HEADER_BYTES = 100_000_000L;
  private static final String METADATA_KEY = "__metadata__";

  private Checkpoints() {}

  // ---------------------------------------------------------------- save

  /** Saves {@code module.stateDict()} with no metadata. */
  public static void save(Path path, Module module) throws IOException {
    save(path, module, Map.of());
  }

  /** Saves {@code module.stateDict()} and string metadata (e.g. the epoch). */
  public static void save(Path path, Module module, Map<String, String> metadata) throws IOException {
    save(path, module.stateDict(), metadata);
  }

  /**
   * Saves tensors by name, in the map's order, and string metadata.
   *
   * @throws IllegalArgumentException for a null tensor, the reserved name {@code __metadata__}, or null metadata
   * @throws IOException if the file cannot be written; the previous file at {@code path}, if any, is left intact
   */
  public static void save(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
    StringBuilder header = new StringBuilder("{");
    if (metadata != null && !metadata.isEmpty()) {
      header.append(Json.quote(METADATA_KEY)).append(":{");
      boolean first = true;
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        if (e.getKey() == null || e.getValue() == null) {
          throw new IllegalArgumentException("Checkpoints.save: metadata keys and values must not be null");
        }
        header.append(first ? "" : ",").append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
        first = false;
      }
      header.append("},");
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      String name = e.getKey();
      Tensor t = e.getValue();
      if (t == null || name == null || name.equals(METADATA_KEY)) {
        throw new IllegalArgumentException("Checkpoints.save: cannot save tensor '" + name + "'"
            + (t == null ? " (null)" : " (reserved name)"));
      }
      long bytes = (long) t.numel() * code(t.dtype()).size;
      header.append(Json.quote(name)).append(":{\"dtype\":\"").append(code(t.dtype()).name())
          .append("\",\"shape\":").append(Arrays.toString(t.shape()).replace(" ", ""))
          .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]},");
      offset += bytes;
    }
    if (header.charAt(header.length() - 1) == ',') {
      header.setLength(header.length() - 1);
    }
    header.append('}');
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(json);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    head.flip();

    Path target = path.toAbsolutePath();
    Path dir = target.getParent();
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        writeFully(ch, head);
        for (Tensor t : tensors.values()) {
          writeFully(ch, encode(t));
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("Checkpoints.save: the file system of " + dir + " cannot rename atomically, so "
            + target.getFileName() + " could be left half-written; save to a local directory instead", e);
      }
      moved = true;
      syncDirectory(dir);
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  /** Makes the rename itself durable where the platform allows opening a directory (not on Windows). */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // Best effort: the data itself was forced before the rename.
    }
  }

  private static ByteBuffer encode(Tensor t) {
    float[] v = t.toArray();
    Code c = code(t.dtype());
    ByteBuffer b = ByteBuffer.allocate(v.length * c.size).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : v) {
      switch (c) {
        case F32 -> b.putFloat(x);
        case I64 -> b.putLong((long) x);
        default -> b.put((byte) (x != 0 ? 1 : 0));
      }
    }
    b.flip();
    return b;
  }

  // ---------------------------------------------------------------- load

  /**
   * Loads the file into {@code module} strictly (every key present, no extra keys, equal shapes). On any failure the
   * module is left unchanged.
   *
   * @throws IOException if the file is missing, truncated or corrupt
   * @throws IllegalArgumentException if keys or shapes do not match the module (see {@link Module#loadStateDict})
   */
  public static void load(Path path, Module into) throws IOException {
    into.loadStateDict(load(path).tensors(), true);
  }

  /**
   * Reads every tensor and the metadata of a safetensors file.
   *
   * @throws IOException naming the problem: a file shorter than 8 bytes, a header length larger than the file,
   *     invalid JSON, unknown dtypes, offsets out of range, overlapping or leaving gaps, or byte counts that do not
   *     match the shapes
   */
  public static Checkpoint load(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      String where = "Checkpoints.load: " + path + ": ";
      if (size < 8) {
        throw new IOException(where + "file is truncated: " + size + " bytes, fewer than the 8-byte header length");
      }
      ByteBuffer lenBuf = readAt(ch, 0, 8).order(ByteOrder.LITTLE_ENDIAN);
      long n = lenBuf.getLong();
      if (n < 0 || n > size - 8) {
        throw new IOException(where + "header length " + Long.toUnsignedString(n) + " is larger than the file ("
            + (size - 8) + " bytes follow the length): the file is truncated or not a safetensors file");
      }
      if (n > MAX_HEADER_BYTES) {
        throw new IOException(where + "header length " + n + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
      }
      String text;
      try {
        text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(readAt(ch, 8, (int) n)).toString();
      } catch (CharacterCodingException e) {
        throw new IOException(where + "header is not valid UTF-8", e);
      }
      if (!text.startsWith("{")) {
        throw new IOException(where + "header does not start with '{' (not a safetensors file?)");
      }
      Object parsed;
      try {
        parsed = Json.parse(text);
      } catch (Json.ParseException e) {
        throw new IOException(where + "invalid JSON header: " + e.getMessage(), e);
      }
      long dataStart = 8 + n;
      List<Entry> entries = entries(where, castObject(parsed), size - dataStart);
      Map<String, String> metadata = metadata(where, castObject(parsed).get(METADATA_KEY));
      LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
      for (Entry e : entries) {
        ByteBuffer raw = readAt(ch, dataStart + e.begin, (int) (e.end - e.begin)).order(ByteOrder.LITTLE_ENDIAN);
        tensors.put(e.name, decode(e, raw));
      }
      return new Checkpoint(tensors, metadata);
    }
  }

  /** One tensor's header entry, validated. */
  private record Entry(String name, Code code, int[] shape, int numel, long begin, long end) {}

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castObject(Object o) {
    return (Map<String, Object>) o;
  }

  private static List<Entry> entries(String where, Map<String, Object> header, long dataBytes) throws IOException {
    List<Entry> out = new ArrayList<>();
    for (Map.Entry<String, Object> e : header.entrySet()) {
      String name = e.getKey();
      if (name.equals(METADATA_KEY)) {
        continue;
      }
      String at = where + "tensor '" + name + "': ";
      if (!(e.getValue() instanceof Map)) {
        throw new IOException(at + "header entry is not an object");
      }
      Map<String, Object> info = castObject(e.getValue());
      if (!(info.get("dtype") instanceof String dtype)) {
        throw new IOException(at + "missing or non-string \"dtype\"");
      }
      Code code = Code.of(at, dtype);
      List<Long> shapeList = longs(at, "shape", info.get("shape"), -1);
      List<Long> offsets = longs(at, "data_offsets", info.get("data_offsets"), 2);
      String op = at.substring(0, at.length() - 2);   // at without its ": "
      int[] shape;
      int numel;
      try {
        shape = SizeLimits.shape(op, shapeList.stream().mapToLong(x -> x).toArray());
        numel = SizeLimits.numel(op, shape);
      } catch (IllegalArgumentException tooLarge) {
        throw new IOException(tooLarge.getMessage(), tooLarge);
      }
      long begin = offsets.get(0);
      long end = offsets.get(1);
      if (begin > end) {
        throw new IOException(at + "data_offsets " + offsets + " are reversed (begin > end)");
      }
      if (end > dataBytes) {
        throw new IOException(at + "data_offsets " + offsets + " are out of range: the data section has only "
            + dataBytes + " bytes");
      }
      long need = (long) numel * code.size;
      if (end - begin != need) {
        throw new IOException(at + "data_offsets " + offsets + " hold " + (end - begin) + " bytes but dtype "
            + code.name() + " and shape " + Arrays.toString(shape) + " need " + need + " bytes");
      }
      out.add(new Entry(name, code, shape, numel, begin, end));
    }
    // The data must be covered exactly once: no overlapping tensors, no unused bytes (safetensors' own rule, which
    // also rules out files that are something else at the same time).
    List<Entry> sorted = new ArrayList<>(out);
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long covered = 0;
    Entry prev = null;
    for (Entry e : sorted) {
      if (e.begin < covered) {
        throw new IOException(where + "tensors '" + prev.name + "' [" + prev.begin + ", " + prev.end + ") and '"
            + e.name + "' [" + e.begin + ", " + e.end + ") overlap");
      }
      if (e.begin > covered) {
        throw new IOException(where + "bytes [" + covered + ", " + e.begin + ") of the data section belong to no "
            + "tensor (a gap before '" + e.name + "')");
      }
      if (e.end > covered) {
        covered = e.end;
        prev = e;
      }
    }
    if (covered != dataBytes) {
      throw new IOException(where + "the data section has " + dataBytes + " bytes but the tensors cover only "
          + covered + " (trailing bytes)");
    }
    return out;
  }

  /** A JSON array of non-negative integers ({@code count} of them unless negative). */
  private static List<Long> longs(String at, String field, Object v, int count) throws IOException {
    if (!(v instanceof List<?> list)) {
      throw new IOException(at + "missing or non-array \"" + field + "\"");
    }
    if (count >= 0 && list.size() != count) {
      throw new IOException(at + "\"" + field + "\" must have " + count + " entries, got " + list.size());
    }
    List<Long> out = new ArrayList<>();
    for (Object o : list) {
      long x;
      try {
        x = ((BigDecimal) o).longValueExact();
      } catch (ClassCastException | ArithmeticException e) {
        throw new IOException(at + "\"" + field + "\" must hold non-negative integers, got " + list);
      }
      if (x < 0) {
        throw new IOException(at + "\"" + field + "\" must hold non-negative integers, got " + list);
      }
      out.add(x);
    }
    return out;
  }

  private static Map<String, String> metadata(String where, Object v) throws IOException {
    LinkedHashMap<String, String> out = new LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    if (!(v instanceof Map)) {
      throw new IOException(where + "\"__metadata__\" is not an object");
    }
    for (Map.Entry<String, Object> e : castObject(v).entrySet()) {
      if (!(e.getValue() instanceof String s)) {
        throw new IOException(where + "\"__metadata__\" value for '" + e.getKey() + "' is not a string");
      }
      out.put(e.getKey(), s);
    }
    return out;
  }

  private static ByteBuffer readAt(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      int r = ch.read(b, position + b.position());
      if (r < 0) {
        throw new IOException("Checkpoints.load: unexpected end of file at byte " + (position + b.position())
            + " (the file changed while being read?)");
      }
    }
    b.flip();
    return b;
  }

  private static Tensor decode(Entry e, ByteBuffer b) {
    float[] v = SizeLimits.allocate("Checkpoints.load: tensor '" + e.name + "'", e.shape);
    for (int i = 0; i < v.length; i++) {
      v[i] = switch (e.code) {
        case F32 -> b.getFloat();
        case F64 -> (float) b.getDouble();
        case F16 -> halfToFloat(b.getShort());
        case BF16 -> Float.intBitsToFloat((b.getShort() & 0xFFFF) << 16);
        case I64 -> (float) b.getLong();
        case I32 -> (float) b.getInt();
        case I16 -> (float) b.getShort();
        case I8 -> (float) b.get();
        case U8 -> (float) (b.get() & 0xFF);
        case BOOL -> b.get() != 0 ? 1f : 0f;
      };
    }
    Tensor t = Tensor.of(v, e.shape);
    return e.code.dtype == DType.FLOAT32 ? t : t.to(e.code.dtype);
  }

  /** IEEE 754 binary16 to float (exact: every half value is a float). */
  static float halfToFloat(short h) {
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1F;
    int mant = h & 0x3FF;
    if (exp == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13)); // inf or nan
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f; // zero or subnormal
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  private static Code code(DType t) {
    return switch (t) {
      case FLOAT32 -> Code.F32;
      case INT64 -> Code.I64;
      case BOOL -> Code.BOOL;
    };
  }

  /** The safetensors dtype codes jgrad reads, with their byte size and the jgrad dtype they load as. */
  private enum Code {
    F32(4, DType.FLOAT32), F64(8, DType.FLOAT32), F16(2, DType.FLOAT32), BF16(2, DType.FLOAT32),
    I64(8, DType.INT64), I32(4, DType.INT64), I16(2, DType.INT64), I8(1, DType.INT64), U8(1, DType.INT64),
    BOOL(1, DType.BOOL);

    /** Valid safetensors codes that jgrad does not read. */
    private static final List<String> UNSUPPORTED =
        List.of("U16", "U32", "U64", "F8_E4M3", "F8_E5M2", "F8_E8M0", "F6_E2M3", "F6_E3M2", "F4", "C64");

    final int size;
    final DType dtype;

    Code(int size, DType dtype) {
      this.size = size;
      this.dtype = dtype;
    }

    static Code of(String at, String name) throws IOException {
      for (Code c : values()) {
        if (c.name().equals(name)) {
          return c;
        }
      }
      if (UNSUPPORTED.contains(name)) {
        throw new IOException(at + "dtype " + name + " is not supported (jgrad reads " + Arrays.toString(values())
            + ")");
      }
      throw new IOException(at + "unknown dtype '" + name + "' (safetensors codes such as F32, I64, BOOL expected)");
    }
  }
}
