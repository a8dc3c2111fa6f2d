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

  /** A dot product accumulated left to right in the dtype, as {@code torch.dot} on CPU. */
  double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s = r(s + r(a[i] * b[i]));
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
    double s = 0;
    for (double v : a) {
      s = r(s + Math.abs(v));
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

  /** PyTorch's {@code a.add(b, alpha)} on one element: one fused multiply-add in the dtype. */
  double add(double a, double b, double alpha) {
    return single() ? JavaUpdateRules.add((float) a, (float) b, (float) alpha) : DoubleUpdateRules.add(a, b, alpha);
  }

  /** {@code target.add_(x, alpha=alpha)}. */
  void addScaled(double[] target, double[] x, double alpha) {
    for (int i = 0; i < target.length; i++) {
      target[i] = add(target[i], x[i], alpha);
    }
  }

  /** A fresh tensor of the dtype holding {@code v}. */
  Tensor tensor(double[] v, int... shape) {
    return Tensor.of(v, shape, dtype);
  }
}
