package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * Multi-class hinge loss, PyTorch's {@code nn.MultiMarginLoss} (grad_fn {@code MultiMarginLossBackward0}): per sample
 * Σ_{i≠y} w_y·max(0, margin − x_y + x_i)^p / C. Input [N, C] (or [C]), int64 class targets [N], optional class
 * {@code weight} [C].
 */
public class MultiMarginLoss extends Loss {
  private final int p;
  private final double margin;
  private final Tensor weight;

  public MultiMarginLoss() {
    this(1, 1.0, null, Reduction.MEAN);
  }

  /**
   * PyTorch's positional order: p, margin, weight (size_average and reduce are deprecated), reduction.
   *
   * @param p 1 or 2
   * @param weight class weights [C], or null
   * @throws IllegalArgumentException for another p or a weight that is not one-dimensional
   */
  public MultiMarginLoss(int p, double margin, Tensor weight, Reduction reduction) {
    super(reduction);
    checkArgument(p == 1 || p == 2, "MultiMarginLoss: only p == 1 and p == 2 supported, got p=%s", p);
    checkArgument(weight == null || weight.dim() == 1, "MultiMarginLoss: weight must be one-dimensional, got shape %s",
        weight == null ? null : Arrays.toString(weight.shape()));
    this.p = p;
    this.margin = margin;
    this.weight = weight == null ? null : weight.detach();
  }

  public int p() {
    return p;
  }

  public double margin() {
    return margin;
  }

  /** The class weights, or null. */
  public Tensor weight() {
    return weight;
  }

  /**
   * @throws IllegalArgumentException {@code inconsistent target size}, {@code target out of range}, {@code
   *     inconsistent weight size}
   */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return MarginLosses.multiMargin(input, target, p, margin, weight, reduction());
  }
}
