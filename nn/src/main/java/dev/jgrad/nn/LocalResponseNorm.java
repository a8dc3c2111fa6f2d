package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;

/**
 * Local response normalisation across channels, PyTorch's {@code nn.LocalResponseNorm}: each value of [N, C, *] is
 * divided by (k + alpha · mean of the squares of {@code size} neighbouring channels)^beta. No parameters.
 *
 * <pre>{@code
 * LocalResponseNorm lrn = new LocalResponseNorm(2);
 * lrn.forward(Tensor.randn(2, 8, 5, 5));
 * }</pre>
 */
public class LocalResponseNorm extends Module {
  private final int size;
  private final double alpha;
  private final double beta;
  private final double k;

  /** PyTorch's defaults: alpha 1e-4, beta 0.75, k 1. */
  public LocalResponseNorm(int size) {
    this(size, 1e-4, 0.75, 1.0);
  }

  /** @throws IllegalArgumentException if {@code size <= 0} */
  public LocalResponseNorm(int size, double alpha, double beta, double k) {
    checkArgument(size > 0, "LocalResponseNorm: size must be positive, got %s", size);
    this.size = size;
    this.alpha = alpha;
    this.beta = beta;
    this.k = k;
  }

  /** @throws IllegalArgumentException {@code Expected 3D or higher dimensionality input (got 2 dimensions)} */
  @Override
  public Tensor forward(Tensor input) {
    return Functional.localResponseNorm(input, size, alpha, beta, k);
  }

  @Override
  protected String extraRepr() {
    return size + ", alpha=" + PyRepr.of(alpha) + ", beta=" + PyRepr.of(beta) + ", k=" + PyRepr.of(k);
  }
}
