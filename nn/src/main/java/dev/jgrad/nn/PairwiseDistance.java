package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * The p-norm distance between rows of two inputs, PyTorch's {@code nn.PairwiseDistance} (p 2, eps 1e-6, keepdim
 * false): ‖x1 − x2 + eps‖_p over the last dim; inputs broadcast.
 *
 * <pre>{@code
 * new PairwiseDistance().forward(Tensor.randn(4, 8), Tensor.randn(4, 8)).shape();   // [4]
 * }</pre>
 */
public class PairwiseDistance extends Module {
  private final double p;
  private final double eps;
  private final boolean keepdim;

  public PairwiseDistance() {
    this(2.0, 1e-6, false);
  }

  public PairwiseDistance(double p, double eps, boolean keepdim) {
    this.p = p;
    this.eps = eps;
    this.keepdim = keepdim;
  }

  /** PairwiseDistance takes two inputs; use {@link #forward(Tensor, Tensor)}. */
  @Override
  public Tensor forward(Tensor input) {
    throw new UnsupportedOperationException("PairwiseDistance: forward takes two inputs, use forward(x1, x2)");
  }

  /** @throws IllegalArgumentException if the shapes do not broadcast */
  public Tensor forward(Tensor x1, Tensor x2) {
    return Functional.pairwiseDistance(x1, x2, p, eps, keepdim);
  }
}
