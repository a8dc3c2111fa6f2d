package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * softmax(−x) along {@code dim}, PyTorch's {@code nn.Softmin}: the smallest entries get the largest weights.
 *
 * <pre>{@code
 * new Softmin(1).forward(distances);   // [N, C], normalised over C
 * }</pre>
 */
public class Softmin extends Module {
  private final Integer dim;

  /**
   * PyTorch's {@code nn.Softmin()} without a dim (deprecated there): the dim is chosen from the input's rank, 0 for
   * 0, 1 or 3 dims and 1 otherwise.
   */
  public Softmin() {
    this.dim = null;
  }

  /** @param dim the dimension to normalise over; negative counts from the end */
  public Softmin(int dim) {
    this.dim = dim;
  }

  @Override
  public Tensor forward(Tensor input) {
    int d = dim != null ? dim : switch (input.dim()) {
      case 0, 1, 3 -> 0;
      default -> 1;
    };
    return Functional.softmin(input, d);
  }

  @Override
  protected String extraRepr() {
    return "dim=" + (dim == null ? "None" : dim.toString());
  }
}
