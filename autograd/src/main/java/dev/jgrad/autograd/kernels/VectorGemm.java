package dev.jgrad.autograd.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision gemm on the Vector API, in the Goto/BLIS style (docs/PERFORMANCE.md, "gemm"): op(B) is packed
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
  static final int MR = 4;   // packA's full-sliver loops copy exactly four rows
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
   * Up to this many multiply-adds (with k within one depth block) the unpacked {@link #direct} kernel is used.
   * Measured on the 2-vCPU Zen 3 VM, JDK 17: direct is 1.2-2.3× faster on the products of a 4-16-16-3 MLP
   * (32×16×4 ... 16×16×32) and at 32³ and 48³, even at 64³, and slower from about 128×128×16 on.
   */
  static final long DIRECT_MNK = 48 * 48 * 48;
  /**
   * Products of at least this many floating-point operations (2·m·n·k, here 2·56³ ≈ 0.35 MFLOP) are split between
   * the caller and the {@link GemmWorker}. Measured on the 2-vCPU Zen 3 VM (JMH, JDK 17, square NN): at 48³ two
   * threads break even (7.4 vs 6.9 µs), at 64³ they win (13.1 vs 15.3 µs), at 96³ clearly (30.6 vs 46.0 µs).
   */
  static final long DEFAULT_PARALLEL_FLOPS = 2L * 56 * 56 * 56;
  /**
   * Split products at least this large wake a dozing {@link GemmWorker} (about 200 µs on one thread); smaller ones
   * leave it to join when its timed park ends. Waking stalls the caller ~120 µs on the 2-vCPU VM (the woken worker
   * tends to run on the caller's CPU first) while the worker starts within ~15 µs. Measured after 1 ms idle with a
   * worker woken for every product: 128×256×64 (4.2 MFLOP) took 132 µs, 97 µs alone; 128×256×256 (16.8 MFLOP)
   * 312 µs, 388 µs alone.
   */
  static final long WAKE_FLOPS = 12_000_000;

  /** Per-thread pack buffers and scratch, grown on demand and reused across calls. */
  private static final class Buffers {
    float[] a = new float[0];
    float[] b = new float[0];
    float[] x = new float[0];
    float[] y = new float[0];
    /** Cᵀ of a narrow product ({@link #directTransposed}). */
    float[] t = new float[0];
    /** A transposed op(A) packed by {@link #split} for both threads. */
    float[] shared = new float[0];
    final float[] tile = new float[MR * NR];

    static float[] atLeast(float[] buf, int size) {
      return buf.length >= size ? buf : new float[size];
    }
  }

  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  /** This thread's A pack buffer, grown to at least {@code size}. */
  static float[] packBufferA(int size) {
    Buffers buf = BUFFERS.get();
    return buf.a = Buffers.atLeast(buf.a, size);
  }

  /** This thread's scratch tile for edge tiles. */
  static float[] scratchTile() {
    return BUFFERS.get().tile;
  }

  private final long parallelFlops;

  /**
   * @param parallelFlops products with {@code 2·m·n·k} at least this are split over two threads; 0 splits every
   *     product that has room for two slivers, {@link Long#MAX_VALUE} never splits
   */
  VectorGemm(long parallelFlops) {
    this.parallelFlops = parallelFlops;
  }

  /** {@link GemmKernels#gemmPacked}, arguments already checked (see {@link PackedGemm}). */
  void gemmPacked(boolean transA, int m, float[] a, int aOff, int lda, PackedMatrix b,
                  float beta, float[] c, int cOff, int ldc) {
    PackedGemm.gemm(this, parallelFlops, transA, m, a, aOff, lda, b, beta, c, cOff, ldc);
  }

  /** {@link Kernels#gemm}, arguments already checked. */
  void gemm(boolean transA, boolean transB, int m, int n, int k,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      JavaGemm.scale(c, cOff, ldc, m, n, beta);
      return;
    }
    long mnk = (long) m * n * k;
    if (mnk <= SMALL_MNK) {
      JavaGemm.gemmSmall(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
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
    // Without helper threads (a data-parallel replica running its products alone) the chunks would only repack
    // op(B) piece by piece; the split and the blocked product are bit-identical, so the choice never shows.
    if (2 * mnk >= parallelFlops && Math.max(m, n) >= 2 * NR && GemmWorker.current().helperThreads() > 0) {
      split(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      return;
    }
    if (mnk <= DIRECT_MNK && k <= KC) {
      if (n < L && m >= L) {
        directTransposed(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      } else {
        direct(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      }
      return;
    }
    blocked(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  /**
   * {@link GemmKernels#gemmBatched}, arguments already checked. Products too small to be split themselves (the
   * heads of an attention layer: 128 products of 64×64×32) are shared out whole between the caller and the
   * {@link GemmWorker}, in contiguous runs of the batch; each is computed by {@link #gemm} as on one thread.
   */
  void gemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k,
                   float[] a, int aOff, int aStride, int lda, float[] b, int bOff, int bStride, int ldb,
                   float beta, float[] c, int cOff, int cStride, int ldc) {
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

  /**
   * The register tile without packing, for products too small to repay it (the layers of a tiny MLP, where packing
   * both operands cost more than the multiply-adds). op(B) is read in place when it is stored [k, n] with n a
   * multiple of the vector length, and otherwise copied (transposed if need be) into a scratch panel whose width is
   * padded with zeros to whole vectors, so that no column is computed with scalar code; op(A) is read through its
   * strides. Each element is accumulated from zero over p = 0, 1, ..., k-1 with fused multiply-adds and then merged
   * into C, exactly as {@link #microKernel} does within one depth block: for {@code k <= KC} the result is
   * bit-identical to the packed path, so the choice between them never shows in the values.
   */
  static void direct(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
    float[] bp = b;
    int bo = bOff;
    int bld = ldb;
    int width = n;
    float[] tile = null;
    if (transB || n % L != 0) {
      Buffers buf = BUFFERS.get();
      tile = buf.tile;
      width = roundUp(n, L);
      bp = buf.b = Buffers.atLeast(buf.b, k * width);
      bo = 0;
      bld = width;
      for (int p = 0; p < k; p++) {
        int d = p * width;
        if (transB) {
          for (int j = 0, s = bOff + p; j < n; j++, s += ldb) {
            bp[d + j] = b[s];
          }
        } else {
          System.arraycopy(b, bOff + p * ldb, bp, d, n);
        }
        for (int j = n; j < width; j++) {   // a few zeros per row: a loop beats a call to Arrays.fill
          bp[d + j] = 0f;
        }
      }
    }
    // Element (i, p) of op(A) is a[aOff + i*ai + p*ap].
    int ai = transA ? 1 : lda;
    int ap = transA ? lda : 1;
    int i = 0;
    for (; i + MR <= m; i += MR) {
      directRows4(k, n, width, a, aOff + i * ai, ai, ap, bp, bo, bld, beta, c, cOff + i * ldc, ldc, tile);
    }
    for (; i < m; i++) {
      directRow(k, n, width, a, aOff + i * ai, ap, bp, bo, bld, beta, c, cOff + i * ldc, tile);
    }
  }

  /**
   * {@link #direct} for C narrower than a vector but at least a vector tall (a classifier head's 3 outputs, a
   * 4-feature input's weight gradient): computes Cᵀ = op(B)ᵀ·op(A)ᵀ, whose rows are m long, into scratch and writes
   * it back transposed, instead of padding every row of C to a whole vector. Each element is the same sum of the
   * same products in the same order (fma(a, b, s) and fma(b, a, s) round alike), so the result is bit-identical.
   * Interleaved same-JVM A/B (JDK 17): 16×4×32 TN 0.78 → 0.21 µs (op(A)ᵀ is then read in place), 32×3×16 NT 0.70 →
   * 0.61 µs (op(A)ᵀ is copied into a panel).
   */
  private static void directTransposed(boolean transA, boolean transB, int m, int n, int k,
                                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                       float beta, float[] c, int cOff, int ldc) {
    Buffers buf = BUFFERS.get();
    float[] t = buf.t = Buffers.atLeast(buf.t, n * m);
    direct(!transB, !transA, n, m, k, b, bOff, ldb, a, aOff, lda, 0f, t, 0, m);
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * ldc;
      for (int j = 0; j < n; j++) {
        c[ci + j] = merge(c[ci + j], beta, t[j * m + i]);
      }
    }
  }

  /**
   * Four rows of C from four rows of op(A): two vectors wide while they fit, then one; the last vector of a padded
   * panel goes through {@code tile} so that only the n real columns are written.
   */
  private static void directRows4(int k, int n, int width, float[] a, int a0, int ai, int ap, float[] b, int bo,
                                  int bld, float beta, float[] c, int c0, int ldc, float[] tile) {
    int j = 0;
    for (; j + NR <= n; j += NR) {
      FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
      FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
      FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
      FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
      for (int p = 0; p < k; p++) {
        int aa = a0 + p * ap;
        int bb = bo + j + p * bld;
        FloatVector b0 = FloatVector.fromArray(S, b, bb);
        FloatVector b1 = FloatVector.fromArray(S, b, bb + L);
        FloatVector av = FloatVector.broadcast(S, a[aa]);
        c00 = av.fma(b0, c00);
        c01 = av.fma(b1, c01);
        av = FloatVector.broadcast(S, a[aa + ai]);
        c10 = av.fma(b0, c10);
        c11 = av.fma(b1, c11);
        av = FloatVector.broadcast(S, a[aa + 2 * ai]);
        c20 = av.fma(b0, c20);
        c21 = av.fma(b1, c21);
        av = FloatVector.broadcast(S, a[aa + 3 * ai]);
        c30 = av.fma(b0, c30);
        c31 = av.fma(b1, c31);
      }
      // Stores written out, as in microKernel: a helper taking a vector might not inline and would box it.
      int r0 = c0 + j;
      int r1 = r0 + ldc;
      int r2 = r1 + ldc;
      int r3 = r2 + ldc;
      if (beta == 0f) {
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
      } else {
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
    for (; j < width; j += L) {
      FloatVector c00 = FloatVector.zero(S), c10 = FloatVector.zero(S);
      FloatVector c20 = FloatVector.zero(S), c30 = FloatVector.zero(S);
      for (int p = 0; p < k; p++) {
        int aa = a0 + p * ap;
        int bb = bo + j + p * bld;
        FloatVector b0 = FloatVector.fromArray(S, b, bb);
        c00 = FloatVector.broadcast(S, a[aa]).fma(b0, c00);
        c10 = FloatVector.broadcast(S, a[aa + ai]).fma(b0, c10);
        c20 = FloatVector.broadcast(S, a[aa + 2 * ai]).fma(b0, c20);
        c30 = FloatVector.broadcast(S, a[aa + 3 * ai]).fma(b0, c30);
      }
      int r0 = c0 + j;
      int r1 = r0 + ldc;
      int r2 = r1 + ldc;
      int r3 = r2 + ldc;
      if (j + L > n) {
        c00.intoArray(tile, 0);
        c10.intoArray(tile, L);
        c20.intoArray(tile, 2 * L);
        c30.intoArray(tile, 3 * L);
        for (int q = 0; q < n - j; q++) {
          c[r0 + q] = merge(c[r0 + q], beta, tile[q]);
          c[r1 + q] = merge(c[r1 + q], beta, tile[L + q]);
          c[r2 + q] = merge(c[r2 + q], beta, tile[2 * L + q]);
          c[r3 + q] = merge(c[r3 + q], beta, tile[3 * L + q]);
        }
      } else if (beta == 0f) {
        c00.intoArray(c, r0);
        c10.intoArray(c, r1);
        c20.intoArray(c, r2);
        c30.intoArray(c, r3);
      } else {
        FloatVector bv = FloatVector.broadcast(S, beta);
        FloatVector.fromArray(S, c, r0).fma(bv, c00).intoArray(c, r0);
        FloatVector.fromArray(S, c, r1).fma(bv, c10).intoArray(c, r1);
        FloatVector.fromArray(S, c, r2).fma(bv, c20).intoArray(c, r2);
        FloatVector.fromArray(S, c, r3).fma(bv, c30).intoArray(c, r3);
      }
    }
  }

  /** One row of C (the rows left over after groups of four). */
  private static void directRow(int k, int n, int width, float[] a, int a0, int ap, float[] b, int bo, int bld,
                                float beta, float[] c, int c0, float[] tile) {
    int j = 0;
    // Two vectors per pass while they fit: two independent chains of fused multiply-adds instead of one, which
    // is latency-bound (a 3×16×32 weight gradient's rows took 0.25 µs one vector at a time).
    for (; j + NR <= n; j += NR) {
      FloatVector acc0 = FloatVector.zero(S);
      FloatVector acc1 = FloatVector.zero(S);
      for (int p = 0; p < k; p++) {
        int bb = bo + j + p * bld;
        FloatVector av = FloatVector.broadcast(S, a[a0 + p * ap]);
        acc0 = av.fma(FloatVector.fromArray(S, b, bb), acc0);
        acc1 = av.fma(FloatVector.fromArray(S, b, bb + L), acc1);
      }
      if (beta == 0f) {
        acc0.intoArray(c, c0 + j);
        acc1.intoArray(c, c0 + j + L);
      } else {
        FloatVector bv = FloatVector.broadcast(S, beta);
        FloatVector.fromArray(S, c, c0 + j).fma(bv, acc0).intoArray(c, c0 + j);
        FloatVector.fromArray(S, c, c0 + j + L).fma(bv, acc1).intoArray(c, c0 + j + L);
      }
    }
    for (; j < width; j += L) {
      FloatVector acc = FloatVector.zero(S);
      for (int p = 0; p < k; p++) {
        int aa = a0 + p * ap;
        int bb = bo + j + p * bld;
        acc = FloatVector.broadcast(S, a[aa]).fma(FloatVector.fromArray(S, b, bb), acc);
      }
      if (j + L > n) {
        acc.intoArray(tile, 0);
        for (int q = 0; q < n - j; q++) {
          c[c0 + j + q] = merge(c[c0 + j + q], beta, tile[q]);
        }
      } else if (beta == 0f) {
        acc.intoArray(c, c0 + j);
      } else {
        FloatVector.fromArray(S, c, c0 + j).fma(FloatVector.broadcast(S, beta), acc).intoArray(c, c0 + j);
      }
    }
  }

  /** {@code C = acc} (beta 0: C is never read) or {@code C = fma(C, beta, acc)}, as {@link #microKernel} merges. */
  private static float merge(float c, float beta, float acc) {
    return beta == 0f ? acc : Math.fma(c, beta, acc);
  }

  /** At most this many chunks for packing op(A) ahead of a split product. */
  static final int MAX_CHUNKS = 8;
  /**
   * Floating-point operations per chunk below which a product gets fewer chunks: each chunk repacks its share of
   * op(B) and restarts the block loops, which does not pay on products of a few hundred thousand multiply-adds
   * (128×10×256 ran 1.3× slower in eight chunks than in two).
   */
  static final long MIN_CHUNK_FLOPS = 500_000;

  /**
   * The product shared by the caller and the {@link GemmWorker}, in chunks that either thread claims as it gets to
   * them (a worker that wakes late, or a vCPU that other work slows, just ends up with fewer chunks). Chunks shrink
   * towards the end ({@link #guidedBounds}): with equal chunks the thread that finished first waited on average half a
   * chunk for the other, 11 % of the calling thread's time in a 64-256-256-10 MLP step. Along N when C has at least
   * four column slivers: each chunk packs its own columns of op(B), and op(A), which every chunk reads whole, is
   * packed once beforehand, also in shared chunks; along M otherwise (then op(B) is at most a few slivers wide and
   * each chunk packs its own copy, which costs little). The depth blocking is that of {@link #blocked}, so every
   * element sees the same sequence of rounding steps: the split is bit-identical to the single-thread product.
   */
  private static void split(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
    GemmWorker worker = GemmWorker.current();
    boolean wake = 2L * m * n * k >= WAKE_FLOPS;
    int chunksWanted = (int) Math.max(2, Math.min(MAX_CHUNKS, 2L * m * n * k / MIN_CHUNK_FLOPS));
    int nSlivers = (n + NR - 1) / NR;
    if (nSlivers >= 4) {
      int[] bounds = guidedBounds(nSlivers, minUnits(2L * m * k * NR));
      int chunks = bounds.length - 1;
      float[] packedA = null;
      if (chunks > 2) {
        // op(A) packed once for all chunks (with two chunks, each packing its own copy at the same time costs the
        // same and saves a hand-off): depth block q holds every row sliver, row r at q*mPad*kcMax + r*kc.
        int kBlocks = (k + KC - 1) / KC;
        int kcMax = (k + kBlocks - 1) / kBlocks;
        int mPad = roundUp(m, MR);
        Buffers buf = BUFFERS.get();
        float[] ap = packedA = buf.shared = Buffers.atLeast(buf.shared, mPad * kcMax * kBlocks);
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
      float[] sharedA = packedA;   // null: each chunk packs (or reads in place) what it needs
      worker.run(chunks, chunk -> {
        int lo = bounds[chunk] * NR;
        int hi = Math.min(n, bounds[chunk + 1] * NR);
        // Columns [lo, hi) of op(B) start at column lo of B, or at row lo when B is stored transposed.
        int bStart = bOff + (transB ? lo * ldb : lo);
        if (sharedA == null) {
          blocked(transA, transB, m, hi - lo, k, a, aOff, lda, b, bStart, ldb, beta, c, cOff + lo, ldc);
        } else {
          blockedPackedA(transB, m, hi - lo, k, sharedA, b, bStart, ldb, beta, c, cOff + lo, ldc);
        }
      }, wake);
    } else {
      int[] bounds = guidedBounds((m + MR - 1) / MR, minUnits(2L * MR * n * k));
      worker.run(bounds.length - 1, chunk -> {
        int lo = bounds[chunk] * MR;
        int hi = Math.min(m, bounds[chunk + 1] * MR);
        int aStart = aOff + (transA ? lo : lo * lda);
        blocked(transA, transB, hi - lo, n, k, a, aStart, lda, b, bOff, ldb, beta, c, cOff + lo * ldc, ldc);
      }, wake);
    }
  }

  /** Units (slivers or row slivers) per chunk so that a chunk has at least {@link #MIN_CHUNK_FLOPS}. */
  static int minUnits(long unitFlops) {
    return (int) Math.max(1, (MIN_CHUNK_FLOPS + unitFlops - 1) / unitFlops);
  }

  /**
   * Chunk boundaries over {@code units} for two threads, guided self-scheduling: each chunk takes a quarter of what
   * is left but at least {@code minUnits} (the last one takes the rest when less than twice that is left), so early
   * chunks are large and the last ones small, and the thread that runs out of work first waits at most a small chunk.
   * Fewer than {@code 2 * minUnits} units are cut in two halves. {@code bounds[c]} to {@code bounds[c + 1]} is chunk c.
   */
  static int[] guidedBounds(int units, int minUnits) {
    if (units < 2 * minUnits) {
      return units < 2 ? new int[] {0, units} : new int[] {0, (units + 1) / 2, units};
    }
    int[] bounds = new int[units + 1];
    int chunks = 0;
    int next = 0;
    while (next < units) {
      int left = units - next;
      next += left < 2 * minUnits ? left : Math.max(minUnits, (left + 3) / 4);
      bounds[++chunks] = next;
    }
    return java.util.Arrays.copyOf(bounds, chunks + 1);
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
        packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp, 0);
        for (int ic = 0; ic < m; ic += MC) {
          int mc = Math.min(MC, m - ic);
          if (transA || nc > NR) {
            // op(A) packed, even row-major: the tile then reads it with constant strides, which C2 turns into a
            // loop without range checks (read in place through variable strides, the same tile ran at 40-50 instead
            // of 70-80 GFLOP/s on one Zen 3 core), and the block is reused for every B sliver.
            packA(transA, a, aOff, lda, ic, mc, pc, kc, ap, 0);
            macroKernel(mc, nc, kc, ap, 0, bp, 0, betaBlock, c, cOff + ic * ldc + jc, ldc, buf.tile);
          } else {
            // One B sliver (a classifier head's 10 outputs): each value of op(A) is used once, so a packed copy
            // would cost as much as the product (128×10×256 ran 1.3-1.8× slower packed); read it in place.
            narrowInPlace(mc, nc, kc, a, aOff + ic * lda + pc, lda, ap, bp, betaBlock, c, cOff + ic * ldc + jc, ldc,
                buf.tile);
          }
        }
      }
    }
  }

  /**
   * {@link #blocked} for a transposed op(A) that {@link #split} has already packed for the whole product (depth
   * block q at {@code q * roundUp(m, MR) * kcMax}, row sliver r at {@code r * kc} within it).
   */
  private static void blockedPackedA(boolean transB, int m, int n, int k, float[] packedA,
                                     float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
    Buffers buf = BUFFERS.get();
    int kBlocks = (k + KC - 1) / KC;
    int kcMax = (k + kBlocks - 1) / kBlocks;
    int mPad = roundUp(m, MR);
    int ncMax = Math.min(NC, roundUp(n, NR));
    float[] bp = buf.b = Buffers.atLeast(buf.b, ncMax * kcMax);
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      for (int pc = 0, q = 0; pc < k; pc += kcMax, q++) {
        int kc = Math.min(kcMax, k - pc);
        float betaBlock = pc == 0 ? beta : 1f;
        packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp, 0);
        for (int ic = 0; ic < m; ic += MC) {
          int mc = Math.min(MC, m - ic);
          macroKernel(mc, nc, kc, packedA, q * mPad * kcMax + ic * kc, bp, 0, betaBlock, c, cOff + ic * ldc + jc, ldc,
              buf.tile);
        }
      }
    }
  }

  static int roundUp(int x, int unit) {
    return (x + unit - 1) / unit * unit;
  }

  /**
   * Packs rows [ic, ic+mc) and depth [pc, pc+kc) of op(A) into slivers of MR rows, each stored depth-major
   * (MR consecutive floats per depth index) and zero-padded to MR rows.
   */
  static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc,
                            float[] ap, int apOff) {
    for (int ir = 0; ir < mc; ir += MR) {
      int mr = Math.min(MR, mc - ir);
      int dst = apOff + ir * kc;
      // The full-sliver loops are written for MR == 4 (one copy per row) and use a single induction variable, so
      // they run without a per-element branch or range check (packing was a sixth of an MLP's gemm time).
      if (transA && mr == MR) {
        // A is stored [k, m]: the MR values of one depth index are contiguous.
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
            ap[dst + r] = r < mr ? a[src + r] : 0f;
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
  static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
                    float[] bp, int bpOff) {
    for (int jr = 0; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr);
      int dst = bpOff + jr * kc;
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

  /**
   * Runs the register tile over every (A sliver, B sliver) pair of one block: A slivers packed in {@code ap} from
   * {@code apOff}, {@code kc * MR} floats apart; B slivers packed in {@code bp}.
   */
  static void macroKernel(int mc, int nc, int kc, float[] ap, int apOff, float[] bp, int bpOff, float beta,
                          float[] c, int cOff, int ldc, float[] tile) {
    for (int jr = 0; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr);
      for (int ir = 0; ir < mc; ir += MR) {
        int mr = Math.min(MR, mc - ir);
        int ci = cOff + ir * ldc + jr;
        int aIdx = apOff + ir * kc;
        if (mr == MR && nr == NR) {
          microKernel(kc, ap, aIdx, bp, bpOff + jr * kc, c, ci, ldc, beta);
        } else {
          // Edge tile: compute the full padded tile into scratch, then merge only the valid part into C.
          microKernel(kc, ap, aIdx, bp, bpOff + jr * kc, tile, 0, NR, 0f);
          mergeTile(mr, nr, tile, beta, c, ci, ldc);
        }
      }
    }
  }

  /**
   * One B sliver ({@code nc <= NR}) against rows of a row-major op(A) read in place ({@code a0} is the block's first
   * element, rows {@code lda} apart); only a last partial sliver of rows is packed into {@code ap}, for its padding.
   */
  private static void narrowInPlace(int mc, int nc, int kc, float[] a, int a0, int lda, float[] ap, float[] bp,
                                    float beta, float[] c, int cOff, int ldc, float[] tile) {
    int full = mc / MR * MR;
    for (int ir = 0; ir < full; ir += MR) {
      int ci = cOff + ir * ldc;
      if (nc == NR) {
        microKernelStrided(kc, a, a0 + ir * lda, lda, bp, c, ci, ldc, beta);
      } else {
        microKernelStrided(kc, a, a0 + ir * lda, lda, bp, tile, 0, NR, 0f);
        mergeTile(MR, nc, tile, beta, c, ci, ldc);
      }
    }
    if (full < mc) {
      int mr = mc - full;
      for (int p = 0; p < kc; p++) {
        for (int r = 0; r < MR; r++) {
          ap[p * MR + r] = r < mr ? a[a0 + (full + r) * lda + p] : 0f;
        }
      }
      microKernel(kc, ap, 0, bp, 0, tile, 0, NR, 0f);
      mergeTile(mr, nc, tile, beta, c, cOff + full * ldc, ldc);
    }
  }

  /** The valid {@code mr × nr} corner of a scratch tile into C: {@code C = tile} or {@code beta*C + tile}. */
  private static void mergeTile(int mr, int nr, float[] tile, float beta, float[] c, int ci, int ldc) {
    for (int r = 0; r < mr; r++) {
      int cr = ci + r * ldc;
      for (int j = 0; j < nr; j++) {
        float t = tile[r * NR + j];
        c[cr + j] = beta == 0f ? t : beta * c[cr + j] + t;
      }
    }
  }

  /**
   * {@link #microKernel} with A read in place: row r, depth p at {@code a[aIdx + r*lda + p]}. Same operations in
   * the same order, so the same bits; slower per flop (variable strides keep range checks), used where packing A
   * does not pay.
   */
  private static void microKernelStrided(int kc, float[] a, int aIdx, int lda, float[] bp, float[] c, int ci, int ldc,
                                         float beta) {
    FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
    int s1 = lda;
    int s2 = 2 * lda;
    int s3 = 3 * lda;
    for (int p = 0; p < kc; p++) {
      int ai = aIdx + p;
      int bi = p * NR;
      FloatVector b0 = FloatVector.fromArray(S, bp, bi);
      FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
      FloatVector av = FloatVector.broadcast(S, a[ai]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      av = FloatVector.broadcast(S, a[ai + s1]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      av = FloatVector.broadcast(S, a[ai + s2]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      av = FloatVector.broadcast(S, a[ai + s3]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
    }
    int r0 = ci;
    int r1 = r0 + ldc;
    int r2 = r1 + ldc;
    int r3 = r2 + ldc;
    if (beta == 0f) {
      c00.intoArray(c, r0);
      c01.intoArray(c, r0 + L);
      c10.intoArray(c, r1);
      c11.intoArray(c, r1 + L);
      c20.intoArray(c, r2);
      c21.intoArray(c, r2 + L);
      c30.intoArray(c, r3);
      c31.intoArray(c, r3 + L);
    } else {
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

  /**
   * The MR × NR register tile: {@code C[0..MR, 0..NR) = beta*C + Σ_p A[.., p] ⊗ B[p, ..]} over one A sliver (row r,
   * depth p at {@code ap[aIdx + p*MR + r]}) and one packed B sliver, with
   * eight vector accumulators held in registers for the whole depth loop.
   */
  private static void microKernel(int kc, float[] ap, int aIdx, float[] bp, int bIdx, float[] c, int ci, int ldc,
                                  float beta) {
    FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
    // One induction variable and constant strides, the indices computed from it: C2 (JDK 17) then hoists every
    // range check out of the loop. Separately stepped indices kept a check per load (57 vs 81 GFLOP/s at 256³ on one
    // Zen 3 core), and variable strides (A read in place) cost as much.
    for (int p = 0; p < kc; p++) {
      int ai = aIdx + p * MR;
      int bi = bIdx + p * NR;
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
