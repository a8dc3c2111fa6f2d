package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.access.TensorAccess.shapeOf;
import static dev.jgrad.autograd.access.TensorAccess.storageOf;
import static dev.jgrad.autograd.access.TensorAccess.stridesOf;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.storage.Storage;

/**
 * The one strided walk: copies any view (transposed, sliced, expanded with stride 0) into row-major order, and
 * writes row-major values back into any view. Every op reads non-contiguous input through here.
 */
public final class Strided {
  private Strided() {}

  /** Copies the elements of float-backed {@code src} in row-major order into {@code out} from {@code outOff}. */
  public static void copy(Tensor src, float[] out, int outOff) {
    copyInto(src, out, outOff);
  }

  /** Copies the elements of float64 {@code src} in row-major order into {@code out} from {@code outOff}. */
  public static void copy(Tensor src, double[] out, int outOff) {
    copyInto(src, out, outOff);
  }

  /**
   * The walk for both element arrays: {@code out} is a {@code float[]} or {@code double[]} of the same kind as the
   * storage. Runs go through {@link System#arraycopy}, which takes either; the element loops test the kind once per
   * row.
   */
  private static void copyInto(Tensor src, Object out, int outOff) {
    int nd = shapeOf(src).length;
    int n = src.numel();
    if (n == 0) {
      return;
    }
    Storage storage = storageOf(src);
    Object data = storage.isDouble() ? storage.doubles : storage.data;
    if (nd == 0) {
      System.arraycopy(data, src.storageOffset(), out, outOff, 1);
      return;
    }
    int[] shape = shapeOf(src);
    int[] strides = stridesOf(src);
    int innerSize = shape[nd - 1];
    int innerStride = strides[nd - 1];
    int[] idx = new int[nd];
    int pos = src.storageOffset();
    int o = outOff;
    int rows = n / innerSize;
    for (int r = 0; r < rows; r++) {
      if (innerStride == 1) {
        System.arraycopy(data, pos, out, o, innerSize);
      } else if (out instanceof float[] f) {
        float[] d = (float[]) data;
        if (innerStride == 0) {
          java.util.Arrays.fill(f, o, o + innerSize, d[pos]);
        } else {
          for (int i = 0, p = pos; i < innerSize; i++, p += innerStride) {
            f[o + i] = d[p];
          }
        }
      } else {
        double[] f = (double[]) out;
        double[] d = (double[]) data;
        for (int i = 0, p = pos; i < innerSize; i++, p += innerStride) {
          f[o + i] = d[p];
        }
      }
      o += innerSize;
      for (int d = nd - 2; d >= 0; d--) {
        pos += strides[d];
        if (++idx[d] < shape[d]) {
          break;
        }
        pos -= strides[d] * shape[d];
        idx[d] = 0;
      }
    }
  }

  /** Writes row-major {@code src} into the elements of float-backed view {@code dst}. */
  static void write(float[] src, int srcOff, Tensor dst) {
    writeFrom(src, srcOff, dst);
  }

  /** Writes row-major {@code src} into the elements of float64 view {@code dst}. */
  static void write(double[] src, int srcOff, Tensor dst) {
    writeFrom(src, srcOff, dst);
  }

  private static void writeFrom(Object src, int srcOff, Tensor dst) {
    int nd = shapeOf(dst).length;
    int n = dst.numel();
    if (n == 0) {
      return;
    }
    Storage storage = storageOf(dst);
    Object data = storage.isDouble() ? storage.doubles : storage.data;
    if (dst.isContiguous()) {
      System.arraycopy(src, srcOff, data, dst.storageOffset(), n);
      return;
    }
    int[] shape = shapeOf(dst);
    int[] strides = stridesOf(dst);
    int innerSize = shape[nd - 1];
    int innerStride = strides[nd - 1];
    int[] idx = new int[nd];
    int pos = dst.storageOffset();
    int s = srcOff;
    int rows = n / innerSize;
    for (int r = 0; r < rows; r++) {
      if (data instanceof float[] d) {
        float[] f = (float[]) src;
        for (int i = 0, p = pos; i < innerSize; i++, p += innerStride) {
          d[p] = f[s + i];
        }
      } else {
        double[] d = (double[]) data;
        double[] f = (double[]) src;
        for (int i = 0, p = pos; i < innerSize; i++, p += innerStride) {
          d[p] = f[s + i];
        }
      }
      s += innerSize;
      for (int d = nd - 2; d >= 0; d--) {
        pos += strides[d];
        if (++idx[d] < shape[d]) {
          break;
        }
        pos -= strides[d] * shape[d];
        idx[d] = 0;
      }
    }
  }
}
