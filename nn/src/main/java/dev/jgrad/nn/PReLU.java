package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;

/**
 * x where x > 0, else a·x with a learnt slope a, one shared or one per channel (dim 1 of the input), PyTorch's
 * {@code nn.PReLU} (defaults: one slope, initialised to 0.25). The parameter is {@code weight} [numParameters].
 *
 * <pre>{@code
 * PReLU act = new PReLU(16);   // one slope per channel of [N, 16, ...] inputs
 * }</pre>
 */
public class PReLU extends Module {
  private final int numParameters;
  private final Parameter weight;

  public PReLU() {
    this(1, 0.25);
  }

  public PReLU(int numParameters) {
    this(numParameters, 0.25);
  }

  /** @throws IllegalArgumentException for a negative {@code numParameters} */
  public PReLU(int numParameters, double init) {
    checkArgument(numParameters >= 0, "PReLU: Trying to create tensor with negative dimension %s: [%s]",
        numParameters, numParameters);
    this.numParameters = numParameters;
    this.weight = registerParameter("weight", new Parameter(Tensor.full(new int[] {numParameters}, (float) init)));
  }

  public int numParameters() {
    return numParameters;
  }

  public Parameter weight() {
    return weight;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.prelu(input, weight);
  }

  @Override
  protected String extraRepr() {
    return "num_parameters=" + numParameters;
  }
}
