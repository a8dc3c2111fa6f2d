package dev.jgrad.datasets;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An n-dimensional array read from an IDX file (the MNIST format) by {@link IdxReader}: its element type, shape
 * and values, kept as the file's big-endian bytes.
 *
 * <pre>{@code
 * IdxArray images = IdxReader.read(Path.of("train-images-idx3-ubyte.gz"));   // UBYTE [60000, 28, 28]
 * images.getInt(0, 14, 14);                                                  // one pixel, 0..255
 * Tensor x = images.toTensor();                                              // float32 [60000, 28, 28]
 * }</pre>
 */
public final class IdxArray {
  /** IDX element types with their type codes (the third byte of the magic number). */
  public enum Type {
    UBYTE(0x08, 1), BYTE(0x09, 1), SHORT(0x0B, 2), INT(0x0C, 4), FLOAT(0x0D, 4), DOUBLE(0x0E, 8);

    private final int code;
    private final int bytes;

    Type(int code, int bytes) {
      this.code = code;
      this.bytes = bytes;
    }

    /** The type code in the magic number, e.g. 0x08 for unsigned bytes. */
    public int code() {
      return code;
    }

    /** Bytes per element. */
    public int bytes() {
      return bytes;
    }

    /** The type with this code, or null. */
    static Type of(int code) {
      for (Type t : values()) {
        if (t.code == code) {
          return t;
        }
      }
      return null;
    }
  }

  private final Type type;
  private final int[] shape;
  private final int[] strides;
  private final ByteBuffer data;

  IdxArray(Type type, int[] shape, byte[] data) {
    this.type = type;
    this.shape = shape.clone();
    this.data = ByteBuffer.wrap(data); // big-endian, as IDX stores values
    this.strides = new int[shape.length];
    int s = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      strides[d] = s;
      s *= shape[d];
    }
  }

  /** The element type from the magic number. */
  public Type type() {
    return type;
  }

  /** The dimensions from the header, e.g. {@code [1000, 28, 28]} (a copy). */
  public int[] shape() {
    return shape.clone();
  }

  /** The number of elements. */
  public int numel() {
    return data.capacity() / type.bytes;
  }

  /** The element at a row-major flat index, as a double (exact for every IDX type). */
  public double get(int flatIndex) {
    if (flatIndex < 0 || flatIndex >= numel()) {
      throw new IndexOutOfBoundsException(
          "IdxArray.get: flat index " + flatIndex + " is out of bounds for " + numel() + " elements");
    }
    int at = flatIndex * type.bytes;
    return switch (type) {
      case UBYTE -> data.get(at) & 0xFF;
      case BYTE -> data.get(at);
      case SHORT -> data.getShort(at);
      case INT -> data.getInt(at);
      case FLOAT -> data.getFloat(at);
      case DOUBLE -> data.getDouble(at);
    };
  }

  /**
   * The element at {@code index} (one index per dim) as an int; for FLOAT and DOUBLE arrays it is truncated.
   *
   * @throws IndexOutOfBoundsException if an index is out of its dim's range or the count is wrong
   */
  public int getInt(int... index) {
    if (index.length != shape.length) {
      throw new IndexOutOfBoundsException("IdxArray.getInt: expected " + shape.length + " indices for shape "
          + Arrays.toString(shape) + ", got " + index.length);
    }
    int flat = 0;
    for (int d = 0; d < index.length; d++) {
      if (index[d] < 0 || index[d] >= shape[d]) {
        throw new IndexOutOfBoundsException("IdxArray.getInt: index " + index[d] + " is out of bounds for dim " + d
            + " with size " + shape[d]);
      }
      flat += index[d] * strides[d];
    }
    return (int) get(flat);
  }

  /** The values as floats in row-major order (INT values above 2^24 and DOUBLE values are rounded). */
  public float[] toFloatArray() {
    int n = numel();
    float[] out = new float[n];
    if (type == Type.UBYTE) {
      byte[] b = data.array();
      for (int i = 0; i < n; i++) {
        out[i] = b[i] & 0xFF;
      }
      return out;
    }
    for (int i = 0; i < n; i++) {
      out[i] = (float) get(i);
    }
    return out;
  }

  /** A tensor of this shape holding the values, of the default dtype ({@link Tensor#defaultDtype()}). */
  public Tensor toTensor() {
    return toTensor(Tensor.defaultDtype());
  }

  /**
   * A tensor of this shape and {@code dtype} holding the values: float32 as {@link #toFloatArray()}, float64 exact
   * for every IDX type, other dtypes converted as {@code to(dtype)}.
   */
  public Tensor toTensor(DType dtype) {
    if (dtype == DType.FLOAT32) {
      return Tensor.of(toFloatArray(), shape);
    }
    double[] values = new double[numel()];
    for (int i = 0; i < values.length; i++) {
      values[i] = get(i);
    }
    return Tensor.of(values, shape, dtype);
  }

  /**
   * The values as an int64 tensor of this shape, for label files.
   *
   * @throws IllegalStateException for FLOAT and DOUBLE arrays
   */
  public Tensor toLongTensor() {
    if (type == Type.FLOAT || type == Type.DOUBLE) {
      throw new IllegalStateException("IdxArray.toLongTensor: the array holds " + type + " values, not integers");
    }
    long[] v = new long[numel()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (long) get(i);
    }
    return Tensor.ofLongs(v).reshape(shape);
  }

  @Override
  public String toString() {
    return "IdxArray(" + type + " " + Arrays.toString(shape) + ")";
  }
}
