package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * 2-D max pooling, PyTorch's {@code nn.MaxPool2d}: input [N, C, H, W] or [C, H, W]; the stride defaults to the kernel
 * size; padding is implicit −∞ and may be at most half the kernel. The gradient goes to the first maximum of each
 * window (in row-major window order), as in PyTorch.
 *
 * <pre>{@code
 * new MaxPool2d(2).forward(Tensor.zeros(1, 3, 28, 28)).shape();   // [1, 3, 14, 14]
 * }</pre>
 */
public class MaxPool2d extends Module {
  private final int[] kernelSize;
  private final int[] stride;
  private final int[] padding;
  private final int[] dilation;
  private final boolean ceilMode;
  private final String repr;

  /** A square window, stride = kernel size, no padding. */
  public MaxPool2d(int kernelSize) {
    this(kernelSize, kernelSize, 0);
  }

  public MaxPool2d(int kernelSize, int stride, int padding) {
    this(new int[] {kernelSize, kernelSize}, new int[] {stride, stride}, new int[] {padding, padding},
        new int[] {1, 1}, false, "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding
            + ", dilation=1, ceil_mode=False");
  }

  /**
   * The general form; each int[] is {height, width}; {@code stride} null means the kernel size.
   *
   * @throws IllegalArgumentException for sizes below 1 (0 for padding) or padding above half the kernel, in PyTorch's
   *     words ({@code kernel size should be greater than zero}, {@code pad must be non-negative}, ...)
   */
  public MaxPool2d(int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
    this(kernelSize, stride == null ? kernelSize : stride, padding, dilation, ceilMode, null);
  }

  private MaxPool2d(int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode, String repr) {
    checkWindow("MaxPool2d", kernelSize, stride, padding, dilation);
    this.kernelSize = kernelSize.clone();
    this.stride = stride.clone();
    this.padding = padding.clone();
    this.dilation = dilation.clone();
    this.ceilMode = ceilMode;
    this.repr = repr != null ? repr : "kernel_size=" + PyRepr.tuple(kernelSize) + ", stride=" + PyRepr.tuple(stride)
        + ", padding=" + PyRepr.tuple(padding) + ", dilation=" + PyRepr.tuple(dilation) + ", ceil_mode="
        + PyRepr.bool(ceilMode);
  }

  /**
   * Checks a 2-D pooling window ({height, width} each) with the words of PyTorch's pooling checks, which PyTorch runs
   * only when the layer first sees an input.
   */
  static void checkWindow(String layer, int[] kernelSize, int[] stride, int[] padding, int[] dilation) {
    String[] names = {"kernel_size", "stride", "padding", "dilation"};
    int[][] values = {kernelSize, stride, padding, dilation};
    for (int i = 0; i < names.length; i++) {
      checkArgument(values[i] != null && values[i].length == 2, "%s: %s must be two integers {height, width}, got %s",
          layer, names[i], Arrays.toString(values[i]));
    }
    checkArgument(kernelSize[0] > 0 && kernelSize[1] > 0,
        "%s: kernel size should be greater than zero, but got kH: %s kW: %s", layer, kernelSize[0], kernelSize[1]);
    checkArgument(stride[0] > 0 && stride[1] > 0, "%s: stride should be greater than zero, but got dH: %s dW: %s",
        layer, stride[0], stride[1]);
    checkArgument(dilation[0] > 0 && dilation[1] > 0,
        "%s: dilation should be greater than zero, but got dilationH: %s dilationW: %s", layer, dilation[0],
        dilation[1]);
    for (int pad : padding) {
      checkArgument(pad >= 0, "%s: pad must be non-negative, but got pad: %s", layer, pad);
    }
    Functional.checkPoolPadding(layer, kernelSize, padding);
  }

  /** The window {height, width}. */
  public int[] kernelSize() {
    return kernelSize.clone();
  }

  /** The steps {height, width} between windows. */
  public int[] stride() {
    return stride.clone();
  }

  /** The implicit padding {height, width} on each side. */
  public int[] padding() {
    return padding.clone();
  }

  /** Whether the output size rounds up. */
  public boolean ceilMode() {
    return ceilMode;
  }

  /** The spacing {height, width} between window elements. */
  public int[] dilation() {
    return dilation.clone();
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.maxPool2d(input, kernelSize, stride, padding, dilation, ceilMode);
  }

  @Override
  protected String extraRepr() {
    return repr;
  }
}
