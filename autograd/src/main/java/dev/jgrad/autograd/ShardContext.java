package dev.jgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Which rows of a global batch the current thread is computing, for data-parallel training. A data-parallel runner
 * enters a context on each replica's thread around the forward and backward pass of its shard; random layers then
 * draw from a counter-based stream keyed by (seed, step, draw, global row index) instead of a shared sequential
 * generator, so a row's mask is the same whichever replica computes it, however many replicas there are, and
 * whatever the thread timing. Outside a context (ordinary training) nothing changes: random layers keep PyTorch's
 * stream.
 *
 * <pre>{@code
 * try (ShardContext shard = ShardContext.enter(seed, step, rowOffset, rows)) {
 *   Tensor loss = lossFn.forward(model.call(features), targets);   // Dropout masks rows rowOffset, rowOffset+1, ...
 * }
 * }</pre>
 *
 * <p>{@code step} separates the batches of a run (the runner passes a counter of global batches); draw {@code d}
 * is the d-th random draw of this shard's forward pass (the d-th dropout call), so two Dropout layers get
 * independent masks. Inside a context, {@link Generator#global()} refuses to serve: its draws would interleave
 * between replicas in thread-timing order.
 */
public final class ShardContext implements AutoCloseable {
  private static final ThreadLocal<ShardContext> CURRENT = new ThreadLocal<>();

  private final long seed;
  private final long step;
  private final long rowOffset;
  private final int rows;
  private final ShardContext previous;
  private int draws;
  private boolean closed;

  private ShardContext(long seed, long step, long rowOffset, int rows, ShardContext previous) {
    this.seed = seed;
    this.step = step;
    this.rowOffset = rowOffset;
    this.rows = rows;
    this.previous = previous;
  }

  /**
   * Enters a shard context on the current thread until {@link #close()}.
   *
   * @param seed the run's seed
   * @param step the global batch this shard belongs to
   * @param rowOffset the global index of the shard's first row
   * @param rows the shard's row count (the leading dimension of its inputs)
   * @throws IllegalArgumentException for a negative row offset or row count
   */
  public static ShardContext enter(long seed, long step, long rowOffset, int rows) {
    checkArgument(rowOffset >= 0 && rows >= 0, "ShardContext.enter: rowOffset and rows must be non-negative, got %s "
        + "and %s", rowOffset, rows);
    ShardContext context = new ShardContext(seed, step, rowOffset, rows, CURRENT.get());
    CURRENT.set(context);
    return context;
  }

  /** The context of the current thread, or null outside data-parallel training. */
  public static ShardContext current() {
    return CURRENT.get();
  }

  public long seed() {
    return seed;
  }

  public long step() {
    return step;
  }

  /** The global index of the shard's first row. */
  public long rowOffset() {
    return rowOffset;
  }

  /** The shard's row count. */
  public int rows() {
    return rows;
  }

  /** The index of the next random draw of this shard's forward pass (0, 1, ...), and counts it. */
  public int nextDraw() {
    return draws++;
  }

  /**
   * The key of the stream of global row {@code row} for draw {@code draw}: every value of the row is then
   * {@link #uniform(long, long) uniform(key, i)} for its index i within the row.
   */
  public long rowKey(int draw, long row) {
    return mix(mix(mix(mix(seed) ^ step) ^ draw) ^ row);
  }

  /**
   * Value {@code index} of the stream {@code key}: a float uniform in [0, 1) with 24 random bits, a pure function
   * of its arguments (SplitMix64's finaliser over the counter).
   */
  public static float uniform(long key, long index) {
    return (mix(key + (index + 1) * 0x9E3779B97F4A7C15L) >>> 40) * 0x1.0p-24f;
  }

  /** SplitMix64's output function: a bijective avalanche of 64 bits. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Leaves the context (restoring an enclosing one, if any); call on the thread that entered it. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }
}
