package dev.jgrad.optim;

import java.util.List;
import java.util.Map;

/**
 * A learning-rate schedule over an {@link Optimizer}'s param groups (PyTorch's {@code torch.optim.lr_scheduler}).
 * Construction applies the rate for epoch 0; each {@link #step()} moves to the next epoch (or batch, for
 * per-batch schedules such as {@link OneCycleLR}) and writes the new rate into every group.
 *
 * <pre>{@code
 * Optimizer opt = new SGD(params, SGD.Options.defaults().withLr(0.1).withMomentum(0.9));
 * LRScheduler sched = new CosineAnnealingLR(opt, 50);
 * for (int epoch = 0; epoch < 50; epoch++) {
 *   trainOneEpoch(opt);     // ... opt.step() ...
 *   sched.step();           // after optimizer.step(), as in PyTorch 1.1+; the reverse order logs a warning
 * }
 * }</pre>
 *
 * <p>Metric-driven schedules implement {@link MetricLRScheduler} and are stepped with the monitored value.
 */
public interface LRScheduler {
  /** Advances one epoch (or batch) and sets each group's learning rate. */
  void step();

  /** The learning rate of group 0 after the last step (PyTorch's {@code get_last_lr()[0]}). */
  default double lastLr() {
    return lastLrs().get(0);
  }

  /** The learning rate of every group after the last step (PyTorch's {@code get_last_lr()}). */
  List<Double> lastLrs();

  /**
   * The optimizer whose rates this scheduler sets; the built-in schedulers all return it ({@link ChainedScheduler}
   * and {@link SequentialLR} use it to check that their schedules share one optimizer).
   *
   * @throws UnsupportedOperationException by default, for implementations that do not expose it
   */
  default Optimizer optimizer() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not expose its optimizer");
  }

  /**
   * The scheduler's progress under PyTorch's keys ({@code last_epoch}, {@code base_lrs}, {@code _last_lr}, ...),
   * with {@code Integer}, {@code Double}, {@code Boolean}, {@code String} and {@code List} values.
   */
  Map<String, Object> stateDict();

  /**
   * Restores progress saved by {@link #stateDict()} of a scheduler built the same way; numbers may also be given
   * as strings (e.g. read back from checkpoint metadata). Hyperparameters come from the constructor.
   *
   * @throws IllegalArgumentException naming a missing or unreadable key
   */
  void loadStateDict(Map<String, Object> state);
}
