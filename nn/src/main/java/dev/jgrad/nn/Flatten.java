package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Merges dims {@code startDim..endDim} into one, PyTorch's {@code nn.Flatten} (default 1..−1: keeps the batch dim).
 *
 * <pre>{@code
 * new Flatten().forward(Tensor.zeros(2, 3, 4, 4)).shape();   // [2, 48]
 * }</pre>
 */
public class Flatten extends Module {
  private final int startDim;
  private final int endDim;

  public Flatten() {
    this(1, -1);
  }

  public Flatten(int startDim, int endDim) {
    this.startDim = startDim;
    this.endDim = endDim;
  }

  /** The first dimension flattened. */
  public int startDim() {
    return startDim;
  }

  /** The last dimension flattened (negative: counted from the end). */
  public int endDim() {
    return endDim;
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.flatten(startDim, endDim);
  }

  @Override
  protected String extraRepr() {
    return "start_dim=" + startDim + ", end_dim=" + endDim;
  }
}
