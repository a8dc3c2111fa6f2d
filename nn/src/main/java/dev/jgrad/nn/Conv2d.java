package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * 2-D convolution (cross-correlation, as in every deep-learning library), PyTorch's {@code nn.Conv2d(in_channels,
 * out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros')}.
 *
 * <p>Input [N, C_in, H, W] (or unbatched [C_in, H, W]); output [N, C_out, H_out, W_out] with
 * H_out = ⌊(H + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1. Padding may also be "valid" (none) or "same"
 * (output size = input size; stride 1 only). {@code paddingMode} "reflect", "replicate" or "circular" pads the input
 * with that mode instead of zeros. Weight [C_out, C_in / groups, kH, kW] and bias [C_out], initialised like PyTorch:
 * {@code kaimingUniform_(a = √5)} (U(±1/√fan_in)) then U(±1/√fan_in) for the bias, with fan_in = C_in / groups · kH · kW.
 *
 * <pre>{@code
 * Conv2d conv = new Conv2d(1, 8, 3, 1, 1);            // 3x3, stride 1, padding 1: keeps H and W
 * conv.forward(Tensor.zeros(2, 1, 28, 28)).shape();   // [2, 8, 28, 28]
 * new Conv2d(3, 8, 4, 1, "same", 2, 1, true, "zeros"); // even kernel, "same": PyTorch's asymmetric padding
 * }</pre>
 */
public class Conv2d extends ConvNd {
  /** A square kernel with stride 1, no padding, bias. */
  public Conv2d(int inChannels, int outChannels, int kernelSize) {
    this(inChannels, outChannels, kernelSize, 1, 0);
  }

  /** A square kernel with the given stride and padding, bias. */
  public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
    this(inChannels, outChannels, kernelSize, stride, padding, 1, 1, true, "zeros");
  }

  /** Every option, square (the same value for height and width), in PyTorch's order. */
  public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups,
      boolean bias, String paddingMode) {
    this(inChannels, outChannels, ConvNd.fill(kernelSize, 2), ConvNd.fill(stride, 2), ConvNd.fill(padding, 2),
        ConvNd.fill(dilation, 2), groups, bias, paddingMode);
  }

  /** Every option, square, with padding "same" or "valid". */
  public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, String padding, int dilation, int groups,
      boolean bias, String paddingMode) {
    this(inChannels, outChannels, ConvNd.fill(kernelSize, 2), ConvNd.fill(stride, 2), padding,
        ConvNd.fill(dilation, 2), groups, bias, paddingMode);
  }

  /**
   * The general form with zero padding; each int[] is {height, width}.
   *
   * @throws IllegalArgumentException if channels are not divisible by {@code groups}, or a size is invalid
   */
  public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
      int groups, boolean bias) {
    this(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias, "zeros");
  }

  /**
   * The general form; each int[] is {height, width}; {@code paddingMode} is "zeros", "reflect", "replicate" or
   * "circular".
   *
   * @throws IllegalArgumentException if channels are not divisible by {@code groups}, a size is invalid, or the
   *     padding mode is unknown
   */
  public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
      int groups, boolean bias, String paddingMode) {
    super("Conv2d", inChannels, outChannels, pair("kernel_size", kernelSize, 1), stride, padding, null, dilation,
        false, new int[2], groups, bias, paddingMode);
  }

  /**
   * The general form with padding "same" or "valid".
   *
   * @throws IllegalArgumentException for another padding string, or "same" with a stride other than 1
   */
  public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, String padding, int[] dilation,
      int groups, boolean bias, String paddingMode) {
    super("Conv2d", inChannels, outChannels, pair("kernel_size", kernelSize, 1), stride, null,
        java.util.Objects.requireNonNull(padding, "padding"), dilation, false, new int[2], groups, bias, paddingMode);
  }

  static int[] pair(String name, int[] v, int min) {
    if (v == null || v.length != 2 || v[0] < min || v[1] < min) {
      throw new IllegalArgumentException("Conv2d: " + name + " must be two integers >= " + min + ", got "
          + Arrays.toString(v));
    }
    return v.clone();
  }

  /** @throws IllegalArgumentException if the input's channels or size do not fit the layer */
  @Override
  public Tensor forward(Tensor input) {
    Tensor padded = padForMode(input);
    if (padded != null) {
      return Functional.conv2d(padded, tensor("weight"), tensor("bias"), stride, new int[2], dilation, groups);
    }
    return paddingString != null
        ? Functional.conv2d(input, tensor("weight"), tensor("bias"), stride, paddingString, dilation, groups)
        : Functional.conv2d(input, tensor("weight"), tensor("bias"), stride, padding, dilation, groups);
  }
}
