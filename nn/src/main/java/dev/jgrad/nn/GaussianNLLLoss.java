package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.autograd.Tensor;

/**
 * Negative log-likelihood of a Gaussian target, PyTorch's {@code nn.GaussianNLLLoss}: ½·(log v + (x − y)²/v), plus
 * ½·log 2π with {@code full}. The variance {@code var} has the input's shape (one per element), or the input's shape
 * without its last dim or with a last dim of 1 (one per row); any other shape is refused. Variances below {@code eps}
 * are raised to it for the computation without the clamp being recorded (PyTorch clamps under no_grad), so the
 * variance's gradient there is the one at eps. Input, target and var all get gradients. It takes three tensors, so it
 * is not a two-argument {@link Loss}.
 */
public class GaussianNLLLoss {
  private final boolean full;
  private final double eps;
  private final Reduction reduction;

  public GaussianNLLLoss() {
    this(false, 1e-6, Reduction.MEAN);
  }

  /** PyTorch's keyword order: full, eps, reduction. */
  public GaussianNLLLoss(boolean full, double eps, Reduction reduction) {
    this.full = full;
    this.eps = eps;
    this.reduction = checkNotNull(reduction, "GaussianNLLLoss: reduction must not be null");
  }

  /**
   * @throws IllegalArgumentException {@code var is of incorrect size}, {@code var has negative entry/entries}, or
   *     PyTorch's broadcasting message for an input and target that do not broadcast
   */
  public Tensor forward(Tensor input, Tensor target, Tensor var) {
    return ProbabilisticLosses.gaussianNll(input, target, var, full, eps, reduction);
  }

  public boolean full() {
    return full;
  }

  public double eps() {
    return eps;
  }

  public Reduction reduction() {
    return reduction;
  }

  /** PyTorch's repr: {@code GaussianNLLLoss()}. */
  @Override
  public String toString() {
    return "GaussianNLLLoss()";
  }
}
