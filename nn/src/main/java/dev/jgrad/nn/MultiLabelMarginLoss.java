package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Multi-class multi-label hinge loss, PyTorch's {@code nn.MultiLabelMarginLoss} (grad_fn
 * {@code MultilabelMarginLossBackward0}): per sample Σ_{j target} Σ_{i not target} max(0, 1 − (x_j − x_i)) / C.
 * The target is int64 of the input's shape ([N, C] or [C]) holding each sample's class indices first, ended by −1:
 * {@code [3, 0, -1, 1]} means classes 3 and 0.
 */
public class MultiLabelMarginLoss extends Loss {
  public MultiLabelMarginLoss() {
    this(Reduction.MEAN);
  }

  public MultiLabelMarginLoss(Reduction reduction) {
    super(reduction);
  }

  /**
   * @throws IllegalArgumentException {@code inconsistent size} for a target of another shape, {@code is out of range}
   *     for an index outside [−1, C)
   */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return MarginLosses.multilabelMargin(input, target, reduction());
  }
}
