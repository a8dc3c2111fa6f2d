package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Applies log(softmax(x)) along {@code dim}, computed as x − max − log Σ exp(x − max), PyTorch's {@code nn.LogSoftmax}; pair it with {@link NLLLoss}.
 *
 * <pre>{@code
 * new LogSoftmax(1).forward(logits);   // [N, C], normalised over C
 * }</pre>
 */
public class LogSoftmax extends Module {
  private final int dim;

  /** @param dim the dimension to normalise over; negative counts from the end */
  public LogSoftmax(int dim) {
    this.dim = dim;
  }

  public int dim() {
    return dim;
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.logSoftmax(dim);
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim;
  }
}
