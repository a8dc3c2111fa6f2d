package dev.jgrad.optim;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * What the options of Adamax, NAdam, RAdam and SparseAdam share: a learning rate, {@code betas} and {@code eps},
 * checked in PyTorch's order and words and keyed as PyTorch's {@code param_groups} ({@link Adam.Options} and
 * {@link AdamW.Options} share theirs through {@link AdamHyperparameters}). For the three whose beta1 a scheduler may
 * cycle, {@link CycledBeta1} answers it once.
 */
final class BetasOptions {
  private BetasOptions() {}

  /**
   * PyTorch's checks, in its order: {@code <owner>: Invalid learning rate: -1.0}, {@code Invalid epsilon value},
   * {@code Invalid beta parameter at index 0} (or 1).
   *
   * @param strict lr and eps must be positive (SparseAdam), not only non-negative
   */
  static void validate(String owner, double lr, double beta1, double beta2, double eps, boolean strict) {
    OptionValues.require(strict ? lr > 0 : lr >= 0, owner, "learning rate", lr);
    OptionValues.require(strict ? eps > 0 : eps >= 0, owner, "epsilon value", eps);
    OptionValues.require(beta1 >= 0 && beta1 < 1, owner, "beta parameter at index 0", beta1);
    OptionValues.require(beta2 >= 0 && beta2 < 1, owner, "beta parameter at index 1", beta2);
  }

  /** {@link #validate} (not strict), then {@code Invalid weight_decay value}. */
  static void validate(String owner, double lr, double beta1, double beta2, double eps, double weightDecay) {
    validate(owner, lr, beta1, beta2, eps, false);
    OptionValues.require(weightDecay >= 0, owner, "weight_decay value", weightDecay);
  }

  /** {@code lr}, {@code betas}, {@code eps} and, unless NaN, {@code weight_decay}, in PyTorch's key order. */
  static LinkedHashMap<String, Object> toMap(double lr, double beta1, double beta2, double eps, double weightDecay) {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    m.put("lr", lr);
    m.put("betas", List.of(beta1, beta2));
    m.put("eps", eps);
    if (!Double.isNaN(weightDecay)) {
      m.put("weight_decay", weightDecay);
    }
    return m;
  }

  /**
   * beta1 as the momentum that {@link OneCycleLR} cycles (PyTorch cycles beta1 of every optimizer with
   * {@code betas}).
   *
   * @param <O> the implementing record
   */
  sealed interface CycledBeta1<O extends ParamGroup.Options> extends ParamGroup.MomentumOptions
      permits Adamax.Options, NAdam.Options, RAdam.Options {
    double beta1();

    double beta2();

    O withBetas(double beta1, double beta2);

    @Override
    default double cycledMomentum() {
      return beta1();
    }

    @Override
    default O withCycledMomentum(double momentum) {
      return withBetas(momentum, beta2());
    }
  }
}
