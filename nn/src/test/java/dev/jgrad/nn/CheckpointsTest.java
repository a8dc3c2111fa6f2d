package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static dev.jgrad.nn.Golden.assertExact;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
  private static final Golden ST = Golden.of("safetensors.txt");
  private static final List<String> NAMES = List.of("weight", "bias", "scalar", "empty", "steps", "mask", "special");

  @TempDir
  Path dir;

  private static Path torchFile() throws URISyntaxException {
    return Path.of(CheckpointsTest.class.getResource("/golden/nn/torch_written.safetensors").toURI());
  }

  private static LinkedHashMap<String, String> torchMetadata() {
    LinkedHashMap<String, String> m = new LinkedHashMap<>();
    for (String k : List.of("format", "source", "torch")) {
      m.put(k, ST.string("meta." + k));
    }
    return m;
  }

  @Test
  void readsAFileWrittenFromTorchTensors() throws Exception {
    Checkpoint c = Checkpoints.load(torchFile());
    assertEquals(NAMES, List.copyOf(c.tensors().keySet()));
    for (String n : NAMES) {
      Tensor expected = ST.tensor("tensor." + n);
      assertExact(n, expected, c.tensors().get(n));
      assertEquals(expected.dtype(), c.tensors().get(n).dtype(), n);
    }
    assertEquals(torchMetadata(), c.metadata());
    assertEquals(List.of("format", "source", "torch"), List.copyOf(c.metadata().keySet()));
  }

  @Test
  void writesTheSameBytesAsThePythonWriter() throws Exception {
    LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
    for (String n : NAMES) {
      tensors.put(n, ST.tensor("tensor." + n));
    }
    Path out = dir.resolve("jgrad.safetensors");
    Checkpoints.save(out, tensors, torchMetadata());
    assertArrayEquals(Files.readAllBytes(torchFile()), Files.readAllBytes(out));
    // And the interop main's own tensors are these values too (randn after manual_seed(7) included).
    LinkedHashMap<String, Tensor> mine = CheckpointInteropMain.interopTensors();
    for (String n : NAMES) {
      assertExact(n, ST.tensor("tensor." + n), mine.get(n));
    }
  }

  @Test
  void moduleRoundTripKeepsValuesDtypesAndMetadata() throws IOException {
    Tensor.manualSeed(4);
    Sequential a = new Sequential(new Linear(4, 3), new BatchNorm1d(3), new Embedding(5, 2, 0));
    a.get(1).forward(a.get(0).forward(Tensor.randn(6, 4))); // moves the BatchNorm buffers off their initial values
    Tensor.manualSeed(5);
    Sequential b = new Sequential(new Linear(4, 3), new BatchNorm1d(3), new Embedding(5, 2, 0));
    Path p = dir.resolve("model.safetensors");
    Checkpoints.save(p, a, Map.of("epoch", "3"));
    Checkpoints.load(p, b);
    a.stateDict().forEach((k, v) -> {
      assertExact(k, v, b.stateDict().get(k));
      assertEquals(v.dtype(), b.stateDict().get(k).dtype(), k);
    });
    assertEquals(DType.INT64, Checkpoints.load(p).tensors().get("1.num_batches_tracked").dtype());
    assertEquals(Map.of("epoch", "3"), Checkpoints.load(p).metadata());
  }

  @Test
  void overwritesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
    Path p = dir.resolve("ckpt.safetensors");
    Checkpoints.save(p, Map.of("a", Tensor.ones(2)), Map.of());
    Checkpoints.save(p, Map.of("a", Tensor.zeros(3)), Map.of());
    assertArrayEquals(new float[3], Checkpoints.load(p).tensors().get("a").toArray());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(p), files.toList());
    }
    // A target that cannot be replaced (a non-empty directory): the rename fails, nothing is left behind.
    Path blocked = Files.createDirectory(dir.resolve("blocked"));
    Files.writeString(blocked.resolve("keep.txt"), "x");
    assertThrows(IOException.class, () -> Checkpoints.save(blocked, Map.of("a", Tensor.ones(1)), Map.of()));
    assertEquals("x", Files.readString(blocked.resolve("keep.txt")));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(2, files.count());
    }
  }

  @Test
  void rejectsUnsaveableInput() {
    Path p = dir.resolve("x.safetensors");
    Map<String, Tensor> reserved = new LinkedHashMap<>();
    reserved.put("__metadata__", Tensor.ones(1));
    assertContains(assertThrows(IllegalArgumentException.class, () -> Checkpoints.save(p, reserved, Map.of()))
        .getMessage(), "reserved name");
    Map<String, Tensor> nulls = new LinkedHashMap<>();
    nulls.put("a", null);
    assertThrows(IllegalArgumentException.class, () -> Checkpoints.save(p, nulls, Map.of()));
    assertTrue(Files.notExists(p));
  }

  // ---------------------------------------------------------------- corrupt files

  private Path raw(byte[] bytes) throws IOException {
    Path p = dir.resolve("corrupt.safetensors");
    Files.write(p, bytes);
    return p;
  }

  /** A file with this header (padded) and data. */
  private Path crafted(String header, byte[] data) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h).put(data);
    return raw(b.array());
  }

  private String loadError(Path p) {
    return assertThrows(IOException.class, () -> Checkpoints.load(p)).getMessage();
  }

  @Test
  void truncatedFilesFail() throws IOException {
    assertContains(loadError(raw(new byte[5])), "file is truncated: 5 bytes, fewer than the 8-byte header length");
    Path good = dir.resolve("good.safetensors");
    Checkpoints.save(good, Map.of("w", Tensor.ones(4, 4)), Map.of());
    byte[] all = Files.readAllBytes(good);
    byte[] cut = java.util.Arrays.copyOf(all, all.length - 10); // data cut short
    assertContains(loadError(raw(cut)), "tensor 'w'", "are out of range: the data section has only 54 bytes");
    byte[] headerOnly = java.util.Arrays.copyOf(all, 20); // cut inside the header
    assertContains(loadError(raw(headerOnly)), "is larger than the file");
  }

  @Test
  void headerLengthLargerThanTheFileFails() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1_000_000L).put("{}      ".getBytes(
        StandardCharsets.US_ASCII));
    assertContains(loadError(raw(b.array())), "header length 1000000 is larger than the file (8 bytes follow");
    ByteBuffer neg = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L);
    assertContains(loadError(raw(neg.array())), "header length 18446744073709551615 is larger than the file");
  }

  @Test
  void offsetsOutOfRangeOverlappingOrLeavingGapsFail() throws IOException {
    byte[] eight = new byte[8];
    assertContains(loadError(crafted("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", eight)),
        "tensor 'a': data_offsets [4, 12] are out of range: the data section has only 8 bytes");
    assertContains(loadError(crafted("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", eight)),
        "tensors 'a' [0, 8) and 'b' [4, 8) overlap");
    assertContains(loadError(crafted("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", eight)),
        "bytes [0, 4) of the data section belong to no tensor");
    assertContains(loadError(crafted("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", eight)),
        "the data section has 8 bytes but the tensors cover only 4 (trailing bytes)");
    assertContains(loadError(crafted("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,4]}}", eight)),
        "data_offsets [8, 4] are reversed");
    assertContains(loadError(crafted("{\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,8]}}", eight)),
        "hold 8 bytes but dtype F32 and shape [2, 3] need 24 bytes");
  }

  @Test
  void unknownOrUnsupportedDtypesFail() throws IOException {
    byte[] eight = new byte[8];
    assertContains(loadError(crafted("{\"a\":{\"dtype\":\"Q8\",\"shape\":[8],\"data_offsets\":[0,8]}}", eight)),
        "tensor 'a': unknown dtype 'Q8'");
    assertContains(loadError(crafted("{\"a\":{\"dtype\":\"U64\",\"shape\":[1],\"data_offsets\":[0,8]}}", eight)),
        "dtype U64 is not supported");
    assertContains(loadError(crafted("{\"a\":{\"dtype\":7,\"shape\":[1],\"data_offsets\":[0,8]}}", eight)),
        "missing or non-string \"dtype\"");
  }

  @Test
  void malformedHeadersFail() throws IOException {
    byte[] none = new byte[0];
    assertContains(loadError(crafted("[1, 2]", none)), "header does not start with '{'");
    assertContains(loadError(crafted("{\"a\":", none)), "invalid JSON header: Unexpected end-of-input",
        "at byte 13");
    assertContains(loadError(crafted("{\"a\":1,\"a\":2}", none)), "invalid JSON header: Duplicate field 'a'");
    assertContains(loadError(crafted("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", none)),
        "\"shape\" must hold non-negative integers");
    assertContains(loadError(crafted("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,0]}}", none)),
        "\"shape\" must hold non-negative integers");
    assertContains(loadError(crafted("{\"a\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,0]}}",
        none)), "tensor 'a': shape [65536, 65536] has 4294967296 elements, more than the 2147483639 a tensor can hold");
    assertContains(loadError(crafted("{\"a\":{\"dtype\":\"F32\",\"shape\":[0,65536,65536],\"data_offsets\":[0,0]}}",
        none)), "tensor 'a': shape [0, 65536, 65536] has no elements, but its non-empty sizes multiply to 4294967296");
    assertContains(loadError(crafted("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0]}}", none)),
        "\"data_offsets\" must have 2 entries, got 1");
    assertContains(loadError(crafted("{\"__metadata__\":{\"k\":1}}", none)), "value for 'k' is not a string");
    assertContains(loadError(crafted("{\"a\":[]}", none)), "header entry is not an object");
    byte[] bad = {'{', '"', (byte) 0xC3, '"', ':', '1', '}'};
    ByteBuffer b = ByteBuffer.allocate(8 + bad.length).order(ByteOrder.LITTLE_ENDIAN).putLong(bad.length).put(bad);
    assertContains(loadError(raw(b.array())), "invalid JSON header: Invalid UTF-8");
  }

  @Test
  void aFailedLoadLeavesTheModuleUnchanged() throws IOException {
    Tensor.manualSeed(9);
    Linear fc = new Linear(3, 2);
    float[] before = fc.weight().toArray();
    Path corrupt = raw(new byte[3]);
    assertThrows(IOException.class, () -> Checkpoints.load(corrupt, fc));
    Path other = dir.resolve("other.safetensors");
    Checkpoints.save(other, new Linear(3, 4), Map.of());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoints.load(other, fc));
    assertContains(e.getMessage(), "size mismatch for weight");
    assertArrayEquals(before, fc.weight().toArray());
  }

  /** Parameters and buffers (running statistics, the int64 batch counter) as raw bits, in state-dict order. */
  private static List<String> stateBits(Module m) {
    List<String> out = new java.util.ArrayList<>();
    m.stateDict().forEach((k, v) -> {
      StringBuilder sb = new StringBuilder(k).append(v.dtype()).append(java.util.Arrays.toString(v.shape()));
      for (float f : v.toArray()) {
        sb.append(' ').append(Float.floatToRawIntBits(f));
      }
      out.add(sb.toString());
    });
    return out;
  }

  @Test
  void aRefusedLoadLeavesParametersAndBuffersBitForBit() throws IOException {
    Tensor.manualSeed(4);
    Sequential trained = new Sequential(new Linear(3, 4), new BatchNorm1d(4));
    trained.forward(Tensor.randn(8, 3)); // moves the running statistics and the counter
    Sequential target = new Sequential(new Linear(3, 4), new BatchNorm1d(4));
    target.forward(Tensor.randn(5, 3));
    List<String> before = stateBits(target);

    LinkedHashMap<String, Tensor> missing = new LinkedHashMap<>(trained.stateDict());
    missing.remove("1.running_var");
    LinkedHashMap<String, Tensor> shaped = new LinkedHashMap<>(trained.stateDict());
    shaped.put("1.running_mean", Tensor.zeros(5));
    LinkedHashMap<String, Tensor> extra = new LinkedHashMap<>(trained.stateDict());
    extra.put("2.weight", Tensor.zeros(1));
    for (Map<String, Tensor> bad : List.of(missing, shaped, extra)) {
      Path p = dir.resolve("bad.safetensors");
      Checkpoints.save(p, bad, Map.of());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoints.load(p, target));
      assertContains(e.getMessage(), "Checkpoints.load: " + p + ": loadStateDict: Error(s) in loading state_dict");
      assertEquals(before, stateBits(target));
    }
    Path good = dir.resolve("good.safetensors");
    Checkpoints.save(good, trained);
    Checkpoints.load(good, target);
    assertEquals(stateBits(trained), stateBits(target));
  }

  @Test
  void readsOtherNumericDtypes() throws IOException {
    ByteBuffer d = ByteBuffer.allocate(2 + 2 + 8 + 4 + 1 + 1 + 2).order(ByteOrder.LITTLE_ENDIAN);
    d.putShort((short) 0x3C00); // F16 1.0
    d.putShort((short) 0xC000); // BF16 -2.0
    d.putDouble(0.1); // F64
    d.putInt(-5); // I32
    d.put((byte) 250); // U8
    d.put((byte) -3); // I8
    d.putShort((short) 0x0001); // F16 smallest subnormal
    String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]},"
        + "\"bf\":{\"dtype\":\"BF16\",\"shape\":[],\"data_offsets\":[2,4]},"
        + "\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[4,12]},"
        + "\"i\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[12,16]},"
        + "\"u\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[16,17]},"
        + "\"s\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[17,18]},"
        + "\"sub\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[18,20]}}";
    Map<String, Tensor> t = Checkpoints.load(crafted(header, d.array())).tensors();
    assertEquals(1f, t.get("h").item());
    assertEquals(-2f, t.get("bf").item());
    assertEquals(0, t.get("bf").dim());
    assertEquals(0.1, t.get("d").doubleValue());
    assertEquals(DType.FLOAT64, t.get("d").dtype());
    assertEquals(-5f, t.get("i").item());
    assertEquals(DType.INT64, t.get("i").dtype());
    assertEquals(250f, t.get("u").item());
    assertEquals(-3f, t.get("s").item());
    assertEquals(0x1p-24f, t.get("sub").item());
    assertEquals(Float.NEGATIVE_INFINITY, Checkpoints.halfToFloat((short) 0xFC00));
    assertTrue(Float.isNaN(Checkpoints.halfToFloat((short) 0x7E00)));
    assertEquals(65504f, Checkpoints.halfToFloat((short) 0x7BFF));
  }
}
