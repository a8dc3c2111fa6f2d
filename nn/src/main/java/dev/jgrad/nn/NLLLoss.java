package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Negative log likelihood on log-probabilities, PyTorch's {@code nn.NLLLoss}: lₙ = −w_{yₙ}·input[n, yₙ]. Use it after
 * {@link LogSoftmax}; on raw logits use {@link CrossEntropyLoss}. Shapes, weights and {@code ignoreIndex} as for
 * {@link CrossEntropyLoss} (class-index targets only).
 *
 * <pre>{@code
 * new NLLLoss().forward(logits.logSoftmax(1), Tensor.ofLongs(1, 0, 3));
 * }</pre>
 */
public class NLLLoss extends Loss {
  private final Tensor weight;
  private final long ignoreIndex;

  public NLLLoss() {
    this(null, -100, Reduction.MEAN);
  }

  public NLLLoss(Reduction reduction) {
    this(null, -100, reduction);
  }

  /** @param weight class weights of shape [C], or null */
  public NLLLoss(Tensor weight, long ignoreIndex, Reduction reduction) {
    super(reduction);
    this.weight = weight == null ? null : weight.detach();
    this.ignoreIndex = ignoreIndex;
  }

  public NLLLoss withWeight(Tensor weight) {
    return new NLLLoss(weight, ignoreIndex, reduction());
  }

  public NLLLoss withIgnoreIndex(long ignoreIndex) {
    return new NLLLoss(weight, ignoreIndex, reduction());
  }

  public NLLLoss withReduction(Reduction reduction) {
    return new NLLLoss(weight, ignoreIndex, reduction);
  }

  public Tensor weight() {
    return weight;
  }

  public long ignoreIndex() {
    return ignoreIndex;
  }

  /**
   * @throws IllegalArgumentException for a target of the wrong shape or dtype, or a weight that is not [C]
   * @throws IndexOutOfBoundsException for a class index outside [0, C) that is not {@code ignoreIndex}
   */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Losses.nll(input, target, weight, ignoreIndex, reduction());
  }
}
