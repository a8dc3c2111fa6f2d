package dev.jgrad.autograd.kernels;

import static dev.jgrad.autograd.kernels.KernelReference.SIZES;
import static dev.jgrad.autograd.kernels.KernelReference.assertNear;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.kernels.KernelReference.GemmCase;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The plain-Java kernels against double-precision references: they are the oracle for everything else. */
class JavaKernelsTest {

  private final Kernels java = Kernels.java();

  @Test
  void nameAndIdentity() {
    assertEquals("java", java.name());
    assertTrue(java == Kernels.java());
  }

  @Test
  void gemmMatchesDoubleReferenceOverSizesAndTransposes() {
    SplittableRandom r = new SplittableRandom(11);
    int[] dims = {0, 1, 3, 7, 8, 17, 33, 130};   // 130 crosses the 128-wide cache blocks
    for (int m : dims) {
      for (int n : dims) {
        for (int k : dims) {
          for (int t = 0; t < 4; t++) {
            GemmCase g = new GemmCase(r, (t & 1) != 0, (t & 2) != 0, m, n, k, t < 2 ? 0f : 1f, false, true);
            g.assertClose(g.run(java), 1);
          }
        }
      }
    }
  }

  @Test
  void packedOperandGivesTheBitsOfThePlainProduct() {
    SplittableRandom r = new SplittableRandom(13);
    int[] dims = {0, 1, 7, 130};
    for (int m : dims) {
      for (int n : dims) {
        for (int k : dims) {
          for (int t = 0; t < 8; t++) {
            GemmCase g = new GemmCase(r, (t & 1) != 0, (t & 2) != 0, m, n, k, t < 4 ? 0f : 1f, false, true);
            assertArrayEquals(g.run(java), g.runPacked(java), g.toString());
          }
        }
      }
    }
  }

  @Test
  void packAndPackedProductCheckTheirOperands() {
    float[] b = new float[6];
    String m = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> java.pack(true, 4, 2, b, 0, 4)).getMessage();
    assertTrue(m.contains("pack: B [2, 4] at offset 0 with ldb 4 needs 8 elements but the array has 6"), m);
    PackedMatrix packed = java.pack(false, 2, 3, b, 0, 3);
    assertEquals(2, packed.rows());
    assertEquals(3, packed.columns());
    m = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> java.gemmPacked(false, 2, new float[4], 0, 2, packed, 0f, new float[5], 0, 3)).getMessage();
    assertTrue(m.contains("gemm: C [2, 3] at offset 0 with ldc 3 needs 6 elements but the array has 5"), m);
    m = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> java.gemmPacked(false, 2, new float[4], 0, 1, packed, 0f, new float[6], 0, 3)).getMessage();
    assertTrue(m.contains("gemm: lda 1 is smaller than the row width 2 of A [2, 2]"), m);
  }

  @Test
  void gemmIsExactOnSmallIntegers() {
    SplittableRandom r = new SplittableRandom(12);
    for (float beta : new float[] {0f, 1f, 0.5f, -2f}) {
      GemmCase g = new GemmCase(r, true, false, 37, 29, 300, beta, true, true);
      g.assertClose(g.run(java), 0);   // every partial sum is an integer below 2^24: no rounding at all
    }
  }

  @Test
  void gemmWithBetaZeroIgnoresNaNInC() {
    float[] a = {1, 2, 3, 4};
    float[] b = {5, 6, 7, 8};
    float[] c = {Float.NaN, Float.NaN, Float.POSITIVE_INFINITY, Float.NaN};
    java.gemm(false, false, 2, 2, 2, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
    assertArrayEquals(new float[] {19, 22, 43, 50}, c);
  }

  @Test
  void gemmWithKZeroScalesC() {
    float[] c = {1, Float.NaN, 3, 4};
    java.gemm(false, false, 2, 2, 0, new float[0], 0, 1, new float[0], 0, 2, 0f, c, 0, 2);
    assertArrayEquals(new float[4], c);
    float[] d = {1, 2, 3, 4};
    java.gemm(true, true, 2, 2, 0, new float[0], 0, 2, new float[0], 0, 1, 2f, d, 0, 2);
    assertArrayEquals(new float[] {2, 4, 6, 8}, d);
  }

  @Test
  void gemmPropagatesNaNFromOperands() {
    float[] a = {0, 1, 1, 1};
    float[] b = {Float.NaN, 1, 1, 1};
    float[] c = new float[4];
    java.gemm(false, false, 2, 2, 2, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
    // 0 * NaN is NaN: a zero in A must not skip the term.
    assertTrue(Float.isNaN(c[0]) && Float.isNaN(c[2]));
    assertEquals(1f, c[1]);   // 0*1 + 1*1: the NaN column does not leak into others
  }

  @Test
  void gemmSmallMatchesReference() {
    SplittableRandom r = new SplittableRandom(13);
    for (int t = 0; t < 4; t++) {
      for (int s : new int[] {1, 3, 8}) {
        GemmCase g = new GemmCase(r, (t & 1) != 0, (t & 2) != 0, s, s + 1, s + 2, t % 2, false, true);
        float[] out = g.c.clone();
        JavaGemm.gemmSmall(g.transA, g.transB, g.m, g.n, g.k, g.a, g.aOff, g.lda, g.b, g.bOff, g.ldb, g.beta,
            out, g.cOff, g.ldc);
        g.assertClose(out, 1);
      }
    }
  }

  @Test
  void sumAndDotMatchDoubleReference() {
    SplittableRandom r = new SplittableRandom(14);
    for (int n : SIZES) {
      for (int n2 : new int[] {n, n * 37 + 5}) {
        float[] x = KernelReference.gaussian(r, n2 + 3);
        float[] y = KernelReference.gaussian(r, n2 + 5);
        double abs = KernelReference.absSum(x, 3, n2);
        assertNear(KernelReference.sum(x, 3, n2), java.sum(x, 3, n2), 1e-6 * abs + 1e-30, "sum n=" + n2);
        double dot = 0;
        double dotAbs = 0;
        for (int i = 0; i < n2; i++) {
          dot += (double) x[1 + i] * y[4 + i];
          dotAbs += Math.abs((double) x[1 + i] * y[4 + i]);
        }
        assertNear(dot, java.dot(x, 1, y, 4, n2), 1e-6 * dotAbs + 1e-30, "dot n=" + n2);
      }
    }
  }

  @Test
  void sumOfManyOnesIsExactThanksToPairwiseBlocks() {
    // A plain running float sum sticks at 2^24 = 16777216; blocked pairwise summation does not.
    float[] x = new float[20_000_000];
    Arrays.fill(x, 1f);
    assertEquals(2.0e7f, java.sum(x, 0, x.length));
  }

  @Test
  void maxPropagatesNaNAnywhere() {
    for (int n : SIZES) {
      if (n == 0) {
        continue;
      }
      float[] x = KernelReference.gaussian(new SplittableRandom(n), n + 2);
      double want = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        want = Math.max(want, x[2 + i]);
      }
      assertEquals((float) want, java.max(x, 2, n), "max n=" + n);
      for (int pos : new int[] {0, n / 2, n - 1}) {
        float[] y = x.clone();
        y[2 + pos] = Float.NaN;
        assertEquals(Float.NaN, java.max(y, 2, n), "max with NaN at " + pos + " of " + n);
      }
    }
  }

  @Test
  void softmaxMatchesDoubleReferenceAndStaysFiniteAtThousand() {
    SplittableRandom r = new SplittableRandom(15);
    for (int cols : SIZES) {
      int rows = 3;
      float[] in = KernelReference.gaussian(r, 2 + rows * cols);
      for (int i = 2; i < in.length; i += 2) {
        in[i] *= 1000f;   // ±1000-scale inputs overflow exp() unless the row max is subtracted
      }
      for (boolean log : new boolean[] {false, true}) {
        float[] out = new float[1 + rows * cols];
        java.softmaxRows(in, 2, out, 1, rows, cols, log);
        for (int row = 0; row < rows; row++) {
          double[] want = KernelReference.softmax(in, 2 + row * cols, cols, log);
          for (int j = 0; j < cols; j++) {
            float got = out[1 + row * cols + j];
            assertTrue(Float.isFinite(got) || (log && got == Float.NEGATIVE_INFINITY), "finite " + got);
            double tol = log ? 1e-6 * (1 + Math.abs(want[j])) : 1e-6 * want[j] + 1e-30;
            assertNear(want[j], got, tol, "softmax log=" + log + " cols=" + cols + " [" + row + ", " + j + "]");
          }
        }
      }
    }
  }

  @Test
  void softmaxRowWithNaNIsNaNAndInPlaceWorks() {
    float[] x = {1, Float.NaN, 3, 0, 0, Float.NEGATIVE_INFINITY};
    java.softmaxRows(x, 0, x, 0, 2, 3, false);
    assertTrue(Float.isNaN(x[0]) && Float.isNaN(x[1]) && Float.isNaN(x[2]));
    assertArrayEquals(new float[] {0.5f, 0.5f, 0f}, Arrays.copyOfRange(x, 3, 6));
  }

  @Test
  void reluBackwardMultipliesByTheStepOfTheOutput() {
    float[] g = {2f, 3f, Float.POSITIVE_INFINITY, Float.NaN, -1f, 5f, 7f};
    float[] y = {1f, 0f, 0f, 2f, Float.NaN, -0f, Float.POSITIVE_INFINITY};
    float[] out = new float[g.length + 1];
    java.reluBackward(g, 0, y, 0, out, 1, g.length);
    // A product, not a select: inf·0 is NaN and -1·0 is -0, exactly as g.mul(y.gt(0)).
    assertArrayEquals(new float[] {0f, 2f, 0f, Float.NaN, Float.NaN, -0f, 0f, 7f}, out);
  }

  @Test
  void unaryComputesInDoubleAndRoundsOnce() {
    SplittableRandom r = new SplittableRandom(13);
    float[] x = KernelReference.gaussian(r, 1003);
    for (int i = 0; i < x.length; i++) {
      x[i] *= 30;
    }
    float[] out = new float[x.length + 2];
    for (UnaryOp op : KernelReference.UNARY_OPS) {
      java.unary(op, x, 3, out, 2, 1000);
      for (int i = 0; i < 1000; i++) {
        double v = x[3 + i];
        float want;
        switch (op) {
          case EXP: want = (float) Math.exp(v); break;
          case LOG: want = (float) Math.log(v); break;
          case TANH: want = (float) Math.tanh(v); break;
          case GELU: want = (float) (0.5 * v * (1 + Erf.erf(v / Math.sqrt(2)))); break;
          case GELU_TANH:
            want = (float) (0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))));
            break;
          default: want = 1f / (1f + (float) Math.exp(-v)); break;
        }
        assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(out[2 + i]), op + "(" + v + ")");
      }
      assertEquals(0f, out[0]);
      assertEquals(0f, out[1]);
    }
  }

  @Test
  void unaryKnownValuesAndPyTorchSigmoidExtremes() {
    float[] x = {1f, 0f, -100f, 100f, Float.NaN, -0f};
    float[] out = new float[6];
    java.unary(UnaryOp.EXP, x, 0, out, 0, 6);
    assertArrayEquals(new float[] {2.7182817f, 1f, 3.7835e-44f, Float.POSITIVE_INFINITY, Float.NaN, 1f}, out);
    java.unary(UnaryOp.LOG, x, 0, out, 0, 6);
    assertArrayEquals(new float[] {0f, Float.NEGATIVE_INFINITY, Float.NaN, 4.6051702f, Float.NaN,
        Float.NEGATIVE_INFINITY}, out);
    java.unary(UnaryOp.TANH, x, 0, out, 0, 6);
    assertArrayEquals(new float[] {0.7615942f, 0f, -1f, 1f, Float.NaN, -0f}, out);
    java.unary(UnaryOp.SIGMOID, x, 0, out, 0, 6);
    // In float, exp(100) overflows, so sigmoid(-100) is exactly 0 rather than the subnormal 3.7e-44.
    assertArrayEquals(new float[] {0.7310586f, 0.5f, 0f, 1f, Float.NaN, 0.5f}, out);
  }

  @Test
  void geluKnownValuesAndPyTorchSpecialValues() {
    float[] x = {1f, -1f, 0f, -0f, 3f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
    float[] out = new float[x.length];
    java.unary(UnaryOp.GELU, x, 0, out, 0, x.length);
    // torch.nn.functional.gelu of the same floats (torch 1.13, whose float kernel rounds a little differently),
    // -inf·0 = NaN included.
    assertArrayEquals(new float[] {0.8413447f, -0.15865529f, 0f, 0f, 2.9959502f, Float.POSITIVE_INFINITY,
        Float.NaN, Float.NaN}, out, 1e-7f);
    assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(out[3]), "gelu(-0) = 0.5·(-0)·1 = -0");
    java.unary(UnaryOp.GELU_TANH, x, 0, out, 0, x.length);
    assertArrayEquals(new float[] {0.841192f, -0.158808f, 0f, -0f, 2.9963627f, Float.POSITIVE_INFINITY,
        Float.NaN, Float.NaN}, out, 1e-7f);
    assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(out[3]), "gelu_tanh(-0)");
  }

  @Test
  void geluBackwardIsPyTorchsFormulaInDoubleAndWorksInPlace() {
    SplittableRandom r = new SplittableRandom(14);
    float[] x = KernelReference.gaussian(r, 103);
    float[] g = KernelReference.gaussian(r, 102);
    for (boolean tanh : new boolean[] {false, true}) {
      float[] out = new float[101];
      java.geluBackward(tanh, g, 2, x, 3, out, 1, 100);
      for (int i = 0; i < 100; i++) {
        double v = x[3 + i];
        double d;
        if (tanh) {
          // Differentiating 0.5·v·(1 + tanh(k·(v + c·v³))) by the product and chain rules.
          double k = Math.sqrt(2 / Math.PI);
          double th = Math.tanh(k * (v + 0.044715 * v * v * v));
          d = 0.5 * (1 + th) + 0.5 * v * (1 - th * th) * k * (1 + 3 * 0.044715 * v * v);
        } else {
          d = 0.5 * (1 + Erf.erf(v / Math.sqrt(2))) + v * Math.exp(-v * v / 2) / Math.sqrt(2 * Math.PI);
        }
        assertNear(g[2 + i] * d, out[1 + i], 1e-7 * (1 + Math.abs(g[2 + i] * d)), "tanh=" + tanh + " @" + i);
      }
      assertEquals(0f, out[0]);
      float[] inPlace = g.clone();
      java.geluBackward(tanh, inPlace, 2, x, 3, inPlace, 2, 100);
      assertArrayEquals(Arrays.copyOfRange(out, 1, 101), Arrays.copyOfRange(inPlace, 2, 102));
    }
    float[] one = {1f, 1f, 1f};
    java.geluBackward(false, one, 0, new float[] {0f, 1f, -1f}, 0, one, 0, 3);
    // torch 1.13's float grads; the double formula rounds 1.08331547 up, one float away.
    assertArrayEquals(new float[] {0.5f, 1.0833154f, -0.08331543f}, one, 2e-7f);
  }

  @Test
  void binaryIsOneIeeeOperationPerElementAndWorksInPlace() {
    float[] a = {1f, -2f, 0f, Float.POSITIVE_INFINITY, 3f};
    float[] b = {3f, 0.5f, -0f, Float.POSITIVE_INFINITY, 0f};
    float[] out = new float[5];
    java.binary(BinaryOp.ADD, a, 0, b, 0, out, 0, 5);
    assertArrayEquals(new float[] {4f, -1.5f, 0f, Float.POSITIVE_INFINITY, 3f}, out);
    java.binary(BinaryOp.SUB, a, 0, b, 0, out, 0, 5);
    assertArrayEquals(new float[] {-2f, -2.5f, 0f, Float.NaN, 3f}, out);
    java.binary(BinaryOp.MUL, a, 0, b, 0, out, 0, 5);
    assertArrayEquals(new float[] {3f, -1f, -0f, Float.POSITIVE_INFINITY, 0f}, out);
    java.binary(BinaryOp.DIV, a, 0, b, 0, out, 0, 5);
    assertArrayEquals(new float[] {1f / 3f, -4f, Float.NaN, Float.NaN, Float.POSITIVE_INFINITY}, out);
    float[] c = a.clone();
    java.binary(BinaryOp.MUL, c, 1, b, 1, c, 1, 3);
    assertArrayEquals(new float[] {1f, -1f, -0f, Float.POSITIVE_INFINITY, 3f}, c);
  }

  @Test
  void binaryScalarHonoursTheSideOfTheScalar() {
    float[] a = {1f, 2f, 4f};
    float[] out = new float[3];
    java.binaryScalar(BinaryOp.SUB, a, 0, 1f, true, out, 0, 3);
    assertArrayEquals(new float[] {0f, -1f, -3f}, out);
    java.binaryScalar(BinaryOp.SUB, a, 0, 1f, false, out, 0, 3);
    assertArrayEquals(new float[] {0f, 1f, 3f}, out);
    java.binaryScalar(BinaryOp.DIV, a, 0, 2f, true, out, 0, 3);
    assertArrayEquals(new float[] {2f, 1f, 0.5f}, out);
    java.binaryScalar(BinaryOp.DIV, a, 0, 2f, false, out, 0, 3);
    assertArrayEquals(new float[] {0.5f, 1f, 2f}, out);
    java.binaryScalar(BinaryOp.ADD, a, 1, -2f, true, a, 1, 2);
    assertArrayEquals(new float[] {1f, 0f, 2f}, a);
  }
}
