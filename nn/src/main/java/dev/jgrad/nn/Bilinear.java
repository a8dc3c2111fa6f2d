package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * y = x1ᵀ·A·x2 + b, PyTorch's {@code nn.Bilinear}: x1 [*, in1], x2 [*, in2] with equal leading dims, weight
 * [out, in1, in2], bias [out]; result [*, out]. Weight and bias start uniform in ±1/√in1, drawn from the global
 * generator in PyTorch's order (weight, then bias).
 *
 * <pre>{@code
 * Bilinear bl = new Bilinear(3, 4, 2);
 * bl.forward(Tensor.randn(5, 3), Tensor.randn(5, 4)).shape();   // [5, 2]
 * }</pre>
 */
public class Bilinear extends Module {
  private final int in1Features;
  private final int in2Features;
  private final int outFeatures;
  private final Parameter weight;
  private final Parameter bias;

  public Bilinear(int in1Features, int in2Features, int outFeatures) {
    this(in1Features, in2Features, outFeatures, true);
  }

  /** @throws IllegalArgumentException for a negative size */
  public Bilinear(int in1Features, int in2Features, int outFeatures, boolean bias) {
    checkArgument(in1Features >= 0 && in2Features >= 0 && outFeatures >= 0,
        "Bilinear: Trying to create tensor with negative dimension: in1_features=%s, in2_features=%s, "
            + "out_features=%s", in1Features, in2Features, outFeatures);
    int[] shape = {outFeatures, in1Features, in2Features};
    Parameter.checkFits("Bilinear(" + in1Features + ", " + in2Features + ", " + outFeatures + ")", shape);
    this.in1Features = in1Features;
    this.in2Features = in2Features;
    this.outFeatures = outFeatures;
    this.weight = registerParameter("weight", new Parameter(Tensor.zeros(shape)));
    this.bias = registerParameter("bias", bias ? new Parameter(Tensor.zeros(outFeatures)) : null);
    resetParameters();
  }

  /** Re-draws weight and bias from U(−1/√in1, 1/√in1), as the constructor does. */
  public void resetParameters() {
    double bound = 1 / Math.sqrt(in1Features);
    Init.uniform_(weight, -bound, bound);
    if (bias != null) {
      Init.uniform_(bias, -bound, bound);
    }
  }

  /** Bilinear takes two inputs; use {@link #forward(Tensor, Tensor)}. */
  @Override
  public Tensor forward(Tensor input) {
    throw new UnsupportedOperationException("Bilinear: forward takes two inputs, use forward(input1, input2)");
  }

  /** @throws IllegalArgumentException with PyTorch's {@code bilinear(): ...} messages for mismatched shapes */
  public Tensor forward(Tensor input1, Tensor input2) {
    return bilinear(input1, input2, weight, bias);
  }

  /** PyTorch's {@code F.bilinear}, composed of a matrix product, a product and a sum. */
  static Tensor bilinear(Tensor input1, Tensor input2, Tensor weight, Tensor bias) {
    int[] s1 = input1.shape();
    int[] s2 = input2.shape();
    int[] w = weight.shape();
    checkArgument(w.length == 3, "bilinear(): weight must be 3-D [out, in1, in2], got shape %s", Arrays.toString(w));
    checkArgument(s1.length == s2.length, "bilinear(): input dimensions do not match: got %s and %s (shapes %s and "
        + "%s)", s1.length, s2.length, Arrays.toString(s1), Arrays.toString(s2));
    checkArgument(s1.length >= 1, "bilinear(): inputs must have at least 1 dim, got shape %s", Arrays.toString(s1));
    for (int i = 0; i < s1.length - 1; i++) {
      checkArgument(s1[i] == s2[i], "bilinear(): input batch dimensions do not match at dim %s: got %s and %s "
          + "(shapes %s and %s)", i, s1[i], s2[i], Arrays.toString(s1), Arrays.toString(s2));
    }
    int last = s1.length - 1;
    checkArgument(s1[last] == w[1], "bilinear(): input1 size does not match weight size: got %s but expected %s",
        s1[last], w[1]);
    checkArgument(s2[last] == w[2], "bilinear(): input2 size does not match weight size: got %s but expected %s",
        s2[last], w[2]);
    checkArgument(bias == null || (bias.dim() == 1 && bias.size(0) == w[0]),
        "bilinear(): bias size does not match weight size: got %s but expected %s",
        bias == null ? "" : Arrays.toString(bias.shape()), w[0]);
    int out = w[0];
    int rows = input1.numel() / Math.max(1, s1[last]);
    // x1 [B, in1] · A as [in1, out·in2] gives x1ᵀA per output; a product with x2 and a sum over in2 finish it.
    Tensor left = input1.reshape(rows, w[1]).matmul(weight.permute(1, 0, 2).reshape(w[1], out * w[2]))
        .view(rows, out, w[2]);
    Tensor y = left.mul(input2.reshape(rows, 1, w[2])).sum(2, false);
    if (bias != null) {
      y = y.add(bias);
    }
    int[] outShape = s1.clone();
    outShape[last] = out;
    return y.reshape(outShape);
  }

  public Parameter weight() {
    return weight;
  }

  /** The bias, or null. */
  public Parameter bias() {
    return bias;
  }

  @Override
  protected String extraRepr() {
    return "in1_features=" + in1Features + ", in2_features=" + in2Features + ", out_features=" + outFeatures
        + ", bias=" + PyRepr.bool(bias != null);
  }
}
