package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Sigmoid + binary cross entropy in one numerically stable step, PyTorch's {@code nn.BCEWithLogitsLoss}; logits of
 * ±100 give finite losses. {@code posWeight} (broadcast over the last dim, one per class) scales only the positive
 * term: with 300 negatives and 100 positives of a class, a weight of 3 balances them.
 *
 * <pre>{@code
 * Loss loss = new BCEWithLogitsLoss().withPosWeight(Tensor.of(3f));
 * loss.forward(scores, labels);   // labels: float32 of the scores' shape
 * }</pre>
 */
public class BCEWithLogitsLoss extends Loss {
  private final Tensor weight;
  private final Tensor posWeight;

  public BCEWithLogitsLoss() {
    this(null, null, Reduction.MEAN);
  }

  public BCEWithLogitsLoss(Reduction reduction) {
    this(null, null, reduction);
  }

  /**
   * @param weight per-element weights broadcastable to the input, or null
   * @param posWeight weights of the positive term, broadcastable to the input (usually [C]), or null
   */
  public BCEWithLogitsLoss(Tensor weight, Tensor posWeight, Reduction reduction) {
    super(reduction);
    this.weight = weight == null ? null : weight.detach();
    this.posWeight = posWeight == null ? null : posWeight.detach();
  }

  public BCEWithLogitsLoss withWeight(Tensor weight) {
    return new BCEWithLogitsLoss(weight, posWeight, reduction());
  }

  public BCEWithLogitsLoss withPosWeight(Tensor posWeight) {
    return new BCEWithLogitsLoss(weight, posWeight, reduction());
  }

  public BCEWithLogitsLoss withReduction(Reduction reduction) {
    return new BCEWithLogitsLoss(weight, posWeight, reduction);
  }

  public Tensor weight() {
    return weight;
  }

  public Tensor posWeight() {
    return posWeight;
  }

  /** @throws IllegalArgumentException if the target's shape differs from the input's */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Losses.binaryCrossEntropyWithLogits(input, target, weight, posWeight, reduction());
  }
}
