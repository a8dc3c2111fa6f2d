package dev.jgrad.optim;

import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * Sets each group's rate to its base rate times a function of the epoch: {@code lr = base · f(e)} (PyTorch's
 * {@code LambdaLR}). The functions are not part of the state dict.
 *
 * <pre>{@code
 * LRScheduler sched = new LambdaLR(opt, epoch -> Math.pow(0.95, epoch));
 * }</pre>
 */
public class LambdaLR extends AbstractLRScheduler {
  private final List<IntToDoubleFunction> lambdas;

  /** One function for every group. */
  public LambdaLR(Optimizer optimizer, IntToDoubleFunction lambda) {
    this(optimizer, java.util.Collections.nCopies(optimizer.paramGroups().size(), lambda));
  }

  /**
   * One function per group.
   *
   * @throws IllegalArgumentException when the count differs from the number of groups
   */
  public LambdaLR(Optimizer optimizer, List<IntToDoubleFunction> lambdas) {
    super(optimizer);
    if (lambdas.size() != optimizer.paramGroups().size()) {
      throw new IllegalArgumentException(
          "LambdaLR: Expected " + optimizer.paramGroups().size() + " lr_lambdas, but got " + lambdas.size());
    }
    this.lambdas = List.copyOf(lambdas);
    start();
  }

  @Override
  protected double[] computeLrs() {
    double[] lrs = baseLrs();
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] *= lambdas.get(i).applyAsDouble(lastEpoch());
    }
    return lrs;
  }
}
