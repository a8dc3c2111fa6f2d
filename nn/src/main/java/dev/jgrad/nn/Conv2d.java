package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * 2-D convolution (cross-correlation, as in every deep-learning library), PyTorch's {@code nn.Conv2d}.
 *
 * <p>Input [N, C_in, H, W] (or unbatched [C_in, H, W]); output [N, C_out, H_out, W_out] with
 * H_out = ⌊(H + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1. Weight [C_out, C_in / groups, kH, kW] and bias
 * [C_out], initialised like PyTorch: {@code kaimingUniform_(a = √5)} (U(±1/√fan_in)) then U(±1/√fan_in) for the
 * bias, with fan_in = C_in / groups · kH · kW.
 *
 * <pre>{@code
 * Conv2d conv = new Conv2d(1, 8, 3, 1, 1);            // 3x3, stride 1, padding 1: keeps H and W
 * conv.forward(Tensor.zeros(2, 1, 28, 28)).shape();   // [2, 8, 28, 28]
 * }</pre>
 */
public class Conv2d extends Module {
  private final int inChannels;
  private final int outChannels;
  private final int[] kernelSize;
  private final int[] stride;
  private final int[] padding;
  private final int[] dilation;
  private final int groups;
  private final Parameter weight;
  private final Parameter bias;

  /** A square kernel with stride 1, no padding, bias. */
  public Conv2d(int inChannels, int outChannels, int kernelSize) {
    this(inChannels, outChannels, kernelSize, 1, 0);
  }

  /** A square kernel with the given stride and padding, bias. */
  public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
    this(inChannels, outChannels, new int[] {kernelSize, kernelSize}, new int[] {stride, stride},
        new int[] {padding, padding}, new int[] {1, 1}, 1, true);
  }

  /**
   * The general form; each int[] is {height, width}.
   *
   * @throws IllegalArgumentException if channels are not divisible by {@code groups}, or a size is invalid
   */
  public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
      int groups, boolean bias) {
    this.kernelSize = pair("kernel_size", kernelSize, 1);
    this.stride = pair("stride", stride, 1);
    this.padding = pair("padding", padding, 0);
    this.dilation = pair("dilation", dilation, 1);
    checkArgument(groups > 0, "Conv2d: groups must be a positive integer, got %s", groups);
    checkArgument(inChannels > 0 && outChannels > 0,
        "Conv2d: in_channels and out_channels must be positive, got %s and %s", inChannels, outChannels);
    checkArgument(inChannels % groups == 0,
        "Conv2d: in_channels must be divisible by groups (in_channels=%s, groups=%s)", inChannels, groups);
    checkArgument(outChannels % groups == 0,
        "Conv2d: out_channels must be divisible by groups (out_channels=%s, groups=%s)", outChannels, groups);
    Parameter.checkFits("Conv2d(" + inChannels + ", " + outChannels + ", kernel_size=(" + this.kernelSize[0] + ", "
        + this.kernelSize[1] + "), groups=" + groups + ")",
        new int[] {outChannels, inChannels / groups, this.kernelSize[0], this.kernelSize[1]},
        new int[] {bias ? outChannels : 0});
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.groups = groups;
    this.weight = registerParameter("weight",
        new Parameter(Tensor.zeros(outChannels, inChannels / groups, this.kernelSize[0], this.kernelSize[1])));
    this.bias = registerParameter("bias", bias ? new Parameter(Tensor.zeros(outChannels)) : null);
    resetParameters();
  }

  static int[] pair(String name, int[] v, int min) {
    if (v == null || v.length != 2 || v[0] < min || v[1] < min) {
      throw new IllegalArgumentException("Conv2d: " + name + " must be two integers >= " + min + ", got "
          + Arrays.toString(v));
    }
    return v.clone();
  }

  /** Re-draws the weight and bias as the constructor does. */
  public void resetParameters() {
    Init.kaimingUniform_(weight, Math.sqrt(5), Init.FanMode.FAN_IN, Init.Nonlinearity.LEAKY_RELU);
    if (bias != null) {
      int fanIn = Init.fanInAndFanOut(weight)[0];
      if (fanIn != 0) {
        double bound = 1 / Math.sqrt(fanIn);
        Init.uniform_(bias, -bound, bound);
      }
    }
  }

  /** @throws IllegalArgumentException if the input's channels or size do not fit the layer */
  @Override
  public Tensor forward(Tensor input) {
    return Functional.conv2d(input, weight, bias, stride, padding, dilation, groups);
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
    StringBuilder s = new StringBuilder().append(inChannels).append(", ").append(outChannels)
        .append(", kernel_size=").append(PyRepr.tuple(kernelSize)).append(", stride=").append(PyRepr.tuple(stride));
    if (padding[0] != 0 || padding[1] != 0) {
      s.append(", padding=").append(PyRepr.tuple(padding));
    }
    if (dilation[0] != 1 || dilation[1] != 1) {
      s.append(", dilation=").append(PyRepr.tuple(dilation));
    }
    if (groups != 1) {
      s.append(", groups=").append(groups);
    }
    if (bias == null) {
      s.append(", bias=False");
    }
    return s.toString();
  }
}
