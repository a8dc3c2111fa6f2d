package dev.jgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Map;

/**
 * Multiplies each group's rate by {@code factor} until epoch {@code totalIters}, then restores it: {@code lr =
 * base · (e < totalIters ? factor : 1)} (PyTorch's {@code ConstantLR}); a simple warm-up.
 *
 * <pre>{@code
 * LRScheduler warmup = new ConstantLR(opt, 0.1, 5);
 * }</pre>
 */
public class ConstantLR extends AbstractLRScheduler {
  private final double factor;
  private final int totalIters;

  /**
   * @throws IllegalArgumentException when {@code factor} is outside [0, 1]
   */
  public ConstantLR(Optimizer optimizer, double factor, int totalIters) {
    super(optimizer);
    checkArgument(factor >= 0 && factor <= 1,
        "ConstantLR: Constant multiplicative factor expected to be between 0 and 1, got %s", factor);
    this.factor = factor;
    this.totalIters = totalIters;
    start();
  }

  /** factor 1/3 and 5 iterations, PyTorch's defaults. */
  public ConstantLR(Optimizer optimizer) {
    this(optimizer, 1.0 / 3, 5);
  }

  @Override
  protected double[] computeLrs() {
    double scale = lastEpoch() == 0 ? factor : lastEpoch() == totalIters ? 1.0 / factor : 1.0;
    return scaled(groupLrs(), scale);
  }

  @Override
  protected double[] closedFormLrs() {
    return scaled(baseLrs(), factor + (lastEpoch() >= totalIters ? 1 : 0) * (1 - factor));
  }

  @Override
  protected void saveExtra(Map<String, Object> state) {
    state.put("factor", factor);
    state.put("total_iters", totalIters);
  }
}
