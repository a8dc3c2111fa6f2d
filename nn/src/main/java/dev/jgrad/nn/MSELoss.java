package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Mean squared error (x − y)², PyTorch's {@code nn.MSELoss}. Input and target must have the same shape (PyTorch only
 * warns and broadcasts, which turns {@code [N, 1]} against {@code [N]} into an {@code [N, N]} loss).
 *
 * <pre>{@code
 * new MSELoss().forward(Tensor.of(0f, 0.5f, 2f, -3f), Tensor.zeros(4));   // tensor(3.3125)
 * }</pre>
 */
public class MSELoss extends Loss {
  public MSELoss() {
    this(Reduction.MEAN);
  }

  public MSELoss(Reduction reduction) {
    super(reduction);
  }

  /** @throws IllegalArgumentException if the shapes differ or the target is not floating point */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Losses.mse(input, target, reduction());
  }
}
