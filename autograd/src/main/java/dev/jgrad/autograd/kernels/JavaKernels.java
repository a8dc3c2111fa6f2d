package dev.jgrad.autograd.kernels;

/**
 * Plain-Java {@link Kernels}: the reference the SIMD implementation is tested against, and the fallback when the
 * {@code jdk.incubator.vector} module is absent. Written for clarity first; the loops are shaped so that C2 can
 * auto-vectorise the innermost one where it matters (the gemm axpy), and never branch per element on data.
 */
final class JavaKernels implements Kernels {

  static final JavaKernels INSTANCE = new JavaKernels();

  /** Gemm cache blocks: a KB × NB block of op(B) (64 KiB) stays in L2 while every row of A streams past it. */
  private static final int KB = 128;
  private static final int NB = 128;
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
    KernelPreconditions.checkGemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    if (m == 0 || n == 0) {
      return;
    }
    scale(c, cOff, ldc, m, n, beta);
    if (k == 0) {
      return;
    }
    // i-k-j order: the inner loop is an axpy over a contiguous row of C and of (packed) op(B), which C2 vectorises.
    // When B is transposed its block is first copied into rows so that the inner loop stays contiguous.
    float[] packed = transB ? new float[Math.min(k, KB) * Math.min(n, NB)] : null;
    for (int p0 = 0; p0 < k; p0 += KB) {
      int kb = Math.min(KB, k - p0);
      for (int j0 = 0; j0 < n; j0 += NB) {
        int nb = Math.min(NB, n - j0);
        float[] bs;
        int bBase;
        int bStride;
        if (transB) {
          for (int j = 0; j < nb; j++) {
            int src = bOff + (j0 + j) * ldb + p0;
            for (int p = 0; p < kb; p++) {
              packed[p * nb + j] = b[src + p];
            }
          }
          bs = packed;
          bBase = 0;
          bStride = nb;
        } else {
          bs = b;
          bBase = bOff + p0 * ldb + j0;
          bStride = ldb;
        }
        for (int i = 0; i < m; i++) {
          int ci = cOff + i * ldc + j0;
          for (int p = 0; p < kb; p++) {
            float aip = transA ? a[aOff + (p0 + p) * lda + i] : a[aOff + i * lda + p0 + p];
            int bi = bBase + p * bStride;
            for (int j = 0; j < nb; j++) {
              c[ci + j] += aip * bs[bi + j];
            }
          }
        }
      }
    }
  }

  /** {@code C = beta*C} over an [m, n] block; beta 0 writes zeros so that NaN in C is not propagated. */
  static void scale(float[] c, int cOff, int ldc, int m, int n, float beta) {
    if (beta == 1f) {
      return;
    }
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * ldc;
      if (beta == 0f) {
        java.util.Arrays.fill(c, ci, ci + n, 0f);
      } else {
        for (int j = 0; j < n; j++) {
          c[ci + j] *= beta;
        }
      }
    }
  }

  /**
   * Dot-product gemm with no blocking or packing, for products so small (a few hundred multiply-adds) that any
   * set-up costs more than the arithmetic. Arguments as {@link Kernels#gemm}, already checked.
   */
  static void gemmSmall(boolean transA, boolean transB, int m, int n, int k,
                        float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float beta, float[] c, int cOff, int ldc) {
    // Element strides of op(A) along i and p, and of op(B) along p and j, absorb the transposes.
    int aRow = transA ? 1 : lda;
    int aCol = transA ? lda : 1;
    int bRow = transB ? 1 : ldb;
    int bCol = transB ? ldb : 1;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float s = 0f;
        int ai = aOff + i * aRow;
        int bj = bOff + j * bCol;
        for (int p = 0; p < k; p++) {
          s += a[ai + p * aCol] * b[bj + p * bRow];
        }
        int ci = cOff + i * ldc + j;
        c[ci] = beta == 0f ? s : beta * c[ci] + s;
      }
    }
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

  // GELU constants in double, as in dev.jgrad.autograd.Loops' scalar formulas (reproduced here bit for bit).
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

  // ---------------------------------------------------------------------------------------------- optimizers

  @Override
  public void sgdUpdate(float[] p, int pOff, float[] g, int gOff, float[] momentumBuf, int n, double lr,
                        double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize,
                        boolean firstStep) {
    KernelPreconditions.checkSgd(p, pOff, g, gOff, momentumBuf, n, momentum);
    sgdRange(p, pOff, g, gOff, momentumBuf, 0, n, new SgdStep(lr, momentum, dampening, weightDecay, nesterov,
        maximize, firstStep));
  }

  /**
   * The per-step scalars of SGD as PyTorch passes them to its float tensor ops: Python doubles cast to float. The
   * flags test the double values, as sgd.py's {@code if weight_decay != 0} does.
   */
  record SgdStep(float weightDecay, boolean decay, float momentum, boolean useMomentum, float keep, float negLr,
                 boolean nesterov, boolean maximize, boolean firstStep) {

    SgdStep(double lr, double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize,
            boolean firstStep) {
      this((float) weightDecay, weightDecay != 0, (float) momentum, momentum != 0, (float) (1 - dampening),
          (float) -lr, nesterov, maximize, firstStep);
    }
  }

  /**
   * The SGD update on elements {@code [from, to)}, one element at a time; each line is one PyTorch 1.13 tensor op of
   * {@code _single_tensor_sgd}, rounded as the CPU kernel rounds it. The vector kernels repeat it lane-wise and use
   * it for their tails, so both agree bit for bit (and with optim's loops, which the PyTorch fixtures pin down).
   */
  static void sgdRange(float[] p, int pOff, float[] g, int gOff, float[] buf, int from, int to, SgdStep s) {
    for (int i = from; i < to; i++) {
      float d = s.maximize() ? -g[gOff + i] : g[gOff + i];
      if (s.decay()) {
        d = Math.fma(p[pOff + i], s.weightDecay(), d);                // d_p.add(param, alpha=weight_decay)
      }
      if (s.useMomentum()) {
        // clone(d_p) on the first step, then buf.mul_(momentum).add_(d_p, alpha=1 - dampening)
        float v = s.firstStep() ? d : Math.fma(d, s.keep(), buf[i] * s.momentum());
        buf[i] = v;
        d = s.nesterov() ? Math.fma(v, s.momentum(), d) : v;           // d_p.add(buf, alpha=momentum)
      }
      p[pOff + i] = Math.fma(d, s.negLr(), p[pOff + i]);              // param.add_(d_p, alpha=-lr)
    }
  }

  @Override
  public void adamUpdate(float[] p, int pOff, float[] g, int gOff, float[] expAvg, float[] expAvgSq,
                         float[] maxExpAvgSq, int n, double lr, double beta1, double beta2, double eps,
                         double weightDecay, boolean decoupled, boolean amsgrad, boolean maximize, double step) {
    KernelPreconditions.checkAdam(p, pOff, g, gOff, expAvg, expAvgSq, maxExpAvgSq, n, amsgrad, step);
    AdamStep s = new AdamStep(lr, beta1, beta2, eps, weightDecay, decoupled, amsgrad, maximize, step);
    adamRange(p, pOff, g, gOff, expAvg, expAvgSq, maxExpAvgSq, 0, n, s);
  }

  /**
   * The per-step scalars of Adam, computed in double as PyTorch computes them in Python (StrictMath.pow: the same
   * bits on every JVM), then rounded to float as PyTorch does when it passes a Python scalar to a float tensor op.
   */
  record AdamStep(boolean maximize, float weightDecay, boolean l2, boolean decoupled, float decay, float beta1,
                  float oneMinusBeta1, float beta2, float oneMinusBeta2, boolean amsgrad, float biasCorrection2Sqrt,
                  float eps, float negStepSize) {

    AdamStep(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled,
             boolean amsgrad, boolean maximize, double step) {
      this(maximize, (float) weightDecay, !decoupled && weightDecay != 0, decoupled,
          (float) (1 - lr * weightDecay),
          (float) beta1,
          (float) (1 - beta1),
          (float) beta2,
          (float) (1 - beta2),
          amsgrad,
          (float) Math.sqrt(1 - StrictMath.pow(beta2, step)),
          (float) eps,
          (float) -(lr / (1 - StrictMath.pow(beta1, step))));
    }
  }

  /**
   * The Adam update on elements {@code [from, to)}; each line is one tensor op of PyTorch 1.13's
   * {@code _single_tensor_adam} (adam.py) or {@code _single_tensor_adamw}, in order, rounded as the CPU kernel
   * rounds it: {@code add(x, alpha=s)} and {@code addcmul} are one fused multiply-add, {@code addcdiv} is
   * {@code a + (s·b)/c}.
   */
  static void adamRange(float[] p, int pOff, float[] g, int gOff, float[] m, float[] v, float[] vMax, int from,
                        int to, AdamStep s) {
    for (int i = from; i < to; i++) {
      float gi = s.maximize() ? -g[gOff + i] : g[gOff + i];
      float pi = p[pOff + i];
      if (s.decoupled()) {
        pi = pi * s.decay();                                            // param.mul_(1 - lr * weight_decay)
      } else if (s.l2()) {
        gi = Math.fma(pi, s.weightDecay(), gi);                         // grad.add(param, alpha=weight_decay)
      }
      float mi = Math.fma(gi, s.oneMinusBeta1(), m[i] * s.beta1());     // exp_avg.mul_(b1).add_(grad, alpha=1-b1)
      m[i] = mi;
      float vi = Math.fma(s.oneMinusBeta2() * gi, gi, v[i] * s.beta2()); // exp_avg_sq.mul_(b2).addcmul_(g, g, 1-b2)
      v[i] = vi;
      if (s.amsgrad()) {
        vi = Math.max(vMax[i], vi);                 // torch.maximum(max_exp_avg_sq, exp_avg_sq), NaN-propagating
        vMax[i] = vi;
      }
      float denom = (float) Math.sqrt(vi) / s.biasCorrection2Sqrt() + s.eps();   // (sqrt / bc2_sqrt).add_(eps)
      p[pOff + i] = pi + (s.negStepSize() * mi) / denom;   // param.addcdiv_(exp_avg, denom, value=-step_size)
    }
  }
}
