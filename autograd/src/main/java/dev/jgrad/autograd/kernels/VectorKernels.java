package dev.jgrad.autograd.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} on the {@code jdk.incubator.vector} module. This class, and {@link VectorGemm}, are the only ones
 * that touch the Vector API; {@link KernelProvider} loads them by name, only after checking that the module is in
 * the boot layer, so the rest of the library runs without {@code --add-modules jdk.incubator.vector}.
 *
 * <p>Results agree with {@link JavaKernels} within fp32 rounding (different summation orders, fused multiply-adds);
 * the optimizer updates repeat the plain code's operations lane by lane and agree bit for bit.
 */
final class VectorKernels implements Kernels {

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Reductions run 4 vector accumulators over blocks of this many elements, then combine blocks pairwise. */
  private static final int SUM_BLOCK = 2048;

  private final VectorGemm gemm;

  /** Used by {@link KernelProvider} through a method handle. */
  VectorKernels() {
    this(VectorGemm.DEFAULT_PARALLEL_FLOPS);
  }

  /** With a given threshold for splitting gemm over two threads (tests force or forbid the split). */
  VectorKernels(long parallelFlops) {
    if (L < 4) {
      // A 2-lane "vector" would be slower than the plain loops; let the provider fall back.
      throw new UnsupportedOperationException(
          "VectorKernels: preferred float species " + S + " has fewer than 4 lanes");
    }
    this.gemm = new VectorGemm(parallelFlops);
  }

  @Override
  public String name() {
    return "vector";
  }

  @Override
  public String toString() {
    return "vector (FloatVector " + L + " lanes, " + S.vectorBitSize() + "-bit, gemm tile "
        + VectorGemm.MR + "x" + VectorGemm.NR + ")";
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k,
                   float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                   float beta, float[] c, int cOff, int ldc) {
    KernelPreconditions.checkGemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    gemm.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  // ---------------------------------------------------------------------------------------------- reductions

  @Override
  public float sum(float[] x, int off, int n) {
    KernelPreconditions.checkRange("sum", "x", x, off, n);
    return sumPairwise(x, off, n);
  }

  private static float sumPairwise(float[] x, int off, int n) {
    if (n <= SUM_BLOCK) {
      FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
      FloatVector s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
      int i = 0;
      for (; i + 4 * L <= n; i += 4 * L) {
        int o = off + i;
        s0 = s0.add(FloatVector.fromArray(S, x, o));
        s1 = s1.add(FloatVector.fromArray(S, x, o + L));
        s2 = s2.add(FloatVector.fromArray(S, x, o + 2 * L));
        s3 = s3.add(FloatVector.fromArray(S, x, o + 3 * L));
      }
      for (; i + L <= n; i += L) {
        s0 = s0.add(FloatVector.fromArray(S, x, off + i));
      }
      float s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
      for (; i < n; i++) {
        s += x[off + i];
      }
      return s;
    }
    int half = (n >>> 1) & -(4 * L);
    return sumPairwise(x, off, half) + sumPairwise(x, off + half, n - half);
  }

  @Override
  public float dot(float[] x, int xOff, float[] y, int yOff, int n) {
    KernelPreconditions.checkRange("dot", "x", x, xOff, n);
    KernelPreconditions.checkRange("dot", "y", y, yOff, n);
    return dotPairwise(x, xOff, y, yOff, n);
  }

  /** The dot product of {@link #dot}, ranges already checked; also the inner loop of matrix-vector gemm. */
  static float dotPairwise(float[] x, int xOff, float[] y, int yOff, int n) {
    if (n <= SUM_BLOCK) {
      FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
      FloatVector s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
      int i = 0;
      for (; i + 4 * L <= n; i += 4 * L) {
        s0 = FloatVector.fromArray(S, x, xOff + i).fma(FloatVector.fromArray(S, y, yOff + i), s0);
        s1 = FloatVector.fromArray(S, x, xOff + i + L).fma(FloatVector.fromArray(S, y, yOff + i + L), s1);
        s2 = FloatVector.fromArray(S, x, xOff + i + 2 * L).fma(FloatVector.fromArray(S, y, yOff + i + 2 * L), s2);
        s3 = FloatVector.fromArray(S, x, xOff + i + 3 * L).fma(FloatVector.fromArray(S, y, yOff + i + 3 * L), s3);
      }
      for (; i + L <= n; i += L) {
        s0 = FloatVector.fromArray(S, x, xOff + i).fma(FloatVector.fromArray(S, y, yOff + i), s0);
      }
      float s = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
      for (; i < n; i++) {
        s += x[xOff + i] * y[yOff + i];
      }
      return s;
    }
    int half = (n >>> 1) & -(4 * L);
    return dotPairwise(x, xOff, y, yOff, half) + dotPairwise(x, xOff + half, y, yOff + half, n - half);
  }

  @Override
  public float max(float[] x, int off, int n) {
    KernelPreconditions.checkMax(x, off, n);
    return maxUnchecked(x, off, n);
  }

  /** Lane-wise MAX has {@link Math#max} semantics, so a NaN anywhere makes the result NaN, as in torch.max. */
  private static float maxUnchecked(float[] x, int off, int n) {
    int i = 0;
    float m = x[off];
    if (n >= 2 * L) {
      FloatVector m0 = FloatVector.fromArray(S, x, off);
      FloatVector m1 = FloatVector.fromArray(S, x, off + L);
      for (i = 2 * L; i + 2 * L <= n; i += 2 * L) {
        m0 = m0.max(FloatVector.fromArray(S, x, off + i));
        m1 = m1.max(FloatVector.fromArray(S, x, off + i + L));
      }
      m = m0.max(m1).reduceLanes(VectorOperators.MAX);
    }
    for (; i < n; i++) {
      m = Math.max(m, x[off + i]);
    }
    return m;
  }

  // ------------------------------------------------------------------------------------------------- softmax

  @Override
  public void softmaxRows(float[] in, int inOff, float[] out, int outOff, int rows, int cols, boolean log) {
    KernelPreconditions.checkSoftmax(in, inOff, out, outOff, rows, cols);
    if (cols == 0) {
      return;
    }
    int upper = S.loopBound(cols);
    for (int r = 0; r < rows; r++) {
      int ii = inOff + r * cols;
      int oi = outOff + r * cols;
      // Subtract the row maximum so every exponent is <= 0: no overflow, and the sum is in [1, cols].
      float max = maxUnchecked(in, ii, cols);
      FloatVector maxV = FloatVector.broadcast(S, max);
      FloatVector sumV = FloatVector.zero(S);
      int j = 0;
      for (; j < upper; j += L) {
        FloatVector e = FloatVector.fromArray(S, in, ii + j).sub(maxV).lanewise(VectorOperators.EXP);
        sumV = sumV.add(e);
        if (!log) {
          e.intoArray(out, oi + j);
        }
      }
      double sum = sumV.reduceLanes(VectorOperators.ADD);
      for (; j < cols; j++) {
        float e = (float) Math.exp(in[ii + j] - max);
        sum += e;
        if (!log) {
          out[oi + j] = e;
        }
      }
      j = 0;
      if (log) {
        float logSum = (float) Math.log(sum);
        FloatVector shift = FloatVector.broadcast(S, logSum);
        for (; j < upper; j += L) {
          FloatVector.fromArray(S, in, ii + j).sub(maxV).sub(shift).intoArray(out, oi + j);
        }
        for (; j < cols; j++) {
          out[oi + j] = (in[ii + j] - max) - logSum;
        }
      } else {
        float inv = (float) (1.0 / sum);
        for (; j < upper; j += L) {
          FloatVector.fromArray(S, out, oi + j).mul(inv).intoArray(out, oi + j);
        }
        for (; j < cols; j++) {
          out[oi + j] *= inv;
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------- relu

  /** Lane-wise MAX has Math.max's NaN and signed-zero rules; C2 on JDK 17 does not vectorise the scalar loop. */
  @Override
  public void relu(float[] x, int xOff, float[] out, int outOff, int n) {
    KernelPreconditions.checkRange("relu", "x", x, xOff, n);
    KernelPreconditions.checkRange("relu", "out", out, outOff, n);
    FloatVector zero = FloatVector.zero(S);
    int upper = S.loopBound(n);
    for (int i = 0; i < upper; i += L) {
      FloatVector.fromArray(S, x, xOff + i).max(zero).intoArray(out, outOff + i);
    }
    JavaKernels.reluRange(x, xOff, out, outOff, upper, n);
  }

  // ------------------------------------------------------------------------------------------- relu backward

  @Override
  public void reluBackward(float[] g, int gOff, float[] y, int yOff, float[] out, int outOff, int n) {
    KernelPreconditions.checkRange("reluBackward", "grad", g, gOff, n);
    KernelPreconditions.checkRange("reluBackward", "output", y, yOff, n);
    KernelPreconditions.checkRange("reluBackward", "out", out, outOff, n);
    // A lane mask instead of a per-element branch (which mispredicts on random signs); multiplying by the 0/1
    // vector, not selecting, keeps JavaKernels' 0·inf = NaN.
    FloatVector zero = FloatVector.zero(S);
    FloatVector one = FloatVector.broadcast(S, 1f);
    int upper = S.loopBound(n);
    for (int i = 0; i < upper; i += L) {
      FloatVector yv = FloatVector.fromArray(S, y, yOff + i);
      FloatVector mask = zero.blend(one, yv.compare(VectorOperators.GT, 0f));
      FloatVector.fromArray(S, g, gOff + i).mul(mask).intoArray(out, outOff + i);
    }
    JavaKernels.reluBackwardRange(g, gOff, y, yOff, out, outOff, upper, n);
  }

  // ---------------------------------------------------------------------------------------------- optimizers

  @Override
  public void sgdUpdate(float[] p, int pOff, float[] g, int gOff, float[] momentumBuf, int n, double lr,
                        double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize,
                        boolean firstStep) {
    KernelPreconditions.checkSgd(p, pOff, g, gOff, momentumBuf, n, momentum);
    JavaKernels.SgdStep s =
        new JavaKernels.SgdStep(lr, momentum, dampening, weightDecay, nesterov, maximize, firstStep);
    // Same operations, in the same order, as JavaKernels.sgdRange (FloatVector.fma rounds once, like Math.fma).
    FloatVector wd = FloatVector.broadcast(S, s.weightDecay());
    FloatVector mom = FloatVector.broadcast(S, s.momentum());
    FloatVector keep = FloatVector.broadcast(S, s.keep());
    FloatVector negLr = FloatVector.broadcast(S, s.negLr());
    int upper = S.loopBound(n);
    for (int i = 0; i < upper; i += L) {
      FloatVector d = FloatVector.fromArray(S, g, gOff + i);
      if (maximize) {
        d = d.neg();
      }
      FloatVector pv = FloatVector.fromArray(S, p, pOff + i);
      if (s.decay()) {
        d = pv.fma(wd, d);
      }
      if (s.useMomentum()) {
        FloatVector v = firstStep ? d : d.fma(keep, FloatVector.fromArray(S, momentumBuf, i).mul(mom));
        v.intoArray(momentumBuf, i);
        d = nesterov ? v.fma(mom, d) : v;
      }
      d.fma(negLr, pv).intoArray(p, pOff + i);
    }
    JavaKernels.sgdRange(p, pOff, g, gOff, momentumBuf, upper, n, s);
  }

  @Override
  public void adamUpdate(float[] p, int pOff, float[] g, int gOff, float[] expAvg, float[] expAvgSq,
                         float[] maxExpAvgSq, int n, double lr, double beta1, double beta2, double eps,
                         double weightDecay, boolean decoupled, boolean amsgrad, boolean maximize, double step) {
    KernelPreconditions.checkAdam(p, pOff, g, gOff, expAvg, expAvgSq, maxExpAvgSq, n, amsgrad, step);
    JavaKernels.AdamStep s =
        new JavaKernels.AdamStep(lr, beta1, beta2, eps, weightDecay, decoupled, amsgrad, maximize, step);
    // Same operations, in the same order, as JavaKernels.adamRange.
    FloatVector wd = FloatVector.broadcast(S, s.weightDecay());
    FloatVector b1 = FloatVector.broadcast(S, s.beta1());
    FloatVector oneMinusB1 = FloatVector.broadcast(S, s.oneMinusBeta1());
    FloatVector b2 = FloatVector.broadcast(S, s.beta2());
    FloatVector oneMinusB2 = FloatVector.broadcast(S, s.oneMinusBeta2());
    FloatVector bc2Sqrt = FloatVector.broadcast(S, s.biasCorrection2Sqrt());
    FloatVector epsV = FloatVector.broadcast(S, s.eps());
    FloatVector negStep = FloatVector.broadcast(S, s.negStepSize());
    int upper = S.loopBound(n);
    for (int i = 0; i < upper; i += L) {
      FloatVector gi = FloatVector.fromArray(S, g, gOff + i);
      if (maximize) {
        gi = gi.neg();
      }
      FloatVector pi = FloatVector.fromArray(S, p, pOff + i);
      if (decoupled) {
        pi = pi.mul(s.decay());
      } else if (s.l2()) {
        gi = pi.fma(wd, gi);
      }
      FloatVector mi = gi.fma(oneMinusB1, FloatVector.fromArray(S, expAvg, i).mul(b1));
      mi.intoArray(expAvg, i);
      FloatVector vi = oneMinusB2.mul(gi).fma(gi, FloatVector.fromArray(S, expAvgSq, i).mul(b2));
      vi.intoArray(expAvgSq, i);
      if (amsgrad) {
        vi = FloatVector.fromArray(S, maxExpAvgSq, i).max(vi);
        vi.intoArray(maxExpAvgSq, i);
      }
      FloatVector denom = vi.sqrt().div(bc2Sqrt).add(epsV);
      pi.add(negStep.mul(mi).div(denom)).intoArray(p, pOff + i);
    }
    JavaKernels.adamRange(p, pOff, g, gOff, expAvg, expAvgSq, maxExpAvgSq, upper, n, s);
  }
}
