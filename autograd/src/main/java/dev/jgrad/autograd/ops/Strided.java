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
   * The walk for every element array: {@code out} is an array of the same kind as the storage. Runs go through
   * {@link System#arraycopy}, which takes any; the element loops test the kind once per row.
   */
  private static void copyInto(Tensor src, Object out, int outOff) {
    int nd = shapeOf(src).length;
    int n = src.numel();
    if (n == 0) {
      return;
    }
    Storage storage = storageOf(src);
    Object data = storage.array();
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
      } else {
        run(data, pos, innerStride, out, o, 1, innerSize);
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

  /** Copies the elements of {@code src} in row-major order into {@code out}, an array of its element kind. */
  public static void copy(Tensor src, Object out, int outOff) {
    copyInto(src, out, outOff);
  }

  /** Copies the elements of int64 {@code src} in row-major order into {@code out} from {@code outOff}. */
  public static void copy(Tensor src, long[] out, int outOff) {
    copyInto(src, out, outOff);
  }

  /** Copies the elements of bool {@code src} in row-major order into {@code out} from {@code outOff}. */
  public static void copy(Tensor src, boolean[] out, int outOff) {
    copyInto(src, out, outOff);
  }

  /**
   * Moves {@code n} elements from {@code from} (every {@code fromStride}-th from {@code f}) to {@code to} (every
   * {@code toStride}-th from {@code t}); both arrays of one primitive kind. The kind is tested once per run.
   */
  private static void run(Object from, int f, int fromStride, Object to, int t, int toStride, int n) {
    if (from instanceof float[] a) {
      float[] b = (float[]) to;
      if (fromStride == 0) {
        for (int i = 0; i < n; i++, t += toStride) {
          b[t] = a[f];
        }
        return;
      }
      for (int i = 0; i < n; i++, f += fromStride, t += toStride) {
        b[t] = a[f];
      }
    } else if (from instanceof double[] a) {
      double[] b = (double[]) to;
      for (int i = 0; i < n; i++, f += fromStride, t += toStride) {
        b[t] = a[f];
      }
    } else if (from instanceof long[] a) {
      long[] b = (long[]) to;
      for (int i = 0; i < n; i++, f += fromStride, t += toStride) {
        b[t] = a[f];
      }
    } else {
      boolean[] a = (boolean[]) from;
      boolean[] b = (boolean[]) to;
      for (int i = 0; i < n; i++, f += fromStride, t += toStride) {
        b[t] = a[f];
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

  /** Writes row-major {@code src} (the element array of {@code dst}'s dtype) into the elements of view {@code dst}. */
  static void write(Object src, int srcOff, Tensor dst) {
    writeFrom(src, srcOff, dst);
  }

  private static void writeFrom(Object src, int srcOff, Tensor dst) {
    int nd = shapeOf(dst).length;
    int n = dst.numel();
    if (n == 0) {
      return;
    }
    Storage storage = storageOf(dst);
    Object data = storage.array();
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
      run(src, s, 1, data, pos, innerStride, innerSize);
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
