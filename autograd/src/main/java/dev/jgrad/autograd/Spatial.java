package dev.jgrad.autograd;

import dev.jgrad.autograd.ops.Conv;
import dev.jgrad.autograd.ops.Pooling;
import dev.jgrad.autograd.ops.Resampling;
import dev.jgrad.autograd.ops.Shaping;

/**
 * The ops over the spatial (trailing) dims of [N, C, ...] tensors beyond {@link Tensor#conv2d}, {@link
 * Tensor#maxPool2d} and {@link Tensor#avgPool2d}: 1-D and string-padded convolution, transposed convolution,
 * adaptive pooling, padding modes, interpolation and pixel shuffling, with PyTorch's semantics, messages and grad_fn
 * names. nn's {@code Functional} and layers are built on these.
 *
 * <pre>{@code
 * Tensor y = Spatial.conv2d(x, w, b, new int[] {1, 1}, "same", new int[] {1, 1}, 1);   // keeps H and W
 * Tensor up = Spatial.interpolate(y, null, new double[] {2, 2}, "bilinear", false);
 * }</pre>
 */
public final class Spatial {
  private Spatial() {}

  /**
   * 1-D convolution (cross-correlation) of input [N, C_in, L] (or [C_in, L]) with weight [C_out, C_in/groups, K] and
   * bias [C_out] or null; options are arrays of one value.
   *
   * @throws IllegalArgumentException with PyTorch's messages for a wrong rank, mismatched channels, groups, bias,
   *     non-positive stride/dilation/groups, negative padding, or a kernel larger than the padded input
   */
  public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
      int groups) {
    return Conv.convolution(1, input, weight, bias, stride, padding, dilation, groups);
  }

  /** {@link #conv1d(Tensor, Tensor, Tensor, int[], int[], int[], int)} with padding "same" or "valid". */
  public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation,
      int groups) {
    return Conv.convolution(1, input, weight, bias, stride, padding, dilation, groups);
  }

  /**
   * {@link Tensor#conv2d(Tensor, Tensor, int[], int[], int[], int)} with padding "valid" (none) or "same" (the output
   * keeps the input's size; stride 1 only; an odd total padding puts the extra element at the end, as PyTorch).
   *
   * @throws IllegalArgumentException {@code Invalid padding string: 'foo'}, {@code padding='same' is not supported
   *     for strided convolutions}, and the messages of the numeric form
   */
  public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, String padding,
      int[] dilation, int groups) {
    return Conv.convolution(2, input, weight, bias, stride, padding, dilation, groups);
  }

  /**
   * Transposed 1-D convolution: input [N, C_in, L] (or [C_in, L]), weight [C_in, C_out/groups, K], bias [C_out] or
   * null; output length (L − 1)·stride − 2·padding + dilation·(K − 1) + outputPadding + 1.
   */
  public static Tensor convTranspose1d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
      int[] outputPadding, int groups, int[] dilation) {
    return Conv.convTranspose(1, input, weight, bias, stride, padding, outputPadding, groups, dilation);
  }

  /**
   * Transposed 2-D convolution (the gradient of conv2d with respect to its input), PyTorch's argument order:
   * input [N, C_in, H, W] (or [C_in, H, W]), weight [C_in, C_out/groups, kH, kW], bias [C_out] or null; output
   * H_out = (H − 1)·stride − 2·padding + dilation·(kH − 1) + outputPadding + 1. Pairs are {height, width}.
   *
   * @throws IllegalArgumentException with PyTorch's messages, e.g. {@code output padding must be smaller than either
   *     stride or dilation}
   */
  public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
      int[] outputPadding, int groups, int[] dilation) {
    return Conv.convTranspose(2, input, weight, bias, stride, padding, outputPadding, groups, dilation);
  }

  /**
   * Mean over adaptive windows of [N, C, H, W] or [C, H, W] to {@code outputSize} {oh, ow}: window i along a dim of
   * size in covers [⌊i·in/out⌋, ⌈(i + 1)·in/out⌉).
   */
  public static Tensor adaptiveAvgPool2d(Tensor input, int[] outputSize) {
    return Pooling.adaptiveAvgPool2d(input, outputSize);
  }

  /** Max over the windows of {@link #adaptiveAvgPool2d}, with the int64 flat index (h·W + w) of each maximum. */
  public static ValuesAndIndices adaptiveMaxPool2d(Tensor input, int[] outputSize) {
    return Pooling.adaptiveMaxPool2d(input, outputSize);
  }

  /**
   * PyTorch's {@code F.pad}: {@code pad = {left, right, top, bottom, front, back}} pads the last dim, then the one
   * before, and so on. Mode "constant" pads any number of dims with {@code value} (null: 0) and crops with negative
   * amounts; "reflect", "replicate" and "circular" pad the last 1, 2 or 3 dims of an input with one or two more dims
   * (circular: two, the batch and channel dims) and take no value.
   *
   * @throws IllegalArgumentException with PyTorch's messages, e.g. {@code Padding size should be less than the
   *     corresponding input dimension} for reflect
   */
  public static Tensor pad(Tensor input, int[] pad, String mode, Double value) {
    return Shaping.pad(input, pad, mode, value);
  }

  /**
   * PyTorch's {@code F.interpolate} for [N, C, L] (modes nearest, linear) and [N, C, H, W] (nearest, bilinear):
   * exactly one of {@code size} and {@code scaleFactor} (one value per spatial dim). With a scale factor the output
   * size is ⌊in·scale⌋ and the sampling uses 1/scale, as PyTorch does when {@code recompute_scale_factor} is not
   * set. {@code alignCorners} is null when not given (false); only the linear modes accept it.
   */
  public static Tensor interpolate(Tensor input, int[] size, double[] scaleFactor, String mode, Boolean alignCorners) {
    return Resampling.interpolate(input, size, scaleFactor, mode, alignCorners);
  }

  /** [*, C·r², H, W] to [*, C, H·r, W·r], PyTorch's {@code F.pixel_shuffle}. */
  public static Tensor pixelShuffle(Tensor input, int upscaleFactor) {
    return Resampling.pixelShuffle(input, upscaleFactor);
  }

  /** [*, C, H·r, W·r] to [*, C·r², H, W], PyTorch's {@code F.pixel_unshuffle}. */
  public static Tensor pixelUnshuffle(Tensor input, int downscaleFactor) {
    return Resampling.pixelUnshuffle(input, downscaleFactor);
  }
}
