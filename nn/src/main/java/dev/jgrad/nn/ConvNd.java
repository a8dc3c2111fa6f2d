package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.Set;

/**
 * What {@link Conv1d}, {@link Conv2d} and {@link ConvTranspose2d} share, PyTorch's {@code _ConvNd}: argument checks,
 * the weight and bias and their initialisation, padding modes, and the repr.
 *
 * <p>The weight is [C_out, C_in / groups, k...] ([C_in, C_out / groups, k...] when transposed); both are initialised
 * like PyTorch: {@code kaimingUniform_(a = √5)} then U(±1/√fan_in) for the bias, fan_in = weight.size(1) · Πk.
 */
abstract class ConvNd extends Module {
  private static final Set<String> PADDING_MODES = Set.of("zeros", "reflect", "replicate", "circular");

  final int inChannels;
  final int outChannels;
  final int[] kernelSize;
  final int[] stride;
  /** Numeric padding (zeros for "same"/"valid", whose amounts the functional form computes). */
  final int[] padding;
  /** "same" or "valid", or null for numeric padding. */
  final String paddingString;
  final int[] dilation;
  final int[] outputPadding;
  final int groups;
  final String paddingMode;
  /** F.pad's amounts for a non-zeros padding mode, last dim first: PyTorch's _reversed_padding_repeated_twice. */
  final int[] reversedPadding;
  private final Parameter weight;
  private final Parameter bias;

  ConvNd(String layer, int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding,
      String paddingString, int[] dilation, boolean transposed, int[] outputPadding, int groups, boolean bias,
      String paddingMode) {
    int n = kernelSize.length;
    this.kernelSize = tuple(layer, "kernel_size", kernelSize, n, 1);
    this.stride = tuple(layer, "stride", stride, n, 1);
    this.dilation = tuple(layer, "dilation", dilation, n, 1);
    this.outputPadding = tuple(layer, "output_padding", outputPadding, n, 0);
    checkArgument(inChannels > 0 && outChannels > 0,
        "%s: in_channels and out_channels must be positive, got %s and %s", layer, inChannels, outChannels);
    checkArgument(groups > 0, "%s: groups must be a positive integer, got %s", layer, groups);
    checkArgument(inChannels % groups == 0, "%s: in_channels must be divisible by groups (in_channels=%s, groups=%s)",
        layer, inChannels, groups);
    checkArgument(outChannels % groups == 0,
        "%s: out_channels must be divisible by groups (out_channels=%s, groups=%s)", layer, outChannels, groups);
    if (paddingString != null) {
      checkArgument(paddingString.equals("same") || paddingString.equals("valid"),
          "%s: Invalid padding string '%s', should be one of {'valid', 'same'}", layer, paddingString);
      checkArgument(paddingString.equals("valid") || Arrays.stream(this.stride).allMatch(s -> s == 1),
          "%s: padding='same' is not supported for strided convolutions (stride %s)", layer, PyRepr.tuple(this.stride));
      this.padding = new int[n];
    } else {
      this.padding = tuple(layer, "padding", padding, n, 0);
    }
    checkArgument(PADDING_MODES.contains(paddingMode), "%s: padding_mode must be one of {'replicate', 'zeros', "
        + "'reflect', 'circular'}, but got padding_mode='%s'", layer, paddingMode);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.paddingString = paddingString;
    this.groups = groups;
    this.paddingMode = paddingMode;
    this.reversedPadding = new int[2 * n];
    for (int i = 0; i < n; i++) {
      int j = n - 1 - i;
      int total = this.dilation[i] * (this.kernelSize[i] - 1);
      boolean same = "same".equals(paddingString);
      reversedPadding[2 * j] = same ? total / 2 : this.padding[i];
      reversedPadding[2 * j + 1] = same ? total - total / 2 : this.padding[i];
    }
    int[] shape = new int[n + 2];
    shape[0] = transposed ? inChannels : outChannels;
    shape[1] = (transposed ? outChannels : inChannels) / groups;
    System.arraycopy(this.kernelSize, 0, shape, 2, n);
    Parameter.checkFits(layer + "(" + inChannels + ", " + outChannels + ", kernel_size="
        + PyRepr.tuple(this.kernelSize) + ", groups=" + groups + ")", shape, new int[] {bias ? outChannels : 0});
    this.weight = registerParameter("weight", new Parameter(Tensor.zeros(shape)));
    this.bias = registerParameter("bias", bias ? new Parameter(Tensor.zeros(outChannels)) : null);
    resetParameters();
  }

  /** One value per spatial dim, each at least {@code min}. */
  static int[] tuple(String layer, String name, int[] v, int n, int min) {
    checkArgument(v != null && v.length == n && Arrays.stream(v).allMatch(x -> x >= min),
        "%s: %s must be %s integer%s >= %s, got %s", layer, name, n, n == 1 ? "" : "s", min, Arrays.toString(v));
    return v.clone();
  }

  /** {@code v} repeated n times. */
  static int[] fill(int v, int n) {
    int[] r = new int[n];
    Arrays.fill(r, v);
    return r;
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

  public Parameter weight() {
    return weight;
  }

  /** The bias, or null. */
  public Parameter bias() {
    return bias;
  }

  /** The kernel size of each spatial dimension. */
  public int[] kernelSize() {
    return kernelSize.clone();
  }

  /** The stride of each spatial dimension. */
  public int[] stride() {
    return stride.clone();
  }

  /** The padding on both sides of each spatial dimension (zeros when given as a string). */
  public int[] padding() {
    return padding.clone();
  }

  /** {@code "same"} or {@code "valid"} when the padding was given as a string, else null. */
  public String paddingString() {
    return paddingString;
  }

  /** The dilation of each spatial dimension. */
  public int[] dilation() {
    return dilation.clone();
  }

  /** The number of channel groups. */
  public int groups() {
    return groups;
  }

  /** {@code zeros}, {@code reflect}, {@code replicate} or {@code circular}. */
  public String paddingMode() {
    return paddingMode;
  }

  /** The input padded by the padding mode, for a convolution with no padding of its own; null for "zeros". */
  Tensor padForMode(Tensor input) {
    return paddingMode.equals("zeros") ? null : Functional.pad(input, reversedPadding, paddingMode);
  }

  @Override
  protected String extraRepr() {
    StringBuilder s = new StringBuilder().append(inChannels).append(", ").append(outChannels)
        .append(", kernel_size=").append(PyRepr.tuple(kernelSize)).append(", stride=").append(PyRepr.tuple(stride));
    if (paddingString != null) {
      s.append(", padding=").append(paddingString);
    } else if (Arrays.stream(padding).anyMatch(p -> p != 0)) {
      s.append(", padding=").append(PyRepr.tuple(padding));
    }
    if (Arrays.stream(dilation).anyMatch(d -> d != 1)) {
      s.append(", dilation=").append(PyRepr.tuple(dilation));
    }
    if (Arrays.stream(outputPadding).anyMatch(p -> p != 0)) {
      s.append(", output_padding=").append(PyRepr.tuple(outputPadding));
    }
    if (groups != 1) {
      s.append(", groups=").append(groups);
    }
    if (bias == null) {
      s.append(", bias=False");
    }
    if (!paddingMode.equals("zeros")) {
      s.append(", padding_mode=").append(paddingMode);
    }
    return s.toString();
  }
}
