package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * x where x > 0, else negativeSlope·x, PyTorch's {@code nn.LeakyReLU} (default slope 0.01); the gradient at 0 is the
 * slope. Any shape.
 *
 * <pre>{@code
 * new LeakyReLU(0.2).forward(Tensor.of(-1f, 2f));   // tensor([-0.2000, 2.0000])
 * }</pre>
 */
public class LeakyReLU extends Module {
  private final double negativeSlope;

  public LeakyReLU() {
    this(0.01);
  }

  public LeakyReLU(double negativeSlope) {
    this.negativeSlope = negativeSlope;
  }

  public double negativeSlope() {
    return negativeSlope;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.leakyRelu(input, negativeSlope);
  }

  @Override
  protected String extraRepr() {
    return "negative_slope=" + PyRepr.of(negativeSlope);
  }
}
