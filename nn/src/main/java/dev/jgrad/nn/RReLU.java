package dev.jgrad.nn;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;

/**
 * Randomised leaky ReLU, PyTorch's {@code nn.RReLU} (defaults lower = 1/8, upper = 1/3): in training each element
 * x ≤ 0 is multiplied by its own slope drawn from U(lower, upper) (the global generator, drawn as PyTorch's CPU
 * kernel draws, so a seeded run gives PyTorch's values); in evaluation by the fixed slope (lower + upper) / 2.
 *
 * <pre>{@code
 * RReLU act = new RReLU(0.1, 0.3);
 * act.eval().forward(Tensor.of(-1f, 2f));   // tensor([-0.2000, 2.0000])
 * }</pre>
 */
public class RReLU extends Module {
  private final double lower;
  private final double upper;

  public RReLU() {
    this(1.0 / 8, 1.0 / 3);
  }

  /** The bounds are checked when the module runs, as in PyTorch. */
  public RReLU(double lower, double upper) {
    this.lower = lower;
    this.upper = upper;
  }

  public double lower() {
    return lower;
  }

  public double upper() {
    return upper;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.rrelu(input, lower, upper, isTraining(), Generator.global());
  }

  @Override
  protected String extraRepr() {
    return "lower=" + PyRepr.of(lower) + ", upper=" + PyRepr.of(upper);
  }
}
