package dev.jgrad.spark;

import dev.jgrad.train.parallel.ShardGradients;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.Partitioner;

/**
 * Where each place of an epoch's batches is computed: batch {@code s} (of {@code batchSize} rows, the last one
 * possibly fewer) is cut into W shards by the data-parallel shard bounds, and shard r of every batch lives in Spark
 * partition r. As a {@link Partitioner} it sends the row at a position to the partition that computes it.
 */
final class ShardLayout extends Partitioner implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int workers;
  private final int batchSize;
  private final int batches;
  private final int lastBatchSize;
  /** Shard bounds ({@code workers + 1} offsets into a batch) of a full batch and of the last one. */
  private final int[] fullBounds;
  private final int[] lastBounds;

  /**
   * @param positions the rows placed in the epoch's batches ({@code batches * batchSize}, less for a partial last)
   */
  ShardLayout(int workers, int batchSize, long positions) {
    this.workers = workers;
    this.batchSize = batchSize;
    this.batches = (int) ((positions + batchSize - 1) / batchSize);
    this.lastBatchSize = (int) (positions - (long) (batches - 1) * batchSize);
    this.fullBounds = bounds(batchSize, workers);
    this.lastBounds = bounds(lastBatchSize, workers);
  }

  private static int[] bounds(int rows, int workers) {
    int[] b = new int[workers + 1];
    for (int i = 0; i <= workers; i++) {
      b[i] = ShardGradients.shardStart(rows, workers, i);
    }
    return b;
  }

  int workers() {
    return workers;
  }

  int batches() {
    return batches;
  }

  /** Rows of batch {@code step}. */
  int batchRows(int step) {
    return step == batches - 1 ? lastBatchSize : batchSize;
  }

  /** The first place (within its batch) of shard {@code shard} of batch {@code step}. */
  int shardStart(int step, int shard) {
    return bounds(step)[shard];
  }

  /** The rows of shard {@code shard} of batch {@code step}. */
  int shardRows(int step, int shard) {
    int[] b = bounds(step);
    return b[shard + 1] - b[shard];
  }

  private int[] bounds(int step) {
    return step == batches - 1 ? lastBounds : fullBounds;
  }

  @Override
  public int numPartitions() {
    return workers;
  }

  /** The shard of the row at {@code key}, a {@code Long} position in the epoch. */
  @Override
  public int getPartition(Object key) {
    long position = (Long) key;
    int step = (int) (position / batchSize);
    int place = (int) (position % batchSize);
    int[] b = bounds(step);
    int shard = Arrays.binarySearch(b, place);
    // an exact hit may be the start of an empty shard: take the last shard starting there
    if (shard >= 0) {
      while (shard + 1 < workers && b[shard + 1] == place) {
        shard++;
      }
      return shard;
    }
    return -shard - 2;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ShardLayout l && l.workers == workers && l.batchSize == batchSize && l.batches == batches
        && l.lastBatchSize == lastBatchSize;
  }

  @Override
  public int hashCode() {
    return (workers * 31 + batchSize) * 31 + batches;
  }
}
