package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Two-class logistic loss log(1 + e^{−x·y}) for targets y = ±1, PyTorch's {@code nn.SoftMarginLoss}; grad_fn
 * {@code SoftMarginLossBackward0}. The target broadcasts to the input and gets no gradient. Computed as a softplus:
 * where x·y &lt; −88 PyTorch's value overflows to inf (and its gradient to NaN), jgrad's stays finite.
 */
public class SoftMarginLoss extends Loss {
  public SoftMarginLoss() {
    this(Reduction.MEAN);
  }

  public SoftMarginLoss(Reduction reduction) {
    super(reduction);
  }

  /**
   * @throws IllegalArgumentException for a target that does not broadcast to the input or that requires grad
   */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return MarginLosses.softMargin(input, target, reduction());
  }
}
