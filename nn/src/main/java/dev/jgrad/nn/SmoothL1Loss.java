package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;

/**
 * PyTorch's {@code nn.SmoothL1Loss}: 0.5·d²/β where |d| &lt; β, else |d| − 0.5·β (d = x − y); β = 0 is L1. It equals
 * {@link HuberLoss} with δ = β divided by β.
 *
 * <pre>{@code
 * new SmoothL1Loss(Reduction.NONE, 1.0).forward(Tensor.of(0f, 0.5f, 2f, -3f), Tensor.zeros(4));
 * // tensor([0.0000, 0.1250, 1.5000, 2.5000])
 * }</pre>
 */
public class SmoothL1Loss extends Loss {
  private final double beta;

  public SmoothL1Loss() {
    this(Reduction.MEAN, 1.0);
  }

  public SmoothL1Loss(double beta) {
    this(Reduction.MEAN, beta);
  }

  /** @throws IllegalArgumentException if {@code beta < 0} */
  public SmoothL1Loss(Reduction reduction, double beta) {
    super(reduction);
    checkArgument(beta >= 0,
        "SmoothL1Loss: smooth_l1_loss does not support negative values for beta, got beta=%s", beta);
    this.beta = beta;
  }

  public double beta() {
    return beta;
  }

  /** @throws IllegalArgumentException if the shapes differ or the target is not floating point */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Losses.smoothL1(input, target, reduction(), beta);
  }
}
