package dev.jgrad.optim;

/**
 * A schedule driven by a monitored value, such as {@link ReduceLROnPlateau}: step it with the metric, usually the
 * validation loss after each epoch. The plain {@link #step()} is not available and throws.
 *
 * <pre>{@code
 * MetricLRScheduler plateau = new ReduceLROnPlateau(opt);
 * plateau.step(validationLoss);
 * }</pre>
 */
public interface MetricLRScheduler extends LRScheduler {
  /** Records one epoch's metric and lowers the rate when it has stopped improving. */
  void step(double metric);

  /**
   * Not available for metric-driven schedules.
   *
   * @throws UnsupportedOperationException always: call {@link #step(double)}
   */
  @Override
  default void step() {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + ".step: a metric is required; call step(metric) with the monitored value "
            + "(e.g. the validation loss)");
  }
}
