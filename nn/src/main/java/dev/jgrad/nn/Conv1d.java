package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;
import java.util.Objects;

/**
 * 1-D convolution, PyTorch's {@code nn.Conv1d(in_channels, out_channels, kernel_size, stride=1, padding=0,
 * dilation=1, groups=1, bias=True, padding_mode='zeros')}: input [N, C_in, L] (or unbatched [C_in, L]); output
 * [N, C_out, L_out] with L_out = ⌊(L + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1. Padding may also be
 * "valid" or "same" (stride 1 only). Weight [C_out, C_in / groups, K] and bias [C_out], initialised like PyTorch.
 *
 * <pre>{@code
 * new Conv1d(4, 8, 3).forward(Tensor.zeros(2, 4, 10)).shape();   // [2, 8, 8]
 * }</pre>
 */
public class Conv1d extends ConvNd {
  /** Stride 1, no padding, bias. */
  public Conv1d(int inChannels, int outChannels, int kernelSize) {
    this(inChannels, outChannels, kernelSize, 1, 0, 1, 1, true);
  }

  /** PyTorch's positional order with zero padding. */
  public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups,
      boolean bias) {
    this(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias, "zeros");
  }

  /**
   * Every option; {@code paddingMode} is "zeros", "reflect", "replicate" or "circular".
   *
   * @throws IllegalArgumentException if channels are not divisible by {@code groups}, a size is invalid, or the
   *     padding mode is unknown
   */
  public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation, int groups,
      boolean bias, String paddingMode) {
    super("Conv1d", inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, null,
        new int[] {dilation}, false, new int[1], groups, bias, paddingMode);
  }

  /** PyTorch's positional order with padding "same" or "valid". */
  public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, String padding, int dilation, int groups,
      boolean bias) {
    this(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias, "zeros");
  }

  /**
   * Every option with padding "same" or "valid".
   *
   * @throws IllegalArgumentException for another padding string, or "same" with a stride other than 1
   */
  public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, String padding, int dilation, int groups,
      boolean bias, String paddingMode) {
    super("Conv1d", inChannels, outChannels, new int[] {kernelSize}, new int[] {stride}, null,
        Objects.requireNonNull(padding, "padding"), new int[] {dilation}, false, new int[1], groups, bias, paddingMode);
  }

  /** @throws IllegalArgumentException if the input's rank, channels or length do not fit the layer */
  @Override
  public Tensor forward(Tensor input) {
    Tensor padded = padForMode(input);
    if (padded != null) {
      return Functional.conv1d(padded, tensor("weight"), tensor("bias"), stride, new int[1], dilation, groups);
    }
    return paddingString != null
        ? Functional.conv1d(input, tensor("weight"), tensor("bias"), stride, paddingString, dilation, groups)
        : Functional.conv1d(input, tensor("weight"), tensor("bias"), stride, padding, dilation, groups);
  }
}
