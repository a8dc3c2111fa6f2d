package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;

/**
 * x where x > 0, else alpha·(exp(x / alpha) − 1), PyTorch's {@code nn.CELU} (default alpha 1.0). Any shape.
 *
 * <pre>{@code
 * new CELU(0.5).forward(Tensor.of(-1f, 2f));   // tensor([-0.4323, 2.0000])
 * }</pre>
 */
public class CELU extends Module {
  private final double alpha;

  public CELU() {
    this(1.0);
  }

  /** @throws IllegalArgumentException {@code alpha cannot be 0 for CELU} */
  public CELU(double alpha) {
    checkArgument(alpha != 0, "CELU: alpha cannot be 0 for CELU");
    this.alpha = alpha;
  }

  public double alpha() {
    return alpha;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.celu(input, alpha);
  }

  @Override
  protected String extraRepr() {
    return "alpha=" + PyRepr.of(alpha);
  }
}
