package dev.jgrad.autograd.kernels;

import static dev.jgrad.autograd.kernels.VectorGemm.MAX_CHUNKS;
import static dev.jgrad.autograd.kernels.VectorGemm.MIN_CHUNK_FLOPS;
import static dev.jgrad.autograd.kernels.VectorGemm.WAKE_FLOPS;
import static dev.jgrad.autograd.kernels.VectorGemm.guidedBounds;
import static dev.jgrad.autograd.kernels.VectorGemm.roundUp;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Double-precision gemm on the Vector API: {@link VectorGemm}'s Goto/BLIS structure with double lanes. The same
 * cache blocking (depth blocks of equal length up to {@link #KC}, A blocks of {@link #MC} rows, B blocks of
 * {@link #NC} columns), the same register tile shape (MR rows × two vectors), the same split between the caller and
 * the {@link GemmWorker} (guided chunks along N, op(A) packed once for all chunks; along M when C is narrow) and
 * the same batch sharing; the chunk and wake thresholds are {@link VectorGemm}'s, counted in floating-point
 * operations. Only the element type differs, which Java's primitive arrays and vector species cannot abstract over
 * without boxing, so the packing routines and the tile are written here for {@code double[]}. Tiny and
 * matrix-vector shapes run {@link JavaGemm}'s float64 dot-product loop. Arguments are checked by the caller.
 */
final class DoubleVectorGemm {

  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  /** Lanes per vector: 4 with AVX2, 8 with AVX-512. */
  static final int L = S.length();
  /**
   * Register tile: 4 rows × two vectors, 8 accumulators, as the float32 tile. The 6-row tile of BLIS and OpenBLAS
   * (12 accumulators, 15 of AVX2's 16 registers) does not pay here. On packed data (a copy of {@link #macroKernel}
   * over a 72 × 256 block, depth 256, 40 interleaved slices in one JVM, thread CPU time, 2-vCPU Zen 3 whose
   * register-only FMA loop peaks at 44.5 GFLOP/s per core): JDK 17 median 23.1 GFLOP/s with 4 rows, 23.3 with 6;
   * JDK 25 30.8 with 4 rows, 18.0 with 6 (C2 spills it). JDK 17 keeps the 4-row loop in registers without range
   * checks but does not unroll it: about three instructions per FMA (loads, broadcasts, index arithmetic), the same
   * with 6 rows. Two depth steps per pass written out spill (17-18 vs 22-26 GFLOP/s).
   */
  static final int MR = 4;
  static final int NR = 2 * L;
  /** Depth of a packed block: an NR-wide sliver of KC doubles (16 KiB with 4 lanes) stays in L1. */
  static final int KC = 256;
  /** Rows of A packed per block (a multiple of MR): MC × KC doubles (144 KiB) stay in L2. */
  static final int MC = 72;
  /** Columns of B packed per block (a multiple of NR). */
  static final int NC = 1024;
  /** At or below this many multiply-adds a plain dot-product loop beats packing. */
  static final long SMALL_MNK = 512;

  /** Per-thread pack buffers, grown on demand and reused across calls. */
  private static final class Buffers {
    double[] a = new double[0];
    double[] b = new double[0];
    /** op(A) packed by {@link #split} for every chunk. */
    double[] shared = new double[0];
    final double[] tile = new double[MR * NR];

    static double[] atLeast(double[] buf, int size) {
      return buf.length >= size ? buf : new double[size];
    }
  }

  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private final long parallelFlops;

  /** @param parallelFlops as {@link VectorGemm#VectorGemm(long)} */
  DoubleVectorGemm(long parallelFlops) {
    this.parallelFlops = parallelFlops;
  }

  /** The float64 {@link Kernels#gemm}, arguments already checked. */
  void gemm(boolean transA, boolean transB, int m, int n, int k,
            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
            double beta, double[] c, int cOff, int ldc) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      JavaGemm.scale(c, cOff, ldc, m, n, beta);
      return;
    }
    long mnk = (long) m * n * k;
    if (mnk <= SMALL_MNK || m == 1 || n == 1) {
      JavaGemm.gemmSmall(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      return;
    }
    if (2 * mnk >= parallelFlops && Math.max(m, n) >= 2 * NR && GemmWorker.current().helperThreads() > 0) {
      split(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      return;
    }
    blocked(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  /** The float64 {@link GemmKernels#gemmBatched}, shared out as {@link VectorGemm#gemmBatched}. */
  void gemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k,
                   double[] a, int aOff, int aStride, int lda, double[] b, int bOff, int bStride, int ldb,
                   double beta, double[] c, int cOff, int cStride, int ldc) {
    long flops = 2L * m * n * k;
    boolean eachSplits = flops >= parallelFlops && Math.max(m, n) >= 2 * NR;
    if (batch < 2 || eachSplits || flops * batch < parallelFlops) {
      for (int i = 0; i < batch; i++) {
        gemm(transA, transB, m, n, k, a, aOff + i * aStride, lda, b, bOff + i * bStride, ldb, beta, c,
            cOff + i * cStride, ldc);
      }
      return;
    }
    int chunks = (int) Math.min(batch, Math.max(2, Math.min(MAX_CHUNKS, flops * batch / MIN_CHUNK_FLOPS)));
    GemmWorker.current().run(chunks, chunk -> {
      int hi = (int) ((long) (chunk + 1) * batch / chunks);
      for (int i = (int) ((long) chunk * batch / chunks); i < hi; i++) {
        gemm(transA, transB, m, n, k, a, aOff + i * aStride, lda, b, bOff + i * bStride, ldb, beta, c,
            cOff + i * cStride, ldc);
      }
    }, flops * batch >= WAKE_FLOPS);
  }

  /** {@link VectorGemm}'s split over the caller and the worker; bit-identical to {@link #blocked}. */
  private static void split(boolean transA, boolean transB, int m, int n, int k,
                            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double beta, double[] c, int cOff, int ldc) {
    GemmWorker worker = GemmWorker.current();
    boolean wake = 2L * m * n * k >= WAKE_FLOPS;
    int chunksWanted = (int) Math.max(2, Math.min(MAX_CHUNKS, 2L * m * n * k / MIN_CHUNK_FLOPS));
    int nSlivers = (n + NR - 1) / NR;
    if (nSlivers >= 4) {
      int[] bounds = guidedBounds(nSlivers, VectorGemm.minUnits(2L * m * k * NR));
      int chunks = bounds.length - 1;
      double[] packedA = null;
      if (chunks > 2) {
        int kBlocks = (k + KC - 1) / KC;
        int kcMax = (k + kBlocks - 1) / kBlocks;
        int mPad = roundUp(m, MR);
        Buffers buf = BUFFERS.get();
        double[] ap = packedA = buf.shared = Buffers.atLeast(buf.shared, mPad * kcMax * kBlocks);
        int rowsPer = roundUp(Math.max(MR, (m + chunksWanted - 1) / chunksWanted), MR);
        int rowChunks = (m + rowsPer - 1) / rowsPer;
        worker.run(rowChunks * kBlocks, chunk -> {
          int q = chunk / rowChunks;
          int lo = (chunk % rowChunks) * rowsPer;
          int pc = q * kcMax;
          int kc = Math.min(kcMax, k - pc);
          packA(transA, a, aOff, lda, lo, Math.min(rowsPer, m - lo), pc, kc, ap, q * mPad * kcMax + lo * kc);
        }, wake);
      }
      double[] sharedA = packedA;
      worker.run(chunks, chunk -> {
        int lo = bounds[chunk] * NR;
        int hi = Math.min(n, bounds[chunk + 1] * NR);
        int bStart = bOff + (transB ? lo * ldb : lo);
        if (sharedA == null) {
          blocked(transA, transB, m, hi - lo, k, a, aOff, lda, b, bStart, ldb, beta, c, cOff + lo, ldc);
        } else {
          blockedPackedA(transB, m, hi - lo, k, sharedA, b, bStart, ldb, beta, c, cOff + lo, ldc);
        }
      }, wake);
    } else {
      int[] bounds = guidedBounds((m + MR - 1) / MR, VectorGemm.minUnits(2L * MR * n * k));
      worker.run(bounds.length - 1, chunk -> {
        int lo = bounds[chunk] * MR;
        int hi = Math.min(m, bounds[chunk + 1] * MR);
        int aStart = aOff + (transA ? lo : lo * lda);
        blocked(transA, transB, hi - lo, n, k, a, aStart, lda, b, bOff, ldb, beta, c, cOff + lo * ldc, ldc);
      }, wake);
    }
  }

  /** The packed product on the calling thread. */
  static void blocked(boolean transA, boolean transB, int m, int n, int k,
                      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                      double beta, double[] c, int cOff, int ldc) {
    Buffers buf = BUFFERS.get();
    int kBlocks = (k + KC - 1) / KC;
    int kcMax = (k + kBlocks - 1) / kBlocks;
    int mcMax = Math.min(MC, roundUp(m, MR));
    int ncMax = Math.min(NC, roundUp(n, NR));
    double[] ap = buf.a = Buffers.atLeast(buf.a, mcMax * kcMax);
    double[] bp = buf.b = Buffers.atLeast(buf.b, ncMax * kcMax);
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      for (int pc = 0; pc < k; pc += kcMax) {
        int kc = Math.min(kcMax, k - pc);
        double betaBlock = pc == 0 ? beta : 1d;   // later depth blocks accumulate onto the first
        packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp, 0);
        for (int ic = 0; ic < m; ic += MC) {
          int mc = Math.min(MC, m - ic);
          packA(transA, a, aOff, lda, ic, mc, pc, kc, ap, 0);
          macroKernel(mc, nc, kc, ap, 0, bp, 0, betaBlock, c, cOff + ic * ldc + jc, ldc, buf.tile);
        }
      }
    }
  }

  /** {@link #blocked} over an op(A) that {@link #split} packed for the whole product. */
  private static void blockedPackedA(boolean transB, int m, int n, int k, double[] packedA,
                                     double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
    Buffers buf = BUFFERS.get();
    int kBlocks = (k + KC - 1) / KC;
    int kcMax = (k + kBlocks - 1) / kBlocks;
    int mPad = roundUp(m, MR);
    int ncMax = Math.min(NC, roundUp(n, NR));
    double[] bp = buf.b = Buffers.atLeast(buf.b, ncMax * kcMax);
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      for (int pc = 0, q = 0; pc < k; pc += kcMax, q++) {
        int kc = Math.min(kcMax, k - pc);
        double betaBlock = pc == 0 ? beta : 1d;
        packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp, 0);
        for (int ic = 0; ic < m; ic += MC) {
          int mc = Math.min(MC, m - ic);
          macroKernel(mc, nc, kc, packedA, q * mPad * kcMax + ic * kc, bp, 0, betaBlock, c, cOff + ic * ldc + jc, ldc,
              buf.tile);
        }
      }
    }
  }

  /** {@link VectorGemm#packA} for doubles: slivers of MR rows, depth-major, zero-padded. */
  static void packA(boolean transA, double[] a, int aOff, int lda, int ic, int mc, int pc, int kc,
                    double[] ap, int apOff) {
    for (int ir = 0; ir < mc; ir += MR) {
      int mr = Math.min(MR, mc - ir);
      int dst = apOff + ir * kc;
      if (transA && mr == MR) {
        int src0 = aOff + pc * lda + ic + ir;
        for (int p = 0; p < kc; p++) {
          int s = src0 + p * lda;
          int d = dst + p * MR;
          ap[d] = a[s];
          ap[d + 1] = a[s + 1];
          ap[d + 2] = a[s + 2];
          ap[d + 3] = a[s + 3];
        }
      } else if (transA) {
        int src = aOff + pc * lda + ic + ir;
        for (int p = 0; p < kc; p++, src += lda, dst += MR) {
          for (int r = 0; r < MR; r++) {
            ap[dst + r] = r < mr ? a[src + r] : 0d;
          }
        }
      } else if (mr == MR) {
        int s0 = aOff + (ic + ir) * lda + pc;
        int s1 = s0 + lda;
        int s2 = s1 + lda;
        int s3 = s2 + lda;
        for (int p = 0; p < kc; p++) {
          int d = dst + p * MR;
          ap[d] = a[s0 + p];
          ap[d + 1] = a[s1 + p];
          ap[d + 2] = a[s2 + p];
          ap[d + 3] = a[s3 + p];
        }
      } else {
        int src = aOff + (ic + ir) * lda + pc;
        for (int p = 0; p < kc; p++, dst += MR) {
          for (int r = 0; r < MR; r++) {
            ap[dst + r] = r < mr ? a[src + r * lda + p] : 0d;
          }
        }
      }
    }
  }

  /** {@link VectorGemm#packB} for doubles: slivers of NR columns, depth-major, zero-padded. */
  static void packB(boolean transB, double[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
                    double[] bp, int bpOff) {
    for (int jr = 0; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr);
      int dst = bpOff + jr * kc;
      if (transB) {
        for (int j = 0; j < NR; j++) {
          int d = dst + j;
          if (j < nr) {
            int s = bOff + (jc + jr + j) * ldb + pc;
            for (int p = 0; p < kc; p++, d += NR) {
              bp[d] = b[s + p];
            }
          } else {
            for (int p = 0; p < kc; p++, d += NR) {
              bp[d] = 0d;
            }
          }
        }
      } else if (nr == NR) {
        int src = bOff + pc * ldb + jc + jr;
        for (int p = 0; p < kc; p++, src += ldb, dst += NR) {
          DoubleVector.fromArray(S, b, src).intoArray(bp, dst);
          DoubleVector.fromArray(S, b, src + L).intoArray(bp, dst + L);
        }
      } else {
        int src = bOff + pc * ldb + jc + jr;
        for (int p = 0; p < kc; p++, src += ldb, dst += NR) {
          for (int j = 0; j < NR; j++) {
            bp[dst + j] = j < nr ? b[src + j] : 0d;
          }
        }
      }
    }
  }

  /** The register tile over every (A sliver, B sliver) pair of one block; edge tiles go through scratch. */
  static void macroKernel(int mc, int nc, int kc, double[] ap, int apOff, double[] bp, int bpOff, double beta,
                          double[] c, int cOff, int ldc, double[] tile) {
    for (int jr = 0; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr);
      for (int ir = 0; ir < mc; ir += MR) {
        int mr = Math.min(MR, mc - ir);
        int ci = cOff + ir * ldc + jr;
        int aIdx = apOff + ir * kc;
        if (mr == MR && nr == NR) {
          microKernel(kc, ap, aIdx, bp, bpOff + jr * kc, c, ci, ldc, beta);
        } else {
          microKernel(kc, ap, aIdx, bp, bpOff + jr * kc, tile, 0, NR, 0d);
          for (int r = 0; r < mr; r++) {
            int cr = ci + r * ldc;
            for (int j = 0; j < nr; j++) {
              double t = tile[r * NR + j];
              c[cr + j] = beta == 0d ? t : Math.fma(c[cr + j], beta, t);
            }
          }
        }
      }
    }
  }

  /**
   * The MR × NR tile: {@code C = beta*C + Σ_p A[.., p] ⊗ B[p, ..]} with eight vector accumulators, written as
   * {@link VectorGemm}'s tile (one induction variable and constant strides, so C2 hoists the range checks; the
   * stores spelled out so the accumulators are never boxed).
   */
  private static void microKernel(int kc, double[] ap, int aIdx, double[] bp, int bIdx, double[] c, int ci, int ldc,
                                  double beta) {
    DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
    DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
    DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
    DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
    for (int p = 0; p < kc; p++) {
      int ai = aIdx + p * MR;
      int bi = bIdx + p * NR;
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
      DoubleVector av = DoubleVector.broadcast(S, ap[ai]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      av = DoubleVector.broadcast(S, ap[ai + 1]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      av = DoubleVector.broadcast(S, ap[ai + 2]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      av = DoubleVector.broadcast(S, ap[ai + 3]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
    }
    int r0 = ci;
    int r1 = r0 + ldc;
    int r2 = r1 + ldc;
    int r3 = r2 + ldc;
    if (beta == 0d) {
      c00.intoArray(c, r0);
      c01.intoArray(c, r0 + L);
      c10.intoArray(c, r1);
      c11.intoArray(c, r1 + L);
      c20.intoArray(c, r2);
      c21.intoArray(c, r2 + L);
      c30.intoArray(c, r3);
      c31.intoArray(c, r3 + L);
    } else {
      DoubleVector bv = DoubleVector.broadcast(S, beta);
      DoubleVector.fromArray(S, c, r0).fma(bv, c00).intoArray(c, r0);
      DoubleVector.fromArray(S, c, r0 + L).fma(bv, c01).intoArray(c, r0 + L);
      DoubleVector.fromArray(S, c, r1).fma(bv, c10).intoArray(c, r1);
      DoubleVector.fromArray(S, c, r1 + L).fma(bv, c11).intoArray(c, r1 + L);
      DoubleVector.fromArray(S, c, r2).fma(bv, c20).intoArray(c, r2);
      DoubleVector.fromArray(S, c, r2 + L).fma(bv, c21).intoArray(c, r2 + L);
      DoubleVector.fromArray(S, c, r3).fma(bv, c30).intoArray(c, r3);
      DoubleVector.fromArray(S, c, r3 + L).fma(bv, c31).intoArray(c, r3 + L);
    }
  }
}
