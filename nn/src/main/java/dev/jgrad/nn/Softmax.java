package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Applies exp(x) / Σ exp(x) along {@code dim} (the row max is subtracted first, so large inputs do not overflow), PyTorch's {@code nn.Softmax}.
 *
 * <pre>{@code
 * new Softmax(1).forward(logits);   // [N, C], normalised over C
 * }</pre>
 */
public class Softmax extends Module {
  private final int dim;

  /** @param dim the dimension to normalise over; negative counts from the end */
  public Softmax(int dim) {
    this.dim = dim;
  }

  public int dim() {
    return dim;
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.softmax(dim);
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim;
  }
}
