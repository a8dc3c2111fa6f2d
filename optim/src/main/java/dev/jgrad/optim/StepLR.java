package dev.jgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Map;

/**
 * Multiplies each group's rate by {@code gamma} every {@code stepSize} epochs: {@code lr = base · γ^⌊e /
 * stepSize⌋} (PyTorch's {@code StepLR}). With base 0.1, stepSize 3, γ 0.1: 0.1, 0.1, 0.1, 0.01, 0.01, 0.01,
 * 0.001, ...
 *
 * <pre>{@code
 * LRScheduler sched = new StepLR(opt, 30, 0.1);
 * }</pre>
 */
public class StepLR extends AbstractLRScheduler {
  private final int stepSize;
  private final double gamma;

  /**
   * @throws IllegalArgumentException when {@code stepSize < 1}
   */
  public StepLR(Optimizer optimizer, int stepSize, double gamma) {
    super(optimizer);
    checkArgument(stepSize >= 1, "StepLR: stepSize must be at least 1, got %s", stepSize);
    this.stepSize = stepSize;
    this.gamma = gamma;
    start();
  }

  /** {@code gamma} 0.1, PyTorch's default. */
  public StepLR(Optimizer optimizer, int stepSize) {
    this(optimizer, stepSize, 0.1);
  }

  @Override
  protected double[] computeLrs() {
    double[] lrs = groupLrs();
    if (lastEpoch() == 0 || lastEpoch() % stepSize != 0) {
      return lrs;
    }
    return scaled(lrs, gamma);
  }

  @Override
  protected double[] closedFormLrs() {
    return scaled(baseLrs(), StrictMath.pow(gamma, Math.floorDiv(lastEpoch(), stepSize)));
  }

  @Override
  protected void saveExtra(Map<String, Object> state) {
    state.put("step_size", stepSize);
    state.put("gamma", gamma);
  }
}
