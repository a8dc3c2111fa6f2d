package dev.jgrad.autograd.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision gemm on the Vector API, in the Goto/BLIS style (KERNELS-NOTES.md, "Matmul"): op(B) is packed
 * into slivers of {@link #NR} columns, op(A) into slivers of {@link #MR} rows, and an MR × NR register tile of
 * fused multiply-adds runs over the packed data. The transposes are absorbed by the packing routines, so A·B, Aᵀ·B
 * and A·Bᵀ run the same inner loop. Tiny products, matrix-vector shapes and large products each take their own
 * path (see {@link #gemm}). Arguments are checked by the caller. Loaded only when {@code jdk.incubator.vector} is
 * present.
 */
final class VectorGemm {

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  /** Lanes per vector: 8 with AVX2, 16 with AVX-512. */
  static final int L = S.length();
  /**
   * Register tile: MR rows × two vectors, so 8 accumulators + 2 B vectors + 1 broadcast live in registers. A 6-row
   * tile (15 of AVX2's 16 registers) is what BLIS uses, but C2 on JDK 25 spills it: in a cache-resident kernel test
   * the 6 × 16 tile ran at 44 GFLOP/s on JDK 25 (91 on JDK 17), the 4 × 16 tile at 99 (95 on JDK 17).
   */
  static final int MR = 4;
  static final int NR = 2 * L;
  /** Depth of a packed block: an NR-wide B sliver of KC rows (16 KiB with 8 lanes) stays in L1. */
  static final int KC = 256;
  /** Rows of A packed per block (a multiple of MR): MC × KC floats (144 KiB) stay in L2. */
  static final int MC = 144;
  /** Columns of B packed per block (a multiple of NR). */
  static final int NC = 1024;
  /** At or below this many multiply-adds (8³ = 512) a plain dot-product loop beats any packing. */
  static final long SMALL_MNK = 512;
  /**
   * Products of at least this many floating-point operations (2·m·n·k, here 2·56³ ≈ 0.35 MFLOP) are split between
   * the caller and the {@link GemmWorker}. Measured on the 2-vCPU Zen 3 VM (JMH, JDK 17, square NN): at 48³ two
   * threads break even (7.4 vs 6.9 µs), at 64³ they win (13.1 vs 15.3 µs), at 96³ clearly (30.6 vs 46.0 µs).
   */
  static final long DEFAULT_PARALLEL_FLOPS = 2L * 56 * 56 * 56;

  /** Per-thread pack buffers and scratch, grown on demand and reused across calls. */
  private static final class Buffers {
    float[] a = new float[0];
    float[] b = new float[0];
    float[] x = new float[0];
    float[] y = new float[0];
    final float[] tile = new float[MR * NR];

    static float[] atLeast(float[] buf, int size) {
      return buf.length >= size ? buf : new float[size];
    }
  }

  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private final long parallelFlops;

  /**
   * @param parallelFlops products with {@code 2·m·n·k} at least this are split over two threads; 0 splits every
   *     product that has room for two slivers, {@link Long#MAX_VALUE} never splits
   */
  VectorGemm(long parallelFlops) {
    this.parallelFlops = parallelFlops;
  }

  /** {@link Kernels#gemm}, arguments already checked. */
  void gemm(boolean transA, boolean transB, int m, int n, int k,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      JavaKernels.scale(c, cOff, ldc, m, n, beta);
      return;
    }
    long mnk = (long) m * n * k;
    if (mnk <= SMALL_MNK) {
      JavaKernels.gemmSmall(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      return;
    }
    // Matrix-vector shapes would waste 3/4 (or 15/16) of every register tile on padding.
    if (n == 1) {
      gemvColumn(transA, transB, m, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      return;
    }
    if (m == 1) {
      gemvRow(transA, transB, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      return;
    }
    if (2 * mnk >= parallelFlops && Math.max(m, n) >= 2 * NR) {
      split(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      return;
    }
    blocked(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  /**
   * Two independent halves of C, split along its longer side at a sliver boundary; each thread packs what its half
   * needs, so no synchronisation is needed inside the product.
   */
  private static void split(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
    boolean alongN = n >= m;
    int unit = alongN ? NR : MR;
    int extent = alongN ? n : m;
    int half = Math.min(extent, (extent / 2 + unit - 1) / unit * unit);
    GemmWorker.shared().run(2, chunk -> {
      int lo = chunk == 0 ? 0 : half;
      int hi = chunk == 0 ? half : extent;
      if (lo >= hi) {
        return;
      }
      if (alongN) {
        // Columns [lo, hi) of op(B) start at column lo of B, or at row lo when B is stored transposed.
        int bStart = bOff + (transB ? lo * ldb : lo);
        blocked(transA, transB, m, hi - lo, k, a, aOff, lda, b, bStart, ldb, beta, c, cOff + lo, ldc);
      } else {
        int aStart = aOff + (transA ? lo : lo * lda);
        blocked(transA, transB, hi - lo, n, k, a, aStart, lda, b, bOff, ldb, beta, c, cOff + lo * ldc, ldc);
      }
    });
  }

  /** The packed product on the calling thread. */
  static void blocked(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
    Buffers buf = BUFFERS.get();
    // Equal depth blocks (k = 300 becomes 150 + 150, not 256 + 44) keep every block's inner loop long.
    int kBlocks = (k + KC - 1) / KC;
    int kcMax = (k + kBlocks - 1) / kBlocks;
    int mcMax = Math.min(MC, roundUp(m, MR));
    int ncMax = Math.min(NC, roundUp(n, NR));
    float[] ap = buf.a = Buffers.atLeast(buf.a, mcMax * kcMax);
    float[] bp = buf.b = Buffers.atLeast(buf.b, ncMax * kcMax);
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      for (int pc = 0; pc < k; pc += kcMax) {
        int kc = Math.min(kcMax, k - pc);
        // Only the first depth block applies beta; later ones accumulate onto it.
        float betaBlock = pc == 0 ? beta : 1f;
        packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp);
        for (int ic = 0; ic < m; ic += MC) {
          int mc = Math.min(MC, m - ic);
          packA(transA, a, aOff, lda, ic, mc, pc, kc, ap);
          macroKernel(mc, nc, kc, ap, bp, betaBlock, c, cOff + ic * ldc + jc, ldc, buf.tile);
        }
      }
    }
  }

  private static int roundUp(int x, int unit) {
    return (x + unit - 1) / unit * unit;
  }

  /**
   * Packs rows [ic, ic+mc) and depth [pc, pc+kc) of op(A) into slivers of MR rows, each stored depth-major
   * (MR consecutive floats per depth index) and zero-padded to MR rows.
   */
  private static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc,
                            float[] ap) {
    for (int ir = 0; ir < mc; ir += MR) {
      int mr = Math.min(MR, mc - ir);
      int dst = ir * kc;
      if (transA) {
        // A is stored [k, m]: the MR values of one depth index are contiguous.
        int src = aOff + pc * lda + ic + ir;
        for (int p = 0; p < kc; p++, src += lda, dst += MR) {
          for (int r = 0; r < MR; r++) {
            ap[dst + r] = r < mr ? a[src + r] : 0f;
          }
        }
      } else if (mr == MR) {
        int s0 = aOff + (ic + ir) * lda + pc;
        int s1 = s0 + lda;
        int s2 = s1 + lda;
        int s3 = s2 + lda;
        for (int p = 0; p < kc; p++, dst += MR) {
          ap[dst] = a[s0 + p];
          ap[dst + 1] = a[s1 + p];
          ap[dst + 2] = a[s2 + p];
          ap[dst + 3] = a[s3 + p];
        }
      } else {
        int src = aOff + (ic + ir) * lda + pc;
        for (int p = 0; p < kc; p++, dst += MR) {
          for (int r = 0; r < MR; r++) {
            ap[dst + r] = r < mr ? a[src + r * lda + p] : 0f;
          }
        }
      }
    }
  }

  /**
   * Packs depth [pc, pc+kc) and columns [jc, jc+nc) of op(B) into slivers of NR columns, each stored depth-major
   * (NR consecutive floats per depth index) and zero-padded to NR columns.
   */
  private static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
                            float[] bp) {
    for (int jr = 0; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr);
      int dst = jr * kc;
      if (transB) {
        // B is stored [n, k]: read each of its rows contiguously, write it down one column of the sliver.
        for (int j = 0; j < NR; j++) {
          int d = dst + j;
          if (j < nr) {
            int s = bOff + (jc + jr + j) * ldb + pc;
            for (int p = 0; p < kc; p++, d += NR) {
              bp[d] = b[s + p];
            }
          } else {
            for (int p = 0; p < kc; p++, d += NR) {
              bp[d] = 0f;
            }
          }
        }
      } else if (nr == NR) {
        int src = bOff + pc * ldb + jc + jr;
        for (int p = 0; p < kc; p++, src += ldb, dst += NR) {
          FloatVector.fromArray(S, b, src).intoArray(bp, dst);
          FloatVector.fromArray(S, b, src + L).intoArray(bp, dst + L);
        }
      } else {
        int src = bOff + pc * ldb + jc + jr;
        for (int p = 0; p < kc; p++, src += ldb, dst += NR) {
          for (int j = 0; j < NR; j++) {
            bp[dst + j] = j < nr ? b[src + j] : 0f;
          }
        }
      }
    }
  }

  /** Runs the register tile over every (A sliver, B sliver) pair of one packed block. */
  private static void macroKernel(int mc, int nc, int kc, float[] ap, float[] bp, float beta,
                                  float[] c, int cOff, int ldc, float[] tile) {
    for (int jr = 0; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr);
      for (int ir = 0; ir < mc; ir += MR) {
        int mr = Math.min(MR, mc - ir);
        int ci = cOff + ir * ldc + jr;
        if (mr == MR && nr == NR) {
          microKernel(kc, ap, ir * kc, bp, jr * kc, c, ci, ldc, beta);
        } else {
          // Edge tile: compute the full padded tile into scratch, then merge only the valid part into C.
          microKernel(kc, ap, ir * kc, bp, jr * kc, tile, 0, NR, 0f);
          for (int r = 0; r < mr; r++) {
            int cr = ci + r * ldc;
            for (int j = 0; j < nr; j++) {
              float t = tile[r * NR + j];
              c[cr + j] = beta == 0f ? t : beta * c[cr + j] + t;
            }
          }
        }
      }
    }
  }

  /**
   * The MR × NR register tile: {@code C[0..MR, 0..NR) = beta*C + Σ_p A[.., p] ⊗ B[p, ..]} over one packed A sliver
   * and one packed B sliver, with eight vector accumulators held in registers for the whole depth loop.
   */
  private static void microKernel(int kc, float[] ap, int aIdx, float[] bp, int bIdx,
                                  float[] c, int ci, int ldc, float beta) {
    FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
    int end = aIdx + kc * MR;
    for (int ai = aIdx, bi = bIdx; ai < end; ai += MR, bi += NR) {
      FloatVector b0 = FloatVector.fromArray(S, bp, bi);
      FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
      FloatVector av = FloatVector.broadcast(S, ap[ai]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      av = FloatVector.broadcast(S, ap[ai + 1]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      av = FloatVector.broadcast(S, ap[ai + 2]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      av = FloatVector.broadcast(S, ap[ai + 3]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
    }
    // Written out rather than through a helper: a store helper big enough to test beta is past C2's inlining
    // size limit at this call site, and an out-of-line call would box the accumulators.
    int r0 = ci;
    int r1 = r0 + ldc;
    int r2 = r1 + ldc;
    int r3 = r2 + ldc;
    if (beta == 0f) {
      // C is never read, so NaN or garbage in it does not leak into the result.
      c00.intoArray(c, r0);
      c01.intoArray(c, r0 + L);
      c10.intoArray(c, r1);
      c11.intoArray(c, r1 + L);
      c20.intoArray(c, r2);
      c21.intoArray(c, r2 + L);
      c30.intoArray(c, r3);
      c31.intoArray(c, r3 + L);
    } else {
      // fma(C, beta, acc) rounds once; with beta == 1 it is exactly C + acc.
      FloatVector bv = FloatVector.broadcast(S, beta);
      FloatVector.fromArray(S, c, r0).fma(bv, c00).intoArray(c, r0);
      FloatVector.fromArray(S, c, r0 + L).fma(bv, c01).intoArray(c, r0 + L);
      FloatVector.fromArray(S, c, r1).fma(bv, c10).intoArray(c, r1);
      FloatVector.fromArray(S, c, r1 + L).fma(bv, c11).intoArray(c, r1 + L);
      FloatVector.fromArray(S, c, r2).fma(bv, c20).intoArray(c, r2);
      FloatVector.fromArray(S, c, r2 + L).fma(bv, c21).intoArray(c, r2 + L);
      FloatVector.fromArray(S, c, r3).fma(bv, c30).intoArray(c, r3);
      FloatVector.fromArray(S, c, r3 + L).fma(bv, c31).intoArray(c, r3 + L);
    }
  }

  // ----------------------------------------------------------------------------------- matrix-vector shapes

  /** n == 1: {@code c[i] = beta*c[i] + Σ_p op(A)[i, p] · op(B)[p, 0]}. */
  private static void gemvColumn(boolean transA, boolean transB, int m, int k,
                                 float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                 float beta, float[] c, int cOff, int ldc) {
    Buffers buf = BUFFERS.get();
    // op(B) is a k-vector: contiguous if B is stored [1, k], strided by ldb if stored [k, 1].
    float[] x = b;
    int xOff = bOff;
    if (!transB && ldb != 1) {
      x = buf.x = Buffers.atLeast(buf.x, k);
      xOff = 0;
      for (int p = 0; p < k; p++) {
        x[p] = b[bOff + p * ldb];
      }
    }
    if (!transA) {
      for (int i = 0; i < m; i++) {
        float s = VectorKernels.dotPairwise(a, aOff + i * lda, x, xOff, k);
        int ci = cOff + i * ldc;
        c[ci] = beta == 0f ? s : beta * c[ci] + s;
      }
    } else {
      // A is stored [k, m]: accumulate x[p] times its rows, which are contiguous.
      float[] y = buf.y = Buffers.atLeast(buf.y, m);
      java.util.Arrays.fill(y, 0, m, 0f);
      axpyRows(a, aOff, lda, k, x, xOff, 1, m, y);
      for (int i = 0; i < m; i++) {
        int ci = cOff + i * ldc;
        c[ci] = beta == 0f ? y[i] : beta * c[ci] + y[i];
      }
    }
  }

  /** m == 1: {@code c[j] = beta*c[j] + Σ_p op(A)[0, p] · op(B)[p, j]}. */
  private static void gemvRow(boolean transA, boolean transB, int n, int k,
                              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float beta, float[] c, int cOff, int ldc) {
    Buffers buf = BUFFERS.get();
    // op(A) is a k-vector: contiguous if A is stored [1, k], strided by lda if stored [k, 1].
    int xStride = transA ? lda : 1;
    if (transB) {
      // B is stored [n, k]: one dot product per output, along contiguous rows of B.
      float[] x = a;
      int xOff = aOff;
      if (xStride != 1) {
        x = buf.x = Buffers.atLeast(buf.x, k);
        xOff = 0;
        for (int p = 0; p < k; p++) {
          x[p] = a[aOff + p * xStride];
        }
      }
      for (int j = 0; j < n; j++) {
        float s = VectorKernels.dotPairwise(b, bOff + j * ldb, x, xOff, k);
        c[cOff + j] = beta == 0f ? s : beta * c[cOff + j] + s;
      }
    } else {
      float[] y = buf.y = Buffers.atLeast(buf.y, n);
      java.util.Arrays.fill(y, 0, n, 0f);
      axpyRows(b, bOff, ldb, k, a, aOff, xStride, n, y);
      for (int j = 0; j < n; j++) {
        c[cOff + j] = beta == 0f ? y[j] : beta * c[cOff + j] + y[j];
      }
    }
  }

  /**
   * {@code y[0..width) += Σ_r x[xOff + r*xStride] · mat[off + r*ld + (0..width)]}, four rows per pass so each
   * vector of y is loaded and stored once per four rows.
   */
  private static void axpyRows(float[] mat, int off, int ld, int rows, float[] x, int xOff, int xStride,
                               int width, float[] y) {
    int upper = S.loopBound(width);
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
      int m0 = off + r * ld;
      int m1 = m0 + ld;
      int m2 = m1 + ld;
      int m3 = m2 + ld;
      float x0 = x[xOff + r * xStride];
      float x1 = x[xOff + (r + 1) * xStride];
      float x2 = x[xOff + (r + 2) * xStride];
      float x3 = x[xOff + (r + 3) * xStride];
      FloatVector v0 = FloatVector.broadcast(S, x0);
      FloatVector v1 = FloatVector.broadcast(S, x1);
      FloatVector v2 = FloatVector.broadcast(S, x2);
      FloatVector v3 = FloatVector.broadcast(S, x3);
      int j = 0;
      for (; j < upper; j += L) {
        FloatVector acc = FloatVector.fromArray(S, y, j);
        acc = FloatVector.fromArray(S, mat, m0 + j).fma(v0, acc);
        acc = FloatVector.fromArray(S, mat, m1 + j).fma(v1, acc);
        acc = FloatVector.fromArray(S, mat, m2 + j).fma(v2, acc);
        acc = FloatVector.fromArray(S, mat, m3 + j).fma(v3, acc);
        acc.intoArray(y, j);
      }
      for (; j < width; j++) {
        y[j] += mat[m0 + j] * x0 + mat[m1 + j] * x1 + mat[m2 + j] * x2 + mat[m3 + j] * x3;
      }
    }
    for (; r < rows; r++) {
      int m0 = off + r * ld;
      float x0 = x[xOff + r * xStride];
      FloatVector v0 = FloatVector.broadcast(S, x0);
      int j = 0;
      for (; j < upper; j += L) {
        FloatVector.fromArray(S, mat, m0 + j).fma(v0, FloatVector.fromArray(S, y, j)).intoArray(y, j);
      }
      for (; j < width; j++) {
        y[j] += mat[m0 + j] * x0;
      }
    }
  }
}
