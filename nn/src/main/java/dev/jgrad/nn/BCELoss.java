package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Binary cross entropy on probabilities, PyTorch's {@code nn.BCELoss}: −w·[y·log x + (1−y)·log(1−x)] with each log
 * clamped at −100, so x = 0 with y = 1 costs 100, not infinity. Prefer {@link BCEWithLogitsLoss} on raw scores.
 *
 * <pre>{@code
 * new BCELoss().forward(model.forward(x).sigmoid(), labels);   // labels: float32 0/1 of the input's shape
 * }</pre>
 */
public class BCELoss extends Loss {
  private final Tensor weight;

  public BCELoss() {
    this(null, Reduction.MEAN);
  }

  public BCELoss(Reduction reduction) {
    this(null, reduction);
  }

  /** @param weight per-element weights broadcastable to the input, or null */
  public BCELoss(Tensor weight, Reduction reduction) {
    super(reduction);
    this.weight = weight == null ? null : weight.detach();
  }

  public BCELoss withWeight(Tensor weight) {
    return new BCELoss(weight, reduction());
  }

  public BCELoss withReduction(Reduction reduction) {
    return new BCELoss(weight, reduction);
  }

  public Tensor weight() {
    return weight;
  }

  /**
   * @throws IllegalArgumentException if the shapes differ or an input element is outside [0, 1] ({@code all elements
   *     of input should be between 0 and 1})
   */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Losses.binaryCrossEntropy(input, target, weight, reduction());
  }
}
