package dev.jgrad.autograd.kernels;

import static dev.jgrad.autograd.kernels.KernelReference.SIZES;
import static dev.jgrad.autograd.kernels.KernelReference.assertNear;
import static dev.jgrad.autograd.kernels.KernelReference.ulpDistance;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.kernels.KernelReference.GemmCase;
import dev.jgrad.autograd.kernels.BinaryOp;
import dev.jgrad.autograd.kernels.UnaryOp;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Differential tests: the SIMD kernels against the plain-Java oracle over the awkward sizes 0, 1, 3, 7, 8, 15, 16,
 * 17, 31, 33, 64, 127, 1000 (vector widths ± 1, tails, block edges), at offsets and with padded rows. Skipped when
 * the JVM runs without {@code --add-modules jdk.incubator.vector}.
 */
class VectorKernelsTest {

  private final Kernels java = Kernels.java();
  private Kernels vector;

  @BeforeEach
  void loadVector() {
    vector = KernelReference.vectorOrSkip();
  }

  @Test
  void nameAndDescription() {
    assertEquals("vector", vector.name());
    assertTrue(vector.toString().contains("lanes"), vector.toString());
    assertTrue(vector.toString().contains("gemm threads "), vector.toString());
    assertTrue(new VectorKernels(Long.MAX_VALUE).toString().endsWith("gemm threads 1)"));
  }

  @Test
  void gemmThreadsFollowTheCpusUnlessSetAndRejectOtherCounts() {
    assertEquals(2, VectorKernels.gemmThreads(null, 2));
    assertEquals(2, VectorKernels.gemmThreads("", 64));
    assertEquals(1, VectorKernels.gemmThreads(null, 1), "one CPU: no worker");
    assertEquals(1, VectorKernels.gemmThreads("1", 8));
    assertEquals(2, VectorKernels.gemmThreads(" 2 ", 1), "asked for");
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> VectorKernels.gemmThreads("4", 8));
    assertTrue(e.getMessage().startsWith("jgrad.gemm.threads must be 1 or 2, got '4'"), e.getMessage());
  }

  @Test
  void gemmAgreesWithJavaOnAllSmallShapesTransposesAndBetas() {
    SplittableRandom r = new SplittableRandom(21);
    int[] dims = {0, 1, 3, 7, 8, 15, 16, 17, 31, 33};
    for (int m : dims) {
      for (int n : dims) {
        for (int k : dims) {
          for (int t = 0; t < 8; t++) {
            GemmCase g = new GemmCase(r, (t & 1) != 0, (t & 2) != 0, m, n, k, (t & 4) != 0 ? 1f : 0f, false, true);
            g.assertClose(g.run(java), 1);
            g.assertClose(g.run(vector), 1);
          }
        }
      }
    }
  }

  @Test
  void gemmAgreesWithJavaOnLargerShapes() {
    SplittableRandom r = new SplittableRandom(22);
    int[][] shapes = {
        {64, 64, 64}, {127, 127, 127}, {64, 127, 33}, {127, 64, 1000}, {1000, 17, 64}, {33, 1000, 127},
        {1000, 1, 127}, {1, 1000, 127}, {127, 1, 1000}, {1, 127, 1000}, {1000, 1000, 1}, {1000, 33, 16},
        {16, 15, 1000}, {8, 1000, 31}};
    for (int[] s : shapes) {
      for (int t = 0; t < 8; t++) {
        GemmCase g = new GemmCase(r, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], (t & 4) != 0 ? 1f : 0f, false,
            t % 3 != 0);
        g.assertClose(g.run(java), 1);
        g.assertClose(g.run(vector), 1);
      }
    }
  }

  @Test
  void gemmIsBitIdenticalToJavaOnSmallIntegers() {
    // Integer operands make every product and partial sum exact, so any summation order gives the same bits.
    SplittableRandom r = new SplittableRandom(23);
    for (int[] s : new int[][] {{3, 3, 3}, {17, 33, 64}, {127, 31, 1000}, {1, 64, 127}, {64, 1, 127}, {200, 300, 50}}) {
      for (int t = 0; t < 8; t++) {
        GemmCase g = new GemmCase(r, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], (t & 4) != 0 ? -2f : 0f, true,
            true);
        assertArrayEquals(g.run(java), g.run(vector), g.toString());
      }
    }
  }

  @Test
  void gemmWithBetaZeroIgnoresNaNInCOnEveryPath() {
    SplittableRandom r = new SplittableRandom(24);
    // tiny loop, matrix-vector (n == 1 and m == 1), packed single thread, packed split over two threads
    for (int[] s : new int[][] {{3, 3, 3}, {100, 1, 50}, {1, 100, 50}, {40, 40, 40}, {300, 300, 300}}) {
      for (int t = 0; t < 4; t++) {
        GemmCase g = new GemmCase(r, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 0f, false, true);
        for (int i = 0; i < g.m; i++) {
          Arrays.fill(g.c, g.cOff + i * g.ldc, g.cOff + i * g.ldc + g.n, Float.NaN);
        }
        float[] out = g.run(vector);
        g.assertClose(out, 1);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------- reductions

  @Test
  void sumAndDotAgreeWithJava() {
    SplittableRandom r = new SplittableRandom(25);
    for (int n : SIZES) {
      for (int len : new int[] {n, n * 41 + 3}) {
        for (int off : new int[] {0, 5}) {
          float[] x = KernelReference.gaussian(r, len + off);
          float[] y = KernelReference.gaussian(r, len + 7);
          double abs = KernelReference.absSum(x, off, len);
          assertNear(java.sum(x, off, len), vector.sum(x, off, len), 2e-6 * abs + 1e-30, "sum n=" + len);
          double dotAbs = 0;
          for (int i = 0; i < len; i++) {
            dotAbs += Math.abs((double) x[off + i] * y[7 + i]);
          }
          assertNear(java.dot(x, off, y, 7, len), vector.dot(x, off, y, 7, len), 2e-6 * dotAbs + 1e-30,
              "dot n=" + len);
        }
      }
    }
  }

  @Test
  void sumAndDotPropagateNaNAndInfinity() {
    for (int n : new int[] {1, 17, 1000}) {
      float[] x = new float[n];
      Arrays.fill(x, 1f);
      x[n - 1] = Float.POSITIVE_INFINITY;
      assertEquals(Float.POSITIVE_INFINITY, vector.sum(x, 0, n));
      assertEquals(Float.POSITIVE_INFINITY, vector.dot(x, 0, x, 0, n));
      x[n / 2] = Float.NaN;
      assertEquals(Float.NaN, vector.sum(x, 0, n));
      assertEquals(Float.NaN, vector.dot(x, 0, x, 0, n));
    }
  }

  @Test
  void maxIsIdenticalToJavaAndPropagatesNaN() {
    SplittableRandom r = new SplittableRandom(26);
    for (int n : SIZES) {
      if (n == 0) {
        continue;
      }
      float[] x = KernelReference.gaussian(r, n + 3);
      assertEquals(java.max(x, 3, n), vector.max(x, 3, n), "max n=" + n);
      for (int pos = 0; pos < n; pos += Math.max(1, n / 7)) {
        float[] y = x.clone();
        y[3 + pos] = Float.NaN;
        assertEquals(Float.NaN, vector.max(y, 3, n), "NaN at " + pos + " of " + n);
      }
      float[] y = x.clone();
      y[3 + n - 1] = Float.NaN;   // last element: the scalar tail or the last vector
      assertEquals(Float.NaN, vector.max(y, 3, n), "NaN last of " + n);
      Arrays.fill(y, Float.NEGATIVE_INFINITY);
      assertEquals(Float.NEGATIVE_INFINITY, vector.max(y, 3, n));
    }
  }

  @Test
  void softmaxAgreesWithJavaAndStaysFiniteAtThousand() {
    SplittableRandom r = new SplittableRandom(27);
    for (int cols : SIZES) {
      for (int rows : new int[] {1, 3}) {
        float[] in = KernelReference.gaussian(r, 4 + rows * cols);
        for (int i = 4; i < in.length; i += 3) {
          in[i] = (i % 2 == 0 ? 1000f : -1000f);
        }
        for (boolean log : new boolean[] {false, true}) {
          float[] want = new float[2 + rows * cols];
          float[] got = new float[2 + rows * cols];
          java.softmaxRows(in, 4, want, 2, rows, cols, log);
          vector.softmaxRows(in, 4, got, 2, rows, cols, log);
          for (int i = 2; i < got.length; i++) {
            assertTrue(Float.isFinite(got[i]), "finite at " + i + ": " + got[i]);
            double tol = log ? 2e-6 * (1 + Math.abs(want[i])) : 2e-6 * Math.abs(want[i]) + 1e-30;
            assertNear(want[i], got[i], tol, "softmax log=" + log + " rows=" + rows + " cols=" + cols + " @" + i);
          }
        }
      }
    }
  }

  @Test
  void layerNormAgreesWithJavaWithAndWithoutAffine() {
    SplittableRandom r = new SplittableRandom(31);
    for (int cols : SIZES) {
      if (cols == 0) {
        continue;
      }
      int rows = 3;
      float[] in = KernelReference.gaussian(r, 4 + rows * cols);
      for (int i = 4; i < in.length; i++) {
        in[i] = in[i] * 3 + 100f;   // a large mean: the variance must not cancel
      }
      float[] w = KernelReference.gaussian(r, cols);
      float[] b = KernelReference.gaussian(r, cols);
      for (boolean affine : new boolean[] {false, true}) {
        float[] want = new float[2 + rows * cols];
        float[] got = new float[2 + rows * cols];
        float[] wantStats = new float[2 * (rows + 1)];
        float[] gotStats = new float[2 * (rows + 1)];
        java.layerNormRows(in, 4, affine ? w : null, affine ? b : null, 1e-5, want, 2, wantStats, wantStats, 1,
            rows, cols);
        vector.layerNormRows(in, 4, affine ? w : null, affine ? b : null, 1e-5, got, 2, gotStats, gotStats, 1,
            rows, cols);
        for (int i = 2; i < got.length; i++) {
          // Float moments over up to 1000 values of mean 100: relative error in rstd about 1e-6.
          assertNear(want[i], got[i], 4e-5 * (1 + Math.abs(want[i])), "layerNorm cols=" + cols + " @" + i);
        }
      }
      float[] means = new float[rows];
      float[] rstds = new float[rows];
      float[] out = new float[rows * cols];
      vector.layerNormRows(in, 4, w, b, 1e-5, out, 0, means, rstds, 0, rows, cols);
      for (int row = 0; row < rows; row++) {
        double mean = 0;
        for (int j = 0; j < cols; j++) {
          mean += in[4 + row * cols + j];
        }
        mean /= cols;
        assertNear(mean, means[row], 1e-5 * Math.abs(mean), "mean of row " + row + ", cols " + cols);
      }
    }
  }

  @Test
  void softmaxInPlaceAndNaNRows() {
    float[] x = new float[2 * 20];
    for (int i = 0; i < x.length; i++) {
      x[i] = i % 5;
    }
    x[7] = Float.NaN;
    float[] want = x.clone();
    java.softmaxRows(want, 0, want, 0, 2, 20, false);
    vector.softmaxRows(x, 0, x, 0, 2, 20, false);
    for (int j = 0; j < 20; j++) {
      assertTrue(Float.isNaN(x[j]), "row with NaN is NaN");
      assertEquals(want[20 + j], x[20 + j], 2e-6f * want[20 + j]);
    }
  }

  // ------------------------------------------------------------------------------------------- relu backward

  @Test
  void reluBackwardIsBitIdenticalToJavaAtAllSizesAndOffsets() {
    SplittableRandom r = new SplittableRandom(29);
    float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE};
    for (int n : SIZES) {
      int gOff = r.nextInt(3);
      int yOff = r.nextInt(3);
      float[] g = KernelReference.gaussian(r, gOff + n);
      float[] y = KernelReference.gaussian(r, yOff + n);
      for (int i = 0; i < n; i += 5) {
        g[gOff + i] = special[r.nextInt(special.length)];
        y[yOff + i] = special[r.nextInt(special.length)];
      }
      float[] want = new float[n + 2];
      float[] got = new float[n + 2];
      java.reluBackward(g, gOff, y, yOff, want, 2, n);
      vector.reluBackward(g, gOff, y, yOff, got, 2, n);
      assertArrayEquals(want, got, "n=" + n);
      // In place, out == g.
      float[] inPlace = g.clone();
      vector.reluBackward(inPlace, gOff, y, yOff, inPlace, gOff, n);
      assertArrayEquals(Arrays.copyOfRange(want, 2, 2 + n), Arrays.copyOfRange(inPlace, gOff, gOff + n));
    }
  }

  // ------------------------------------------------------------------------------------------- elementwise

  private static final float[] SPECIAL = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
      Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 88.72284f, -103.97208f, 1f};

  /** Gaussian floats scaled by 6 (positive for log), every fifth one a special value. */
  private static float[] elementwiseInput(SplittableRandom r, int n, boolean positive) {
    float[] x = KernelReference.gaussian(r, n);
    for (int i = 0; i < n; i++) {
      x[i] = i % 5 == 4 ? SPECIAL[r.nextInt(SPECIAL.length)] : (positive ? Math.abs(6 * x[i]) : 6 * x[i]);
    }
    return x;
  }

  @Test
  void unaryAgreesWithJavaAtAllSizesAndOffsetsAndLeavesTheRestAlone() {
    SplittableRandom r = new SplittableRandom(31);
    for (UnaryOp op : KernelReference.UNARY_OPS) {
      for (int n : SIZES) {
        for (int xOff : new int[] {0, 3}) {
          for (int outOff : new int[] {0, 5}) {
            float[] x = elementwiseInput(r, xOff + n + 2, op == UnaryOp.LOG);
            float[] want = new float[outOff + n + 4];
            float[] got = new float[outOff + n + 4];
            Arrays.fill(want, -7f);
            Arrays.fill(got, -7f);
            java.unary(op, x, xOff, want, outOff, n);
            vector.unary(op, x, xOff, got, outOff, n);
            for (int i = 0; i < got.length; i++) {
              boolean inside = i >= outOff && i < outOff + n;
              boolean ok = inside ? KernelReference.unaryAgrees(op, x[xOff + i - outOff], want[i], got[i])
                  : ulpDistance(want[i], got[i]) == 0;
              assertTrue(ok, String.format("%s n=%d xOff=%d outOff=%d @%d: "
                  + "x=%s java %s vector %s", op, n, xOff, outOff, i, inside ? x[xOff + i - outOff] : "-", want[i],
                  got[i]));
            }
          }
        }
      }
    }
  }

  @Test
  void unaryResultDoesNotDependOnPositionOrArrayLength() {
    // The tail goes through the same vector code (an overlapping last vector, or a padded one below L elements),
    // so each element gets the bits it would get alone.
    SplittableRandom r = new SplittableRandom(32);
    for (UnaryOp op : KernelReference.UNARY_OPS) {
      for (int n : SIZES) {
        float[] x = elementwiseInput(r, n + 1, op == UnaryOp.LOG);
        float[] all = new float[n];
        vector.unary(op, x, 1, all, 0, n);
        float[] one = new float[1];
        for (int i = 0; i < n; i++) {
          vector.unary(op, x, 1 + i, one, 0, 1);
          assertEquals(Float.floatToIntBits(one[0]), Float.floatToIntBits(all[i]),
              op + " n=" + n + " @" + i + " x=" + x[1 + i]);
        }
      }
    }
  }

  @Test
  void unaryInPlaceMatchesOutOfPlace() {
    SplittableRandom r = new SplittableRandom(33);
    for (UnaryOp op : KernelReference.UNARY_OPS) {
      for (int n : SIZES) {
        float[] x = elementwiseInput(r, n + 2, op == UnaryOp.LOG);
        float[] want = new float[n];
        vector.unary(op, x, 2, want, 0, n);
        vector.unary(op, x, 2, x, 2, n);
        assertArrayEquals(want, Arrays.copyOfRange(x, 2, 2 + n), op + " n=" + n);
      }
    }
  }

  @Test
  void geluBackwardAgreesWithJavaAtAllSizesOffsetsAndInPlace() {
    SplittableRandom r = new SplittableRandom(36);
    for (boolean tanh : new boolean[] {false, true}) {
      for (int n : SIZES) {
        for (int off : new int[] {0, 3}) {
          float[] g = elementwiseInput(r, off + n + 1, false);
          float[] x = elementwiseInput(r, off + n + 2, false);
          float[] want = new float[2 + n + 3];
          float[] got = new float[2 + n + 3];
          Arrays.fill(want, -7f);
          Arrays.fill(got, -7f);
          java.geluBackward(tanh, g, off + 1, x, off, want, 2, n);
          vector.geluBackward(tanh, g, off + 1, x, off, got, 2, n);
          for (int i = 0; i < got.length; i++) {
            boolean inside = i >= 2 && i < 2 + n;
            boolean ok = inside
                ? KernelReference.geluGradAgrees(tanh, g[off + 1 + i - 2], x[off + i - 2], want[i], got[i])
                : ulpDistance(want[i], got[i]) == 0;
            assertTrue(ok, String.format("geluBackward tanh=%s n=%d off=%d @%d: g=%s x=%s java %s vector %s", tanh,
                n, off, i, inside ? g[off + 1 + i - 2] : "-", inside ? x[off + i - 2] : "-", want[i], got[i]));
          }
          // In place over the gradient and over the input: the same bits as out of place.
          float[] inG = g.clone();
          vector.geluBackward(tanh, inG, off + 1, x, off, inG, off + 1, n);
          assertArrayEquals(Arrays.copyOfRange(got, 2, 2 + n), Arrays.copyOfRange(inG, off + 1, off + 1 + n),
              "out == g, tanh=" + tanh + " n=" + n);
          float[] inX = x.clone();
          vector.geluBackward(tanh, g, off + 1, inX, off, inX, off, n);
          assertArrayEquals(Arrays.copyOfRange(got, 2, 2 + n), Arrays.copyOfRange(inX, off, off + n),
              "out == x, tanh=" + tanh + " n=" + n);
        }
      }
    }
  }

  @Test
  void geluBackwardResultDoesNotDependOnPosition() {
    SplittableRandom r = new SplittableRandom(37);
    for (boolean tanh : new boolean[] {false, true}) {
      for (int n : SIZES) {
        float[] g = elementwiseInput(r, n, false);
        float[] x = elementwiseInput(r, n + 1, false);
        float[] all = new float[n];
        vector.geluBackward(tanh, g, 0, x, 1, all, 0, n);
        float[] one = new float[1];
        for (int i = 0; i < n; i++) {
          vector.geluBackward(tanh, g, i, x, 1 + i, one, 0, 1);
          assertEquals(Float.floatToIntBits(one[0]), Float.floatToIntBits(all[i]),
              "tanh=" + tanh + " n=" + n + " @" + i + " x=" + x[1 + i]);
        }
      }
    }
  }

  @Test
  void binaryIsBitIdenticalToJavaIncludingInPlace() {
    SplittableRandom r = new SplittableRandom(34);
    for (BinaryOp op : KernelReference.BINARY_OPS) {
      for (int n : SIZES) {
        float[] a = elementwiseInput(r, n + 1, false);
        float[] b = elementwiseInput(r, n + 3, false);
        float[] want = new float[n + 4];
        float[] got = new float[n + 4];
        java.binary(op, a, 1, b, 3, want, 2, n);
        vector.binary(op, a, 1, b, 3, got, 2, n);
        assertArrayEquals(want, got, op + " n=" + n);
        float[] inA = a.clone();
        vector.binary(op, inA, 1, b, 3, inA, 1, n);
        assertArrayEquals(Arrays.copyOfRange(want, 2, 2 + n), Arrays.copyOfRange(inA, 1, 1 + n), op + " out=a");
        float[] inB = b.clone();
        vector.binary(op, a, 1, inB, 3, inB, 3, n);
        assertArrayEquals(Arrays.copyOfRange(want, 2, 2 + n), Arrays.copyOfRange(inB, 3, 3 + n), op + " out=b");
      }
    }
  }

  @Test
  void binaryScalarIsBitIdenticalToJavaOnBothSides() {
    SplittableRandom r = new SplittableRandom(35);
    float[] scalars = {2.5f, -3f, 0f, -0f, Float.POSITIVE_INFINITY, Float.NaN, Float.MIN_VALUE};
    for (BinaryOp op : KernelReference.BINARY_OPS) {
      for (int n : SIZES) {
        float[] a = elementwiseInput(r, n + 1, false);
        for (float s : scalars) {
          for (boolean left : new boolean[] {false, true}) {
            float[] want = new float[n + 2];
            float[] got = new float[n + 2];
            java.binaryScalar(op, a, 1, s, left, want, 2, n);
            vector.binaryScalar(op, a, 1, s, left, got, 2, n);
            assertArrayEquals(want, got, op + " s=" + s + " left=" + left + " n=" + n);
            float[] in = a.clone();
            vector.binaryScalar(op, in, 1, s, left, in, 1, n);
            assertArrayEquals(Arrays.copyOfRange(want, 2, 2 + n), Arrays.copyOfRange(in, 1, 1 + n), "in place");
          }
        }
      }
    }
  }

  @Test
  void softmaxTailGivesZeroForMinusInfinityAndNaNForAnAllMinusInfinityRow() {
    for (int cols : SIZES) {
      if (cols == 0) {
        continue;
      }
      float[] x = new float[2 * cols];
      for (int j = 0; j < cols; j++) {
        x[j] = j % 3 == 1 ? Float.NEGATIVE_INFINITY : j * 0.25f;
        x[cols + j] = Float.NEGATIVE_INFINITY;
      }
      for (boolean log : new boolean[] {false, true}) {
        float[] want = new float[2 * cols];
        float[] got = new float[2 * cols];
        java.softmaxRows(x, 0, want, 0, 2, cols, log);
        vector.softmaxRows(x, 0, got, 0, 2, cols, log);
        for (int j = 0; j < cols; j++) {
          if (x[j] == Float.NEGATIVE_INFINITY) {
            assertEquals(log ? Float.NEGATIVE_INFINITY : 0f, got[j], "cols=" + cols + " @" + j);
          } else {
            assertNear(want[j], got[j], 2e-6 * (1 + Math.abs(want[j])), "cols=" + cols + " @" + j);
          }
          assertTrue(Float.isNaN(want[cols + j]) && Float.isNaN(got[cols + j]), "all -inf row is NaN");
        }
      }
    }
  }
}
