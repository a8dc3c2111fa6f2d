package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.autograd.Tensor;

/**
 * PyTorch's {@code nn.CosineEmbeddingLoss}: 1 − cos(x₁, x₂) where y = 1 and max(0, cos(x₁, x₂) − margin) where
 * y = −1, cosines taken over the last dim. Inputs [N, D] with targets [N], or [D] with a 0-dim target. It takes three
 * tensors, so it is not a two-argument {@link Loss}.
 *
 * <pre>{@code
 * new CosineEmbeddingLoss(0.5).forward(a, b, Tensor.of(1f, -1f, 1f));
 * }</pre>
 */
public class CosineEmbeddingLoss {
  private final double margin;
  private final Reduction reduction;

  public CosineEmbeddingLoss() {
    this(0.0, Reduction.MEAN);
  }

  /** @param margin in [−1, 1]; 0 to 0.5 is typical */
  public CosineEmbeddingLoss(double margin) {
    this(margin, Reduction.MEAN);
  }

  public CosineEmbeddingLoss(double margin, Reduction reduction) {
    this.margin = margin;
    this.reduction = checkNotNull(reduction, "CosineEmbeddingLoss: reduction must not be null");
  }

  /**
   * @throws IllegalArgumentException {@code 0D or 1D target tensor expected}, {@code 1D target tensor expects 2D input
   *     tensors}, or PyTorch's broadcasting message for mismatched shapes
   */
  public Tensor forward(Tensor input1, Tensor input2, Tensor target) {
    return MarginLosses.cosineEmbedding(input1, input2, target, margin, reduction);
  }

  public double margin() {
    return margin;
  }

  public Reduction reduction() {
    return reduction;
  }

  /** PyTorch's repr: {@code CosineEmbeddingLoss()}. */
  @Override
  public String toString() {
    return "CosineEmbeddingLoss()";
  }
}
