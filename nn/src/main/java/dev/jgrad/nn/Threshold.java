package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * x where x > threshold, else value, PyTorch's {@code nn.Threshold}; the gradient is 0 at and below the threshold.
 * Any shape.
 *
 * <pre>{@code
 * new Threshold(0.1, 20).forward(Tensor.of(0.05f, 0.5f));   // tensor([20.0000, 0.5000])
 * }</pre>
 */
public class Threshold extends Module {
  private final double threshold;
  private final double value;

  public Threshold(double threshold, double value) {
    this.threshold = threshold;
    this.value = value;
  }

  public double threshold() {
    return threshold;
  }

  public double value() {
    return value;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.threshold(input, threshold, value);
  }

  /** Integral values print as Python ints ({@code Threshold(threshold=0.1, value=20)} for {@code (0.1, 20)}). */
  @Override
  protected String extraRepr() {
    return "threshold=" + PyRepr.number(threshold) + ", value=" + PyRepr.number(value);
  }
}
