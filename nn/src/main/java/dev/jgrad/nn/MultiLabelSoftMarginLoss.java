package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * One-versus-all logistic loss for multi-label targets, PyTorch's {@code nn.MultiLabelSoftMarginLoss}: per sample the
 * mean over classes of −w_c·(y_c·log σ(x_c) + (1 − y_c)·log σ(−x_c)). Input [N, C] (or [C]), target of the same shape
 * with 0/1 entries, optional class {@code weight} [C].
 */
public class MultiLabelSoftMarginLoss extends Loss {
  private final Tensor weight;

  public MultiLabelSoftMarginLoss() {
    this(null, Reduction.MEAN);
  }

  public MultiLabelSoftMarginLoss(Reduction reduction) {
    this(null, reduction);
  }

  /** @param weight class weights broadcastable to the input (usually [C]), or null */
  public MultiLabelSoftMarginLoss(Tensor weight, Reduction reduction) {
    super(reduction);
    this.weight = weight == null ? null : weight.detach();
  }

  /** The class weights, or null. */
  public Tensor weight() {
    return weight;
  }

  /** @throws IllegalArgumentException for shapes that do not broadcast */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return MarginLosses.multilabelSoftMargin(input, target, weight, reduction());
  }
}
