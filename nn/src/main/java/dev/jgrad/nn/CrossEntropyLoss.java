package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;

/**
 * Cross entropy on logits (log-softmax + negative log likelihood in one stable step), PyTorch's
 * {@code nn.CrossEntropyLoss}.
 *
 * <p>Input: logits of shape [N, C], [C] or [N, C, d1, ...]. Target: either int64 class indices of shape [N]
 * ([] or [N, d1, ...]), or float32 class probabilities of the input's shape. Options, as immutable withers: class
 * {@code weight} [C] (MEAN then is the weighted mean Σlₙ/Σw_{yₙ}), {@code ignoreIndex} (default −100; those rows
 * count neither in the sum nor the mean, so a batch of only ignored rows gives NaN), {@code labelSmoothing} ε (the
 * target becomes (1−ε)·onehot + ε/C).
 *
 * <pre>{@code
 * Loss loss = new CrossEntropyLoss().withLabelSmoothing(0.1);
 * Tensor l = loss.forward(logits, Tensor.ofLongs(1, 0, 3));
 * }</pre>
 */
public class CrossEntropyLoss extends Loss {
  private final Tensor weight;
  private final long ignoreIndex;
  private final double labelSmoothing;

  public CrossEntropyLoss() {
    this(null, -100, Reduction.MEAN, 0.0);
  }

  public CrossEntropyLoss(Reduction reduction) {
    this(null, -100, reduction, 0.0);
  }

  /**
   * @param weight class weights of shape [C], or null
   * @throws IllegalArgumentException if {@code labelSmoothing} is outside [0, 1]
   */
  public CrossEntropyLoss(Tensor weight, long ignoreIndex, Reduction reduction, double labelSmoothing) {
    super(reduction);
    checkArgument(labelSmoothing >= 0.0 && labelSmoothing <= 1.0,
        "CrossEntropyLoss: label_smoothing must be between 0.0 and 1.0. Got: %s", labelSmoothing);
    this.weight = weight == null ? null : weight.detach();
    this.ignoreIndex = ignoreIndex;
    this.labelSmoothing = labelSmoothing;
  }

  public CrossEntropyLoss withWeight(Tensor weight) {
    return new CrossEntropyLoss(weight, ignoreIndex, reduction(), labelSmoothing);
  }

  public CrossEntropyLoss withIgnoreIndex(long ignoreIndex) {
    return new CrossEntropyLoss(weight, ignoreIndex, reduction(), labelSmoothing);
  }

  public CrossEntropyLoss withReduction(Reduction reduction) {
    return new CrossEntropyLoss(weight, ignoreIndex, reduction, labelSmoothing);
  }

  public CrossEntropyLoss withLabelSmoothing(double labelSmoothing) {
    return new CrossEntropyLoss(weight, ignoreIndex, reduction(), labelSmoothing);
  }

  /** The class weights, or null. */
  public Tensor weight() {
    return weight;
  }

  public long ignoreIndex() {
    return ignoreIndex;
  }

  public double labelSmoothing() {
    return labelSmoothing;
  }

  /**
   * @throws IllegalArgumentException for a target of the wrong shape or dtype (naming both shapes) or a weight that
   *     is not [C]
   * @throws IndexOutOfBoundsException for a class index outside [0, C) that is not {@code ignoreIndex}
   */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Losses.crossEntropy(input, target, weight, ignoreIndex, reduction(), labelSmoothing);
  }
}
