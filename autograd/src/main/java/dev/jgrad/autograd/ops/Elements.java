package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.access.TensorAccess.dataOf;
import static dev.jgrad.autograd.access.TensorAccess.doublesOf;
import static dev.jgrad.autograd.access.TensorAccess.fresh;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.storage.SizeLimits;

/**
 * A tensor's element array as an {@code Object}: a {@code double[]} for float64, a {@code float[]} otherwise. Ops
 * that only move elements (cat, flip, repeat, pad, gather, clone) are written once over these with
 * {@link System#arraycopy}, which takes either kind, as {@link Strided} does.
 */
final class Elements {
  private Elements() {}

  /** The contiguous array behind {@code t} (no copy when contiguous); its data starts at {@code dataOffsetOf(t)}. */
  static Object of(Tensor t) {
    return t.dtype() == DType.FLOAT64 ? doublesOf(t) : dataOf(t);
  }

  /** A row-major copy of {@code t}'s elements. */
  static Object copy(Tensor t) {
    return t.dtype() == DType.FLOAT64 ? t.toDoubleArray() : t.toArray();
  }

  /** A zeroed array for a tensor of {@code dtype} and {@code shape}, with {@code op}'s size checks. */
  static Object allocate(String op, int[] shape, DType dtype) {
    return dtype == DType.FLOAT64 ? SizeLimits.allocateDoubles(op, shape) : SizeLimits.allocate(op, shape);
  }

  /** A fresh tensor owning {@code data} (from {@link #allocate} or {@link #copy} for {@code dtype}). */
  static Tensor tensor(Object data, int[] shape, DType dtype) {
    return dtype == DType.FLOAT64 ? fresh((double[]) data, shape) : fresh((float[]) data, shape, dtype);
  }

  /** Writes {@code src}'s elements in row-major order into view {@code dst} of the same dtype and numel. */
  static void write(Tensor src, Tensor dst) {
    if (src.dtype() == DType.FLOAT64) {
      Strided.write(src.toDoubleArray(), 0, dst);
    } else {
      Strided.write(src.toArray(), 0, dst);
    }
  }
}
