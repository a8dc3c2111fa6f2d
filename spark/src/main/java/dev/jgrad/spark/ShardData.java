package dev.jgrad.spark;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.Batch;
import java.io.Serializable;
import java.util.Iterator;
import scala.Tuple2;

/**
 * One partition's rows for one epoch: its shard of every batch of the epoch, as the feature matrix and targets of
 * each step, in batch order. One object per cached partition, so a step's task finds its rows without a scan.
 */
final class ShardData implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int shard;
  private final int featureWidth;
  private final int targetWidth;
  /** Per step: the shard's features, row-major {@code [rows, featureWidth]}, and targets {@code [rows, targetWidth]}. */
  private final float[][] features;
  private final float[][] targets;
  /** Per step: the place in its batch of the shard's first row. */
  private final int[] shardStart;

  private ShardData(int shard, int featureWidth, int targetWidth, float[][] features, float[][] targets,
      int[] shardStart) {
    this.shard = shard;
    this.featureWidth = featureWidth;
    this.targetWidth = targetWidth;
    this.features = features;
    this.targets = targets;
    this.shardStart = shardStart;
  }

  /**
   * Gathers partition {@code shard}'s rows, which arrive sorted by position.
   *
   * @throws IllegalArgumentException when rows differ in feature or target width
   */
  static ShardData gather(int shard, ShardLayout layout, int batchSize, Iterator<Tuple2<Long, Example>> rows) {
    int steps = layout.batches();
    float[][] x = new float[steps][];
    float[][] y = new float[steps][];
    int[] first = new int[steps];
    int featureWidth = -1;
    int targetWidth = -1;
    for (int s = 0; s < steps; s++) {
      first[s] = layout.shardStart(s, shard);
    }
    int step = -1;
    int row = 0;
    while (rows.hasNext()) {
      Tuple2<Long, Example> next = rows.next();
      Example e = next._2();
      if (featureWidth < 0) {
        featureWidth = e.features().length;
        targetWidth = e.target().length;
      }
      checkArgument(e.features().length == featureWidth && e.target().length == targetWidth,
          "SparkTrainer: every row needs the same widths; a row has %s features and %s targets, another %s and %s",
          e.features().length, e.target().length, featureWidth, targetWidth);
      int s = (int) (next._1() / batchSize);
      if (s != step) {
        step = s;
        row = 0;
        int n = layout.shardRows(s, shard);
        x[s] = new float[n * featureWidth];
        y[s] = new float[n * targetWidth];
      }
      System.arraycopy(e.features(), 0, x[s], row * featureWidth, featureWidth);
      System.arraycopy(e.target(), 0, y[s], row * targetWidth, targetWidth);
      row++;
    }
    for (int s = 0; s < steps; s++) {
      if (x[s] == null) {
        x[s] = new float[0];
        y[s] = new float[0];
      }
    }
    return new ShardData(shard, Math.max(featureWidth, 0), Math.max(targetWidth, 0), x, y, first);
  }

  int shard() {
    return shard;
  }

  /** Rows of this shard in batch {@code step}. */
  int rows(int step) {
    return featureWidth == 0 ? 0 : features[step].length / featureWidth;
  }

  /** The place in batch {@code step} of this shard's first row (the row offset random layers key on). */
  int shardStart(int step) {
    return shardStart[step];
  }

  /**
   * This shard of batch {@code step} as the batch a {@code DataLoader} over a {@code TensorDataset} would give:
   * features {@code [rows, F]}, targets int64 {@code [rows]} or float {@code [rows, w]}.
   */
  Batch batch(int step, Targets kind) {
    int n = rows(step);
    Tensor x = Tensor.of(features[step], n, featureWidth);
    Tensor y = kind == Targets.CLASS_INDICES
        ? Tensor.of(targets[step], n).to(DType.INT64)
        : Tensor.of(targets[step], n, targetWidth);
    return new Batch(x, y);
  }
}
