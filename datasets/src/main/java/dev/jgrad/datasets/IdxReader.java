package dev.jgrad.datasets;

import dev.jgrad.autograd.Tensor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, raw or gzip-compressed (detected from the first bytes).
 *
 * <p>An IDX file is a magic number (two zero bytes, a type code, the number of dims), one big-endian 32-bit size
 * per dim, then the values in row-major order, big-endian. Everything is checked: the magic number, the type code,
 * non-negative sizes whose product fits in a Java array, exactly as many data bytes as the header promises and
 * nothing after them. Problems are a {@link MalformedDataException} naming the file.
 *
 * <pre>{@code
 * TensorDataset train = IdxReader.readDataset(
 *     Path.of("train-images-idx3-ubyte.gz"), Path.of("train-labels-idx1-ubyte.gz"));  // [60000, 784], [60000]
 * }</pre>
 */
public final class IdxReader {
  private static final int MAX_DIMS = 16;

  private IdxReader() {}

  /**
   * Reads an IDX file.
   *
   * @throws MalformedDataException if the file is not a well-formed IDX file
   * @throws IOException if it cannot be read
   */
  public static IdxArray read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  /**
   * Reads an IDX file from a classpath resource ({@code anchor.getResourceAsStream(name)}).
   *
   * @throws IOException if there is no such resource, or as {@link #read(InputStream, String)}
   */
  public static IdxArray readResource(Class<?> anchor, String name) throws IOException {
    try (InputStream in = anchor.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(
            "IdxReader: resource '" + name + "' not found (looked up relative to " + anchor.getName() + ")");
      }
      return read(in, name);
    }
  }

  /**
   * Reads IDX data from a stream (not closed), gunzipping it if it starts with the gzip magic bytes.
   *
   * @throws MalformedDataException if the data is not a well-formed IDX file
   * @throws IOException if the stream cannot be read
   */
  public static IdxArray read(InputStream stream, String sourceName) throws IOException {
    Objects.requireNonNull(stream, "IdxReader: stream must not be null");
    BufferedInputStream buffered = new BufferedInputStream(stream, 1 << 16);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      try {
        return parse(new GZIPInputStream(buffered, 1 << 16), sourceName + " (gzip)");
      } catch (MalformedDataException e) {
        throw e;
      } catch (IOException e) {
        throw new MalformedDataException("IdxReader: " + sourceName + ": corrupt gzip data: " + e.getMessage(),
            sourceName, 0, null, e);
      }
    }
    return parse(buffered, sourceName);
  }

  private static IdxArray parse(InputStream in, String source) throws IOException {
    byte[] magic = in.readNBytes(4);
    if (magic.length < 4) {
      throw bad(source, "too short for an IDX header: " + magic.length + " bytes (the magic number alone is 4)");
    }
    int type = magic[2] & 0xFF;
    int dims = magic[3] & 0xFF;
    String hex = String.format("0x%02X%02X%02X%02X", magic[0], magic[1], magic[2], magic[3]);
    if (magic[0] != 0 || magic[1] != 0) {
      throw bad(source, "not an IDX file: magic number " + hex + " does not start with two zero bytes");
    }
    IdxArray.Type t = IdxArray.Type.of(type);
    if (t == null) {
      throw bad(source, "unknown IDX type code 0x" + String.format("%02X", type) + " in magic number " + hex
          + " (expected 0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float or 0x0E double)");
    }
    if (dims == 0 || dims > MAX_DIMS) {
      throw bad(source, "magic number " + hex + " declares " + dims + " dims (expected 1 to " + MAX_DIMS + ")");
    }
    byte[] header = in.readNBytes(4 * dims);
    if (header.length < 4 * dims) {
      throw bad(source, "truncated header: " + dims + " dims need " + (4 * dims) + " bytes of sizes, got "
          + header.length);
    }
    int[] shape = new int[dims];
    long count = 1;
    for (int d = 0; d < dims; d++) {
      int size = ((header[4 * d] & 0xFF) << 24) | ((header[4 * d + 1] & 0xFF) << 16)
          | ((header[4 * d + 2] & 0xFF) << 8) | (header[4 * d + 3] & 0xFF);
      if (size < 0) {
        throw bad(source, "dim " + d + " has size " + Integer.toUnsignedString(size) + ", above 2^31 - 1");
      }
      shape[d] = size;
      count *= size;
      if (count * t.bytes() > Integer.MAX_VALUE - 16) {
        throw bad(source, "shape " + Arrays.toString(Arrays.copyOf(shape, d + 1)) + (d + 1 < dims ? "..." : "")
            + " of " + t + " is too large for one Java array (" + (Integer.MAX_VALUE - 16) + " bytes at most)");
      }
    }
    int bytes = (int) (count * t.bytes());
    byte[] data = in.readNBytes(bytes);
    if (data.length < bytes) {
      throw bad(source, "truncated: the header " + Arrays.toString(shape) + " of " + t + " promises " + bytes
          + " data bytes, the file has " + data.length);
    }
    if (in.read() != -1) {
      throw bad(source, "unexpected bytes after the " + bytes + " data bytes of shape " + Arrays.toString(shape)
          + " (wrong sizes in the header?)");
    }
    return new IdxArray(t, shape, data);
  }

  /**
   * Reads an MNIST-style pair of files into a dataset: features float32 {@code [N, rows * cols]} scaled to [0, 1]
   * (pixel / 255, as torchvision's {@code ToTensor}), targets int64 {@code [N]}. Use
   * {@code features.view(-1, 1, rows, cols)} for convolutions.
   *
   * @throws MalformedDataException if either file is malformed, the images are not a UBYTE {@code [N, rows, cols]}
   *     array, the labels not a UBYTE {@code [N]} array, or the counts differ
   */
  public static TensorDataset readDataset(Path images, Path labels) throws IOException {
    return dataset(read(images), images.toString(), read(labels), labels.toString());
  }

  static TensorDataset dataset(IdxArray images, String imageSource, IdxArray labels, String labelSource)
      throws MalformedDataException {
    int[] s = images.shape();
    if (images.type() != IdxArray.Type.UBYTE || s.length != 3) {
      throw bad(imageSource, "expected images as UBYTE [N, rows, cols], got " + images);
    }
    int[] l = labels.shape();
    if (labels.type() != IdxArray.Type.UBYTE || l.length != 1) {
      throw bad(labelSource, "expected labels as UBYTE [N], got " + labels);
    }
    if (s[0] != l[0]) {
      throw bad(labelSource, "has " + l[0] + " labels but " + imageSource + " has " + s[0] + " images");
    }
    float[] x = images.toFloatArray();
    for (int i = 0; i < x.length; i++) {
      x[i] /= 255f;
    }
    return new TensorDataset(Tensor.of(x, s[0], s[1] * s[2]), labels.toLongTensor());
  }

  private static MalformedDataException bad(String source, String what) {
    return new MalformedDataException("IdxReader: " + source + ": " + what, source, 0, null);
  }
}
