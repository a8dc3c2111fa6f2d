package dev.jgrad.nn;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.util.List;

/**
 * w = g·v/‖v‖ from the magnitude g ({@code original0}) and the direction v ({@code original1}), PyTorch's
 * {@code _WeightNorm} parametrisation (registered by {@link Parametrizations#weightNorm}). The norm is taken over
 * every dim but {@code dim}, or over the whole tensor for dim −1. Composed from Tensor ops, so the values and
 * gradients are PyTorch's, while the weight's grad_fn is the product's ({@code MulBackward0}; PyTorch's fused CPU
 * kernel names its node {@code WeightNormInterfaceBackward0}).
 */
public final class WeightNorm extends Parametrization {
  private final int dim;

  WeightNorm(int dim) {
    this.dim = dim;
  }

  public int dim() {
    return dim;
  }

  /** {@code [g, v]}: the norm of {@code weight} except over {@code dim}, and the weight itself. */
  @Override
  public List<Tensor> rightInverse(Tensor weight) {
    try (Autograd.Scope s = Autograd.noGrad()) {
      return List.of(Parametrizations.normExceptDim(weight, dim), weight);
    }
  }

  @Override
  public Tensor apply(List<Tensor> originals) {
    Tensor g = originals.get(0);
    Tensor v = originals.get(1);
    return v.mul(g.div(Parametrizations.normExceptDim(v, dim)));
  }

  @Override
  protected String typeName() {
    return "_WeightNorm";
  }
}
