package dev.jgrad.optim;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;

/**
 * The arithmetic of {@link LBFGS} in its parameters' dtype. The vectors are {@code double[]} for both dtypes; for
 * float32 every operation's result is rounded to float ({@link #r}), which gives exactly float arithmetic's values
 * (a sum, difference, product or quotient of two floats computed in double and rounded once is the correctly
 * rounded float result), so the float32 path keeps PyTorch's float32 values; for float64 nothing is rounded.
 */
record LbfgsArithmetic(DType dtype) {
  static final LbfgsArithmetic FLOAT32 = new LbfgsArithmetic(DType.FLOAT32);
  static final LbfgsArithmetic FLOAT64 = new LbfgsArithmetic(DType.FLOAT64);

  static LbfgsArithmetic of(DType dtype) {
    return dtype == DType.FLOAT64 ? FLOAT64 : FLOAT32;
  }

  private boolean single() {
    return dtype == DType.FLOAT32;
  }

  /** {@code v} in the dtype: rounded to float for float32. */
  double r(double v) {
    return single() ? (float) v : v;
  }

  /** Every element of {@code v} rounded to the dtype, in place; returns {@code v}. */
  double[] r(double[] v) {
    if (single()) {
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) v[i];
      }
    }
    return v;
  }

  /**
   * A dot product accumulated left to right in the dtype, as {@code torch.dot} on CPU. The float32 loop accumulates
   * in a float: the same values as rounding each step from double, without two conversions on the loop-carried
   * dependency (the hot loops here are specialised so for speed).
   */
  double dot(double[] a, double[] b) {
    if (single()) {
      float s = 0f;
      for (int i = 0; i < a.length; i++) {
        s += (float) a[i] * (float) b[i];
      }
      return s;
    }
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  double sumAbs(double[] a) {
    if (single()) {
      float s = 0f;
      for (double v : a) {
        s += Math.abs((float) v);
      }
      return s;
    }
    double s = 0;
    for (double v : a) {
      s += Math.abs(v);
    }
    return s;
  }

  static double[] negate(double[] a) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = -a[i];
    }
    return out;
  }

  /** {@code target.add_(x, alpha=alpha)}: one fused multiply-add per element in the dtype, as PyTorch's kernel. */
  void addScaled(double[] target, double[] x, double alpha) {
    if (single()) {
      float a = (float) alpha;
      for (int i = 0; i < target.length; i++) {
        target[i] = JavaUpdateRules.add((float) target[i], (float) x[i], a);
      }
      return;
    }
    for (int i = 0; i < target.length; i++) {
      target[i] = DoubleUpdateLoops.add(target[i], x[i], alpha);
    }
  }

  /** A fresh tensor of the dtype holding {@code v}. */
  Tensor tensor(double[] v, int... shape) {
    return Tensor.of(v, shape, dtype);
  }
}
