package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.kernels.BinaryOp;
import dev.jgrad.autograd.kernels.Erf;
import dev.jgrad.autograd.kernels.Kernels;
import dev.jgrad.autograd.kernels.ParallelBlocks;
import dev.jgrad.autograd.kernels.UnaryOp;

/**
 * Elementwise inner loops over contiguous float arrays, for the ops of the {@link BinaryOp} and {@link UnaryOp}
 * tables (the rows with a kernel go to {@link Kernels}). Each op is one tight loop with the op switch outside it, so
 * C2 auto-vectorises it (measured ~90 GB/s for simple maps on this machine; see docs/PERFORMANCE.md) and no lambda is
 * called per element. Strided and broadcast inputs are made contiguous by {@link Tensor#contiguous()} first, so
 * the strided walk is written once. Large work is shared between cores in fixed blocks ({@link ParallelBlocks});
 * every op is elementwise, so no element's value depends on the split.
 */
final class Loops {
  private Loops() {}

  /** out[i] = a[i] op b[i]. */
  static void binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
    int cost = op == BinaryOp.POW ? POW_COST : 1;
    if ((long) n * cost < ParallelBlocks.MIN_PARALLEL) {
      binaryRange(op, a, ao, b, bo, o, oo, n);
    } else {
      ParallelBlocks.forRange(n, cost, (from, to) -> binaryRange(op, a, ao + from, b, bo + from, o, oo + from,
          to - from));
    }
  }

  /**
   * Relative costs per element (an add is 1), from 1e6-float timings on one core (JDK 17, vector kernels): they
   * only decide whether a call is large enough to share, so rough values do.
   */
  private static final int POW_COST = 20;

  private static int unaryCost(UnaryOp op) {
    return switch (op) {
      case NEG, RELU, ABS, RECIPROCAL, COPY, CLAMP, CLAMP_MIN, CLAMP_MAX, ISNAN, SIGN, LEAKY_RELU, HARDTANH,
          THRESHOLD, HARDSIGMOID, HARDSWISH, FLOOR, CEIL, ROUND, SQRT -> 1;
      case EXP, SIGMOID, LOG, TANH, GELU_TANH -> 4;
      case GELU -> 8;
      default -> 20;   // double-precision library calls per element (sin, expm1, erf, ...)
    };
  }

  private static void binaryRange(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
    if (op.kernel) {
      // C2 on JDK 17 leaves these loops scalar here (~0.6-1 ms for 1e6 floats); the kernels run 4 ops at 0.2 ms.
      Kernels.get().binary(op, a, ao, b, bo, o, oo, n);
    } else {
      for (int i = 0; i < n; i++) {
        o[oo + i] = scalarBinary(op, a[ao + i], b[bo + i]);
      }
    }
  }

  /** out[i] = a[i] op s (scalarLeft false) or s op a[i] (scalarLeft true). */
  static void binaryScalar(BinaryOp op, float[] a, int ao, float s, boolean scalarLeft, float[] o, int oo, int n) {
    int cost = op == BinaryOp.POW ? POW_COST : 1;
    if ((long) n * cost < ParallelBlocks.MIN_PARALLEL) {
      binaryScalarRange(op, a, ao, s, scalarLeft, o, oo, n);
    } else {
      ParallelBlocks.forRange(n, cost, (from, to) -> binaryScalarRange(op, a, ao + from, s, scalarLeft, o,
          oo + from, to - from));
    }
  }

  private static void binaryScalarRange(BinaryOp op, float[] a, int ao, float s, boolean scalarLeft, float[] o,
                                        int oo, int n) {
    if (op.kernel) {
      // Only SUB and DIV look at the side: a + s and s + a (likewise the products) are the same IEEE operation.
      Kernels.get().binaryScalar(op, a, ao, s, scalarLeft, o, oo, n);
      return;
    }
    if (!scalarLeft) {
      if (op == BinaryOp.POW) {
        powScalar(a, ao, s, o, oo, n);
      } else {
        for (int i = 0; i < n; i++) o[oo + i] = scalarBinary(op, a[ao + i], s);
      }
      return;
    }
    for (int i = 0; i < n; i++) o[oo + i] = scalarBinary(op, s, a[ao + i]);
  }

  /** PyTorch special-cases small integral and half exponents (x*x for 2, sqrt for 0.5, ...). */
  private static void powScalar(float[] a, int ao, float p, float[] o, int oo, int n) {
    if (p == 2f) {
      for (int i = 0; i < n; i++) { float v = a[ao + i]; o[oo + i] = v * v; }
    } else if (p == 3f) {
      for (int i = 0; i < n; i++) { float v = a[ao + i]; o[oo + i] = v * v * v; }
    } else if (p == 1f) {
      System.arraycopy(a, ao, o, oo, n);
    } else if (p == 0.5f) {
      for (int i = 0; i < n; i++) o[oo + i] = (float) Math.sqrt(a[ao + i]);
    } else if (p == -1f) {
      for (int i = 0; i < n; i++) o[oo + i] = 1f / a[ao + i];
    } else if (p == -2f) {
      for (int i = 0; i < n; i++) { float v = a[ao + i]; o[oo + i] = 1f / (v * v); }
    } else {
      for (int i = 0; i < n; i++) o[oo + i] = (float) Math.pow(a[ao + i], p);
    }
  }

  static float scalarBinary(BinaryOp op, float x, float y) {
    return switch (op) {
      case ADD -> x + y;
      case SUB -> x - y;
      case MUL -> x * y;
      case DIV -> x / y;
      case POW -> y == 2f ? x * x : (float) Math.pow(x, y);
      case MAXIMUM -> Float.isNaN(x) || Float.isNaN(y) ? Float.NaN : Math.max(x, y);
      case MINIMUM -> Float.isNaN(x) || Float.isNaN(y) ? Float.NaN : Math.min(x, y);
      case EQ -> x == y ? 1f : 0f;
      case NE -> x != y ? 1f : 0f;
      case GT -> x > y ? 1f : 0f;
      case GE -> x >= y ? 1f : 0f;
      case LT -> x < y ? 1f : 0f;
      case LE -> x <= y ? 1f : 0f;
      case REMAINDER -> remainder(x, y);
      case DIV_TRUNC -> (float) truncate(x / y);
      case DIV_FLOOR -> divFloor(x, y);
    };
  }

  /** PyTorch's float remainder: fmod, moved by the divisor when the signs differ. */
  private static float remainder(float x, float y) {
    float mod = x % y;
    return mod != 0 && (y < 0) != (mod < 0) ? mod + y : mod;
  }

  /** PyTorch's div_floor_floating in float: exact quotients via fmod, then floor (a zero divisor gives x / 0). */
  private static float divFloor(float x, float y) {
    if (y == 0) {
      return x / y;
    }
    float mod = x % y;
    float div = (x - mod) / y;
    if (mod != 0 && (y < 0) != (mod < 0)) {
      div -= 1f;
    }
    if (div == 0) {
      return Math.copySign(0f, x / y);
    }
    float floor = (float) Math.floor(div);
    return div - floor > 0.5f ? floor + 1f : floor;
  }

  private static double truncate(double q) {
    return q < 0 ? Math.ceil(q) : Math.floor(q);
  }

  // Unary ops: p1, p2 are op parameters such as clamp bounds or a negative slope.

  static void unary(UnaryOp op, float[] a, int ao, float[] o, int oo, int n, float p1, float p2) {
    int cost = unaryCost(op);
    if ((long) n * cost < ParallelBlocks.MIN_PARALLEL) {
      unaryRange(op, a, ao, o, oo, n, p1, p2);
    } else {
      ParallelBlocks.forRange(n, cost, (from, to) -> unaryRange(op, a, ao + from, o, oo + from, to - from, p1, p2));
    }
  }

  private static void unaryRange(UnaryOp op, float[] a, int ao, float[] o, int oo, int n, float p1, float p2) {
    switch (op) {
      case NEG: for (int i = 0; i < n; i++) o[oo + i] = -a[ao + i]; return;
      // C2 on JDK 17 does not vectorise Math.max(float): the kernels do (5× faster on 128K floats).
      case RELU: Kernels.get().relu(a, ao, o, oo, n); return;
      case ABS: for (int i = 0; i < n; i++) o[oo + i] = Math.abs(a[ao + i]); return;
      case RECIPROCAL: for (int i = 0; i < n; i++) o[oo + i] = 1f / a[ao + i]; return;
      case COPY: System.arraycopy(a, ao, o, oo, n); return;
      // SIMD polynomials in the vector kernels (exp: 0.6 ms instead of 17 ms for 1e6 floats on JDK 17), within
      // 1-2 ulp of the double-precision results that the plain-Java kernels and scalarUnary give.
      // For GELU the plain-Java kernels repeat scalarUnary's double formulas bit for bit; the vector ones evaluate
      // x·Φ(x) through the normal tail (no cancellation for x < 0) and x / (1 + exp(-2u)) for the tanh form.
      case EXP: case LOG: case TANH: case SIGMOID: case GELU: case GELU_TANH:
        Kernels.get().unary(op, a, ao, o, oo, n);
        return;
      case SQRT: for (int i = 0; i < n; i++) o[oo + i] = (float) Math.sqrt(a[ao + i]); return;
      case CLAMP:
        for (int i = 0; i < n; i++) {
          float v = a[ao + i];
          o[oo + i] = Float.isNaN(v) ? v : Math.min(Math.max(v, p1), p2);
        }
        return;
      // Math.max/min return NaN for a NaN input, as PyTorch's clamp_min/clamp_max do.
      case CLAMP_MIN: for (int i = 0; i < n; i++) o[oo + i] = Math.max(a[ao + i], p1); return;
      case CLAMP_MAX: for (int i = 0; i < n; i++) o[oo + i] = Math.min(a[ao + i], p1); return;
      default:
        for (int i = 0; i < n; i++) {
          o[oo + i] = scalarUnary(op, a[ao + i], p1, p2);
        }
    }
  }

  private static final double SQRT1_2 = Math.sqrt(0.5);
  private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
  /** SELU's scale and alpha·scale, rounded to float and multiplied in float, as PyTorch's ELU kernel does. */
  static final float SELU_SCALE = (float) 1.0507009873554804934193349852946;
  static final float SELU_NEGCOEF = (float) 1.6732632423543772848170429916717 * SELU_SCALE;

  static float scalarUnary(UnaryOp op, float xf, float p1, float p2) {
    double x = xf;
    return switch (op) {
      case NEG -> -xf;
      case EXP -> (float) Math.exp(x);
      case LOG -> (float) Math.log(x);
      case SQRT -> (float) Math.sqrt(x);
      case ABS -> Math.abs(xf);
      case SIN -> (float) Math.sin(x);
      case COS -> (float) Math.cos(x);
      case TANH -> (float) Math.tanh(x);
      // In float, like PyTorch: exp(100f) overflows to inf, so sigmoid(-100) is exactly 0 (not a denormal).
      case SIGMOID -> 1f / (1f + (float) Math.exp(-x));
      case RELU -> Math.max(xf, 0f);
      case SIGN -> Float.isNaN(xf) ? 0f : Math.signum(xf);
      case RECIPROCAL -> 1f / xf;
      case CLAMP -> Float.isNaN(xf) ? xf : Math.min(Math.max(xf, p1), p2);
      case EXPM1 -> (float) Math.expm1(x);
      case LOG1P -> (float) Math.log1p(x);
      case LOG2 -> (float) (Math.log(x) / Math.log(2.0));
      case RSQRT -> (float) (1.0 / Math.sqrt(x));
      case LEAKY_RELU -> xf > 0 ? xf : xf * p1;
      case GELU -> (float) (0.5 * x * (1.0 + Erf.erf(x * SQRT1_2)));
      case GELU_TANH -> (float) (0.5 * x * (1.0 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x))));
      case SILU -> (float) (x / (1.0 + Math.exp(-x)));
      case SOFTPLUS -> {
        double bx = p1 * x;
        yield bx > p2 ? xf : (float) (Math.log1p(Math.exp(bx)) / p1);
      }
      case ELU -> xf > 0 ? xf : (float) (p1 * Math.expm1(x));
      // CELU is PyTorch's ELU with input scale 1/alpha, and SELU its ELU with fixed float coefficients.
      case CELU -> xf > 0 ? xf : (float) (p1 * Math.expm1(xf * (float) (1.0 / p1)));
      case SELU -> xf > 0 ? xf * SELU_SCALE : (float) (SELU_NEGCOEF * Math.expm1(x));
      case HARDTANH -> Float.isNaN(xf) ? xf : Math.min(Math.max(xf, p1), p2);
      case THRESHOLD -> xf <= p1 ? p2 : xf;
      // In float, in PyTorch's order: min(max(x + 3, 0), 6) / 6 and x · that / 6.
      case HARDSIGMOID -> Math.min(Math.max(xf + 3f, 0f), 6f) / 6f;
      case HARDSWISH -> xf * Math.min(Math.max(xf + 3f, 0f), 6f) / 6f;
      case MISH -> (float) (x * Math.tanh(Math.log1p(Math.exp(x))));
      // min(x, 0) − log1p(exp(−|x|)): no overflow for either sign.
      case LOG_SIGMOID -> (float) (Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x))));
      case FLOOR -> (float) Math.floor(x);
      case CEIL -> (float) Math.ceil(x);
      case ROUND -> (float) Math.rint(x);
      case ERF -> (float) Erf.erf(x);
      case ISNAN -> Float.isNaN(xf) ? 1f : 0f;
      case COPY -> xf;
      case CLAMP_MIN -> Math.max(xf, p1);
      case CLAMP_MAX -> Math.min(xf, p1);
    };
  }
  // ------------------------------------------------------------------ float64: the same ops on doubles

  /** out[i] = a[i] op b[i] on doubles. */
  static void binary(BinaryOp op, double[] a, int ao, double[] b, int bo, double[] o, int oo, int n) {
    int cost = op == BinaryOp.POW ? POW_COST : 1;
    if ((long) n * cost < ParallelBlocks.MIN_PARALLEL) {
      binaryRange(op, a, ao, b, bo, o, oo, n);
    } else {
      ParallelBlocks.forRange(n, cost, (from, to) -> binaryRange(op, a, ao + from, b, bo + from, o, oo + from,
          to - from));
    }
  }

  private static void binaryRange(BinaryOp op, double[] a, int ao, double[] b, int bo, double[] o, int oo, int n) {
    if (op.kernel) {
      Kernels.get().binary(op, a, ao, b, bo, o, oo, n);
    } else {
      for (int i = 0; i < n; i++) {
        o[oo + i] = scalarBinary(op, a[ao + i], b[bo + i]);
      }
    }
  }

  /** out[i] = a[i] op s (scalarLeft false) or s op a[i] (scalarLeft true) on doubles. */
  static void binaryScalar(BinaryOp op, double[] a, int ao, double s, boolean scalarLeft, double[] o, int oo,
                           int n) {
    int cost = op == BinaryOp.POW ? POW_COST : 1;
    if ((long) n * cost < ParallelBlocks.MIN_PARALLEL) {
      binaryScalarRange(op, a, ao, s, scalarLeft, o, oo, n);
    } else {
      ParallelBlocks.forRange(n, cost, (from, to) -> binaryScalarRange(op, a, ao + from, s, scalarLeft, o,
          oo + from, to - from));
    }
  }

  private static void binaryScalarRange(BinaryOp op, double[] a, int ao, double s, boolean scalarLeft, double[] o,
                                        int oo, int n) {
    if (op.kernel) {
      Kernels.get().binaryScalar(op, a, ao, s, scalarLeft, o, oo, n);
    } else if (scalarLeft) {
      for (int i = 0; i < n; i++) o[oo + i] = scalarBinary(op, s, a[ao + i]);
    } else if (op == BinaryOp.POW) {
      for (int i = 0; i < n; i++) o[oo + i] = powScalar(a[ao + i], s);
    } else {
      for (int i = 0; i < n; i++) o[oo + i] = scalarBinary(op, a[ao + i], s);
    }
  }

  /** PyTorch's pow with a scalar exponent: x·x for 2, x·x·x for 3, sqrt for 0.5, 1/x for -1, ... */
  private static double powScalar(double x, double p) {
    if (p == 2) {
      return x * x;
    } else if (p == 3) {
      return x * x * x;
    } else if (p == 0.5) {
      return Math.sqrt(x);
    } else if (p == -0.5) {
      return 1.0 / Math.sqrt(x);
    } else if (p == -1) {
      return 1.0 / x;
    } else if (p == -2) {
      return 1.0 / (x * x);
    }
    return Math.pow(x, p);
  }

  static double scalarBinary(BinaryOp op, double x, double y) {
    return switch (op) {
      case ADD -> x + y;
      case SUB -> x - y;
      case MUL -> x * y;
      case DIV -> x / y;
      case POW -> Math.pow(x, y);
      case MAXIMUM -> Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.max(x, y);
      case MINIMUM -> Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.min(x, y);
      case EQ -> x == y ? 1 : 0;
      case NE -> x != y ? 1 : 0;
      case GT -> x > y ? 1 : 0;
      case GE -> x >= y ? 1 : 0;
      case LT -> x < y ? 1 : 0;
      case LE -> x <= y ? 1 : 0;
      case REMAINDER -> {
        double mod = x % y;
        yield mod != 0 && (y < 0) != (mod < 0) ? mod + y : mod;
      }
      case DIV_TRUNC -> truncate(x / y);
      case DIV_FLOOR -> divFloor(x, y);
    };
  }

  /** {@link #divFloor(float, float)} in double. */
  private static double divFloor(double x, double y) {
    if (y == 0) {
      return x / y;
    }
    double mod = x % y;
    double div = (x - mod) / y;
    if (mod != 0 && (y < 0) != (mod < 0)) {
      div -= 1;
    }
    if (div == 0) {
      return Math.copySign(0.0, x / y);
    }
    double floor = Math.floor(div);
    return div - floor > 0.5 ? floor + 1 : floor;
  }

  static void unary(UnaryOp op, double[] a, int ao, double[] o, int oo, int n, double p1, double p2) {
    int cost = unaryCost(op);
    if ((long) n * cost < ParallelBlocks.MIN_PARALLEL) {
      unaryRange(op, a, ao, o, oo, n, p1, p2);
    } else {
      ParallelBlocks.forRange(n, cost, (from, to) -> unaryRange(op, a, ao + from, o, oo + from, to - from, p1, p2));
    }
  }

  private static void unaryRange(UnaryOp op, double[] a, int ao, double[] o, int oo, int n, double p1, double p2) {
    switch (op) {
      case NEG -> { for (int i = 0; i < n; i++) o[oo + i] = -a[ao + i]; }
      case RELU -> Kernels.get().relu(a, ao, o, oo, n);
      case COPY -> System.arraycopy(a, ao, o, oo, n);
      case EXP, LOG, TANH, SIGMOID, GELU, GELU_TANH -> Kernels.get().unary(op, a, ao, o, oo, n);
      default -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = scalarUnary(op, a[ao + i], p1, p2);
        }
      }
    }
  }

  /** SELU's scale and alpha·scale in double, as PyTorch's float64 ELU kernel takes them. */
  static final double SELU_SCALE_DOUBLE = 1.0507009873554804934193349852946;
  static final double SELU_NEGCOEF_DOUBLE = 1.6732632423543772848170429916717 * SELU_SCALE_DOUBLE;

  /** The float64 formulas, as PyTorch's double kernels compute them. */
  static double scalarUnary(UnaryOp op, double x, double p1, double p2) {
    return switch (op) {
      case NEG -> -x;
      case EXP -> Math.exp(x);
      case LOG -> Math.log(x);
      case SQRT -> Math.sqrt(x);
      case ABS -> Math.abs(x);
      case SIN -> Math.sin(x);
      case COS -> Math.cos(x);
      case TANH -> Math.tanh(x);
      case SIGMOID -> 1.0 / (1.0 + Math.exp(-x));
      case RELU -> Math.max(x, 0.0);
      case SIGN -> Double.isNaN(x) ? 0 : Math.signum(x);
      case RECIPROCAL -> 1.0 / x;
      case CLAMP, HARDTANH -> Double.isNaN(x) ? x : Math.min(Math.max(x, p1), p2);
      case EXPM1 -> Math.expm1(x);
      case LOG1P -> Math.log1p(x);
      case LOG2 -> Math.log(x) / Math.log(2.0);
      case RSQRT -> 1.0 / Math.sqrt(x);
      case LEAKY_RELU -> x > 0 ? x : x * p1;
      case GELU -> 0.5 * x * (1.0 + Erf.erf(x * SQRT1_2));
      case GELU_TANH -> 0.5 * x * (1.0 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
      case SILU -> x / (1.0 + Math.exp(-x));
      case SOFTPLUS -> x * p1 > p2 ? x : Math.log1p(Math.exp(x * p1)) / p1;
      case ELU -> x > 0 ? x : p1 * Math.expm1(x);
      case CELU -> x > 0 ? x : p1 * Math.expm1(x * (1.0 / p1));
      case SELU -> x > 0 ? x * SELU_SCALE_DOUBLE : SELU_NEGCOEF_DOUBLE * Math.expm1(x);
      case THRESHOLD -> x <= p1 ? p2 : x;
      case HARDSIGMOID -> Math.min(Math.max(x + 3, 0), 6) / 6;
      case HARDSWISH -> x * Math.min(Math.max(x + 3, 0), 6) / 6;
      case MISH -> x * Math.tanh(Math.log1p(Math.exp(x)));
      case LOG_SIGMOID -> Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x)));
      case FLOOR -> Math.floor(x);
      case CEIL -> Math.ceil(x);
      case ROUND -> Math.rint(x);
      case ERF -> Erf.erf(x);
      case ISNAN -> Double.isNaN(x) ? 1 : 0;
      case COPY -> x;
      case CLAMP_MIN -> Math.max(x, p1);
      case CLAMP_MAX -> Math.min(x, p1);
    };
  }
}
