package dev.jgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Map;

/**
 * Scales each group's rate by a factor that moves linearly from {@code startFactor} to {@code endFactor} over
 * {@code totalIters} epochs, then stays: {@code lr = base · (s + (e_f − s) · min(e, T) / T)} (PyTorch's {@code
 * LinearLR}); the usual linear warm-up. Defaults 1/3 → 1 over 5 epochs: 0.0333, 0.0467, 0.06, 0.0733, 0.0867, 0.1
 * for base 0.1.
 *
 * <pre>{@code
 * LRScheduler warmup = new LinearLR(opt, 0.1, 1.0, 10);
 * }</pre>
 */
public class LinearLR extends AbstractLRScheduler {
  private final double startFactor;
  private final double endFactor;
  private final int totalIters;

  /**
   * @throws IllegalArgumentException when {@code startFactor} is not in (0, 1] or {@code endFactor} not in [0, 1]
   */
  public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
    super(optimizer);
    checkArgument(startFactor > 0 && startFactor <= 1,
        "LinearLR: Starting multiplicative factor expected to be greater than 0 and less or equal to 1, got %s",
        startFactor);
    checkArgument(endFactor >= 0 && endFactor <= 1,
        "LinearLR: Ending multiplicative factor expected to be between 0 and 1, got %s", endFactor);
    checkArgument(totalIters >= 1, "LinearLR: totalIters must be at least 1, got %s", totalIters);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    start();
  }

  /** 1/3 → 1 over 5 epochs, PyTorch's defaults. */
  public LinearLR(Optimizer optimizer) {
    this(optimizer, 1.0 / 3, 1.0, 5);
  }

  @Override
  protected double[] computeLrs() {
    double[] lrs = groupLrs();
    int e = lastEpoch();
    if (e > totalIters) {
      return lrs;
    }
    double scale = e == 0 ? startFactor
        : 1. + (endFactor - startFactor) / (totalIters * startFactor + (e - 1) * (endFactor - startFactor));
    return scaled(lrs, scale);
  }

  @Override
  protected double[] closedFormLrs() {
    double factor = startFactor + (endFactor - startFactor) * Math.min(totalIters, lastEpoch()) / totalIters;
    return scaled(baseLrs(), factor);
  }

  @Override
  protected void saveExtra(Map<String, Object> state) {
    state.put("start_factor", startFactor);
    state.put("end_factor", endFactor);
    state.put("total_iters", totalIters);
  }
}
