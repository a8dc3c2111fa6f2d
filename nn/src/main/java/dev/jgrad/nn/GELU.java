package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;

/**
 * Gaussian error linear unit x·Φ(x), PyTorch's {@code nn.GELU}; {@code approximate = "tanh"} uses
 * 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). Any shape.
 *
 * <pre>{@code
 * new GELU().forward(Tensor.of(-1f, 0f, 1f));   // tensor([-0.1587, 0.0000, 0.8413])
 * }</pre>
 */
public class GELU extends Module {
  private final String approximate;

  public GELU() {
    this("none");
  }

  /** @throws IllegalArgumentException unless {@code approximate} is "none" or "tanh" */
  public GELU(String approximate) {
    checkArgument("none".equals(approximate) || "tanh".equals(approximate),
        "GELU: approximate argument must be either none or tanh, got '%s'", approximate);
    this.approximate = approximate;
  }

  public String approximate() {
    return approximate;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.gelu(input, approximate);
  }

  @Override
  protected String extraRepr() {
    return "approximate='" + approximate + "'";
  }
}
