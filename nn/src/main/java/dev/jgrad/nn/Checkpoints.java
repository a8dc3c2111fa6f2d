package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.io.AtomicFile;
import dev.jgrad.autograd.io.Json;
import dev.jgrad.autograd.storage.SizeLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves and loads tensors in the safetensors layout, which PyTorch users read with {@code safetensors.torch}:
 * an unsigned little-endian 64-bit header length N, N bytes of UTF-8 JSON
 * ({@code {"__metadata__": {...}, "fc1.weight": {"dtype": "F32", "shape": [16, 4], "data_offsets": [0, 256]}}},
 * padded with spaces to a multiple of 8), then the raw little-endian data. Never Java serialization.
 *
 * <p>Writing goes through {@link AtomicFile} (a temporary file in the same directory, forced to disk, atomically
 * renamed over the target), so a crash leaves either the old file or the new one, never half of one; the JSON
 * header is built and checked before the first byte is written. Reading validates the whole
 * header before allocating any tensor (header size, offsets inside the data, no overlaps or gaps, known dtypes, byte
 * counts matching the shapes) and fails with an {@link IOException} naming the problem.
 *
 * <pre>{@code
 * Checkpoints.save(Path.of("model.safetensors"), model, Map.of("epoch", "3"));
 * Checkpoints.load(Path.of("model.safetensors"), model);   // strict: keys and shapes must match
 * }</pre>
 *
 * <p>Dtypes: float32, float64, int64 and bool tensors are written as {@code F32}, {@code F64}, {@code I64} (real
 * little-endian int64 values) and {@code BOOL}, and read back with their dtype and bits. Reading also accepts
 * {@code F16} and {@code BF16} (converted to float32) and {@code I32}, {@code I16}, {@code I8}, {@code U8}
 * (converted to int64, exactly).
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
    checkNotNull(path, "Checkpoints.save: path is null");
    byte[] head = header(tensors, metadata);
    AtomicFile.write(path, out -> {
      out.write(head);
      WritableByteChannel ch = Channels.newChannel(out);
      for (Tensor t : tensors.values()) {
        ByteBuffer b = encode(t);
        while (b.hasRemaining()) {
          ch.write(b);
        }
      }
    });
  }

  /**
   * The 8-byte length and the padded JSON header for these tensors, in the byte layout jgrad has always written:
   * compact JSON, {@code __metadata__} first, then one entry per tensor in the map's order.
   */
  private static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) {
    LinkedHashMap<String, Object> header = new LinkedHashMap<>();
    if (metadata != null && !metadata.isEmpty()) {
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        checkArgument(e.getKey() != null && e.getValue() != null,
            "Checkpoints.save: metadata keys and values must not be null, got %s=%s", e.getKey(), e.getValue());
      }
      header.put(METADATA_KEY, metadata);
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      String name = e.getKey();
      Tensor t = e.getValue();
      checkArgument(t != null && name != null && !name.equals(METADATA_KEY),
          "Checkpoints.save: cannot save tensor '%s'%s", name, t == null ? " (null)" : " (reserved name)");
      long bytes = (long) t.numel() * code(t.dtype()).size;
      LinkedHashMap<String, Object> entry = new LinkedHashMap<>();
      entry.put("dtype", code(t.dtype()).name());
      entry.put("shape", t.shape());
      entry.put("data_offsets", new long[] {offset, offset + bytes});
      header.put(name, entry);
      offset += bytes;
    }
    byte[] json = Json.compactUtf8(header);
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(json);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    return head.array();
  }

  /**
   * A fingerprint of these tensors' values: the SHA-256 (lower-case hex) of the data section that {@link #save}
   * writes for them, so equal for a module and the file it was saved to. Recorded beside a model (e.g. in {@code
   * preprocessing.json}) to check at load time that the two belong together.
   */
  public static String fingerprint(Map<String, Tensor> tensors) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
    for (Tensor t : tensors.values()) {
      sha.update(encode(t));
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static ByteBuffer encode(Tensor t) {
    Code c = code(t.dtype());
    ByteBuffer b = ByteBuffer.allocate(t.numel() * c.size).order(ByteOrder.LITTLE_ENDIAN);
    switch (c) {
      case F64 -> b.asDoubleBuffer().put(t.toDoubleArray());
      case F32 -> b.asFloatBuffer().put(t.toArray());
      case I64 -> b.asLongBuffer().put(t.toLongArray());
      default -> {
        for (boolean x : t.toBooleanArray()) {
          b.put((byte) (x ? 1 : 0));
        }
        b.flip();
      }
    }
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
    Checkpoint c = load(path);
    try {
      into.loadStateDict(c.tensors(), true);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Checkpoints.load: " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads every tensor and the metadata of a safetensors file.
   *
   * @throws IOException naming the problem: a file shorter than 8 bytes, a header length larger than the file,
   *     invalid JSON, unknown dtypes, offsets out of range, overlapping or leaving gaps, or byte counts that do not
   *     match the shapes
   */
  public static Checkpoint load(Path path) throws IOException {
    String where = "Checkpoints.load: " + path + ": ";
    FileChannel opened;
    try {
      opened = FileChannel.open(path, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new IOException(where + AtomicFile.reason(e, null), e);
    }
    try (FileChannel ch = opened) {
      long size = ch.size();
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
      ByteBuffer headerBytes = readAt(ch, 8, (int) n);
      if (n == 0 || headerBytes.get(0) != '{') {
        throw new IOException(where + "header does not start with '{' (not a safetensors file?)");
      }
      JsonNode parsed;
      try {
        parsed = Json.parse(headerBytes.array());
      } catch (JsonProcessingException e) {
        throw new IOException(where + "invalid JSON header: " + e.getOriginalMessage() + " at byte "
            + (e.getLocation() == null ? "?" : Long.toString(8 + e.getLocation().getByteOffset())), e);
      }
      long dataStart = 8 + n;
      List<Entry> entries = entries(where, parsed, size - dataStart);
      Map<String, String> metadata = metadata(where, parsed.get(METADATA_KEY));
      LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
      for (Entry e : entries) {
        ByteBuffer raw = readAt(ch, dataStart + e.begin, (int) (e.end - e.begin)).order(ByteOrder.LITTLE_ENDIAN);
        tensors.put(e.name, decode(where, e, raw));
      }
      return new Checkpoint(tensors, metadata);
    }
  }

  /** One tensor's header entry, validated. */
  private record Entry(String name, Code code, int[] shape, int numel, long begin, long end) {}

  private static List<Entry> entries(String where, JsonNode header, long dataBytes) throws IOException {
    List<Entry> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : header.properties()) {
      String name = e.getKey();
      if (name.equals(METADATA_KEY)) {
        continue;
      }
      String at = where + "tensor '" + name + "': ";
      JsonNode info = e.getValue();
      if (!info.isObject()) {
        throw new IOException(at + "header entry is not an object");
      }
      if (info.get("dtype") == null || !info.get("dtype").isTextual()) {
        throw new IOException(at + "missing or non-string \"dtype\"");
      }
      Code code = Code.of(at, info.get("dtype").textValue());
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
  private static List<Long> longs(String at, String field, JsonNode v, int count) throws IOException {
    if (v == null || !v.isArray()) {
      throw new IOException(at + "missing or non-array \"" + field + "\"");
    }
    if (count >= 0 && v.size() != count) {
      throw new IOException(at + "\"" + field + "\" must have " + count + " entries, got " + v.size());
    }
    List<Long> out = new ArrayList<>();
    for (JsonNode o : v) {
      if (!o.isIntegralNumber() || !o.canConvertToLong() || o.longValue() < 0) {
        throw new IOException(at + "\"" + field + "\" must hold non-negative integers, got " + v);
      }
      out.add(o.longValue());
    }
    return out;
  }

  private static Map<String, String> metadata(String where, JsonNode v) throws IOException {
    LinkedHashMap<String, String> out = new LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    if (!v.isObject()) {
      throw new IOException(where + "\"__metadata__\" is not an object");
    }
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      if (!e.getValue().isTextual()) {
        throw new IOException(where + "\"__metadata__\" value for '" + e.getKey() + "' is not a string");
      }
      out.put(e.getKey(), e.getValue().textValue());
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

  private static Tensor decode(String where, Entry e, ByteBuffer b) throws IOException {
    if (e.code == Code.F64) {
      double[] d = SizeLimits.allocateDoubles("Checkpoints.load: tensor '" + e.name + "'", e.shape);
      b.asDoubleBuffer().get(d);
      return Tensor.of(d, e.shape, DType.FLOAT64);
    }
    String what = "Checkpoints.load: tensor '" + e.name + "'";
    if (e.code.dtype == DType.FLOAT32) {
      float[] v = SizeLimits.allocate(what, e.shape);
      for (int i = 0; i < v.length; i++) {
        v[i] = switch (e.code) {
          case F16 -> halfToFloat(b.getShort());
          case BF16 -> Float.intBitsToFloat((b.getShort() & 0xFFFF) << 16);
          default -> b.getFloat();
        };
      }
      return Tensor.of(v, e.shape);
    }
    long[] v = SizeLimits.allocateLongs(what, e.shape);
    for (int i = 0; i < v.length; i++) {
      v[i] = switch (e.code) {
        case I64 -> b.getLong();
        case I32 -> b.getInt();
        case I16 -> b.getShort();
        case I8, BOOL -> b.get();
        default -> b.get() & 0xFF;   // U8
      };
    }
    Tensor t = Tensor.ofLongs(v).reshape(e.shape);
    return e.code.dtype == DType.INT64 ? t : t.to(e.code.dtype);
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
      case FLOAT64 -> Code.F64;
      case INT64 -> Code.I64;
      case BOOL -> Code.BOOL;
    };
  }

  /** The safetensors dtype codes jgrad reads, with their byte size and the jgrad dtype they load as. */
  private enum Code {
    F32(4, DType.FLOAT32), F64(8, DType.FLOAT64), F16(2, DType.FLOAT32), BF16(2, DType.FLOAT32),
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
