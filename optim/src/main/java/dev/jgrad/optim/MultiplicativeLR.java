package dev.jgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Collections;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * Multiplies each group's current rate by a function of the epoch at every step: {@code lr_e = lr_{e−1} · f(e)}
 * (PyTorch's {@code MultiplicativeLR}). Unlike {@link LambdaLR}, whose function gives the whole factor from the
 * base rate, this one gives one step's factor, so it composes with other schedules. The functions are not part of
 * the state dict.
 *
 * <pre>{@code
 * LRScheduler sched = new MultiplicativeLR(opt, epoch -> 0.95);
 * }</pre>
 */
public class MultiplicativeLR extends AbstractLRScheduler {
  private final List<IntToDoubleFunction> factors;

  /** One function for every group. */
  public MultiplicativeLR(Optimizer optimizer, IntToDoubleFunction factor) {
    this(optimizer, Collections.nCopies(optimizer.paramGroups().size(), factor));
  }

  /**
   * One function per group.
   *
   * @throws IllegalArgumentException when the count differs from the number of groups
   */
  public MultiplicativeLR(Optimizer optimizer, List<IntToDoubleFunction> factors) {
    super(validated(optimizer, factors));
    this.factors = List.copyOf(factors);
    start();
  }

  private static Optimizer validated(Optimizer optimizer, List<IntToDoubleFunction> factors) {
    int groups = optimizer.paramGroups().size();
    checkArgument(factors.size() == groups, "MultiplicativeLR: Expected %s lr_lambdas, but got %s", groups,
        factors.size());
    return optimizer;
  }

  @Override
  protected double[] computeLrs() {
    double[] lrs = groupLrs();
    if (lastEpoch() > 0) {
      for (int i = 0; i < lrs.length; i++) {
        lrs[i] *= factors.get(i).applyAsDouble(lastEpoch());
      }
    }
    return lrs;
  }
}
