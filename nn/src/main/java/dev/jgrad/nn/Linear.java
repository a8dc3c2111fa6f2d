package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;

/**
 * y = x·Wᵀ + b, PyTorch's {@code nn.Linear}. Input [*, in], output [*, out]; weight [out, in], bias [out].
 *
 * <p>Initialised exactly like PyTorch from the global generator: the weight with
 * {@code kaimingUniform_(a = √5)}, i.e. U(−1/√in, 1/√in), then the bias with U(−1/√in, 1/√in). So
 *
 * <pre>{@code
 * Tensor.manualSeed(0);
 * Linear fc = new Linear(3, 2);
 * // weight [[-0.0043, 0.3097, -0.4752], [-0.4249, -0.2224, 0.1548]], bias [-0.0114, 0.4578], as in PyTorch
 * }</pre>
 */
public class Linear extends Module {
  private final int inFeatures;
  private final int outFeatures;
  private final Parameter weight;
  private final Parameter bias;

  public Linear(int inFeatures, int outFeatures) {
    this(inFeatures, outFeatures, true);
  }

  /**
   * @throws IllegalArgumentException if a size is negative: {@code Linear(in_features=-1, out_features=2): Trying to
   *     create tensor with negative dimension -1: [2, -1]}, PyTorch's phrase with the weight's shape
   */
  public Linear(int inFeatures, int outFeatures, boolean bias) {
    Parameter.checkFits("Linear(in_features=" + inFeatures + ", out_features=" + outFeatures + ")",
        new int[] {outFeatures, inFeatures}, new int[] {bias ? outFeatures : 0});
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = registerParameter("weight", new Parameter(Tensor.zeros(outFeatures, inFeatures)));
    this.bias = registerParameter("bias", bias ? new Parameter(Tensor.zeros(outFeatures)) : null);
    resetParameters();
  }

  /** Re-draws the weight and bias as the constructor does. */
  public void resetParameters() {
    Init.kaimingUniform_(weight, Math.sqrt(5), Init.FanMode.FAN_IN, Init.Nonlinearity.LEAKY_RELU);
    if (bias != null) {
      int fanIn = Init.fanInAndFanOut(weight)[0];
      double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      Init.uniform_(bias, -bound, bound);
    }
  }

  /** @throws IllegalArgumentException if the last dim of the input is not {@code inFeatures} */
  @Override
  public Tensor forward(Tensor input) {
    return Functional.linear(input, tensor("weight"), tensor("bias"));
  }

  public Parameter weight() {
    return weight;
  }

  /** The bias, or null for {@code bias = false}. */
  public Parameter bias() {
    return bias;
  }

  public int inFeatures() {
    return inFeatures;
  }

  public int outFeatures() {
    return outFeatures;
  }

  @Override
  protected String extraRepr() {
    return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + PyRepr.bool(bias != null);
  }

  @Override
  protected Module blankCopy() {
    return new Linear(inFeatures, outFeatures, bias != null);
  }
}
