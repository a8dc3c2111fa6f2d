package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.autograd.Tensor;

/**
 * PyTorch's {@code nn.MarginRankingLoss}: max(0, −y·(x₁ − x₂) + margin), for y = 1 when x₁ should rank higher and
 * −1 when x₂ should. All three tensors have the same number of dims and broadcast; every one gets a gradient. It takes
 * three tensors, so it is not a two-argument {@link Loss}.
 */
public class MarginRankingLoss {
  private final double margin;
  private final Reduction reduction;

  public MarginRankingLoss() {
    this(0.0, Reduction.MEAN);
  }

  public MarginRankingLoss(double margin) {
    this(margin, Reduction.MEAN);
  }

  public MarginRankingLoss(double margin, Reduction reduction) {
    this.margin = margin;
    this.reduction = checkNotNull(reduction, "MarginRankingLoss: reduction must not be null");
  }

  /** @throws IllegalArgumentException {@code All input tensors should have same dimension} */
  public Tensor forward(Tensor input1, Tensor input2, Tensor target) {
    return MarginLosses.marginRanking(input1, input2, target, margin, reduction);
  }

  public double margin() {
    return margin;
  }

  public Reduction reduction() {
    return reduction;
  }

  /** PyTorch's repr: {@code MarginRankingLoss()}. */
  @Override
  public String toString() {
    return "MarginRankingLoss()";
  }
}
