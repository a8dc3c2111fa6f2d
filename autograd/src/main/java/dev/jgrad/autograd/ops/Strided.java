package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;

/**
 * The one strided walk: copies any view (transposed, sliced, expanded with stride 0) into row-major order, and
 * writes row-major values back into any view. Every op reads non-contiguous input through here.
 */
public final class Strided {
  private Strided() {}

  /** Copies the elements of {@code src} in row-major order into {@code out} starting at {@code outOff}. */
  public static void copy(Tensor src, float[] out, int outOff) {
    int nd = src.shape.length;
    int n = src.numel();
    if (n == 0) {
      return;
    }
    float[] data = src.storage.data;
    if (nd == 0) {
      out[outOff] = data[src.offset];
      return;
    }
    int[] shape = src.shape;
    int[] strides = src.strides;
    int innerSize = shape[nd - 1];
    int innerStride = strides[nd - 1];
    int[] idx = new int[nd];
    int pos = src.offset;
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
    int nd = dst.shape.length;
    int n = dst.numel();
    if (n == 0) {
      return;
    }
    float[] data = dst.storage.data;
    if (dst.contiguous) {
      System.arraycopy(src, srcOff, data, dst.offset, n);
      return;
    }
    int[] shape = dst.shape;
    int[] strides = dst.strides;
    int innerSize = shape[nd - 1];
    int innerStride = strides[nd - 1];
    int[] idx = new int[nd];
    int pos = dst.offset;
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
