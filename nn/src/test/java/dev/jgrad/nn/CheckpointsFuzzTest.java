package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jgrad.autograd.Tensor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random corruptions of a safetensors file (truncation, bit flips, header edits, wrong lengths, bad dtypes, shapes
 * and offsets, huge declared lengths, duplicate keys, non-JSON): each load either gives the module exactly the
 * file's tensors or fails with one IOException or IllegalArgumentException naming the file, leaves the module
 * unchanged, and allocates memory in proportion to the file, not to what the file declares.
 */
class CheckpointsFuzzTest {
  @TempDir Path dir;

  private static final List<String> EDITS = List.of("F32", "F64", "F16", "BF16", "I64", "I8", "U8", "BOOL", "U64",
      "Q4", "", "-1", "0", "1", "7", "99999999999", "18446744073709551615", "1e400", "2.5", "null", "[]", "{}",
      "\"x\"", "true", "[1,2,3]", "[0,0]", "[4,0]");

  private static Module model() {
    Tensor.manualSeed(5);
    return new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
  }

  private static List<int[]> bits(Module m) {
    return bits(m.stateDict().values());
  }

  private static List<int[]> bits(java.util.Collection<Tensor> tensors) {
    List<int[]> out = new ArrayList<>();
    for (Tensor t : tensors) {
      float[] v = t.toArray();
      int[] b = new int[v.length];
      for (int i = 0; i < v.length; i++) {
        b[i] = Float.floatToRawIntBits(v[i]);
      }
      out.add(b);
    }
    return out;
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  /** One random corruption of {@code good}. */
  private static byte[] corrupt(byte[] good, int headerLength, Random r) {
    byte[] b = good.clone();
    String header = new String(good, 8, headerLength, StandardCharsets.UTF_8);
    switch (r.nextInt(9)) {
      case 0 -> b = Arrays.copyOf(good, r.nextInt(good.length)); // truncation
      case 1 -> { // bit flips anywhere
        for (int k = 1 + r.nextInt(4); k > 0; k--) {
          int i = r.nextInt(b.length);
          b[i] ^= (byte) (1 << r.nextInt(8));
        }
      }
      case 2 -> { // bit flips in the header length or the header
        int i = r.nextInt(8 + headerLength);
        b[i] ^= (byte) (1 << r.nextInt(8));
      }
      case 3 -> ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, r.nextBoolean() ? r.nextLong()
          : headerLength + r.nextInt(33) - 16); // wrong or huge declared length
      case 4 -> b = withHeader(good, headerLength, editValue(header, r)); // dtypes, shapes, offsets
      case 5 -> b = withHeader(good, headerLength, header.replaceFirst("\"0\\.bias\"",
          r.nextBoolean() ? "\"0.weight\"" : "\"2.bias\"")); // duplicate keys
      case 6 -> b = withHeader(good, headerLength, randomText(r)); // not JSON
      case 7 -> { // huge declared offsets or shapes
        String huge = Long.toString(Long.MAX_VALUE / (1 + r.nextInt(1000)));
        b = withHeader(good, headerLength, header.replaceFirst("\\[(\\d+),(\\d+)\\]",
            r.nextBoolean() ? "[0," + huge + "]" : "[" + huge + "," + huge + "]"));
      }
      default -> { // data bytes changed: still a valid file, loads those values
        int i = 8 + headerLength + r.nextInt(good.length - 8 - headerLength);
        b[i] ^= (byte) (1 << r.nextInt(8));
      }
    }
    return b;
  }

  /** Replaces one string or number or array of the header by an edit value. */
  private static String editValue(String header, Random r) {
    List<int[]> spans = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"[A-Z0-9]+\"|\\[[0-9,]*\\]|[0-9]+")
        .matcher(header);
    while (m.find()) {
      spans.add(new int[] {m.start(), m.end()});
    }
    int[] s = spans.get(r.nextInt(spans.size()));
    String edit = EDITS.get(r.nextInt(EDITS.size()));
    if (header.charAt(s[0]) == '"' && !edit.startsWith("[") && !edit.startsWith("{") && !edit.startsWith("\"")) {
      edit = '"' + edit + '"';
    }
    return header.substring(0, s[0]) + edit + header.substring(s[1]);
  }

  private static String randomText(Random r) {
    String alphabet = "{}[]\":,0123456789abc \\\n\u00e9";
    StringBuilder sb = new StringBuilder();
    for (int i = r.nextInt(64); i > 0; i--) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  /** {@code good} with its header replaced by {@code header} (length field updated). */
  private static byte[] withHeader(byte[] good, int headerLength, String header) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    int data = good.length - 8 - headerLength;
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + data).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h).put(good, 8 + headerLength, data);
    return b.array();
  }

  void fuzz(int cases, long seed) throws IOException {
    Path goodFile = dir.resolve("good.safetensors");
    Checkpoints.save(goodFile, model(), Map.of("format", "fuzz", "note", "a \"quoted\" value"));
    byte[] good = Files.readAllBytes(goodFile);
    int headerLength = (int) ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getLong();
    Random r = new Random(seed);
    int loaded = 0;
    int refused = 0;
    for (int c = 0; c < cases; c++) {
      byte[] bad = corrupt(good, headerLength, r);
      Path file = dir.resolve("case-" + c + ".safetensors");
      Files.write(file, bad);
      Module m = model();
      List<int[]> before = bits(m);
      long allocated = allocatedBytes();
      try {
        Checkpoints.load(file, m);
        loaded++;
        List<int[]> expected = bits(Checkpoints.load(file).tensors().values());
        List<int[]> after = bits(m);
        for (int i = 0; i < after.size(); i++) {
          assertTrue(Arrays.equals(expected.get(i), after.get(i)), "case " + c + ": loaded values differ");
        }
      } catch (IOException | IllegalArgumentException e) {
        refused++;
        assertTrue(e.getMessage() != null && e.getMessage().contains(file.toString()),
            "case " + c + ": the message must name the file: " + e.getMessage());
        List<int[]> after = bits(m);
        for (int i = 0; i < after.size(); i++) {
          assertTrue(Arrays.equals(before.get(i), after.get(i)), "case " + c + ": a refused load changed the model");
        }
      } catch (RuntimeException e) {
        fail("case " + c + ": " + e.getClass().getName() + " is not a clear error: " + e.getMessage(), e);
      }
      long used = allocatedBytes() - allocated;
      assertTrue(used < 64L * bad.length + (4 << 20), "case " + c + ": allocated " + used + " bytes for a file of "
          + bad.length);
      Files.delete(file);
    }
    assertTrue(loaded > 0 && refused > cases / 2, "loaded " + loaded + ", refused " + refused);
    try (var s = Files.list(dir)) {
      assertEquals(1, s.count(), "no temporary files are left");
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aFewHundredCorruptFiles() throws IOException {
    fuzz(400, 20261207L);
  }

  @Test
  @Tag("long")
  @Timeout(value = 600, unit = TimeUnit.SECONDS)
  void thousandsOfCorruptFiles() throws IOException {
    fuzz(5000, 7L);
  }
}
