package dev.jgrad.optim;

import java.util.Map;

/**
 * Multiplies each group's rate by {@code gamma} every epoch: {@code lr = base · γ^e} (PyTorch's {@code
 * ExponentialLR}).
 *
 * <pre>{@code
 * LRScheduler sched = new ExponentialLR(opt, 0.95);
 * }</pre>
 */
public class ExponentialLR extends AbstractLRScheduler {
  private final double gamma;

  public ExponentialLR(Optimizer optimizer, double gamma) {
    super(optimizer);
    this.gamma = gamma;
    start();
  }

  @Override
  protected double[] computeLrs() {
    double[] lrs = groupLrs();
    return lastEpoch() == 0 ? lrs : scaled(lrs, gamma);
  }

  @Override
  protected double[] closedFormLrs() {
    return scaled(baseLrs(), StrictMath.pow(gamma, lastEpoch()));
  }

  @Override
  protected void saveExtra(Map<String, Object> state) {
    state.put("gamma", gamma);
  }
}
