package dev.jgrad.autograd.ops;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.jgrad.autograd.access.TensorAccess.fresh;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;
import static dev.jgrad.autograd.access.TensorAccess.storageOf;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.kernels.Dtypes;
import dev.jgrad.autograd.storage.Shapes;
import dev.jgrad.autograd.storage.SizeLimits;
import java.util.Arrays;

/** Tensor factories: literals, constants, ranges and random tensors (from a {@link Generator}). */
public final class Factories {
  private Factories() {}

  public static Tensor of(float... values) {
    SizeLimits.numel("of", values.length);
    return fresh(values.clone(), new int[] {values.length}, DType.FLOAT32);
  }

  public static Tensor of(float[] data, int... shape) {
    int numel = SizeLimits.numel("of", shape);
    if (numel != data.length) {
      throw new IllegalArgumentException(
          "of: " + data.length + " values cannot fill a tensor of shape " + Shapes.str(shape) + " (" + numel
              + " elements)");
    }
    return fresh(data.clone(), shape.clone(), DType.FLOAT32);
  }

  public static Tensor of(float[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    float[] data = SizeLimits.allocate("of", rows.length, cols);
    for (int r = 0; r < rows.length; r++) {
      if (rows[r].length != cols) {
        throw new IllegalArgumentException(
            "of: expected sequence of length " + cols + " at dim 1 (got " + rows[r].length + " in row " + r + ")");
      }
      System.arraycopy(rows[r], 0, data, r * cols, cols);
    }
    return fresh(data, new int[] {rows.length, cols}, DType.FLOAT32);
  }

  public static Tensor ofLongs(long... values) {
    return fresh(values.clone(), new int[] {values.length});
  }

  public static Tensor scalar(float value) {
    return fresh(new float[] {value}, Shapes.SCALAR, DType.FLOAT32);
  }

  public static Tensor full(int[] shape, float value) {
    return full(shape, value, "full");
  }

  /** {@code full} in the default dtype as {@code op} ({@code zeros}, {@code ones}), the name its errors show. */
  public static Tensor full(int[] shape, float value, String op) {
    return full(shape, value, Dtypes.defaultDtype(), op);
  }

  /** {@code full} of any dtype: the value is converted as {@code to(dtype)} would convert it. */
  public static Tensor full(int[] shape, double value, DType dtype, String op) {
    Object data = Elements.allocate(op, shape, dtype);
    if (value != 0) {
      switch (dtype) {
        case FLOAT32 -> Arrays.fill((float[]) data, (float) value);
        case FLOAT64 -> Arrays.fill((double[]) data, value);
        case INT64 -> Arrays.fill((long[]) data, (long) value);
        case BOOL -> Arrays.fill((boolean[]) data, true);
      }
    }
    return Elements.tensor(data, shape.clone(), dtype);
  }

  /** A tensor of {@code dtype} from row-major doubles (copied and converted as {@code to(dtype)} would). */
  public static Tensor of(double[] data, int[] shape, DType dtype) {
    int numel = SizeLimits.numel("of", shape);
    if (numel != data.length) {
      throw new IllegalArgumentException(
          "of: " + data.length + " values cannot fill a tensor of shape " + Shapes.str(shape) + " (" + numel
              + " elements)");
    }
    return Elements.as(fresh(data.clone(), shape.clone()), dtype);
  }

  public static Tensor fullLike(Tensor t, float value) {
    return full(shapeOf(t), value, t.dtype(), value == 0f ? "zerosLike" : value == 1f ? "onesLike" : "fullLike");
  }

  public static Tensor arange(long start, long end, long step) {
    checkArgument(step != 0, "arange: step must be nonzero");
    checkArgument(!(end > start && step < 0) && !(end < start && step > 0),
        "arange: upper bound and larger bound inconsistent with step sign (start %s, end %s, step %s)",
        start, end, step);
    long n;
    try {
      long span = Math.subtractExact(end, start);
      n = span / step + (span % step != 0 ? 1 : 0);
    } catch (ArithmeticException e) {
      n = Long.MAX_VALUE;   // the range is wider than a long, so its count is far beyond what a tensor holds
    }
    long[] data = SizeLimits.allocateLongs("arange", SizeLimits.shape("arange", n));
    for (int i = 0; i < n; i++) {
      data[i] = start + i * step;
    }
    return fresh(data, new int[] {(int) n});
  }

  /**
   * float32 arange, value for value like PyTorch's CPU kernel (RangeFactoriesKernel.cpp, AVX2 build): values are
   * {@code start + i * step} in double, except that the kernel fills blocks of 8 from a float32 base
   * {@code b = (float) (start + idx * step)} as {@code (float) (b + j * step)}, so inside the vectorised part
   * some values round differently (e.g. arange(0, 100, 0.3)[11] is 3.3000002, not 3.3). See {@link #rangeFill}.
   */
  public static Tensor arange(double start, double end, double step) {
    return arange(start, end, step, Dtypes.defaultDtype());
  }

  /**
   * arange of a floating dtype. float32 as {@link #arange(double, double, double)}; float64 likewise with double
   * blocks of 4 (AVX2's double lanes): the base {@code start + idx * step} is one fma and each block value
   * {@code base + j * step} rounds twice, as the kernel's {@code Vectorized<double>::arange} does.
   */
  public static Tensor arange(double start, double end, double step, DType dtype) {
    checkArgument(dtype.isFloatingPoint(), "arange: expected a floating dtype, got %s", dtype.torchName());
    checkArgument(step != 0, "arange: step must be nonzero");
    checkArgument(!((end - start) * step < 0),
        "arange: upper bound and larger bound inconsistent with step sign (start %s, end %s, step %s)",
        start, end, step);
    double count = Math.ceil((end - start) / step);
    checkArgument(Double.isFinite(count), "arange: unsupported range: %s -> %s (step %s)", start, end, step);
    // (long) saturates at Long.MAX_VALUE, which the size check then rejects with the count
    int[] shape = SizeLimits.shape("arange", (long) count);
    if (dtype == DType.FLOAT64) {
      double[] data = SizeLimits.allocateDoubles("arange", shape);
      rangeFill(data.length, VEC_DOUBLE, (idx, vectorBase) -> {
        double base = Math.fma(step, idx, start);
        return vectorBase ? j -> Math.fma(j, step, base) : j -> base;
      }, (i, v) -> data[i] = v);
      return fresh(data, shape);
    }
    float[] data = SizeLimits.allocate("arange", shape);
    int n = data.length;
    rangeFill(n, VEC, (idx, vectorBase) -> {
      if (vectorBase) {
        float base = (float) Math.fma(step, idx, start);
        return j -> (float) Math.fma(j, step, base);
      }
      return j -> (float) Math.fma(step, idx, start);
    }, (i, v) -> data[i] = (float) v);
    return fresh(data, new int[] {n}, DType.FLOAT32);
  }

  /**
   * PyTorch's float32 linspace, value for value (AVX2 build): the step is {@code (end - start) / (steps - 1)} in
   * float; the first half counts up from start and the second half down from end, each value rounded once (the
   * compiler fuses {@code start + step * i} into one FMA); blocks of 8 start from such a value and add
   * {@code j * step} rounded separately. So linspace(-1, 1, 7)[3] is -2.9802e-08, as PyTorch prints it, not 0.
   */
  public static Tensor linspace(double start, double end, int steps) {
    return linspace(start, end, steps, Dtypes.defaultDtype());
  }

  /**
   * linspace of a floating dtype: float32 as {@link #linspace(double, double, int)}; float64 by the same rule in
   * double with blocks of 4.
   */
  public static Tensor linspace(double start, double end, int steps, DType dtype) {
    checkArgument(dtype.isFloatingPoint(), "linspace: expected a floating dtype, got %s", dtype.torchName());
    checkArgument(steps >= 0, "linspace: number of steps must be non-negative, got %s", steps);
    if (dtype == DType.FLOAT64) {
      double[] data = SizeLimits.allocateDoubles("linspace", steps);
      if (steps == 1) {
        data[0] = start;
      } else if (steps > 1) {
        double step = (end - start) / (steps - 1);
        int half = steps / 2;
        rangeFill(steps, VEC_DOUBLE, (idx, vectorBase) -> {
          double base = idx < half ? Math.fma(step, idx, start) : Math.fma(-step, steps - idx - 1, end);
          return vectorBase ? j -> base + j * step : j -> base;
        }, (i, v) -> data[i] = v);
      }
      return fresh(data, new int[] {steps});
    }
    float[] data = SizeLimits.allocate("linspace", steps);
    if (steps == 1) {
      data[0] = (float) start;
    } else if (steps > 1) {
      float s = (float) start;
      float e = (float) end;
      float step = (e - s) / (steps - 1);
      int half = steps / 2;
      rangeFill(steps, VEC, (idx, vectorBase) -> {
        float base = idx < half ? Math.fma(step, (float) idx, s) : Math.fma(-step, (float) (steps - idx - 1), e);
        if (vectorBase) {
          return j -> base + j * step;          // two roundings here (measured against PyTorch)
        }
        return j -> base;
      }, (i, v) -> data[i] = (float) v);
    }
    return fresh(data, new int[] {steps}, DType.FLOAT32);
  }

  /** The value at offset j of a block, or of a single element (j = 0). */
  interface Offset {
    double at(int j);
  }

  /** Where a range's values go. */
  interface Sink {
    void set(int i, double value);
  }

  /** How element {@code idx} (or the block of 8 starting there, when {@code vectorBase}) is computed. */
  interface RangeRule {
    Offset at(int idx, boolean vectorBase);
  }

  /** Float32 vector width of PyTorch's AVX2 (and default) CPU kernels. */
  private static final int VEC = 8;
  /** Float64 vector width of the same kernels. */
  private static final int VEC_DOUBLE = 4;

  /**
   * The loop structure of PyTorch's cpu_serial_kernel_vec for a contiguous 1-D output: blocks of 2 x {@code vec}
   * elements through the vector rule while that many remain, the tail element by element through the scalar rule.
   */
  private static void rangeFill(int n, int vec, RangeRule rule, Sink out) {
    int i = 0;
    for (; i <= n - 2 * vec; i += 2 * vec) {
      for (int b = i; b < i + 2 * vec; b += vec) {
        Offset block = rule.at(b, true);
        for (int j = 0; j < vec; j++) {
          out.set(b + j, block.at(j));
        }
      }
    }
    for (; i < n; i++) {
      out.set(i, rule.at(i, false).at(0));
    }
  }

  public static Tensor eye(int n, int m) {
    return eye(n, m, Dtypes.defaultDtype());
  }

  /** The n x m identity of any dtype. */
  public static Tensor eye(int n, int m, DType dtype) {
    Tensor r = full(new int[] {n, m}, 0, dtype, "eye");
    Object one = Elements.copy(full(Shapes.SCALAR, 1, dtype, "eye"));
    Object data = storageOf(r).array();
    for (int i = 0; i < Math.min(n, m); i++) {
      System.arraycopy(one, 0, data, i * m + i, 1);
    }
    return r;
  }

  public static Tensor randn(Generator g, int... shape) {
    return randn(g, Dtypes.defaultDtype(), shape);
  }

  /** Standard normal samples of a floating dtype, drawn as {@code torch.randn(shape, dtype=...)} draws them. */
  public static Tensor randn(Generator g, DType dtype, int... shape) {
    checkArgument(dtype.isFloatingPoint(), "randn: \"normal_kernel_cpu\" not implemented for '%s'",
        dtype.scalarTypeName());
    if (dtype == DType.FLOAT64) {
      double[] data = SizeLimits.allocateDoubles("randn", shape);
      g.normal(data, 0, data.length, 0.0, 1.0);
      return fresh(data, shape.clone());
    }
    float[] data = SizeLimits.allocate("randn", shape);
    g.normal(data, 0, data.length, 0.0, 1.0);
    return fresh(data, shape.clone(), DType.FLOAT32);
  }

  public static Tensor rand(Generator g, int... shape) {
    return rand(g, Dtypes.defaultDtype(), shape);
  }

  /** Uniform samples in [0, 1) of a floating dtype, as {@code torch.rand(shape, dtype=...)}. */
  public static Tensor rand(Generator g, DType dtype, int... shape) {
    checkArgument(dtype.isFloatingPoint(), "rand: \"check_uniform_bounds\" not implemented for '%s'",
        dtype.scalarTypeName());
    if (dtype == DType.FLOAT64) {
      double[] data = SizeLimits.allocateDoubles("rand", shape);
      g.uniform(data, 0, data.length, 0.0, 1.0);
      return fresh(data, shape.clone());
    }
    float[] data = SizeLimits.allocate("rand", shape);
    g.uniform(data, 0, data.length, 0.0, 1.0);
    return fresh(data, shape.clone(), DType.FLOAT32);
  }

  public static Tensor randint(Generator g, long low, long high, int... shape) {
    SizeLimits.numel("randint", shape);
    checkArgument(low < high,
        "randint: random_ expects 'from' to be less than 'to', but got from=%s >= to=%s", low, high);
    long[] data = SizeLimits.allocateLongs("randint", shape);
    g.randint(data, 0, data.length, low, high);
    return fresh(data, shape.clone());
  }

  public static Tensor randperm(Generator g, int n) {
    checkArgument(n >= 0, "randperm: n must be non-negative, got %s", n);
    long[] data = SizeLimits.allocateLongs("randperm", n);
    int[] perm = g.randperm(n);
    for (int i = 0; i < n; i++) {
      data[i] = perm[i];
    }
    return fresh(data, new int[] {n});
  }
}
