package dev.jgrad.autograd.kernels;

/**
 * Plain-Java {@link Kernels}: the reference the SIMD implementation is tested against, and the fallback when the
 * {@code jdk.incubator.vector} module is absent. Written for clarity first; the loops are shaped so that C2 can
 * auto-vectorise the innermost one where it matters (the gemm axpy), and never branch per element on data.
 */
final class JavaKernels implements Kernels {

  static final JavaKernels INSTANCE = new JavaKernels();

  /** Reductions sum blocks of this many elements with 8 accumulators, then combine the blocks pairwise. */
  private static final int SUM_BLOCK = 256;

  private JavaKernels() {}

  @Override
  public String name() {
    return "java";
  }

  @Override
  public String toString() {
    return "java (plain loops)";
  }

  // ---------------------------------------------------------------------------------------------------- gemm

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k,
                   float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                   float beta, float[] c, int cOff, int ldc) {
    JavaGemm.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k,
                   double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   double beta, double[] c, int cOff, int ldc) {
    KernelPreconditions.checkGemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    JavaGemm.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  @Override
  public void gemmPacked(boolean transA, int m, float[] a, int aOff, int lda, PackedMatrix b,
                         float beta, float[] c, int cOff, int ldc) {
    KernelPreconditions.checkGemmPacked(transA, m, a, aOff, lda, b, c, cOff, ldc);
    JavaGemm.gemmPacked(transA, m, a, aOff, lda, b, beta, c, cOff, ldc);
  }

  // ---------------------------------------------------------------------------------------------- reductions

  @Override
  public float sum(float[] x, int off, int n) {
    KernelPreconditions.checkRange("sum", "x", x, off, n);
    return sumPairwise(x, off, n);
  }

  private static float sumPairwise(float[] x, int off, int n) {
    if (n <= SUM_BLOCK) {
      return sumBlock(x, off, n);
    }
    int half = (n >>> 1) & ~7;
    return sumPairwise(x, off, half) + sumPairwise(x, off + half, n - half);
  }

  /** Eight interleaved accumulators: eight times shorter error chains, and no loop-carried dependency stall. */
  private static float sumBlock(float[] x, int off, int n) {
    float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
    int i = 0;
    for (; i + 8 <= n; i += 8) {
      int o = off + i;
      s0 += x[o];
      s1 += x[o + 1];
      s2 += x[o + 2];
      s3 += x[o + 3];
      s4 += x[o + 4];
      s5 += x[o + 5];
      s6 += x[o + 6];
      s7 += x[o + 7];
    }
    for (; i < n; i++) {
      s0 += x[off + i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  @Override
  public float dot(float[] x, int xOff, float[] y, int yOff, int n) {
    KernelPreconditions.checkRange("dot", "x", x, xOff, n);
    KernelPreconditions.checkRange("dot", "y", y, yOff, n);
    return dotPairwise(x, xOff, y, yOff, n);
  }

  private static float dotPairwise(float[] x, int xOff, float[] y, int yOff, int n) {
    if (n <= SUM_BLOCK) {
      float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
      int i = 0;
      for (; i + 4 <= n; i += 4) {
        s0 += x[xOff + i] * y[yOff + i];
        s1 += x[xOff + i + 1] * y[yOff + i + 1];
        s2 += x[xOff + i + 2] * y[yOff + i + 2];
        s3 += x[xOff + i + 3] * y[yOff + i + 3];
      }
      for (; i < n; i++) {
        s0 += x[xOff + i] * y[yOff + i];
      }
      return (s0 + s1) + (s2 + s3);
    }
    int half = (n >>> 1) & ~7;
    return dotPairwise(x, xOff, y, yOff, half) + dotPairwise(x, xOff + half, y, yOff + half, n - half);
  }

  @Override
  public float max(float[] x, int off, int n) {
    KernelPreconditions.checkMax(x, off, n);
    // Math.max returns NaN if either argument is NaN, which is torch.max's propagation rule.
    float m = x[off];
    for (int i = 1; i < n; i++) {
      m = Math.max(m, x[off + i]);
    }
    return m;
  }

  // ------------------------------------------------------------------------------------------------- softmax

  @Override
  public void softmaxRows(float[] in, int inOff, float[] out, int outOff, int rows, int cols, boolean log) {
    KernelPreconditions.checkSoftmax(in, inOff, out, outOff, rows, cols);
    for (int r = 0; r < rows; r++) {
      int ii = inOff + r * cols;
      int oi = outOff + r * cols;
      if (cols == 0) {
        continue;
      }
      // Subtracting the row maximum leaves the result unchanged mathematically but keeps exp() from overflowing:
      // every exponent is <= 0, and the largest term is exactly 1, so the sum is in [1, cols].
      float max = in[ii];
      for (int j = 1; j < cols; j++) {
        max = Math.max(max, in[ii + j]);
      }
      double sum = 0.0;
      for (int j = 0; j < cols; j++) {
        float e = (float) Math.exp(in[ii + j] - max);
        sum += e;
        if (!log) {
          out[oi + j] = e;
        }
      }
      if (log) {
        float logSum = (float) Math.log(sum);
        for (int j = 0; j < cols; j++) {
          out[oi + j] = (in[ii + j] - max) - logSum;
        }
      } else {
        float inv = (float) (1.0 / sum);
        for (int j = 0; j < cols; j++) {
          out[oi + j] *= inv;
        }
      }
    }
  }

  @Override
  public void layerNormRows(float[] x, int xOff, float[] w, float[] b, double eps, float[] out, int outOff,
                            float[] means, float[] rstds, int statsOff, int rows, int cols) {
    KernelPreconditions.checkLayerNorm(x, xOff, w, b, out, outOff, means, rstds, statsOff, rows, cols);
    for (int r = 0; r < rows; r++) {
      int base = xOff + r * cols;
      double mean = 0;
      for (int j = 0; j < cols; j++) {
        mean += x[base + j];
      }
      mean /= cols;
      double ss = 0;
      for (int j = 0; j < cols; j++) {
        double dv = x[base + j] - mean;
        ss += dv * dv;
      }
      double rstd = 1.0 / Math.sqrt(ss / cols + eps);
      means[statsOff + r] = (float) mean;
      rstds[statsOff + r] = (float) rstd;
      int ob = outOff + r * cols;
      for (int j = 0; j < cols; j++) {
        double y = (x[base + j] - mean) * rstd;
        if (w != null) {
          y *= w[j];
        }
        if (b != null) {
          y += b[j];
        }
        out[ob + j] = (float) y;
      }
    }
  }

  // ------------------------------------------------------------------------------------------- elementwise

  @Override
  public void unary(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n) {
    KernelPreconditions.checkUnary(op, x, xOff, out, outOff, n);
    unaryRange(op, x, xOff, out, outOff, 0, n);
  }

  /**
   * The reference maths of {@link #unary} on {@code [from, to)}: in double, rounded once to float, exactly as
   * jgrad's scalar loops always computed it. Sigmoid is PyTorch's float formula, so only its exp is in double;
   * GELU's {@code 1 + erf} and {@code 1 + tanh} cancel in double for very negative x (see {@link UnaryOp#GELU}).
   */
  static void unaryRange(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int from, int to) {
    switch (op) {
      case EXP:
        for (int i = from; i < to; i++) {
          out[outOff + i] = (float) Math.exp(x[xOff + i]);
        }
        break;
      case LOG:
        for (int i = from; i < to; i++) {
          out[outOff + i] = (float) Math.log(x[xOff + i]);
        }
        break;
      case TANH:
        for (int i = from; i < to; i++) {
          out[outOff + i] = (float) Math.tanh(x[xOff + i]);
        }
        break;
      case SIGMOID:
        for (int i = from; i < to; i++) {
          out[outOff + i] = 1f / (1f + (float) Math.exp(-x[xOff + i]));
        }
        break;
      case GELU:
        for (int i = from; i < to; i++) {
          double v = x[xOff + i];
          out[outOff + i] = (float) (0.5 * v * (1.0 + Erf.erf(v * SQRT1_2)));
        }
        break;
      case GELU_TANH:
        for (int i = from; i < to; i++) {
          double v = x[xOff + i];
          out[outOff + i] = (float) (0.5 * v * (1.0 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v))));
        }
        break;
      default:
        throw new AssertionError("unary op " + op);
    }
  }

  // GELU constants in double, as in dev.jgrad.autograd.ops.Loops' scalar formulas (reproduced here bit for bit).
  private static final double SQRT1_2 = Math.sqrt(0.5);
  private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
  private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2 * Math.PI);
  private static final double KAPPA = 0.044715;

  @Override
  public void geluBackward(boolean tanhApprox, float[] g, int gOff, float[] x, int xOff, float[] out, int outOff,
                           int n) {
    KernelPreconditions.checkGeluBackward(g, gOff, x, xOff, out, outOff, n);
    geluBackwardRange(tanhApprox, g, gOff, x, xOff, out, outOff, 0, n);
  }

  /**
   * PyTorch's GeluBackward formulas (aten/src/ATen/native/cpu/Activation.cpp) on {@code [from, to)}, in double and
   * rounded once to float. Each element reads g and x before writing, so {@code out} may alias either.
   */
  static void geluBackwardRange(boolean tanhApprox, float[] g, int gOff, float[] x, int xOff, float[] out,
                                int outOff, int from, int to) {
    if (tanhApprox) {
      for (int i = from; i < to; i++) {
        double v = x[xOff + i];
        double v2 = v * v;
        double t = Math.tanh(SQRT_2_OVER_PI * (v + KAPPA * v2 * v));
        double left = 0.5 * (1.0 + t);
        double right = 0.5 * v * (1.0 - t * t) * SQRT_2_OVER_PI * (1.0 + 3.0 * KAPPA * v2);
        // PyTorch squares x in float: from |x| = 2^64 on that is inf and its (1 - t²)·(1 + 3κx²) is 0·inf = NaN.
        double d = Math.abs(v) >= 0x1p64 ? Double.NaN : left + right;
        out[outOff + i] = (float) (g[gOff + i] * d);
      }
    } else {
      for (int i = from; i < to; i++) {
        double v = x[xOff + i];
        double cdf = 0.5 * (1.0 + Erf.erf(v * SQRT1_2));
        double pdf = Math.exp(-0.5 * v * v) * INV_SQRT_2PI;
        out[outOff + i] = (float) (g[gOff + i] * (cdf + v * pdf));
      }
    }
  }


  @Override
  public void binary(BinaryOp op, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    KernelPreconditions.checkBinary(op, a, aOff, b, bOff, out, outOff, n);
    binaryRange(op, a, aOff, b, bOff, out, outOff, 0, n);
  }

  /** {@link #binary} on {@code [from, to)}: one loop per op, the switch outside it. */
  static void binaryRange(BinaryOp op, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int from,
                          int to) {
    switch (op) {
      case ADD:
        for (int i = from; i < to; i++) {
          out[outOff + i] = a[aOff + i] + b[bOff + i];
        }
        break;
      case SUB:
        for (int i = from; i < to; i++) {
          out[outOff + i] = a[aOff + i] - b[bOff + i];
        }
        break;
      case MUL:
        for (int i = from; i < to; i++) {
          out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
        break;
      case DIV:
        for (int i = from; i < to; i++) {
          out[outOff + i] = a[aOff + i] / b[bOff + i];
        }
        break;
      default:
        throw new AssertionError("binary op " + op);
    }
  }

  @Override
  public void binaryScalar(BinaryOp op, float[] a, int aOff, float s, boolean scalarLeft, float[] out, int outOff,
                           int n) {
    KernelPreconditions.checkBinaryScalar(op, a, aOff, out, outOff, n);
    binaryScalarRange(op, a, aOff, s, scalarLeft, out, outOff, 0, n);
  }

  /** {@link #binaryScalar} on {@code [from, to)}. Only SUB and DIV care which side the scalar is on. */
  static void binaryScalarRange(BinaryOp op, float[] a, int aOff, float s, boolean scalarLeft, float[] out,
                                int outOff, int from, int to) {
    switch (op) {
      case ADD:
        for (int i = from; i < to; i++) {
          out[outOff + i] = a[aOff + i] + s;
        }
        break;
      case SUB:
        if (scalarLeft) {
          for (int i = from; i < to; i++) {
            out[outOff + i] = s - a[aOff + i];
          }
        } else {
          for (int i = from; i < to; i++) {
            out[outOff + i] = a[aOff + i] - s;
          }
        }
        break;
      case MUL:
        for (int i = from; i < to; i++) {
          out[outOff + i] = a[aOff + i] * s;
        }
        break;
      case DIV:
        if (scalarLeft) {
          for (int i = from; i < to; i++) {
            out[outOff + i] = s / a[aOff + i];
          }
        } else {
          for (int i = from; i < to; i++) {
            out[outOff + i] = a[aOff + i] / s;
          }
        }
        break;
      default:
        throw new AssertionError("binary op " + op);
    }
  }

  // ---------------------------------------------------------------------------------------------------- relu

  @Override
  public void relu(float[] x, int xOff, float[] out, int outOff, int n) {
    KernelPreconditions.checkRange("relu", "x", x, xOff, n);
    KernelPreconditions.checkRange("relu", "out", out, outOff, n);
    reluRange(x, xOff, out, outOff, 0, n);
  }

  static void reluRange(float[] x, int xOff, float[] out, int outOff, int from, int to) {
    for (int i = from; i < to; i++) {
      out[outOff + i] = Math.max(x[xOff + i], 0f);
    }
  }

  @Override
  public void reluBackward(float[] g, int gOff, float[] y, int yOff, float[] out, int outOff, int n) {
    KernelPreconditions.checkRange("reluBackward", "grad", g, gOff, n);
    KernelPreconditions.checkRange("reluBackward", "output", y, yOff, n);
    KernelPreconditions.checkRange("reluBackward", "out", out, outOff, n);
    reluBackwardRange(g, gOff, y, yOff, out, outOff, 0, n);
  }

  /** {@code out = g · (y > 0 ? 1 : 0)} on {@code [from, to)}: a multiply, not a select, so 0·inf is NaN as unfused. */
  static void reluBackwardRange(float[] g, int gOff, float[] y, int yOff, float[] out, int outOff, int from,
                                int to) {
    for (int i = from; i < to; i++) {
      out[outOff + i] = g[gOff + i] * (y[yOff + i] > 0f ? 1f : 0f);
    }
  }
  // ------------------------------------------------------------------------------------------ float64 elementwise

  @Override
  public void binary(BinaryOp op, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff, int n) {
    KernelPreconditions.checkDoubles(op, op == null ? "binary" : op.label, op != null && op.kernel, a, aOff, b, bOff,
        out, outOff, n);
    binaryRange(op, a, aOff, b, bOff, out, outOff, 0, n);
  }

  /** The float64 {@link #binary} on {@code [from, to)}: one loop per op, the switch outside it. */
  static void binaryRange(BinaryOp op, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff,
                          int from, int to) {
    switch (op) {
      case ADD -> {
        for (int i = from; i < to; i++) {
          out[outOff + i] = a[aOff + i] + b[bOff + i];
        }
      }
      case SUB -> {
        for (int i = from; i < to; i++) {
          out[outOff + i] = a[aOff + i] - b[bOff + i];
        }
      }
      case MUL -> {
        for (int i = from; i < to; i++) {
          out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
      }
      case DIV -> {
        for (int i = from; i < to; i++) {
          out[outOff + i] = a[aOff + i] / b[bOff + i];
        }
      }
      default -> throw new AssertionError("binary op " + op);
    }
  }

  @Override
  public void binaryScalar(BinaryOp op, double[] a, int aOff, double s, boolean scalarLeft, double[] out, int outOff,
                           int n) {
    KernelPreconditions.checkDoubles(op, op == null ? "binaryScalar" : op.label, op != null && op.kernel, a, aOff,
        null, 0, out, outOff, n);
    binaryScalarRange(op, a, aOff, s, scalarLeft, out, outOff, 0, n);
  }

  /** The float64 {@link #binaryScalar} on {@code [from, to)}. */
  static void binaryScalarRange(BinaryOp op, double[] a, int aOff, double s, boolean scalarLeft, double[] out,
                                int outOff, int from, int to) {
    switch (op) {
      case ADD -> {
        for (int i = from; i < to; i++) {
          out[outOff + i] = a[aOff + i] + s;
        }
      }
      case SUB -> {
        if (scalarLeft) {
          for (int i = from; i < to; i++) {
            out[outOff + i] = s - a[aOff + i];
          }
        } else {
          for (int i = from; i < to; i++) {
            out[outOff + i] = a[aOff + i] - s;
          }
        }
      }
      case MUL -> {
        for (int i = from; i < to; i++) {
          out[outOff + i] = a[aOff + i] * s;
        }
      }
      case DIV -> {
        if (scalarLeft) {
          for (int i = from; i < to; i++) {
            out[outOff + i] = s / a[aOff + i];
          }
        } else {
          for (int i = from; i < to; i++) {
            out[outOff + i] = a[aOff + i] / s;
          }
        }
      }
      default -> throw new AssertionError("binary op " + op);
    }
  }

  @Override
  public void unary(UnaryOp op, double[] x, int xOff, double[] out, int outOff, int n) {
    KernelPreconditions.checkDoubles(op, op == null ? "unary" : op.label, op != null && op.kernel, x, xOff, null, 0,
        out, outOff, n);
    unaryRange(op, x, xOff, out, outOff, 0, n);
  }

  /**
   * The float64 {@link #unary} on {@code [from, to)}, in PyTorch's double formulas. Both implementations run this
   * loop: the JDK's scalar {@code Math.exp}/{@code Math.log} are intrinsics, and a double polynomial of the same
   * accuracy would not be faster than them by enough to be worth a second copy of each function.
   */
  static void unaryRange(UnaryOp op, double[] x, int xOff, double[] out, int outOff, int from, int to) {
    switch (op) {
      case EXP -> {
        for (int i = from; i < to; i++) {
          out[outOff + i] = Math.exp(x[xOff + i]);
        }
      }
      case LOG -> {
        for (int i = from; i < to; i++) {
          out[outOff + i] = Math.log(x[xOff + i]);
        }
      }
      case TANH -> {
        for (int i = from; i < to; i++) {
          out[outOff + i] = Math.tanh(x[xOff + i]);
        }
      }
      case SIGMOID -> {
        for (int i = from; i < to; i++) {
          out[outOff + i] = 1.0 / (1.0 + Math.exp(-x[xOff + i]));
        }
      }
      case GELU -> {
        for (int i = from; i < to; i++) {
          double v = x[xOff + i];
          out[outOff + i] = 0.5 * v * (1.0 + Erf.erf(v * SQRT1_2));
        }
      }
      case GELU_TANH -> {
        for (int i = from; i < to; i++) {
          double v = x[xOff + i];
          out[outOff + i] = 0.5 * v * (1.0 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v)));
        }
      }
      default -> throw new AssertionError("unary op " + op);
    }
  }

  @Override
  public void relu(double[] x, int xOff, double[] out, int outOff, int n) {
    KernelPreconditions.checkRange("relu", "x", x, xOff, n);
    KernelPreconditions.checkRange("relu", "out", out, outOff, n);
    reluRange(x, xOff, out, outOff, 0, n);
  }

  static void reluRange(double[] x, int xOff, double[] out, int outOff, int from, int to) {
    for (int i = from; i < to; i++) {
      out[outOff + i] = Math.max(x[xOff + i], 0.0);
    }
  }
}
