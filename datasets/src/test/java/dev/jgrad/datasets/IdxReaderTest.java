package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.DType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  static final String IMAGES = "fashion-mnist-t10k-1000-images-idx3-ubyte.gz";
  static final String LABELS = "fashion-mnist-t10k-1000-labels-idx1-ubyte.gz";

  @TempDir
  Path dir;

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "expected <" + part + "> in: " + message);
    }
  }

  @Test
  void readsTheFashionMnistSampleAgainstKnownPixelsAndLabels() throws IOException {
    IdxArray images = IdxReader.readResource(Datasets.class, IMAGES);
    IdxArray labels = IdxReader.readResource(Datasets.class, LABELS);
    int[] header = Golden.ints(Golden.value("idx", "images_header"));
    assertEquals(0x803, header[0]);
    assertEquals(IdxArray.Type.UBYTE, images.type());
    assertArrayEquals(new int[] {header[1], header[2], header[3]}, images.shape());
    assertArrayEquals(new int[] {1000}, labels.shape());
    int[] row14 = Golden.ints(Golden.value("idx", "image0_row14"));
    int[] row20 = Golden.ints(Golden.value("idx", "image999_row20"));
    for (int c = 0; c < 28; c++) {
      assertEquals(row14[c], images.getInt(0, 14, c), "image 0 pixel (14, " + c + ")");
      assertEquals(row20[c], images.getInt(999, 20, c), "image 999 pixel (20, " + c + ")");
    }
    int[] sums = Golden.ints(Golden.value("idx", "image_sums_0_to_9"));
    float[] pixels = images.toFloatArray();
    long total = 0;
    for (int i = 0; i < pixels.length; i++) {
      total += (long) pixels[i];
    }
    for (int img = 0; img < 10; img++) {
      long s = 0;
      for (int p = 0; p < 784; p++) {
        s += (long) pixels[img * 784 + p];
      }
      assertEquals(sums[img], s, "sum of image " + img);
    }
    assertEquals(Long.parseLong(Golden.value("idx", "total_sum")), total);
    int[] first = Golden.ints(Golden.value("idx", "first_labels"));
    int[] counts = new int[10];
    for (int i = 0; i < 1000; i++) {
      counts[labels.getInt(i)]++;
      if (i < first.length) {
        assertEquals(first[i], labels.getInt(i), "label " + i);
      }
    }
    assertArrayEquals(Golden.ints(Golden.value("idx", "label_counts")), counts);
  }

  @Test
  void readsRawFilesTheSameAsGzip() throws IOException {
    Path raw = dir.resolve("images-idx3-ubyte");
    try (InputStream in = new GZIPInputStream(Datasets.class.getResourceAsStream(IMAGES))) {
      Files.write(raw, in.readAllBytes());
    }
    IdxArray a = IdxReader.read(raw);
    IdxArray b = IdxReader.readResource(Datasets.class, IMAGES);
    assertArrayEquals(b.shape(), a.shape());
    assertArrayEquals(b.toFloatArray(), a.toFloatArray());
  }

  /** An IDX file: magic 0 0 type dims, big-endian sizes, then {@code data}. */
  static byte[] idx(int type, int[] shape, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * shape.length + data.length);
    b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) shape.length);
    for (int s : shape) {
      b.putInt(s);
    }
    b.put(data);
    return b.array();
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  private static IdxArray read(byte[] bytes) throws IOException {
    return IdxReader.read(new ByteArrayInputStream(bytes), "t.idx");
  }

  @Test
  void everyElementTypeDecodesBigEndian() throws IOException {
    ByteBuffer s = ByteBuffer.allocate(8).putShort((short) -2).putShort((short) 300).putShort((short) 0)
        .putShort((short) 7);
    IdxArray shorts = read(idx(0x0B, new int[] {2, 2}, s.array()));
    assertEquals(IdxArray.Type.SHORT, shorts.type());
    assertEquals(-2, shorts.getInt(0, 0));
    assertEquals(300, shorts.getInt(0, 1));
    IdxArray ints = read(idx(0x0C, new int[] {2}, ByteBuffer.allocate(8).putInt(-70000).putInt(1 << 30).array()));
    assertEquals(-70000, ints.getInt(0));
    assertEquals(1 << 30, ints.get(1));
    IdxArray floats = read(gzip(idx(0x0D, new int[] {1}, ByteBuffer.allocate(4).putFloat(-1.25f).array())));
    assertEquals(-1.25, floats.get(0));
    IdxArray doubles = read(idx(0x0E, new int[] {1}, ByteBuffer.allocate(8).putDouble(Math.E).array()));
    assertEquals(Math.E, doubles.get(0));
    IdxArray bytes = read(idx(0x09, new int[] {2}, new byte[] {-5, 5}));
    assertEquals(-5, bytes.getInt(0));
    IdxArray ubytes = read(idx(0x08, new int[] {2}, new byte[] {-1, 5}));
    assertEquals(255, ubytes.getInt(0));
    assertEquals(DType.INT64, ubytes.toLongTensor().dtype());
    assertArrayEquals(new long[] {255, 5}, ubytes.toLongTensor().toLongArray());
  }

  @Test
  void corruptHeadersFailWithClearMessages() {
    assertContains(assertThrows(MalformedDataException.class, () -> read(new byte[] {0, 0})).getMessage(),
        "IdxReader: t.idx", "too short for an IDX header: 2 bytes");
    assertContains(assertThrows(MalformedDataException.class,
        () -> read(new byte[] {1, 2, 8, 1, 0, 0, 0, 0})).getMessage(),
        "not an IDX file: magic number 0x01020801");
    assertContains(assertThrows(MalformedDataException.class,
        () -> read(idx(0x07, new int[] {1}, new byte[1]))).getMessage(), "unknown IDX type code 0x07");
    assertContains(assertThrows(MalformedDataException.class,
        () -> read(new byte[] {0, 0, 8, 0})).getMessage(), "declares 0 dims");
    assertContains(assertThrows(MalformedDataException.class,
        () -> read(new byte[] {0, 0, 8, 3, 0, 0, 0, 1})).getMessage(), "truncated header: 3 dims need 12 bytes");
    assertContains(assertThrows(MalformedDataException.class,
        () -> read(idx(0x08, new int[] {2, 3}, new byte[4]))).getMessage(),
        "truncated: the header [2, 3] of UBYTE promises 6 data bytes, the file has 4");
    assertContains(assertThrows(MalformedDataException.class,
        () -> read(idx(0x08, new int[] {2}, new byte[3]))).getMessage(), "unexpected bytes after the 2 data bytes");
    assertContains(assertThrows(MalformedDataException.class,
        () -> read(idx(0x08, new int[] {65536, 65536}, new byte[0]))).getMessage(), "too large for one Java array");
    assertContains(assertThrows(MalformedDataException.class,
        () -> read(idx(0x08, new int[] {0x80000000}, new byte[0]))).getMessage(),
        "dim 0 has size 2147483648, above 2^31 - 1");
  }

  @Test
  void corruptGzipFails() throws IOException {
    byte[] good = gzip(idx(0x08, new int[] {100}, new byte[100]));
    byte[] garbage = good.clone();
    for (int i = 12; i < garbage.length - 8; i++) {
      garbage[i] = (byte) 0xA5;
    }
    assertContains(assertThrows(MalformedDataException.class, () -> read(garbage)).getMessage(),
        "t.idx: corrupt gzip data");
    byte[] cut = Arrays.copyOf(good, good.length / 2);
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> read(cut));
    assertTrue(e.getMessage().contains("corrupt gzip data") || e.getMessage().contains("truncated"),
        e.getMessage());
  }

  @Test
  void readDatasetScalesPixelsAndChecksCounts() throws IOException {
    Path images = dir.resolve("images.gz");
    Path labels = dir.resolve("labels.gz");
    try (InputStream i = Datasets.class.getResourceAsStream(IMAGES);
        InputStream l = Datasets.class.getResourceAsStream(LABELS)) {
      Files.write(images, i.readAllBytes());
      Files.write(labels, l.readAllBytes());
    }
    TensorDataset ds = IdxReader.readDataset(images, labels);
    assertEquals(1000, ds.size());
    assertArrayEquals(new int[] {784}, ds.featureShape());
    assertEquals(DType.INT64, ds.targetType());
    int[] row14 = Golden.ints(Golden.value("idx", "image0_row14"));
    assertEquals(row14[12] / 255f, ds.get(0).features().get(14 * 28 + 12));
    assertEquals(9f, ds.get(0).targets().item());
    Path few = dir.resolve("few-labels");
    Files.write(few, idx(0x08, new int[] {3}, new byte[3]));
    assertContains(assertThrows(MalformedDataException.class, () -> IdxReader.readDataset(images, few)).getMessage(),
        "has 3 labels but", "has 1000 images");
    assertContains(assertThrows(MalformedDataException.class, () -> IdxReader.readDataset(few, labels)).getMessage(),
        "expected images as UBYTE [N, rows, cols]");
  }
}
