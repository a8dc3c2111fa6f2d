package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

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
   * @throws IllegalArgumentException for sizes below 1 (0 for padding) or padding above half the kernel
   */
  public MaxPool2d(int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
    this(kernelSize, stride == null ? kernelSize : stride, padding, dilation, ceilMode, null);
  }

  private MaxPool2d(int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode, String repr) {
    this.kernelSize = Conv2d.pair("kernel_size", kernelSize, 1);
    this.stride = Conv2d.pair("stride", stride, 1);
    this.padding = Conv2d.pair("padding", padding, 0);
    this.dilation = Conv2d.pair("dilation", dilation, 1);
    this.ceilMode = ceilMode;
    Functional.checkPoolPadding("MaxPool2d", this.kernelSize, this.padding);
    this.repr = repr != null ? repr : "kernel_size=" + PyRepr.tuple(kernelSize) + ", stride=" + PyRepr.tuple(stride)
        + ", padding=" + PyRepr.tuple(padding) + ", dilation=" + PyRepr.tuple(dilation) + ", ceil_mode="
        + PyRepr.bool(ceilMode);
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
