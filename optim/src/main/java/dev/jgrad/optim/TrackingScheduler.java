package dev.jgrad.optim;

import java.util.List;

/**
 * What the schedulers that do not extend {@link AbstractLRScheduler} share ({@link ChainedScheduler},
 * {@link SequentialLR}, {@link ReduceLROnPlateau}): the optimizer whose rates they set and the rates after their
 * last step, PyTorch's {@code _last_lr}.
 */
abstract class TrackingScheduler implements LRScheduler {
  private final Optimizer optimizer;
  private List<Double> lastLrs;

  /** {@code optimizer} is not checked here: each scheduler rejects a bad one with its own message first. */
  TrackingScheduler(Optimizer optimizer) {
    this.optimizer = optimizer;
  }

  /** Takes the groups' current rates as the last rates. */
  final void recordLrs() {
    lastLrs = AbstractLRScheduler.currentLrs(optimizer);
  }

  /** Takes {@code lrs} (unmodifiable) as the last rates. */
  final void recordLrs(List<Double> lrs) {
    lastLrs = lrs;
  }

  @Override
  public List<Double> lastLrs() {
    return lastLrs;
  }

  @Override
  public Optimizer optimizer() {
    return optimizer;
  }
}
