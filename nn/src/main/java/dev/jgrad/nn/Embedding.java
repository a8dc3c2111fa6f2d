package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;

/**
 * A lookup table of {@code num} vectors of size {@code dim}, PyTorch's {@code nn.Embedding}: int64 indices of any
 * shape [*] give [*, dim]. Initialised with N(0, 1); the {@code paddingIdx} row starts at zero and never receives a
 * gradient. Repeated indices accumulate their gradients.
 *
 * <pre>{@code
 * Embedding emb = new Embedding(10, 3, 0);
 * emb.forward(Tensor.ofLongs(1, 0, 7)).shape();   // [3, 3]; row 1 of the output is zeros
 * }</pre>
 */
public class Embedding extends Module {
  private final int numEmbeddings;
  private final int embeddingDim;
  private final Integer paddingIdx;
  private final Parameter weight;

  public Embedding(int numEmbeddings, int embeddingDim) {
    this(numEmbeddings, embeddingDim, null);
  }

  /**
   * @param paddingIdx the padding row; negative counts from the end (as in PyTorch)
   * @throws IllegalArgumentException if {@code paddingIdx} is outside [−num, num), or a size is negative
   *     ({@code Embedding(-1, 2): Trying to create tensor with negative dimension -1: [-1, 2]}, PyTorch's phrase)
   */
  public Embedding(int numEmbeddings, int embeddingDim, int paddingIdx) {
    this(numEmbeddings, embeddingDim, Integer.valueOf(paddingIdx));
  }

  private Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx) {
    checkArgument(!(paddingIdx != null && (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings)),
        "Embedding: Padding_idx must be within num_embeddings: padding_idx=%s, num_embeddings=%s",
        paddingIdx, numEmbeddings);
    Parameter.checkFits("Embedding(" + numEmbeddings + ", " + embeddingDim + ")",
        new int[] {numEmbeddings, embeddingDim});
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.paddingIdx = paddingIdx == null ? null : paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
    this.weight = registerParameter("weight", new Parameter(Tensor.zeros(numEmbeddings, embeddingDim)));
    resetParameters();
  }

  /** Re-draws the weight from N(0, 1) and zeroes the padding row, as the constructor does. */
  public void resetParameters() {
    Init.normal_(weight);
    if (paddingIdx != null) {
      try (Autograd.Scope s = Autograd.noGrad()) {
        weight.select(0, paddingIdx).fill_(0);
      }
    }
  }

  /**
   * @throws IllegalArgumentException if the indices are not int64
   * @throws IndexOutOfBoundsException {@code index out of range in self} for an index outside [0, num)
   */
  @Override
  public Tensor forward(Tensor input) {
    Tensor w = tensor("weight");
    return paddingIdx == null ? Functional.embedding(input, w) : Functional.embedding(input, w, paddingIdx);
  }

  public Parameter weight() {
    return weight;
  }

  /** The padding row (non-negative), or null. */
  public Integer paddingIdx() {
    return paddingIdx;
  }

  public int numEmbeddings() {
    return numEmbeddings;
  }

  public int embeddingDim() {
    return embeddingDim;
  }

  @Override
  protected String extraRepr() {
    return numEmbeddings + ", " + embeddingDim + (paddingIdx == null ? "" : ", padding_idx=" + paddingIdx);
  }
}
