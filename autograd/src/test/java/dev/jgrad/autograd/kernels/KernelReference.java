package dev.jgrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * Double-precision transcriptions of the kernels' maths, seeded data, and comparison helpers shared by the kernel
 * tests. The references are written for clarity, not speed, straight from the formulas in the Kernels Javadoc and
 * docs/SEMANTICS.md, "Tensors and dtypes".
 */
final class KernelReference {

  /** The sizes every differential test runs over (awkward sizes around the vector widths, see docs/PERFORMANCE.md). */
  static final int[] SIZES = {0, 1, 3, 7, 8, 15, 16, 17, 31, 33, 64, 127, 1000};

  private static final double EPS = Math.ulp(1f);   // 2^-23; one rounding is at most half of it

  private KernelReference() {}

  /** The unary ops that {@link Kernels#unary} computes. */
  static final List<UnaryOp> UNARY_OPS =
      Arrays.stream(UnaryOp.values()).filter(op -> op.kernel).collect(Collectors.toList());

  /** The binary ops that {@link Kernels#binary} and {@link Kernels#binaryScalar} compute. */
  static final List<BinaryOp> BINARY_OPS =
      Arrays.stream(BinaryOp.values()).filter(op -> op.kernel).collect(Collectors.toList());

  /** The vector implementation, or the test is skipped when the JVM runs without jdk.incubator.vector. */
  static Kernels vectorOrSkip() {
    Assumptions.assumeTrue(KernelProvider.vectorModulePresent(),
        "jdk.incubator.vector is not in the boot layer (run with --add-modules jdk.incubator.vector)");
    return KernelProvider.loadVector();
  }

  /**
   * The distance between two floats in units in the last place: how many steps of {@link Math#nextUp} lead from the
   * smaller to the larger, with +0 and -0 the same point and infinity one step past {@link Float#MAX_VALUE}. 0 if
   * both are NaN, {@link Long#MAX_VALUE} if only one is.
   */
  static long ulpDistance(float a, float b) {
    if (Float.isNaN(a) || Float.isNaN(b)) {
      return Float.isNaN(a) && Float.isNaN(b) ? 0 : Long.MAX_VALUE;
    }
    return Math.abs(ordinal(a) - ordinal(b));
  }

  /** Position of {@code f} on the number line of floats: negative floats count down from -0, which is 0. */
  private static long ordinal(float f) {
    int bits = Float.floatToRawIntBits(f);
    return bits >= 0 ? bits : (long) Integer.MIN_VALUE - bits;
  }

  /**
   * How many ulp the SIMD {@link Kernels#unary} may be from the plain-Java one at input x (the bounds that
   * {@link UnaryOp} documents): 1, except sigmoid, 2 and, below -16.625 where {@code exp(-x)} nears 2^24
   * and {@code 1 + exp(-x)} rounds at a tie, 4; gelu 6; gelu_tanh {@code 2 + 6·|x|} for negative x, because the
   * float {@code 2u} that its exp reads carries a relative error of a few 2^-24 (measured: 2 ulp for x >= -1, 12
   * on [-3, -2), 28 on [-5, -4)).
   */
  static long unaryUlpBound(UnaryOp op, float x) {
    switch (op) {
      case SIGMOID: return x >= -16.625f ? 2 : 4;
      case GELU: return 6;
      case GELU_TANH: return 2 + (long) Math.ceil(6 * Math.min(Math.max(0f, -x), 100f));
      default: return 1;
    }
  }

  /** Below this the oracle's double {@code 1 + erf} (or {@code 1 + tanh}) cancels to worse than float precision. */
  static final float GELU_ORACLE_LIMIT = -5.5f;

  /**
   * Whether the SIMD result {@code got} agrees with the plain-Java {@code want} at input x: within
   * {@link #unaryUlpBound}, or, for GELU below {@link #GELU_ORACLE_LIMIT}, within the oracle's own absolute error
   * (its {@code 1 + erf} in double is off by up to a few 2^-53, times |x|/2).
   */
  static boolean unaryAgrees(UnaryOp op, float x, float want, float got) {
    if (ulpDistance(want, got) <= unaryUlpBound(op, x)) {
      return true;
    }
    boolean geluTail = (op == UnaryOp.GELU || op == UnaryOp.GELU_TANH) && x < GELU_ORACLE_LIMIT;
    return geluTail && Math.abs((double) got - want) <= 0x1p-50 * -(double) x;
  }

  /**
   * The size of the terms of gelu'(x) in double: {@code Φ(x) + |x|·φ(x)} (exact) or the two terms of PyTorch's
   * tanh formula. The derivative crosses 0 near -0.75, so errors are measured against this, not the result.
   */
  static double geluGradScale(boolean tanhApprox, float xf) {
    double v = xf;
    if (tanhApprox) {
      double k = Math.sqrt(2 / Math.PI);
      double t = Math.tanh(k * (v + 0.044715 * v * v * v));
      return Math.abs(0.5 * (1 + t)) + Math.abs(0.5 * v * (1 - t * t) * k * (1 + 3 * 0.044715 * v * v));
    }
    double cdf = 0.5 * (1 + Erf.erf(v * Math.sqrt(0.5)));
    return cdf + Math.abs(v) * Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI);
  }

  /**
   * Whether the SIMD {@link Kernels#geluBackward} result agrees with the plain-Java one, as the Kernels Javadoc
   * states: within {@code B·2^-24·|g|·scale} with B = 8 (exact; measured 6.0) or {@code 5 + 6·|x|} for negative x
   * (tanh; measured 3.9 for x >= -1, 10.8 on [-3, -2), 30.5 on [-5, -4)), plus the oracle's absolute error below
   * {@link #GELU_ORACLE_LIMIT}. Identical bits (both NaN, both inf) always agree.
   */
  static boolean geluGradAgrees(boolean tanhApprox, float g, float x, float want, float got) {
    if (ulpDistance(want, got) == 0) {
      return true;
    }
    if (Float.isInfinite(g) && Float.isNaN(want) && x < GELU_ORACLE_LIMIT && !Float.isFinite(got)) {
      return true;   // the oracle's derivative cancelled to 0 there, so inf·0; the SIMD one is tiny but not 0
    }
    if (Float.isNaN(want) || Float.isNaN(got) || Float.isInfinite(want) && Float.isInfinite(got)) {
      return false;
    }
    // Near the overflow threshold one may round to inf and the other to MAX_VALUE: measure from the threshold.
    double w = Float.isInfinite(want) ? Math.copySign(0x1.ffffffp127, want) : want;
    double o = Float.isInfinite(got) ? Math.copySign(0x1.ffffffp127, got) : got;
    double units = tanhApprox ? 5 + 6 * Math.min(Math.max(0f, -x), 100f) : 8;
    double tol = units * 0x1p-24 * Math.abs((double) g) * geluGradScale(tanhApprox, x) + Float.MIN_VALUE;
    if (x < GELU_ORACLE_LIMIT) {
      tol += 0x1p-50 * Math.abs((double) g) * (1 + Math.abs((double) x));
    }
    return Math.abs(o - w) <= tol;
  }

  /** Standard normal floats. */
  static float[] gaussian(SplittableRandom r, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) nextGaussian(r);
    }
    return x;
  }

  /** Small integers in [-bound, bound]: their products and sums are exact in float, so results must agree bit for bit. */
  static float[] integers(SplittableRandom r, int n, int bound) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextInt(2 * bound + 1) - bound;
    }
    return x;
  }

  static double nextGaussian(SplittableRandom r) {
    // Box-Muller from two uniforms; SplittableRandom has no nextGaussian on Java 17.
    double u = 1.0 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
  }

  // ------------------------------------------------------------------------------------------------------ gemm

  /** A gemm problem with its operands laid out at an offset and with row padding. */
  static final class GemmCase {
    final boolean transA, transB;
    final int m, n, k, aOff, lda, bOff, ldb, cOff, ldc;
    final float beta;
    final float[] a, b, c;

    GemmCase(SplittableRandom r, boolean transA, boolean transB, int m, int n, int k, float beta, boolean exact,
             boolean padded) {
      this.transA = transA;
      this.transB = transB;
      this.m = m;
      this.n = n;
      this.k = k;
      this.beta = beta;
      int aRows = transA ? k : m;
      int aCols = transA ? m : k;
      int bRows = transB ? n : k;
      int bCols = transB ? k : n;
      aOff = padded ? 1 + r.nextInt(5) : 0;
      bOff = padded ? 1 + r.nextInt(5) : 0;
      cOff = padded ? 1 + r.nextInt(5) : 0;
      lda = Math.max(1, aCols) + (padded ? 1 + r.nextInt(3) : 0);
      ldb = Math.max(1, bCols) + (padded ? 1 + r.nextInt(3) : 0);
      ldc = Math.max(1, n) + (padded ? 1 + r.nextInt(3) : 0);
      a = fill(r, aOff + aRows * lda + 3, exact);
      b = fill(r, bOff + bRows * ldb + 3, exact);
      c = fill(r, cOff + m * ldc + 3, exact);
    }

    private static float[] fill(SplittableRandom r, int size, boolean exact) {
      return exact ? integers(r, size, 3) : gaussian(r, size);
    }

    float opA(int i, int p) {
      return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    float opB(int p, int j) {
      return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }

    /** Runs the kernel on a copy of C and returns the copy. */
    float[] run(Kernels kernels) {
      float[] out = c.clone();
      kernels.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc);
      return out;
    }

    /** As {@link #run}, through {@link GemmKernels#pack} and two calls of {@link GemmKernels#gemmPacked}. */
    float[] runPacked(Kernels kernels) {
      PackedMatrix packed = kernels.pack(transB, k, n, b, bOff, ldb);
      float[] out = c.clone();
      kernels.gemmPacked(transA, m, a, aOff, lda, packed, beta, out, cOff, ldc);
      float[] again = c.clone();
      kernels.gemmPacked(transA, m, a, aOff, lda, packed, beta, again, cOff, ldc);   // reuses the packed form
      org.junit.jupiter.api.Assertions.assertArrayEquals(out, again, "second product with one packed operand");
      return out;
    }

    /** C's element (i, j) in double, and in {@code abs[0]} the sum of magnitudes that bounds its rounding error. */
    double reference(int i, int j, double[] abs) {
      double old = c[cOff + i * ldc + j];
      double s = beta == 0f ? 0.0 : beta * old;
      double mag = Math.abs(s);
      for (int p = 0; p < k; p++) {
        double t = (double) opA(i, p) * opB(p, j);
        s += t;
        mag += Math.abs(t);
      }
      abs[0] = mag;
      return s;
    }

    @Override
    public String toString() {
      return String.format("gemm(transA=%b, transB=%b, m=%d, n=%d, k=%d, lda=%d, ldb=%d, ldc=%d, beta=%s)",
          transA, transB, m, n, k, lda, ldb, ldc, beta);
    }

    /**
     * Checks {@code out} against the double reference with the worst-case bound for any summation order,
     * (k + 2)·2^-23·Σ|terms| per element, scaled by {@code slack}; and that nothing outside C's [m, n] block moved.
     */
    void assertClose(float[] out, double slack) {
      double[] abs = new double[1];
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double want = reference(i, j, abs);
          double tol = slack * (k + 2) * EPS * abs[0];
          float got = out[cOff + i * ldc + j];
          if (!(Math.abs(got - want) <= tol)) {
            fail(this + ": C[" + i + ", " + j + "] = " + got + ", want " + want + " within " + tol);
          }
        }
      }
      assertUntouchedOutside(out);
    }

    /** Elements of the C array outside the [m, n] block (offset, row padding, tail) keep their old values. */
    void assertUntouchedOutside(float[] out) {
      for (int idx = 0; idx < out.length; idx++) {
        int rel = idx - cOff;
        boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
        if (!inside && Float.floatToRawIntBits(out[idx]) != Float.floatToRawIntBits(c[idx])) {
          fail(this + ": element " + idx + " outside C was changed from " + c[idx] + " to " + out[idx]);
        }
      }
    }
  }

  // ------------------------------------------------------------------------------------------ reductions

  static double sum(float[] x, int off, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += x[off + i];
    }
    return s;
  }

  static double absSum(float[] x, int off, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += Math.abs(x[off + i]);
    }
    return s;
  }

  /** Asserts {@code got} is within {@code rel·scale} of {@code want}, with NaN matching NaN. */
  static void assertNear(double want, float got, double tol, String what) {
    if (Double.isNaN(want)) {
      assertEquals(Float.NaN, got, what + ": want NaN");
      return;
    }
    if (!(Math.abs(got - want) <= tol)) {
      fail(what + ": got " + got + ", want " + want + " within " + tol);
    }
  }

  /** Softmax or log-softmax of one row in double, max subtracted. */
  static double[] softmax(float[] x, int off, int n, boolean log) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, x[off + i]);
    }
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += Math.exp(x[off + i] - max);
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = log ? (x[off + i] - max) - Math.log(s) : Math.exp(x[off + i] - max) / s;
    }
    return out;
  }
}
