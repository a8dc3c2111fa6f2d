package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Mean squared error (x − y)², PyTorch's {@code nn.MSELoss}. Give input and target the same shape: a different
 * target shape logs PyTorch's warning and broadcasts as PyTorch does, so {@code [N, 1]} against {@code [N]} becomes
 * an {@code [N, N]} loss (the same holds for L1, Huber and smooth L1).
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
