package dev.jgrad.autograd.kernels;

import java.util.function.IntConsumer;

/**
 * Large elementwise, reduction, softmax and layer-norm work split into fixed blocks that the calling thread and the
 * intra-op worker ({@link GemmWorker}) share. The blocks depend only on the size of the work, never on the number of
 * threads, and a reduction combines its blocks' partial results in block order, so every result has the same bits
 * on one thread as on many.
 *
 * <p>Work below {@link #MIN_PARALLEL} element-equivalents stays on the calling thread, in blocks all the same. The
 * thread count follows {@code jgrad.gemm.threads}: {@code 1} keeps all intra-op work on the caller (as
 * {@code torch.set_num_threads(1)}), otherwise the worker joins.
 */
public final class ParallelBlocks {

  /**
   * Elements per block: 16K floats, 64 KB per operand, so a block's operands sit in L2 (512 KB per core on Zen 3)
   * while a two-pass kernel (exact GELU) reads them again, and long enough (8K in-place adds took 3.8 µs on one
   * core) that claiming a block, one atomic increment, is noise beside it.
   */
  public static final int BLOCK = 1 << 14;

  /**
   * Below this many element-equivalents (elements times the op's relative cost, 1 for an add) the work stays on
   * the calling thread. Handing blocks to a spinning worker costs a few microseconds (the claim, cache lines moving
   * between cores, waiting for the last block), so the work must be several times that: 64K adds are about 30 µs
   * on one core. Measured with {@code add_} on the loaded VM (load average 26, both cores busy with other work) the
   * split did not pay even at 262K (64K: 94 µs alone, 122 split; 262K: 343 and 360), so contention raises the
   * break-even; blocks are claimed dynamically, so a slow or busy worker only takes fewer of them.
   */
  public static final long MIN_PARALLEL = 1 << 16;

  /**
   * A dozing worker is woken only for work this large (element-equivalents): the unpark stalls the caller about
   * 120 µs on the 2-vCPU VM (see {@link GemmWorker}), worth it only for work of a millisecond or more on one core.
   */
  static final long WAKE = 1 << 22;

  private static volatile int threads = threadsFromProperty(System.getProperty("jgrad.gemm.threads"),
      Runtime.getRuntime().availableProcessors());

  private ParallelBlocks() {}

  /** A range of elements {@code [from, to)}. */
  @FunctionalInterface
  public interface Range {
    void run(int from, int to);
  }

  /** 1 when {@code jgrad.gemm.threads} is {@code 1} or there is one CPU, otherwise {@code cpus}. */
  static int threadsFromProperty(String property, int cpus) {
    return property != null && property.trim().equals("1") ? 1 : Math.max(1, cpus);
  }

  /** The threads that share large work (for tests and the kernel log line). */
  public static int threads() {
    return threads;
  }

  /**
   * Sets the thread count (1: everything on the caller) and returns the previous one; for tests, which check that
   * results do not depend on it.
   */
  public static int setThreads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("ParallelBlocks.setThreads: thread count must be at least 1, got " + n);
    }
    int old = threads;
    threads = n;
    return old;
  }

  /** The number of {@link #BLOCK}-element blocks covering {@code n} elements. */
  public static int blocks(int n) {
    return (int) ((n + (long) BLOCK - 1) / BLOCK);
  }

  /**
   * Runs {@code body.accept(b)} for every block index {@code b} in {@code [0, blocks)} and returns when all have
   * finished; blocks run on the caller and, when {@code work} (element-equivalents) is at least
   * {@link #MIN_PARALLEL} and more than one thread is allowed, on the worker too. The body must write disjoint
   * data per block.
   */
  public static void run(int blocks, long work, IntConsumer body) {
    if (blocks <= 1 || work < MIN_PARALLEL || threads == 1) {
      for (int b = 0; b < blocks; b++) {
        body.accept(b);
      }
      return;
    }
    GemmWorker.current().run(blocks, body, work >= WAKE);
  }

  /**
   * Runs {@code body} over {@code [0, n)} in {@link #BLOCK}-element ranges (see {@link #run}); {@code cost} is the
   * op's cost per element relative to an add (exp about 4, exact GELU about 12).
   */
  public static void forRange(int n, int cost, Range body) {
    long work = (long) n * cost;
    if (work < MIN_PARALLEL) {
      body.run(0, n);
      return;
    }
    run(blocks(n), work, b -> body.run(b * BLOCK, Math.min(n, (b + 1) * BLOCK)));
  }

  /**
   * Runs {@code body} over {@code [0, rows)} in ranges of whole rows, {@code max(1, BLOCK / cols)} rows each (see
   * {@link #run}); rows are independent, so each row's result does not depend on the split.
   */
  public static void forRows(int rows, int cols, int cost, Range body) {
    long work = (long) rows * cols * cost;
    int per = rowsPerBlock(cols);
    int blocks = rowBlocks(rows, cols);
    if (work < MIN_PARALLEL || blocks <= 1) {
      body.run(0, rows);
      return;
    }
    run(blocks, work, b -> body.run(b * per, (int) Math.min(rows, (long) (b + 1) * per)));
  }

  /** Rows per block of row-wise work: {@code max(1, BLOCK / cols)}. */
  public static int rowsPerBlock(int cols) {
    return Math.max(1, BLOCK / Math.max(1, cols));
  }

  /** The number of blocks of {@link #rowsPerBlock} rows covering {@code rows}. */
  public static int rowBlocks(int rows, int cols) {
    int per = rowsPerBlock(cols);
    return (int) ((rows + (long) per - 1) / per);
  }

  /**
   * {@code k.sum(x, off, n)} for large {@code n} in fixed blocks: each {@link #BLOCK} summed by the kernel, the
   * partial sums then added pairwise in block order, so the bits do not depend on the thread count (nor, below
   * {@link #MIN_PARALLEL}, differ from {@code k.sum}).
   */
  public static float sum(Kernels k, float[] x, int off, int n) {
    if (n < MIN_PARALLEL) {
      return k.sum(x, off, n);
    }
    int blocks = blocks(n);
    float[] partial = new float[blocks];
    run(blocks, n, b -> {
      int from = b * BLOCK;
      partial[b] = k.sum(x, off + from, Math.min(n, from + BLOCK) - from);
    });
    return pairwise(partial, 0, blocks);
  }

  private static float pairwise(float[] v, int from, int to) {
    if (to - from == 1) {
      return v[from];
    }
    int mid = (from + to) >>> 1;
    return pairwise(v, from, mid) + pairwise(v, mid, to);
  }
}
