package dev.jgrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The float64 gemm of both kernel providers (and of the SIMD one forced to split or not) against a plain double
 * triple loop, over every transpose, beta 0 / 1 / 0.5, offsets and padded rows, and the shapes that cross the
 * register tile, the depth blocks and the A blocks of {@link DoubleVectorGemm}.
 */
class DoubleGemmTest {

  /** The providers under test: plain Java always, the SIMD one (splitting every product, or none) when present. */
  private static List<Kernels> providers() {
    List<Kernels> all = new ArrayList<>();
    all.add(Kernels.java());
    try {
      Class.forName("jdk.incubator.vector.DoubleVector");
      all.add(new VectorKernels(0));
      all.add(new VectorKernels(Long.MAX_VALUE));
    } catch (ClassNotFoundException | NoClassDefFoundError e) {
      // plain-Java run: the SIMD kernels are not loadable
    }
    return all;
  }

  /** One product with random operands stored at an offset with padded rows, and its reference result. */
  private record Case(boolean transA, boolean transB, int m, int n, int k, double beta, double[] a, int lda,
                      double[] b, int ldb, double[] c0, int ldc) {
    static final int OFF = 3;

    static Case random(SplittableRandom r, boolean transA, boolean transB, int m, int n, int k, double beta) {
      int lda = (transA ? m : k) + 2;
      int ldb = (transB ? k : n) + 1;
      int ldc = n + 3;
      return new Case(transA, transB, m, n, k, beta, fill(r, OFF + (transA ? k : m) * lda), lda,
          fill(r, OFF + (transB ? n : k) * ldb), ldb, fill(r, OFF + m * ldc), ldc);
    }

    private static double[] fill(SplittableRandom r, int size) {
      double[] x = new double[size];
      for (int i = 0; i < size; i++) {
        x[i] = r.nextDouble(-1, 1);
      }
      return x;
    }

    double[] run(Kernels kernels) {
      double[] c = c0.clone();
      kernels.gemm(transA, transB, m, n, k, a, OFF, lda, b, OFF, ldb, beta, c, OFF, ldc);
      return c;
    }

    double[] reference() {
      double[] c = c0.clone();
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double s = 0;
          for (int p = 0; p < k; p++) {
            double x = transA ? a[OFF + p * lda + i] : a[OFF + i * lda + p];
            double y = transB ? b[OFF + j * ldb + p] : b[OFF + p * ldb + j];
            s += x * y;
          }
          int ci = OFF + i * ldc + j;
          c[ci] = beta == 0 ? s : beta * c[ci] + s;
        }
      }
      return c;
    }

    /** Within a few roundings of a sum of k products of magnitude at most 1, and untouched outside C. */
    void assertClose(double[] want, double[] got, String who) {
      double tol = 4 * Math.ulp(1d) * (k + 2);
      for (int i = 0; i < want.length; i++) {
        assertEquals(want[i], got[i], tol, () -> who + " " + this.describe());
      }
    }

    String describe() {
      return (transA ? "T" : "N") + (transB ? "T" : "N") + " " + m + "x" + n + "x" + k + " beta " + beta;
    }
  }

  @Test
  void agreesWithTheTripleLoopAcrossTileAndBlockEdges() {
    SplittableRandom r = new SplittableRandom(64);
    int[] dims = {1, 3, 17, 64, 130};
    double[] betas = {0, 1, 0.5};
    List<Kernels> all = providers();
    for (int m : dims) {
      for (int n : dims) {
        for (int k : new int[] {1, 17, 130, 300}) {
          for (int t = 0; t < 4; t++) {
            Case g = Case.random(r, (t & 1) != 0, (t & 2) != 0, m, n, k, betas[(m + n + k + t) % 3]);
            double[] want = g.reference();
            for (Kernels kernels : all) {
              g.assertClose(want, g.run(kernels), kernels.toString());
            }
          }
        }
      }
    }
  }

  @Test
  void everyShapeUpToThreeTilesAgreesWithTheTripleLoop() {
    // Each m in 1..3·MR and n in 1..3·NR: full tiles and edge tiles of every width, on the packed path forced for
    // every size (tiny and matrix-vector ones otherwise take the dot-product loop) and through gemm as dispatched.
    SplittableRandom r = new SplittableRandom(67);
    double[] betas = {0, 1, 0.5};
    List<Kernels> all = providers();
    boolean vector = all.size() > 1;
    for (int m = 1; m <= 3 * (vector ? DoubleVectorGemm.MR : 4); m++) {
      for (int n = 1; n <= 3 * (vector ? DoubleVectorGemm.NR : 8); n++) {
        for (int k : new int[] {1, 7, 13}) {
          for (int t = 0; t < 4; t++) {
            Case g = Case.random(r, (t & 1) != 0, (t & 2) != 0, m, n, k, betas[(m + n + t) % 3]);
            double[] want = g.reference();
            for (Kernels kernels : all) {
              g.assertClose(want, g.run(kernels), kernels.toString());
            }
            if (vector) {
              double[] packed = g.c0.clone();
              DoubleVectorGemm.blocked(g.transA, g.transB, m, n, k, g.a, Case.OFF, g.lda, g.b, Case.OFF, g.ldb,
                  g.beta, packed, Case.OFF, g.ldc);
              g.assertClose(want, packed, "packed");
            }
          }
        }
      }
    }
  }

  @Test
  void largeProductsAcrossEveryBlockAgreeAndTheSplitIsBitIdentical() {
    SplittableRandom r = new SplittableRandom(65);
    int mc = DoubleVectorGemm.MC;
    int kc = DoubleVectorGemm.KC;
    int nr = DoubleVectorGemm.NR;
    int[][] shapes = {{2 * mc + 5, 9 * nr + 3, 2 * kc + 1}, {2 * mc + 1, 3 * nr, kc + 2}, {13, 1030, 20}};
    List<Kernels> all = providers();
    for (int[] s : shapes) {
      for (int t = 0; t < 4; t++) {
        Case g = Case.random(r, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], t == 3 ? 1 : 0);
        double[] want = g.reference();
        double[] first = null;
        for (Kernels kernels : all) {
          double[] got = g.run(kernels);
          g.assertClose(want, got, kernels.toString());
          if (kernels instanceof VectorKernels) {
            if (first != null) {
              assertArrayEquals(first, got, "split vs one thread: " + g.describe());
            }
            first = got;
          }
        }
      }
    }
  }

  @Test
  void betaZeroIgnoresNanInC() {
    for (Kernels kernels : providers()) {
      double[] a = {1, 2, 3, 4, 5, 6};
      double[] b = {1, 0, 0, 1, 1, 1};
      double[] c = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
      kernels.gemm(false, false, 2, 2, 3, a, 0, 3, b, 0, 2, 0d, c, 0, 2);
      assertArrayEquals(new double[] {4, 5, 10, 11}, c, kernels.toString());
    }
  }

  @Test
  void batchedProductsEqualTheirSingleProducts() {
    SplittableRandom r = new SplittableRandom(66);
    int batch = 5;
    int m = 33;
    int n = 40;
    int k = 17;
    double[] a = Case.fill(r, batch * m * k);
    double[] b = Case.fill(r, batch * k * n);
    for (Kernels kernels : providers()) {
      double[] c = new double[batch * m * n];
      kernels.gemmBatched(batch, false, true, m, n, k, a, 0, m * k, k, b, 0, k * n, k, 0d, c, 0, m * n, n);
      for (int i = 0; i < batch; i++) {
        double[] one = new double[m * n];
        kernels.gemm(false, true, m, n, k, a, i * m * k, k, b, i * k * n, k, 0d, one, 0, n);
        assertArrayEquals(one, java.util.Arrays.copyOfRange(c, i * m * n, (i + 1) * m * n), kernels.toString());
      }
    }
  }

  @Test
  void argumentsAreCheckedAsForFloat32() {
    for (Kernels kernels : providers()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> kernels.gemm(false, false, 2, 2, 3, new double[5], 0, 3, new double[6], 0, 2, 0d, new double[4], 0, 2));
      assertTrue(e.getMessage().contains("gemm: A [2, 3] at offset 0 with lda 3 needs 6 elements but the array has 5"),
          e.getMessage());
      e = assertThrows(IllegalArgumentException.class,
          () -> kernels.gemm(false, false, 2, 2, 3, new double[6], 0, 2, new double[6], 0, 2, 0d, new double[4], 0, 2));
      assertTrue(e.getMessage().contains("lda 2 is smaller than the row width 3"), e.getMessage());
    }
  }
}
