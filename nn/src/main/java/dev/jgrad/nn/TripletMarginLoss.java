package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.autograd.Tensor;

/**
 * PyTorch's {@code nn.TripletMarginLoss}: max(0, margin + d(a, p) − d(a, n)) with d(x₁, x₂) = ‖x₁ − x₂ + ε‖_p over
 * the last dim; {@code swap} takes the negative distance as min(d(a, n), d(p, n)). Anchor, positive and negative are
 * [N, D] (or [D]). It takes three tensors, so it is not a two-argument {@link Loss}.
 */
public class TripletMarginLoss {
  private final double margin;
  private final double p;
  private final double eps;
  private final boolean swap;
  private final Reduction reduction;

  public TripletMarginLoss() {
    this(1.0, 2.0, 1e-6, false, Reduction.MEAN);
  }

  public TripletMarginLoss(double margin) {
    this(margin, 2.0, 1e-6, false, Reduction.MEAN);
  }

  /** PyTorch's positional order: margin, p, eps, swap (size_average and reduce are deprecated), reduction. */
  public TripletMarginLoss(double margin, double p, double eps, boolean swap, Reduction reduction) {
    this.margin = margin;
    this.p = p;
    this.eps = eps;
    this.swap = swap;
    this.reduction = checkNotNull(reduction, "TripletMarginLoss: reduction must not be null");
  }

  /**
   * @throws IllegalArgumentException {@code All inputs should have same dimension}, or PyTorch's broadcasting message
   *     for mismatched shapes
   */
  public Tensor forward(Tensor anchor, Tensor positive, Tensor negative) {
    return MarginLosses.tripletMargin(anchor, positive, negative, margin, p, eps, swap, reduction);
  }

  public double margin() {
    return margin;
  }

  public double p() {
    return p;
  }

  public double eps() {
    return eps;
  }

  public boolean swap() {
    return swap;
  }

  public Reduction reduction() {
    return reduction;
  }

  /** PyTorch's repr: {@code TripletMarginLoss()}. */
  @Override
  public String toString() {
    return "TripletMarginLoss()";
  }
}
