package dev.jgrad.autograd.kernels;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} on the {@code jdk.incubator.vector} module. This class, {@link VectorGemm} and {@link VectorMath}
 * are the only ones that touch the Vector API; {@link KernelProvider} loads this one by name, only after checking
 * that the module is in the boot layer, so the rest of the library runs without
 * {@code --add-modules jdk.incubator.vector}.
 *
 * <p>Results agree with {@link JavaKernels} within fp32 rounding (different summation orders, fused multiply-adds);
 * exp, log, tanh, sigmoid, GELU and GELU's derivative are float polynomials ({@link VectorMath}) within the few
 * ulp that {@link UnaryOp} and {@link Kernels#geluBackward} state; the elementwise arithmetic repeats the plain
 * code's operations lane by lane and agrees bit for bit.
 */
final class VectorKernels implements Kernels {

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Reductions run 4 vector accumulators over blocks of this many elements, then combine blocks pairwise. */
  private static final int SUM_BLOCK = 2048;

  /** System property: how many threads a large matrix multiply may use, {@code 1} or {@code 2}. */
  static final String THREADS_PROPERTY = "jgrad.gemm.threads";

  private final VectorGemm gemm;
  private final DoubleVectorGemm dgemm;
  private final int threads;

  /**
   * Used by {@link KernelProvider} through a method handle: gemm on two threads above
   * {@link VectorGemm#DEFAULT_PARALLEL_FLOPS}, unless the JVM sees one CPU or {@code jgrad.gemm.threads=1}.
   */
  VectorKernels() {
    this(gemmThreads(System.getProperty(THREADS_PROPERTY), Runtime.getRuntime().availableProcessors()) == 2
        ? VectorGemm.DEFAULT_PARALLEL_FLOPS : Long.MAX_VALUE);
  }

  /**
   * The number of gemm threads for a {@code jgrad.gemm.threads} value ({@code null}: not set) on a JVM that sees
   * {@code cpus} processors: 2 by default when there are at least two, 1 on one CPU or when asked for.
   *
   * @throws IllegalArgumentException if the property is set to anything but 1 or 2
   */
  static int gemmThreads(String property, int cpus) {
    if (property == null || property.isBlank()) {
      return cpus >= 2 ? 2 : 1;
    }
    switch (property.trim()) {
      case "1": return 1;
      case "2": return 2;
      default:
        throw new IllegalArgumentException("jgrad.gemm.threads must be 1 or 2, got '" + property
            + "' (one worker thread shares large products with the caller; 1 keeps every product on the caller)");
    }
  }

  /** With a given threshold for splitting gemm over two threads (tests force or forbid the split). */
  VectorKernels(long parallelFlops) {
    if (L < 4) {
      // A 2-lane "vector" would be slower than the plain loops; let the provider fall back.
      throw new UnsupportedOperationException(
          "VectorKernels: preferred float species " + S + " has fewer than 4 lanes");
    }
    this.gemm = new VectorGemm(parallelFlops);
    this.dgemm = new DoubleVectorGemm(parallelFlops);
    this.threads = parallelFlops == Long.MAX_VALUE ? 1 : 2;
  }

  @Override
  public String name() {
    return "vector";
  }

  @Override
  public String toString() {
    return "vector (FloatVector " + L + " lanes, " + S.vectorBitSize() + "-bit, gemm tile "
        + VectorGemm.MR + "x" + VectorGemm.NR + ", float64 tile " + DoubleVectorGemm.MR + "x" + DoubleVectorGemm.NR
        + ", gemm threads " + threads + ")";
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k,
                   float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                   float beta, float[] c, int cOff, int ldc) {
    KernelPreconditions.checkGemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    gemm.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k,
                   double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   double beta, double[] c, int cOff, int ldc) {
    KernelPreconditions.checkGemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    dgemm.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  @Override
  public void gemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k,
                          double[] a, int aOff, int aStride, int lda, double[] b, int bOff, int bStride, int ldb,
                          double beta, double[] c, int cOff, int cStride, int ldc) {
    if (batch <= 0) {
      return;
    }
    KernelPreconditions.checkGemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    int last = batch - 1;
    KernelPreconditions.checkGemm(transA, transB, m, n, k, a, aOff + last * aStride, lda, b, bOff + last * bStride,
        ldb, c, cOff + last * cStride, ldc);
    dgemm.gemmBatched(batch, transA, transB, m, n, k, a, aOff, aStride, lda, b, bOff, bStride, ldb, beta, c, cOff,
        cStride, ldc);
  }

  @Override
  public void gemmPacked(boolean transA, int m, float[] a, int aOff, int lda, PackedMatrix b,
                         float beta, float[] c, int cOff, int ldc) {
    KernelPreconditions.checkGemmPacked(transA, m, a, aOff, lda, b, c, cOff, ldc);
    gemm.gemmPacked(transA, m, a, aOff, lda, b, beta, c, cOff, ldc);
  }

  @Override
  public void gemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k,
                          float[] a, int aOff, int aStride, int lda, float[] b, int bOff, int bStride, int ldb,
                          float beta, float[] c, int cOff, int cStride, int ldc) {
    if (batch <= 0) {
      return;
    }
    // Strides are constant, so the first and the last product bound every other one.
    KernelPreconditions.checkGemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    int last = batch - 1;
    KernelPreconditions.checkGemm(transA, transB, m, n, k, a, aOff + last * aStride, lda, b, bOff + last * bStride,
        ldb, c, cOff + last * cStride, ldc);
    gemm.gemmBatched(batch, transA, transB, m, n, k, a, aOff, aStride, lda, b, bOff, bStride, ldb, beta, c, cOff,
        cStride, ldc);
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
    if (cols < L) {
      softmaxShortRows(in, inOff, out, outOff, rows, cols, log);
      return;
    }
    int upper = S.loopBound(cols);
    float[] tail = upper < cols ? new float[L] : null;
    for (int r = 0; r < rows; r++) {
      int ii = inOff + r * cols;
      int oi = outOff + r * cols;
      // Subtract the row maximum so every exponent is <= 0: no overflow, and the sum is in [1, cols].
      float max = maxUnchecked(in, ii, cols);
      FloatVector maxV = FloatVector.broadcast(S, max);
      FloatVector sumV = FloatVector.zero(S);
      int j = 0;
      for (; j < upper; j += L) {
        FloatVector e = VectorMath.exp(FloatVector.fromArray(S, in, ii + j).sub(maxV));
        sumV = sumV.add(e);
        if (!log) {
          e.intoArray(out, oi + j);
        }
      }
      if (j < cols) {
        // The tail through the same vector exp, padded with -inf, whose exp is 0 and adds nothing to the sum.
        Arrays.fill(tail, Float.NEGATIVE_INFINITY);
        System.arraycopy(in, ii + j, tail, 0, cols - j);
        FloatVector e = VectorMath.exp(FloatVector.fromArray(S, tail, 0).sub(maxV));
        sumV = sumV.add(e);
        if (!log) {
          e.intoArray(tail, 0);
          System.arraycopy(tail, 0, out, oi + j, cols - j);
        }
      }
      double sum = sumV.reduceLanes(VectorOperators.ADD);
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

  /**
   * Rows shorter than one vector (a classifier over a few classes): a padded vector per row cost ~80 ns a row (32 × 3
   * took 2.6 µs) and the scalar loops spend most of their time in one exp per element and one log per row, so the
   * block is done in passes: shift every row by its maximum (scalar), exp of the whole block in one vector loop, row
   * sums (scalar, in double as the oracle does), then the logs of all row sums in one vector loop.
   */
  private static void softmaxShortRows(float[] in, int inOff, float[] out, int outOff, int rows, int cols,
                                       boolean log) {
    int n = rows * cols;
    for (int r = 0; r < rows; r++) {
      int ii = inOff + r * cols;
      int oi = outOff + r * cols;
      float max = in[ii];
      for (int j = 1; j < cols; j++) {
        max = Math.max(max, in[ii + j]);
      }
      for (int j = 0; j < cols; j++) {
        out[oi + j] = in[ii + j] - max;   // in may be out: each element is read before it is written
      }
    }
    if (!log) {
      unaryAnyLength(UnaryOp.EXP, out, outOff, out, outOff, n);
      for (int r = 0, oi = outOff; r < rows; r++, oi += cols) {
        double sum = 0.0;
        for (int j = 0; j < cols; j++) {
          sum += out[oi + j];
        }
        float inv = (float) (1.0 / sum);
        for (int j = 0; j < cols; j++) {
          out[oi + j] *= inv;
        }
      }
      return;
    }
    // log-softmax: out keeps the shifted values; the exponentials go to scratch.
    float[] e = new float[n];
    unaryAnyLength(UnaryOp.EXP, out, outOff, e, 0, n);
    float[] logSum = new float[rows];
    for (int r = 0, k = 0; r < rows; r++) {
      double sum = 0.0;
      for (int j = 0; j < cols; j++, k++) {
        sum += e[k];
      }
      logSum[r] = (float) sum;
    }
    unaryAnyLength(UnaryOp.LOG, logSum, 0, logSum, 0, rows);
    for (int r = 0, oi = outOff; r < rows; r++, oi += cols) {
      float ls = logSum[r];
      for (int j = 0; j < cols; j++) {
        out[oi + j] -= ls;
      }
    }
  }

  /** exp or log over any length, ranges already checked (the loops need at least one whole vector). */
  private static void unaryAnyLength(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n) {
    if (n < L) {
      unarySmall(op, x, xOff, out, outOff, n);
    } else if (op == UnaryOp.EXP) {
      expLoop(x, xOff, out, outOff, n);
    } else {
      logLoop(x, xOff, out, outOff, n);
    }
  }

  /**
   * Moments in float, as PyTorch's CPU kernel computes them: the mean from two vector accumulators, the variance in
   * a second pass as {@code Σ(x - mean)²} (no cancellation), rstd in double; then one pass of
   * {@code (x - mean)·rstd·w + b} with a fused multiply-add. A missing weight or bias is a row of ones or zeros.
   */
  @Override
  public void layerNormRows(float[] x, int xOff, float[] w, float[] b, double eps, float[] out, int outOff,
                            float[] means, float[] rstds, int statsOff, int rows, int cols) {
    KernelPreconditions.checkLayerNorm(x, xOff, w, b, out, outOff, means, rstds, statsOff, rows, cols);
    if (rows == 0 || cols == 0) {
      return;
    }
    float[] weight = w;
    if (weight == null) {
      weight = new float[cols];
      Arrays.fill(weight, 1f);
    }
    float[] bias = b == null ? new float[cols] : b;
    int upper = S.loopBound(cols);
    for (int r = 0; r < rows; r++) {
      int xi = xOff + r * cols;
      int oi = outOff + r * cols;
      FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
      int j = 0;
      for (; j + 2 * L <= cols; j += 2 * L) {
        s0 = s0.add(FloatVector.fromArray(S, x, xi + j));
        s1 = s1.add(FloatVector.fromArray(S, x, xi + j + L));
      }
      for (; j < upper; j += L) {
        s0 = s0.add(FloatVector.fromArray(S, x, xi + j));
      }
      float sum = s0.add(s1).reduceLanes(VectorOperators.ADD);
      for (; j < cols; j++) {
        sum += x[xi + j];
      }
      float mean = (float) ((double) sum / cols);
      FloatVector meanV = FloatVector.broadcast(S, mean);
      FloatVector q0 = FloatVector.zero(S), q1 = FloatVector.zero(S);
      for (j = 0; j + 2 * L <= cols; j += 2 * L) {
        FloatVector d0 = FloatVector.fromArray(S, x, xi + j).sub(meanV);
        FloatVector d1 = FloatVector.fromArray(S, x, xi + j + L).sub(meanV);
        q0 = d0.fma(d0, q0);
        q1 = d1.fma(d1, q1);
      }
      for (; j < upper; j += L) {
        FloatVector d = FloatVector.fromArray(S, x, xi + j).sub(meanV);
        q0 = d.fma(d, q0);
      }
      float ss = q0.add(q1).reduceLanes(VectorOperators.ADD);
      for (; j < cols; j++) {
        float d = x[xi + j] - mean;
        ss = Math.fma(d, d, ss);
      }
      float rstd = (float) (1.0 / Math.sqrt((double) ss / cols + eps));
      means[statsOff + r] = mean;
      rstds[statsOff + r] = rstd;
      FloatVector rstdV = FloatVector.broadcast(S, rstd);
      for (j = 0; j < upper; j += L) {
        FloatVector.fromArray(S, x, xi + j).sub(meanV).mul(rstdV)
            .fma(FloatVector.fromArray(S, weight, j), FloatVector.fromArray(S, bias, j)).intoArray(out, oi + j);
      }
      for (; j < cols; j++) {
        out[oi + j] = Math.fma((x[xi + j] - mean) * rstd, weight[j], bias[j]);
      }
    }
  }

  // ------------------------------------------------------------------------------------------- elementwise

  /**
   * Every element goes through the same vector code, including the tail, so a result does not depend on where in
   * the array its input sits: the last {@code L} elements are loaded before anything is stored (which keeps an
   * in-place call correct) and computed as one vector that may overlap the one before; fewer than {@code L}
   * elements are padded into a scratch vector.
   */
  @Override
  public void unary(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n) {
    KernelPreconditions.checkUnary(op, x, xOff, out, outOff, n);
    if (n < L) {
      unarySmall(op, x, xOff, out, outOff, n);
      return;
    }
    // One loop per op, each calling its function directly, so that C2 inlines it and keeps the vectors in registers.
    switch (op) {
      case EXP: expLoop(x, xOff, out, outOff, n); break;
      case LOG: logLoop(x, xOff, out, outOff, n); break;
      case TANH: tanhLoop(x, xOff, out, outOff, n); break;
      case SIGMOID: sigmoidLoop(x, xOff, out, outOff, n); break;
      case GELU: geluLoop(x, xOff, out, outOff, n); break;
      case GELU_TANH: geluTanhLoop(x, xOff, out, outOff, n); break;
      default: throw new AssertionError("unary op " + op);
    }
  }

  private static void expLoop(float[] x, int xOff, float[] out, int outOff, int n) {
    int lastOff = n - L;
    FloatVector last = FloatVector.fromArray(S, x, xOff + lastOff);
    for (int i = 0; i < lastOff; i += L) {
      VectorMath.exp(FloatVector.fromArray(S, x, xOff + i)).intoArray(out, outOff + i);
    }
    VectorMath.exp(last).intoArray(out, outOff + lastOff);
  }

  /**
   * log in vectors, with the rare lanes that {@link VectorMath#logNormal} leaves (zero, subnormal, negative,
   * infinite, NaN) replaced by the plain-Java result, which is exact for them. The check sits after the store and
   * touches no vector but the input, so C2 needs no merge of vectors (see {@link VectorMath#logNormal}).
   */
  private static void logLoop(float[] x, int xOff, float[] out, int outOff, int n) {
    int lastOff = n - L;
    FloatVector last = FloatVector.fromArray(S, x, xOff + lastOff);
    float[] scratch = new float[L];
    for (int i = 0; i < lastOff; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, xOff + i);
      VectorMath.logNormal(v).intoArray(out, outOff + i);
      if (!VectorMath.logNormalLanes(v).allTrue()) {
        v.intoArray(scratch, 0);   // the inputs: an in-place call has just overwritten them in x
        logFixUp(scratch, out, outOff + i);
      }
    }
    VectorMath.logNormal(last).intoArray(out, outOff + lastOff);
    if (!VectorMath.logNormalLanes(last).allTrue()) {
      last.intoArray(scratch, 0);
      logFixUp(scratch, out, outOff + lastOff);
    }
  }

  /** Overwrites {@code out[at + l]} with the plain-Java log where {@code in[l]} is not a positive normal float. */
  private static void logFixUp(float[] in, float[] out, int at) {
    for (int l = 0; l < L; l++) {
      float v = in[l];
      if (!(v >= Float.MIN_NORMAL && v <= Float.MAX_VALUE)) {
        out[at + l] = (float) Math.log(v);
      }
    }
  }

  private static void tanhLoop(float[] x, int xOff, float[] out, int outOff, int n) {
    int lastOff = n - L;
    FloatVector last = FloatVector.fromArray(S, x, xOff + lastOff);
    for (int i = 0; i < lastOff; i += L) {
      VectorMath.tanh(FloatVector.fromArray(S, x, xOff + i)).intoArray(out, outOff + i);
    }
    VectorMath.tanh(last).intoArray(out, outOff + lastOff);
  }

  private static void sigmoidLoop(float[] x, int xOff, float[] out, int outOff, int n) {
    int lastOff = n - L;
    FloatVector last = FloatVector.fromArray(S, x, xOff + lastOff);
    for (int i = 0; i < lastOff; i += L) {
      VectorMath.sigmoid(FloatVector.fromArray(S, x, xOff + i)).intoArray(out, outOff + i);
    }
    VectorMath.sigmoid(last).intoArray(out, outOff + lastOff);
  }

  /**
   * Exact GELU in two passes, because the whole function is more than C2 on JDK 17 inlines into one loop
   * (NodeCountInliningCutoff; out of line every vector is boxed: 6.5 ms instead of ~2 for 1e6 floats): the tail
   * polynomial into {@code out} (or a scratch array when {@code out} is {@code x}), then the rest. Each pass calls
   * its function from one site only; the overlapping last vector of the second pass reads copies of its inputs,
   * taken before that pass stores anything, so only arrays and indices differ between iterations, never vectors.
   */
  private static void geluLoop(float[] x, int xOff, float[] out, int outOff, int n) {
    float[] poly = out == x ? new float[n] : out;
    int pOff = out == x ? 0 : outOff;
    tailPolyPass(x, xOff, poly, pOff, n);
    geluPass(x, xOff, poly, pOff, out, outOff, n);
  }

  /**
   * {@code poly = tailPoly(geluAbs(x))}; poly must not alias x. Its own method, so that C2 compiles each pass
   * with its own node budget (inlined into one method, the second pass hit the cutoff again).
   */
  private static void tailPolyPass(float[] x, int xOff, float[] poly, int pOff, int n) {
    int lastOff = n - L;
    for (int i = 0; ; i += L) {
      int at = Math.min(i, lastOff);   // x is not written here, so the last vector may overlap the one before
      VectorMath.tailPoly(VectorMath.geluAbs(FloatVector.fromArray(S, x, xOff + at))).intoArray(poly, pOff + at);
      if (at == lastOff) {
        return;
      }
    }
  }

  private static void geluPass(float[] x, int xOff, float[] poly, int pOff, float[] out, int outOff, int n) {
    int lastOff = n - L;
    float[] xTail = Arrays.copyOfRange(x, xOff + lastOff, xOff + n);
    float[] pTail = Arrays.copyOfRange(poly, pOff + lastOff, pOff + n);
    for (int i = 0; ; i += L) {
      boolean end = i >= lastOff;
      int at = end ? lastOff : i;
      FloatVector xv = FloatVector.fromArray(S, end ? xTail : x, end ? 0 : xOff + i);
      FloatVector pv = FloatVector.fromArray(S, end ? pTail : poly, end ? 0 : pOff + i);
      VectorMath.geluFromTail(xv, VectorMath.geluAbs(xv), pv).intoArray(out, outOff + at);
      if (end) {
        return;
      }
    }
  }

  /** One pass (the tanh form is small enough), with the last vector read from a copy as in {@link #geluLoop}. */
  private static void geluTanhLoop(float[] x, int xOff, float[] out, int outOff, int n) {
    int lastOff = n - L;
    float[] tail = Arrays.copyOfRange(x, xOff + lastOff, xOff + n);
    for (int i = 0; ; i += L) {
      boolean end = i >= lastOff;
      int at = end ? lastOff : i;
      VectorMath.geluTanh(FloatVector.fromArray(S, end ? tail : x, end ? 0 : xOff + i))
          .intoArray(out, outOff + at);
      if (end) {
        return;
      }
    }
  }

  /** Fewer than L elements: one vector padded with 1 (harmless for every op). */
  private static void unarySmall(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n) {
    if (n == 0) {
      return;
    }
    float[] in = new float[L];
    Arrays.fill(in, n, L, 1f);
    System.arraycopy(x, xOff, in, 0, n);
    FloatVector v = FloatVector.fromArray(S, in, 0);
    float[] buf = new float[L];
    switch (op) {
      case EXP: VectorMath.exp(v).intoArray(buf, 0); break;
      case LOG:
        VectorMath.logNormal(v).intoArray(buf, 0);
        logFixUp(in, buf, 0);
        break;
      case TANH: VectorMath.tanh(v).intoArray(buf, 0); break;
      case SIGMOID: VectorMath.sigmoid(v).intoArray(buf, 0); break;
      case GELU: VectorMath.gelu(v).intoArray(buf, 0); break;
      case GELU_TANH: VectorMath.geluTanh(v).intoArray(buf, 0); break;
      default: throw new AssertionError("unary op " + op);
    }
    System.arraycopy(buf, 0, out, outOff, n);
  }

  /** Lane-wise IEEE operations round exactly as the scalar ones, so the scalar tail gives the same bits. */
  @Override
  public void binary(BinaryOp op, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
    KernelPreconditions.checkBinary(op, a, aOff, b, bOff, out, outOff, n);
    // C2 on JDK 17 leaves these loops scalar inside Loops' op switch (4x slower at 1e6 floats than this).
    int upper = S.loopBound(n);
    switch (op) {
      case ADD:
        for (int i = 0; i < upper; i += L) {
          FloatVector.fromArray(S, a, aOff + i).add(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
        }
        break;
      case SUB:
        for (int i = 0; i < upper; i += L) {
          FloatVector.fromArray(S, a, aOff + i).sub(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
        }
        break;
      case MUL:
        for (int i = 0; i < upper; i += L) {
          FloatVector.fromArray(S, a, aOff + i).mul(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
        }
        break;
      case DIV:
        for (int i = 0; i < upper; i += L) {
          FloatVector.fromArray(S, a, aOff + i).div(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
        }
        break;
      default:
        throw new AssertionError("binary op " + op);
    }
    JavaKernels.binaryRange(op, a, aOff, b, bOff, out, outOff, upper, n);
  }

  @Override
  public void binaryScalar(BinaryOp op, float[] a, int aOff, float s, boolean scalarLeft, float[] out, int outOff,
                           int n) {
    KernelPreconditions.checkBinaryScalar(op, a, aOff, out, outOff, n);
    FloatVector sv = FloatVector.broadcast(S, s);
    int upper = S.loopBound(n);
    switch (op) {
      case ADD:
        for (int i = 0; i < upper; i += L) {
          FloatVector.fromArray(S, a, aOff + i).add(sv).intoArray(out, outOff + i);
        }
        break;
      case SUB:
        if (scalarLeft) {
          for (int i = 0; i < upper; i += L) {
            sv.sub(FloatVector.fromArray(S, a, aOff + i)).intoArray(out, outOff + i);
          }
        } else {
          for (int i = 0; i < upper; i += L) {
            FloatVector.fromArray(S, a, aOff + i).sub(sv).intoArray(out, outOff + i);
          }
        }
        break;
      case MUL:
        for (int i = 0; i < upper; i += L) {
          FloatVector.fromArray(S, a, aOff + i).mul(sv).intoArray(out, outOff + i);
        }
        break;
      case DIV:
        if (scalarLeft) {
          for (int i = 0; i < upper; i += L) {
            sv.div(FloatVector.fromArray(S, a, aOff + i)).intoArray(out, outOff + i);
          }
        } else {
          for (int i = 0; i < upper; i += L) {
            FloatVector.fromArray(S, a, aOff + i).div(sv).intoArray(out, outOff + i);
          }
        }
        break;
      default:
        throw new AssertionError("binary op " + op);
    }
    JavaKernels.binaryScalarRange(op, a, aOff, s, scalarLeft, out, outOff, upper, n);
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

  // ------------------------------------------------------------------------------------------- gelu backward

  /**
   * One pass of {@code g · gelu'(x)} in float ({@link VectorMath#geluGrad}, {@link VectorMath#geluTanhGrad}); the
   * tail is handled as in {@link #unary}: the last vector of g and x is loaded before anything is stored, so
   * {@code out} may be g or x, and fewer than L elements go through a padded vector.
   */
  @Override
  public void geluBackward(boolean tanhApprox, float[] g, int gOff, float[] x, int xOff, float[] out, int outOff,
                           int n) {
    KernelPreconditions.checkGeluBackward(g, gOff, x, xOff, out, outOff, n);
    if (n < L) {
      geluBackwardSmall(tanhApprox, g, gOff, x, xOff, out, outOff, n);
    } else if (tanhApprox) {
      geluTanhBackwardLoop(g, gOff, x, xOff, out, outOff, n);
    } else {
      geluBackwardLoop(g, gOff, x, xOff, out, outOff, n);
    }
  }

  /** Two passes as {@link #geluLoop}; the polynomial goes to a scratch array when {@code out} aliases g or x. */
  private static void geluBackwardLoop(float[] g, int gOff, float[] x, int xOff, float[] out, int outOff, int n) {
    boolean alias = out == g || out == x;
    float[] poly = alias ? new float[n] : out;
    int pOff = alias ? 0 : outOff;
    tailPolyPass(x, xOff, poly, pOff, n);
    geluBackwardPass(g, gOff, x, xOff, poly, pOff, out, outOff, n);
  }

  private static void geluBackwardPass(float[] g, int gOff, float[] x, int xOff, float[] poly, int pOff,
                                       float[] out, int outOff, int n) {
    int lastOff = n - L;
    float[] gTail = Arrays.copyOfRange(g, gOff + lastOff, gOff + n);
    float[] xTail = Arrays.copyOfRange(x, xOff + lastOff, xOff + n);
    float[] pTail = Arrays.copyOfRange(poly, pOff + lastOff, pOff + n);
    for (int i = 0; ; i += L) {
      boolean end = i >= lastOff;
      int at = end ? lastOff : i;
      FloatVector xv = FloatVector.fromArray(S, end ? xTail : x, end ? 0 : xOff + i);
      FloatVector pv = FloatVector.fromArray(S, end ? pTail : poly, end ? 0 : pOff + i);
      FloatVector d = VectorMath.geluGradFromTail(xv, VectorMath.geluAbs(xv), pv);
      FloatVector.fromArray(S, end ? gTail : g, end ? 0 : gOff + i).mul(d).intoArray(out, outOff + at);
      if (end) {
        return;
      }
    }
  }

  /** As {@link #geluBackwardLoop}. */
  private static void geluTanhBackwardLoop(float[] g, int gOff, float[] x, int xOff, float[] out, int outOff,
                                           int n) {
    int lastOff = n - L;
    float[] gTail = Arrays.copyOfRange(g, gOff + lastOff, gOff + n);
    float[] xTail = Arrays.copyOfRange(x, xOff + lastOff, xOff + n);
    for (int i = 0; ; i += L) {
      boolean end = i >= lastOff;
      int at = end ? lastOff : i;
      FloatVector d = VectorMath.geluTanhGrad(FloatVector.fromArray(S, end ? xTail : x, end ? 0 : xOff + i));
      FloatVector.fromArray(S, end ? gTail : g, end ? 0 : gOff + i).mul(d).intoArray(out, outOff + at);
      if (end) {
        return;
      }
    }
  }

  private static void geluBackwardSmall(boolean tanhApprox, float[] g, int gOff, float[] x, int xOff, float[] out,
                                        int outOff, int n) {
    if (n == 0) {
      return;
    }
    float[] gs = new float[L];
    float[] xs = new float[L];
    System.arraycopy(g, gOff, gs, 0, n);
    System.arraycopy(x, xOff, xs, 0, n);
    FloatVector xv = FloatVector.fromArray(S, xs, 0);
    FloatVector d = tanhApprox ? VectorMath.geluTanhGrad(xv) : VectorMath.geluGrad(xv);
    FloatVector.fromArray(S, gs, 0).mul(d).intoArray(gs, 0);
    System.arraycopy(gs, 0, out, outOff, n);
  }
  // ------------------------------------------------------------------------------------------ float64 elementwise

  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  private static final int DL = D.length();

  @Override
  public void binary(BinaryOp op, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff, int n) {
    KernelPreconditions.checkDoubles(op, op == null ? "binary" : op.label, op != null && op.kernel, a, aOff, b, bOff,
        out, outOff, n);
    int upper = D.loopBound(n);
    switch (op) {
      case ADD -> {
        for (int i = 0; i < upper; i += DL) {
          DoubleVector.fromArray(D, a, aOff + i).add(DoubleVector.fromArray(D, b, bOff + i))
              .intoArray(out, outOff + i);
        }
      }
      case SUB -> {
        for (int i = 0; i < upper; i += DL) {
          DoubleVector.fromArray(D, a, aOff + i).sub(DoubleVector.fromArray(D, b, bOff + i))
              .intoArray(out, outOff + i);
        }
      }
      case MUL -> {
        for (int i = 0; i < upper; i += DL) {
          DoubleVector.fromArray(D, a, aOff + i).mul(DoubleVector.fromArray(D, b, bOff + i))
              .intoArray(out, outOff + i);
        }
      }
      case DIV -> {
        for (int i = 0; i < upper; i += DL) {
          DoubleVector.fromArray(D, a, aOff + i).div(DoubleVector.fromArray(D, b, bOff + i))
              .intoArray(out, outOff + i);
        }
      }
      default -> throw new AssertionError("binary op " + op);
    }
    JavaKernels.binaryRange(op, a, aOff, b, bOff, out, outOff, upper, n);
  }

  @Override
  public void binaryScalar(BinaryOp op, double[] a, int aOff, double s, boolean scalarLeft, double[] out, int outOff,
                           int n) {
    KernelPreconditions.checkDoubles(op, op == null ? "binaryScalar" : op.label, op != null && op.kernel, a, aOff,
        null, 0, out, outOff, n);
    DoubleVector sv = DoubleVector.broadcast(D, s);
    int upper = D.loopBound(n);
    switch (op) {
      case ADD -> {
        for (int i = 0; i < upper; i += DL) {
          DoubleVector.fromArray(D, a, aOff + i).add(sv).intoArray(out, outOff + i);
        }
      }
      case SUB -> {
        for (int i = 0; i < upper; i += DL) {
          DoubleVector v = DoubleVector.fromArray(D, a, aOff + i);
          (scalarLeft ? sv.sub(v) : v.sub(sv)).intoArray(out, outOff + i);
        }
      }
      case MUL -> {
        for (int i = 0; i < upper; i += DL) {
          DoubleVector.fromArray(D, a, aOff + i).mul(sv).intoArray(out, outOff + i);
        }
      }
      case DIV -> {
        for (int i = 0; i < upper; i += DL) {
          DoubleVector v = DoubleVector.fromArray(D, a, aOff + i);
          (scalarLeft ? sv.div(v) : v.div(sv)).intoArray(out, outOff + i);
        }
      }
      default -> throw new AssertionError("binary op " + op);
    }
    JavaKernels.binaryScalarRange(op, a, aOff, s, scalarLeft, out, outOff, upper, n);
  }

  /** The scalar double loops of {@link JavaKernels#unaryRange}: see there why they are not vectorised by hand. */
  @Override
  public void unary(UnaryOp op, double[] x, int xOff, double[] out, int outOff, int n) {
    KernelPreconditions.checkDoubles(op, op == null ? "unary" : op.label, op != null && op.kernel, x, xOff, null, 0,
        out, outOff, n);
    JavaKernels.unaryRange(op, x, xOff, out, outOff, 0, n);
  }

  @Override
  public void relu(double[] x, int xOff, double[] out, int outOff, int n) {
    KernelPreconditions.checkRange("relu", "x", x, xOff, n);
    KernelPreconditions.checkRange("relu", "out", out, outOff, n);
    DoubleVector zero = DoubleVector.zero(D);
    int upper = D.loopBound(n);
    for (int i = 0; i < upper; i += DL) {
      DoubleVector.fromArray(D, x, xOff + i).max(zero).intoArray(out, outOff + i);
    }
    JavaKernels.reluRange(x, xOff, out, outOff, upper, n);
  }
}
