package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * x where x > 0, else alpha·(exp(x) − 1), PyTorch's {@code nn.ELU} (default alpha 1.0). Any shape.
 *
 * <pre>{@code
 * new ELU(0.5).forward(Tensor.of(-1f, 2f));   // tensor([-0.3161, 2.0000])
 * }</pre>
 */
public class ELU extends Module {
  private final double alpha;

  public ELU() {
    this(1.0);
  }

  public ELU(double alpha) {
    this.alpha = alpha;
  }

  public double alpha() {
    return alpha;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.elu(input, alpha);
  }

  @Override
  protected String extraRepr() {
    return "alpha=" + PyRepr.of(alpha);
  }
}
