package dev.jgrad.optim;

/**
 * Options whose momentum-like term is a plain {@code momentum} factor ({@link SGD.Options},
 * {@link RMSprop.Options}): the one {@link OneCycleLR} cycles, as PyTorch does when the defaults have no
 * {@code betas} (Adam's family cycles beta1 instead, see {@link AdamHyperparameters}).
 *
 * @param <O> the implementing record
 */
interface MomentumFactorOptions<O extends MomentumFactorOptions<O>> extends ParamGroup.MomentumOptions {
  /** The momentum factor, ≥ 0. */
  double momentum();

  /** A copy with another momentum factor (not validated until used). */
  O withMomentum(double momentum);

  /** The {@code momentum} factor, which {@link OneCycleLR} cycles. */
  @Override
  default double cycledMomentum() {
    return momentum();
  }

  /** A copy with another {@code momentum} factor. */
  @Override
  default O withCycledMomentum(double momentum) {
    return withMomentum(momentum);
  }
}
