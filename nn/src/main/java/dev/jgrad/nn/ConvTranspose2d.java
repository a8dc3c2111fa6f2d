package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * Transposed 2-D convolution (the gradient of a convolution with respect to its input, a learned upsampling),
 * PyTorch's {@code nn.ConvTranspose2d(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0,
 * groups=1, bias=True, dilation=1)}: input [N, C_in, H, W] (or [C_in, H, W]); output [N, C_out, H_out, W_out] with
 * H_out = (H − 1)·stride − 2·padding + dilation·(kernel − 1) + output_padding + 1. Weight
 * [C_in, C_out / groups, kH, kW], bias [C_out], initialised like PyTorch (fan_in = C_out / groups · kH · kW).
 *
 * <pre>{@code
 * ConvTranspose2d up = new ConvTranspose2d(8, 4, 3, 2, 1, 1, 1, true, 1);
 * up.forward(Tensor.zeros(1, 8, 7, 7)).shape();                           // [1, 4, 14, 14]
 * up.forward(Tensor.zeros(1, 8, 7, 7), new int[] {13, 13}).shape();       // [1, 4, 13, 13]
 * }</pre>
 */
public class ConvTranspose2d extends ConvNd {
  /** A square kernel, stride 1, no padding, bias. */
  public ConvTranspose2d(int inChannels, int outChannels, int kernelSize) {
    this(inChannels, outChannels, kernelSize, 1, 0, 0, 1, true, 1);
  }

  /** Every option, square, in PyTorch's order. */
  public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int outputPadding,
      int groups, boolean bias, int dilation) {
    this(inChannels, outChannels, ConvNd.fill(kernelSize, 2), ConvNd.fill(stride, 2), ConvNd.fill(padding, 2),
        ConvNd.fill(outputPadding, 2), groups, bias, ConvNd.fill(dilation, 2));
  }

  /**
   * The general form; each int[] is {height, width}.
   *
   * @throws IllegalArgumentException if channels are not divisible by {@code groups} or a size is invalid
   */
  public ConvTranspose2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding,
      int[] outputPadding, int groups, boolean bias, int[] dilation) {
    super("ConvTranspose2d", inChannels, outChannels, Conv2d.pair("kernel_size", kernelSize, 1), stride, padding,
        null, dilation, true, outputPadding, groups, bias, "zeros");
  }

  /** @throws IllegalArgumentException if the input's rank or channels do not fit the layer */
  @Override
  public Tensor forward(Tensor input) {
    return Functional.convTranspose2d(input, tensor("weight"), tensor("bias"), stride, padding, outputPadding, groups, dilation);
  }

  /**
   * The transposed convolution with the output padding chosen so the spatial output size is {@code outputSize}
   * ({H, W}, or the whole output shape [N, C, H, W] / [C, H, W]); PyTorch's {@code forward(input, output_size)}.
   *
   * @throws IllegalArgumentException {@code requested an output size of [20, 20], but valid sizes range from [7, 7]
   *     to [7, 7]} when no output padding below the stride gives that size
   */
  public Tensor forward(Tensor input, int[] outputSize) {
    int nonSpatial = input.dim() == 4 ? 2 : 1;
    int[] size = outputSize.length == nonSpatial + 2
        ? Arrays.copyOfRange(outputSize, nonSpatial, outputSize.length) : outputSize;
    checkArgument(size.length == 2, "ConvTranspose2D: for %sD input, output_size must have 2 or %s elements (got %s)",
        input.dim(), nonSpatial + 2, outputSize.length);
    checkArgument(input.dim() >= 3, "ConvTranspose2d: Expected 3D (unbatched) or 4D (batched) input to "
        + "conv_transpose2d, but got input of size: %s", Arrays.toString(input.shape()));
    int[] min = new int[2];
    int[] max = new int[2];
    for (int d = 0; d < 2; d++) {
      min[d] = (input.size(input.dim() - 2 + d) - 1) * stride[d] - 2 * padding[d] + dilation[d] * (kernelSize[d] - 1)
          + 1;
      max[d] = min[d] + stride[d] - 1;
    }
    int[] extra = new int[2];
    for (int d = 0; d < 2; d++) {
      checkArgument(size[d] >= min[d] && size[d] <= max[d], "ConvTranspose2d: requested an output size of %s, but "
          + "valid sizes range from %s to %s (for an input of %s)", Arrays.toString(size), Arrays.toString(min),
          Arrays.toString(max), "torch.Size(" + Arrays.toString(Arrays.copyOfRange(input.shape(), input.dim() - 2,
              input.dim())) + ")");
      extra[d] = size[d] - min[d];
    }
    return Functional.convTranspose2d(input, tensor("weight"), tensor("bias"), stride, padding, extra, groups, dilation);
  }
}
