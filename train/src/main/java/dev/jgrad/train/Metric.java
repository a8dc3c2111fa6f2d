package dev.jgrad.train;

import dev.jgrad.autograd.Tensor;

/**
 * A quantity accumulated over batches, such as accuracy or R². Implementations read only values ({@link
 * Tensor#toArray()}), so they never record a graph; the {@link Trainer} also hands them detached outputs under
 * {@code Autograd.noGrad()}.
 *
 * <p>Accumulating sums (not averaging per-batch averages) makes the result exact for unequal batch sizes.
 *
 * <pre>{@code
 * Metric acc = Metrics.accuracy();
 * acc.update(logits, labels);       // logits [N, C], labels int64 [N]
 * double a = acc.compute();         // fraction correct over every update since reset()
 * }</pre>
 *
 * @see Metrics for the built-in metrics
 */
public interface Metric {

  /** The column name in the history, without the {@code train_}/{@code val_} prefix: {@code "accuracy"}. */
  String name();

  /** Forgets every update. */
  void reset();

  /**
   * Adds one batch.
   *
   * @param output the model output for the batch (shape depends on the metric)
   * @param target the batch's targets
   * @throws IllegalArgumentException when the shapes do not fit the metric
   */
  void update(Tensor output, Tensor target);

  /** The metric over every update since {@link #reset()}; NaN before the first update. */
  double compute();

  /** A new instance with the same configuration and no updates (the Trainer keeps one for training, one for
   * validation). */
  Metric fresh();
}
