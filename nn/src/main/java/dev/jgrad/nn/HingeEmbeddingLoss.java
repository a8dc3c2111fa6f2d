package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * PyTorch's {@code nn.HingeEmbeddingLoss}: x where y = 1 and max(0, margin − x) where y = −1, for x usually a
 * distance between two embeddings.
 */
public class HingeEmbeddingLoss extends Loss {
  private final double margin;

  public HingeEmbeddingLoss() {
    this(1.0, Reduction.MEAN);
  }

  public HingeEmbeddingLoss(double margin) {
    this(margin, Reduction.MEAN);
  }

  public HingeEmbeddingLoss(double margin, Reduction reduction) {
    super(reduction);
    this.margin = margin;
  }

  public double margin() {
    return margin;
  }

  /** @throws IllegalArgumentException for shapes that do not broadcast */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return MarginLosses.hingeEmbedding(input, target, margin, reduction());
  }
}
