package dev.jgrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.kernels.KernelReference.GemmCase;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The paths inside the vector gemm, each forced: the two-thread split (along N and along M), the single-thread
 * packed product across every cache-block boundary (MC, KC, NC), and the matrix-vector shapes with strided vectors.
 */
class VectorGemmTest {

  private Kernels alwaysSplit;
  private Kernels neverSplit;

  @BeforeEach
  void loadVector() {
    KernelReference.vectorOrSkip();
    alwaysSplit = new VectorKernels(0);
    neverSplit = new VectorKernels(Long.MAX_VALUE);
  }

  @Test
  void splitAndSingleThreadAgreeWithReferenceAcrossBlockBoundaries() {
    SplittableRandom r = new SplittableRandom(31);
    int mc = VectorGemm.MC;
    int kc = VectorGemm.KC;
    int nc = VectorGemm.NC;
    int[][] shapes = {
        {mc + 1, 2 * VectorGemm.NR + 1, kc + 1},      // second A block of 1 row, unequal split along N
        {2 * mc + 7, 40, 2 * kc + 3},                  // taller than wide: split along M, three depth blocks
        {13, nc + 5, 20},                              // crosses the NC column block
        {VectorGemm.MR, 2 * VectorGemm.NR, 9},         // exactly one register tile per thread
        {VectorGemm.MR + 1, 2 * VectorGemm.NR + 1, 9},   // a one-row and a one-column edge sliver
        {mc + 3, 9 * VectorGemm.NR + 5, 2 * kc + 1},   // along N in many chunks, the last one narrow; a transposed
                                                       // A packed once for all chunks, over three depth blocks
        {2 * mc + 1, 3 * VectorGemm.NR, kc + 2}};      // three slivers wide: along M, many chunks, a one-row edge
    for (int[] s : shapes) {
      for (int t = 0; t < 8; t++) {
        GemmCase g = new GemmCase(r, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], (t & 4) != 0 ? 1f : 0f, false,
            true);
        g.assertClose(g.run(alwaysSplit), 1);
        g.assertClose(g.run(neverSplit), 1);
      }
    }
  }

  @Test
  void splitIsBitIdenticalToSingleThread() {
    // Each element is computed by exactly one thread with the same blocking, so the split changes no rounding.
    SplittableRandom r = new SplittableRandom(32);
    for (int[] s : new int[][] {{150, 70, 300}, {70, 150, 300}, {37, 300, 600}, {301, 40, 520}}) {
      for (int t = 0; t < 4; t++) {
        GemmCase g = new GemmCase(r, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 1f, false, true);
        assertArrayEquals(g.run(neverSplit), g.run(alwaysSplit), g.toString());
      }
    }
  }

  @Test
  void packedOperandGivesTheBitsOfThePlainProduct() {
    // The recurrent step (32×1024×256 at hidden 256, split along N), small products that gemm computes unpacked
    // (direct), several depth and column blocks, and the shapes gemmPacked hands back to gemm (m or n of 1, tiny).
    SplittableRandom r = new SplittableRandom(33);
    int[][] shapes = {{32, 1024, 256}, {32, 256, 1024}, {5, 40, 12}, {13, VectorGemm.NC + 5, 2 * VectorGemm.KC + 3},
        {VectorGemm.MC + 3, 3 * VectorGemm.NR + 1, 20}, {1, 64, 30}, {30, 1, 64}, {3, 4, 5}};
    for (int[] s : shapes) {
      for (int t = 0; t < 8; t++) {
        GemmCase g = new GemmCase(r, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], (t & 4) != 0 ? 1f : 0f, false,
            true);
        assertArrayEquals(g.run(neverSplit), g.runPacked(neverSplit), g.toString());
        assertArrayEquals(g.run(alwaysSplit), g.runPacked(alwaysSplit), g.toString());
      }
    }
  }

  @Test
  void guidedChunksCoverEveryUnitOnceAndShrinkTowardsTheEnd() {
    assertArrayEquals(new int[] {0, 4, 7, 10, 12, 13, 14, 15, 16}, VectorGemm.guidedBounds(16, 1));
    assertArrayEquals(new int[] {0, 4, 7, 10, 12, 14, 16}, VectorGemm.guidedBounds(16, 2));
    assertArrayEquals(new int[] {0, 8, 16}, VectorGemm.guidedBounds(16, 9), "too few units: two halves");
    assertArrayEquals(new int[] {0, 1}, VectorGemm.guidedBounds(1, 1));
    assertArrayEquals(new int[] {0, 0}, VectorGemm.guidedBounds(0, 3));
    for (int units = 2; units <= 300; units++) {
      for (int min = 1; min <= 12; min++) {
        int[] b = VectorGemm.guidedBounds(units, min);
        String what = "guidedBounds(" + units + ", " + min + ") = " + java.util.Arrays.toString(b);
        assertEquals(0, b[0], what);
        assertEquals(units, b[b.length - 1], what);
        assertTrue(b.length >= 3, "at least two chunks: " + what);
        for (int c = 0; c + 1 < b.length; c++) {
          int size = b[c + 1] - b[c];
          assertTrue(size >= 1, what);
          if (units >= 2 * min) {
            assertTrue(size >= min, "chunk " + c + " below the minimum: " + what);
            if (c + 2 < b.length - 1) {
              assertTrue(size >= b[c + 2] - b[c + 1], "chunks shrink (all but the last): " + what);
            }
          }
        }
      }
    }
  }

  @Test
  void manyGuidedChunksAreBitIdenticalToSingleThread() {
    // Wide products cut into a dozen shrinking chunks along N, and tall ones along M.
    SplittableRandom r = new SplittableRandom(35);
    for (int[] s : new int[][] {{64, 1000, 40}, {200, 24, 300}, {9, 700, 270}}) {
      for (int t = 0; t < 4; t++) {
        GemmCase g = new GemmCase(r, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], (t & 1) != 0 ? 1f : 0f, false,
            true);
        assertArrayEquals(g.run(neverSplit), g.run(alwaysSplit), g.toString());
      }
    }
  }

  @Test
  void narrowProductsComputedTransposedAreBitIdenticalToPacked() {
    // n below a vector and m at least one (and m*n*k above the plain-loop size): gemm computes C transposed
    // (directTransposed), which must not show.
    SplittableRandom r = new SplittableRandom(36);
    for (int[] s : new int[][] {{32, 3, 16}, {16, 4, 32}, {8, 2, 40}, {33, 7, 5}, {40, 5, 60}, {9, 6, 12}}) {
      for (int t = 0; t < 8; t++) {
        GemmCase g = new GemmCase(r, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], (t & 4) != 0 ? 1f : 0f, false,
            true);
        float[] packed = g.c.clone();
        VectorGemm.blocked(g.transA, g.transB, g.m, g.n, g.k, g.a, g.aOff, g.lda, g.b, g.bOff, g.ldb, g.beta, packed,
            g.cOff, g.ldc);
        assertArrayEquals(packed, g.run(neverSplit), g.toString());
      }
    }
  }

  @Test
  void matrixVectorShapesWithStridedVectors() {
    SplittableRandom r = new SplittableRandom(33);
    for (int t = 0; t < 8; t++) {
      boolean ta = (t & 1) != 0;
      boolean tb = (t & 2) != 0;
      float beta = (t & 4) != 0 ? 1f : 0f;
      // n == 1 with B stored [k, 1] at ldb > 1, m == 1 with A stored [k, 1] at lda > 1 (padded cases do both)
      for (int[] s : new int[][] {{100, 1, 70}, {1, 100, 70}, {1, 1, 700}, {33, 1, 17}, {1, 33, 17}}) {
        GemmCase g = new GemmCase(r, ta, tb, s[0], s[1], s[2], beta, false, true);
        g.assertClose(g.run(neverSplit), 1);
        g.assertClose(g.run(alwaysSplit), 1);
      }
    }
  }

  @Test
  void concurrentCallersShareTheWorkerSafely() throws Exception {
    // Two threads multiply at once: one owns the worker, the other runs alone; both results must be right.
    SplittableRandom r = new SplittableRandom(34);
    GemmCase[] cases = new GemmCase[8];
    for (int i = 0; i < cases.length; i++) {
      cases[i] = new GemmCase(r, i % 2 == 0, i % 3 == 0, 120 + i, 130 - i, 90, 0f, false, true);
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?>[] futures = new Future<?>[cases.length];
      for (int i = 0; i < cases.length; i++) {
        GemmCase g = cases[i];
        futures[i] = pool.submit(() -> {
          for (int rep = 0; rep < 5; rep++) {
            g.assertClose(g.run(alwaysSplit), 1);
          }
        });
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void everyShapeUpToThreeTilesAgreesWithTheReferenceOnEveryPath() {
    // Each m in 1..3·MR and n in 1..3·NR: full tiles, edge tiles of every width through the scratch tile, on the
    // packed path forced for every size (tiny ones otherwise go to the dot-product or unpacked kernels) and through
    // gemm as dispatched, one thread and split.
    SplittableRandom r = new SplittableRandom(34);
    float[] betas = {0f, 1f, 0.5f};
    for (int m = 1; m <= 3 * VectorGemm.MR; m++) {
      for (int n = 1; n <= 3 * VectorGemm.NR; n++) {
        for (int k : new int[] {1, 7, VectorGemm.L + 3}) {
          for (int t = 0; t < 4; t++) {
            GemmCase g = new GemmCase(r, (t & 1) != 0, (t & 2) != 0, m, n, k, betas[(m + n + t) % 3], false, true);
            float[] packed = g.c.clone();
            VectorGemm.blocked(g.transA, g.transB, m, n, k, g.a, g.aOff, g.lda, g.b, g.bOff, g.ldb, g.beta, packed,
                g.cOff, g.ldc);
            g.assertClose(packed, 1);
            g.assertClose(g.run(neverSplit), 1);
            g.assertClose(g.run(alwaysSplit), 1);
          }
        }
      }
    }
  }

  @Test
  void tileIsTwoVectorsWide() {
    assertEquals(2 * VectorGemm.L, VectorGemm.NR);
    assertEquals(0, VectorGemm.MC % VectorGemm.MR, "MC is a whole number of A slivers");
    assertEquals(0, VectorGemm.NC % VectorGemm.NR, "NC is a whole number of B slivers");
  }

  @Test
  void directIsBitIdenticalToPackedWithinOneDepthBlock() {
    // The unpacked kernel accumulates each element in the same order with the same fused multiply-adds as the
    // packed register tile, so switching paths at DIRECT_MNK never changes a value (padded panels, edge tiles).
    SplittableRandom r = new SplittableRandom(33);
    int[] dims = {1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33};
    for (int m : dims) {
      for (int n : dims) {
        for (int k : new int[] {1, 4, 16, 33, VectorGemm.KC}) {
          for (int t = 0; t < 8; t++) {
            GemmCase g = new GemmCase(r, (t & 1) != 0, (t & 2) != 0, m, n, k, (t & 4) != 0 ? 1f : 0f, false, true);
            float[] packed = g.c.clone();
            VectorGemm.blocked(g.transA, g.transB, m, n, k, g.a, g.aOff, g.lda, g.b, g.bOff, g.ldb, g.beta, packed,
                g.cOff, g.ldc);
            float[] direct = g.c.clone();
            VectorGemm.direct(g.transA, g.transB, m, n, k, g.a, g.aOff, g.lda, g.b, g.bOff, g.ldb, g.beta, direct,
                g.cOff, g.ldc);
            assertArrayEquals(packed, direct, g.toString());
          }
        }
      }
    }
  }

  @Test
  void batchedProductsSharedOutAreBitIdenticalToOneByOne() {
    // Attention-sized heads (each too small to split) over a strided batch with a gap between matrices.
    SplittableRandom r = new SplittableRandom(33);
    int batch = 13;
    int m = 24;
    int n = 20;
    int k = 16;
    for (int t = 0; t < 4; t++) {
      boolean transA = (t & 1) != 0;
      boolean transB = (t & 2) != 0;
      int aStride = m * k + 3;
      int bStride = k * n + 5;
      int cStride = m * n + 2;
      float[] a = new float[batch * aStride];
      float[] b = new float[batch * bStride];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) r.nextGaussian();
      }
      for (int i = 0; i < b.length; i++) {
        b[i] = (float) r.nextGaussian();
      }
      int lda = transA ? m : k;
      int ldb = transB ? k : n;
      float[] shared = new float[batch * cStride];
      alwaysSplit.gemmBatched(batch, transA, transB, m, n, k, a, 1, aStride, lda, b, 2, bStride, ldb, 0f, shared, 0,
          cStride, n);
      float[] single = new float[batch * cStride];
      for (int i = 0; i < batch; i++) {
        neverSplit.gemm(transA, transB, m, n, k, a, 1 + i * aStride, lda, b, 2 + i * bStride, ldb, 0f, single,
            i * cStride, n);
      }
      assertArrayEquals(single, shared, "transA " + transA + " transB " + transB);
    }
  }
}
