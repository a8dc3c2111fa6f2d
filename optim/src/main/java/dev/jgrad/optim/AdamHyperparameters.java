package dev.jgrad.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link Adam.Options} and {@link AdamW.Options} share: the same seven hyperparameters, withers, PyTorch's
 * checks and keys. The two records stay separate public types (their defaults differ: AdamW's weight decay is
 * 1e-2, and decay means L2 for one, decoupled for the other), but their behaviour is written once here, as PyTorch
 * 2 writes {@code class AdamW(Adam)}.
 *
 * <p>Sealed to the two records, so {@link #copy} can build the caller's own type.
 *
 * @param <O> the implementing record
 */
sealed interface AdamHyperparameters<O extends AdamHyperparameters<O>> extends ParamGroup.MomentumOptions
    permits Adam.Options, AdamW.Options {
  Set<String> KEYS = Set.of("lr", "betas", "eps", "weight_decay", "amsgrad", "maximize");

  /** Decay of the first moment, in [0, 1). */
  double beta1();

  /** Decay of the second moment, in [0, 1). */
  double beta2();

  /** Added to the denominator after the bias-corrected square root, ≥ 0. */
  double eps();

  /** L2 penalty (Adam) or decoupled decay coefficient (AdamW), ≥ 0. */
  double weightDecay();

  /** Use the running maximum of the second moment. */
  boolean amsgrad();

  /** Ascend instead of descend. */
  boolean maximize();

  /** {@code exp_avg} and {@code exp_avg_sq}, and {@code max_exp_avg_sq} with amsgrad. */
  @Override
  default int stateBuffers() {
    return amsgrad() ? 3 : 2;
  }

  @Override
  default O withLr(double lr) {
    return copy(lr, beta1(), beta2(), eps(), weightDecay(), amsgrad(), maximize());
  }

  default O withBetas(double beta1, double beta2) {
    return copy(lr(), beta1, beta2, eps(), weightDecay(), amsgrad(), maximize());
  }

  default O withEps(double eps) {
    return copy(lr(), beta1(), beta2(), eps, weightDecay(), amsgrad(), maximize());
  }

  default O withWeightDecay(double weightDecay) {
    return copy(lr(), beta1(), beta2(), eps(), weightDecay, amsgrad(), maximize());
  }

  default O withAmsgrad(boolean amsgrad) {
    return copy(lr(), beta1(), beta2(), eps(), weightDecay(), amsgrad, maximize());
  }

  default O withMaximize(boolean maximize) {
    return copy(lr(), beta1(), beta2(), eps(), weightDecay(), amsgrad(), maximize);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException in PyTorch's order and words: {@code Adam: Invalid learning rate: -0.1},
   *     {@code Invalid epsilon value}, {@code Invalid beta parameter at index 0: 1.0} (or index 1), {@code Invalid
   *     weight_decay value}; prefixed {@code AdamW:} for AdamW
   */
  @Override
  default void validate() {
    String owner = optimizerName();
    OptionValues.require(lr() >= 0, owner, "learning rate", lr());
    OptionValues.require(eps() >= 0, owner, "epsilon value", eps());
    OptionValues.require(beta1() >= 0 && beta1() < 1, owner, "beta parameter at index 0", beta1());
    OptionValues.require(beta2() >= 0 && beta2() < 1, owner, "beta parameter at index 1", beta2());
    OptionValues.require(weightDecay() >= 0, owner, "weight_decay value", weightDecay());
  }

  @Override
  default LinkedHashMap<String, Object> toMap() {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    m.put("lr", lr());
    m.put("betas", List.of(beta1(), beta2()));
    m.put("eps", eps());
    m.put("weight_decay", weightDecay());
    m.put("amsgrad", amsgrad());
    m.put("maximize", maximize());
    return m;
  }

  /** beta1, which {@link OneCycleLR} cycles like a momentum. */
  @Override
  default double cycledMomentum() {
    return beta1();
  }

  @Override
  default O withCycledMomentum(double momentum) {
    return withBetas(momentum, beta2());
  }

  /**
   * Options of {@code defaults}' type from PyTorch-keyed values ({@code lr, betas, eps, weight_decay, amsgrad,
   * maximize}); missing keys take {@code defaults}' values.
   *
   * @throws IllegalArgumentException for an unknown key or a value of the wrong type
   */
  static <O extends AdamHyperparameters<O>> O fromMap(AdamHyperparameters<O> defaults, Map<String, ?> map) {
    OptionValues v = OptionValues.of(defaults.optimizerName() + ".Options.fromMap", map, KEYS);
    double[] betas = v.getPair("betas", defaults.beta1(), defaults.beta2());
    return defaults.copy(v.getDouble("lr", defaults.lr()), betas[0], betas[1], v.getDouble("eps", defaults.eps()),
        v.getDouble("weight_decay", defaults.weightDecay()), v.getBoolean("amsgrad", defaults.amsgrad()),
        v.getBoolean("maximize", defaults.maximize()));
  }

  /** {@code "Adam"} or {@code "AdamW"}, the prefix of messages. */
  private String optimizerName() {
    return this instanceof Adam.Options ? "Adam" : "AdamW";
  }

  /** A record of this one's type with the given values (unchecked: the sealed records implement their own O). */
  @SuppressWarnings("unchecked")
  private O copy(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
      boolean maximize) {
    AdamHyperparameters<?> copy = this instanceof Adam.Options
        ? new Adam.Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize)
        : new AdamW.Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    return (O) copy;
  }
}
