package dev.jgrad.autograd.kernels;

import static dev.jgrad.autograd.kernels.VectorGemm.KC;
import static dev.jgrad.autograd.kernels.VectorGemm.MC;
import static dev.jgrad.autograd.kernels.VectorGemm.MR;
import static dev.jgrad.autograd.kernels.VectorGemm.NC;
import static dev.jgrad.autograd.kernels.VectorGemm.NR;
import static dev.jgrad.autograd.kernels.VectorGemm.roundUp;

/**
 * {@link VectorGemm}'s product with an operand packed once ({@link GemmKernels#gemmPacked}): op(B) is packed into
 * register-tile slivers at the first product and every later product only packs op(A). The blocking, the depth
 * split and the order of the fused multiply-adds are those of {@link VectorGemm#blocked} (and of its split over two
 * threads), so a product gives the same bits as {@link VectorGemm#gemm} on the same operands wherever that takes
 * the packed, direct or split path; the tiny and matrix-vector shapes, which never pack, go to {@link
 * VectorGemm#gemm} itself. Measured on the recurrent step (32×1024×256, hidden 256): see docs/PERFORMANCE.md,
 * "Recurrent layers".
 */
final class PackedGemm {
  private PackedGemm() {}

  static void gemm(VectorGemm plain, long parallelFlops, boolean transA, int m, float[] a, int aOff, int lda,
                   PackedMatrix b, float beta, float[] c, int cOff, int ldc) {
    int n = b.n;
    int k = b.k;
    long mnk = (long) m * n * k;
    if (m <= 1 || n <= 1 || k == 0 || mnk <= VectorGemm.SMALL_MNK) {
      plain.gemm(transA, b.transB, m, n, k, a, aOff, lda, b.b, b.bOff, b.ldb, beta, c, cOff, ldc);
      return;
    }
    float[] bp = slivers(b);
    int nSlivers = (n + NR - 1) / NR;
    if (2 * mnk >= parallelFlops && nSlivers >= 4) {
      // As VectorGemm.split along N, without the per-chunk packing of op(B).
      int[] bounds = VectorGemm.guidedBounds(nSlivers, VectorGemm.minUnits(2L * m * k * NR));
      GemmWorker.current().run(bounds.length - 1, chunk -> columns(transA, m, a, aOff, lda, b, bp,
          bounds[chunk] * NR, Math.min(n, bounds[chunk + 1] * NR), beta, c, cOff, ldc),
          2 * mnk >= VectorGemm.WAKE_FLOPS);
    } else {
      columns(transA, m, a, aOff, lda, b, bp, 0, n, beta, c, cOff, ldc);
    }
  }

  /**
   * op(B) in slivers of NR columns, depth block by depth block (equal blocks of at most KC, as {@code blocked}
   * cuts them): block q at {@code q * roundUp(n, NR) * kcMax}, the sliver of column j within it at {@code j * kc}.
   */
  private static float[] slivers(PackedMatrix b) {
    float[] bp = b.packed;
    if (bp == null) {
      int kBlocks = (b.k + KC - 1) / KC;
      int kcMax = (b.k + kBlocks - 1) / kBlocks;
      int nPad = roundUp(b.n, NR);
      bp = new float[nPad * b.k];
      for (int pc = 0, q = 0; pc < b.k; pc += kcMax, q++) {
        VectorGemm.packB(b.transB, b.b, b.bOff, b.ldb, pc, Math.min(kcMax, b.k - pc), 0, b.n, bp, q * nPad * kcMax);
      }
      b.packed = bp;
    }
    return bp;
  }

  /** Columns [lo, hi) of C (lo a multiple of NR) on the calling thread. */
  private static void columns(boolean transA, int m, float[] a, int aOff, int lda, PackedMatrix b, float[] bp,
                              int lo, int hi, float beta, float[] c, int cOff, int ldc) {
    int k = b.k;
    int kBlocks = (k + KC - 1) / KC;
    int kcMax = (k + kBlocks - 1) / kBlocks;
    int nPad = roundUp(b.n, NR);
    float[] ap = VectorGemm.packBufferA(Math.min(MC, roundUp(m, MR)) * kcMax);
    float[] tile = VectorGemm.scratchTile();
    for (int jc = lo; jc < hi; jc += NC) {
      int nc = Math.min(NC, hi - jc);
      for (int pc = 0, q = 0; pc < k; pc += kcMax, q++) {
        int kc = Math.min(kcMax, k - pc);
        float betaBlock = pc == 0 ? beta : 1f;   // later depth blocks accumulate onto the first
        for (int ic = 0; ic < m; ic += MC) {
          int mc = Math.min(MC, m - ic);
          VectorGemm.packA(transA, a, aOff, lda, ic, mc, pc, kc, ap, 0);
          VectorGemm.macroKernel(mc, nc, kc, ap, 0, bp, q * nPad * kcMax + jc * kc, betaBlock, c,
              cOff + ic * ldc + jc, ldc, tile);
        }
      }
    }
  }
}
