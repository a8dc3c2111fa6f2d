package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;

/**
 * min(max(x, minVal), maxVal), PyTorch's {@code nn.Hardtanh} (defaults −1.0 and 1.0); unlike clamp, the gradient
 * is 0 at the bounds themselves. Any shape.
 *
 * <pre>{@code
 * new Hardtanh(-2, 2).forward(Tensor.of(-3f, 0.5f, 3f));   // tensor([-2.0000, 0.5000, 2.0000])
 * }</pre>
 */
public class Hardtanh extends Module {
  private final double minVal;
  private final double maxVal;

  public Hardtanh() {
    this(-1.0, 1.0);
  }

  /** @throws IllegalArgumentException unless {@code maxVal > minVal} (PyTorch asserts it) */
  public Hardtanh(double minVal, double maxVal) {
    checkArgument(maxVal > minVal, "Hardtanh: max_val must be greater than min_val, got min_val=%s, max_val=%s",
        PyRepr.of(minVal), PyRepr.of(maxVal));
    this.minVal = minVal;
    this.maxVal = maxVal;
  }

  public double minVal() {
    return minVal;
  }

  public double maxVal() {
    return maxVal;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.hardtanh(input, minVal, maxVal);
  }

  @Override
  protected String extraRepr() {
    return "min_val=" + PyRepr.of(minVal) + ", max_val=" + PyRepr.of(maxVal);
  }
}
