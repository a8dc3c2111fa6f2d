package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Mean absolute error |x − y|, PyTorch's {@code nn.L1Loss}; the gradient at x = y is 0. Shapes must match.
 *
 * <pre>{@code
 * new L1Loss().forward(Tensor.of(0f, 0.5f, 2f, -3f), Tensor.zeros(4));   // tensor(1.3750)
 * }</pre>
 */
public class L1Loss extends Loss {
  public L1Loss() {
    this(Reduction.MEAN);
  }

  public L1Loss(Reduction reduction) {
    super(reduction);
  }

  /** @throws IllegalArgumentException if the shapes differ or the target is not floating point */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Losses.l1(input, target, reduction());
  }
}
