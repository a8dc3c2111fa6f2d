package dev.jgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Map;

/**
 * Decays each group's rate to 0 over {@code totalIters} epochs along a polynomial: {@code lr = base · (1 −
 * min(e, totalIters) / totalIters)^power} (PyTorch's {@code PolynomialLR}); after {@code totalIters} the rate
 * stays where it is. With base 0.001, totalIters 4 and power 1: 0.001, 0.00075, 0.0005, 0.00025, 0, 0, ...
 *
 * <pre>{@code
 * LRScheduler sched = new PolynomialLR(opt, 100, 2.0);
 * }</pre>
 */
public class PolynomialLR extends AbstractLRScheduler {
  private final int totalIters;
  private final double power;

  /**
   * @throws IllegalArgumentException when {@code totalIters < 1}
   */
  public PolynomialLR(Optimizer optimizer, int totalIters, double power) {
    super(validated(optimizer, totalIters));
    this.totalIters = totalIters;
    this.power = power;
    start();
  }

  /** PyTorch's defaults: {@code totalIters} 5, {@code power} 1. */
  public PolynomialLR(Optimizer optimizer) {
    this(optimizer, 5, 1.0);
  }

  private static Optimizer validated(Optimizer optimizer, int totalIters) {
    // PyTorch divides by total_iters without a check (ZeroDivisionError at the first step); refuse it up front.
    checkArgument(totalIters >= 1, "PolynomialLR: total_iters must be at least 1, got %s", totalIters);
    return optimizer;
  }

  @Override
  protected double[] computeLrs() {
    double[] lrs = groupLrs();
    int e = lastEpoch();
    if (e == 0 || e > totalIters) {
      return lrs;
    }
    double decay = StrictMath.pow(
        (1.0 - (double) e / totalIters) / (1.0 - (double) (e - 1) / totalIters), power);
    return scaled(lrs, decay);
  }

  @Override
  protected double[] closedFormLrs() {
    double factor = StrictMath.pow(1.0 - (double) Math.min(totalIters, lastEpoch()) / totalIters, power);
    return scaled(baseLrs(), factor);
  }

  @Override
  protected void saveExtra(Map<String, Object> state) {
    state.put("total_iters", totalIters);
    state.put("power", power);
  }
}
