package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * log(1 + exp(beta·x)) / beta, and x itself where beta·x > threshold (for stability), PyTorch's
 * {@code nn.Softplus} (defaults beta = 1, threshold = 20). Any shape.
 *
 * <pre>{@code
 * new Softplus(2, 10).forward(x);
 * }</pre>
 */
public class Softplus extends Module {
  private final double beta;
  private final double threshold;

  public Softplus() {
    this(1, 20);
  }

  public Softplus(double beta) {
    this(beta, 20);
  }

  public Softplus(double beta, double threshold) {
    this.beta = beta;
    this.threshold = threshold;
  }

  public double beta() {
    return beta;
  }

  public double threshold() {
    return threshold;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.softplus(input, beta, threshold);
  }

  /** PyTorch's defaults are the ints 1 and 20, printed {@code beta=1, threshold=20}; integral values print so. */
  @Override
  protected String extraRepr() {
    return "beta=" + PyRepr.number(beta) + ", threshold=" + PyRepr.number(threshold);
  }
}
