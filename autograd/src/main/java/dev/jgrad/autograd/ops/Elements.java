package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.access.TensorAccess.fresh;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;
import static dev.jgrad.autograd.access.TensorAccess.storageOf;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.storage.SizeLimits;

/**
 * A tensor's element array as an {@code Object}: {@code float[]} for float32, {@code double[]} for float64,
 * {@code long[]} for int64, {@code boolean[]} for bool. Ops that only move elements (cat, flip, repeat, pad, gather,
 * clone) are written once over these with {@link System#arraycopy}, which takes any kind, as {@link Strided} does;
 * {@link #convert} is the one place values change dtype.
 */
public final class Elements {
  private Elements() {}

  /** The contiguous array behind {@code t} (no copy when contiguous); its data starts at {@code dataOffsetOf(t)}. */
  static Object of(Tensor t) {
    return t.isContiguous() ? storageOf(t).array() : copy(t);
  }

  /** A row-major copy of {@code t}'s elements. */
  public static Object copy(Tensor t) {
    Object out = allocate("copy of a strided view", shapeOf(t), t.dtype());
    if (t.isContiguous()) {
      System.arraycopy(storageOf(t).array(), t.storageOffset(), out, 0, t.numel());
    } else {
      Strided.copy(t, out, 0);
    }
    return out;
  }

  /** A zeroed array for a tensor of {@code dtype} and {@code shape}, with {@code op}'s size checks. */
  static Object allocate(String op, int[] shape, DType dtype) {
    return switch (dtype) {
      case FLOAT32 -> SizeLimits.allocate(op, shape);
      case FLOAT64 -> SizeLimits.allocateDoubles(op, shape);
      case INT64 -> SizeLimits.allocateLongs(op, shape);
      case BOOL -> SizeLimits.allocateBools(op, shape);
    };
  }

  /** A fresh tensor owning {@code data} (from {@link #allocate} or {@link #copy} for {@code dtype}). */
  public static Tensor tensor(Object data, int[] shape, DType dtype) {
    return switch (dtype) {
      case FLOAT32 -> fresh((float[]) data, shape, DType.FLOAT32);
      case FLOAT64 -> fresh((double[]) data, shape);
      case INT64 -> fresh((long[]) data, shape);
      case BOOL -> fresh((boolean[]) data, shape);
    };
  }

  /** Writes {@code src}'s elements in row-major order into view {@code dst} of the same dtype and numel. */
  static void write(Tensor src, Tensor dst) {
    Strided.write(of(src), src.isContiguous() ? src.storageOffset() : 0, dst);
  }

  /**
   * {@code t}'s values in row-major order converted to {@code to}'s element array, as PyTorch's {@code to(dtype)}
   * converts: floating to integer truncates toward zero, anything to bool tests for non-zero, int64 to a floating
   * dtype rounds to nearest. Always a fresh array.
   */
  public static Object convert(Tensor t, DType to) {
    if (t.dtype() == to) {
      return copy(t);
    }
    Object in = of(t);
    int o = t.isContiguous() ? t.storageOffset() : 0;
    int n = t.numel();
    Object out = allocate("to", shapeOf(t), to);
    // One loop per (from, to) pair, so each is a plain conversion loop with no per-element dispatch.
    if (in instanceof float[] f) {
      switch (to) {
        case FLOAT64 -> { double[] r = (double[]) out; for (int i = 0; i < n; i++) r[i] = f[o + i]; }
        case INT64 -> { long[] r = (long[]) out; for (int i = 0; i < n; i++) r[i] = (long) f[o + i]; }
        default -> { boolean[] r = (boolean[]) out; for (int i = 0; i < n; i++) r[i] = f[o + i] != 0; }
      }
    } else if (in instanceof double[] d) {
      switch (to) {
        case FLOAT32 -> { float[] r = (float[]) out; for (int i = 0; i < n; i++) r[i] = (float) d[o + i]; }
        case INT64 -> { long[] r = (long[]) out; for (int i = 0; i < n; i++) r[i] = (long) d[o + i]; }
        default -> { boolean[] r = (boolean[]) out; for (int i = 0; i < n; i++) r[i] = d[o + i] != 0; }
      }
    } else if (in instanceof long[] l) {
      switch (to) {
        case FLOAT32 -> { float[] r = (float[]) out; for (int i = 0; i < n; i++) r[i] = (float) l[o + i]; }
        case FLOAT64 -> { double[] r = (double[]) out; for (int i = 0; i < n; i++) r[i] = (double) l[o + i]; }
        default -> { boolean[] r = (boolean[]) out; for (int i = 0; i < n; i++) r[i] = l[o + i] != 0; }
      }
    } else {
      boolean[] b = (boolean[]) in;
      switch (to) {
        case FLOAT32 -> { float[] r = (float[]) out; for (int i = 0; i < n; i++) r[i] = b[o + i] ? 1f : 0f; }
        case FLOAT64 -> { double[] r = (double[]) out; for (int i = 0; i < n; i++) r[i] = b[o + i] ? 1d : 0d; }
        default -> { long[] r = (long[]) out; for (int i = 0; i < n; i++) r[i] = b[o + i] ? 1L : 0L; }
      }
    }
    return out;
  }

  /** {@code t} converted to {@code to} as a fresh tensor with no history ({@code t} itself when it already is). */
  public static Tensor as(Tensor t, DType to) {
    return t.dtype() == to ? t : tensor(convert(t, to), shapeOf(t).clone(), to);
  }

  /** {@code t}'s values in row-major order as longs: exact for int64 and bool (the contiguous array when int64). */
  public static long[] longs(Tensor t) {
    return t.dtype() == DType.INT64 && t.isContiguous() && t.storageOffset() == 0
        && storageOf(t).longs().length == t.numel() ? storageOf(t).longs() : (long[]) convert(t, DType.INT64);
  }

  /** {@code t}'s values in row-major order as booleans (non-zero is true). */
  public static boolean[] bools(Tensor t) {
    return t.dtype() == DType.BOOL && t.isContiguous() && t.storageOffset() == 0
        && storageOf(t).bools().length == t.numel() ? storageOf(t).bools() : (boolean[]) convert(t, DType.BOOL);
  }

  /** {@code into[i] = from[i]} where {@code mask[i]}; both arrays of one kind. */
  static void select(boolean[] mask, Object from, Object into) {
    int n = mask.length;
    if (into instanceof float[] o) {
      float[] f = (float[]) from;
      for (int i = 0; i < n; i++) if (mask[i]) o[i] = f[i];
    } else if (into instanceof double[] o) {
      double[] f = (double[]) from;
      for (int i = 0; i < n; i++) if (mask[i]) o[i] = f[i];
    } else if (into instanceof long[] o) {
      long[] f = (long[]) from;
      for (int i = 0; i < n; i++) if (mask[i]) o[i] = f[i];
    } else {
      boolean[] o = (boolean[]) into;
      boolean[] f = (boolean[]) from;
      for (int i = 0; i < n; i++) if (mask[i]) o[i] = f[i];
    }
  }

  /**
   * {@code into[i] = value} where {@code mask[i]}, the value converted as PyTorch writes a Python number into a
   * tensor: rounded to float for float32, truncated for int64, non-zero for bool.
   */
  static void fill(boolean[] mask, Object into, double value) {
    int n = mask.length;
    if (into instanceof float[] o) {
      float v = (float) value;
      for (int i = 0; i < n; i++) if (mask[i]) o[i] = v;
    } else if (into instanceof double[] o) {
      for (int i = 0; i < n; i++) if (mask[i]) o[i] = value;
    } else if (into instanceof long[] o) {
      long v = (long) value;
      for (int i = 0; i < n; i++) if (mask[i]) o[i] = v;
    } else {
      boolean[] o = (boolean[]) into;
      for (int i = 0; i < n; i++) if (mask[i]) o[i] = value != 0;
    }
  }
}
