package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.access.TensorAccess.shapeOf;
import static dev.jgrad.autograd.access.TensorAccess.storageOf;
import static dev.jgrad.autograd.access.TensorAccess.stridesOf;

import dev.jgrad.autograd.Tensor;

/**
 * The one strided walk: copies any view (transposed, sliced, expanded with stride 0) into row-major order, and
 * writes row-major values back into any view. Every op reads non-contiguous input through here.
 */
public final class Strided {
  private Strided() {}

  /** Copies the elements of {@code src} in row-major order into {@code out} starting at {@code outOff}. */
  public static void copy(Tensor src, float[] out, int outOff) {
    int nd = shapeOf(src).length;
    int n = src.numel();
    if (n == 0) {
      return;
    }
    float[] data = storageOf(src).data;
    if (nd == 0) {
      out[outOff] = data[src.storageOffset()];
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
      } else if (innerStride == 0) {
        java.util.Arrays.fill(out, o, o + innerSize, data[pos]);
      } else {
        for (int i = 0, p = pos; i < innerSize; i++, p += innerStride) {
          out[o + i] = data[p];
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

  /** Writes row-major {@code src} into the elements of view {@code dst}. */
  static void write(float[] src, int srcOff, Tensor dst) {
    int nd = shapeOf(dst).length;
    int n = dst.numel();
    if (n == 0) {
      return;
    }
    float[] data = storageOf(dst).data;
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
      for (int i = 0, p = pos; i < innerSize; i++, p += innerStride) {
        data[p] = src[s + i];
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
