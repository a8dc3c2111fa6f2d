package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * 1-D max pooling, PyTorch's {@code nn.MaxPool1d(kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False)}:
 * input [N, C, L] or [C, L]; the stride defaults to the kernel size; padding is implicit −∞ and at most half the
 * kernel.
 *
 * <pre>{@code
 * new MaxPool1d(2).forward(Tensor.zeros(1, 3, 10)).shape();   // [1, 3, 5]
 * }</pre>
 */
public class MaxPool1d extends Module {
  private final int kernelSize;
  private final int stride;
  private final int padding;
  private final int dilation;
  private final boolean ceilMode;

  /** Stride = kernel size, no padding. */
  public MaxPool1d(int kernelSize) {
    this(kernelSize, null, 0, 1, false);
  }

  /**
   * Every option in PyTorch's order; {@code stride} null means the kernel size.
   *
   * @throws IllegalArgumentException for sizes below 1 (0 for padding) or padding above half the kernel
   */
  public MaxPool1d(int kernelSize, Integer stride, int padding, int dilation, boolean ceilMode) {
    this.kernelSize = ConvNd.tuple("MaxPool1d", "kernel_size", new int[] {kernelSize}, 1, 1)[0];
    this.stride = ConvNd.tuple("MaxPool1d", "stride", new int[] {stride == null ? kernelSize : stride}, 1, 1)[0];
    this.padding = ConvNd.tuple("MaxPool1d", "padding", new int[] {padding}, 1, 0)[0];
    this.dilation = ConvNd.tuple("MaxPool1d", "dilation", new int[] {dilation}, 1, 1)[0];
    this.ceilMode = ceilMode;
    Functional.checkPoolPadding("MaxPool1d", new int[] {kernelSize, kernelSize}, new int[] {padding, padding});
  }

  /** The window length. */
  public int kernelSize() {
    return kernelSize;
  }

  /** The step between windows. */
  public int stride() {
    return stride;
  }

  /** The implicit padding on each side. */
  public int padding() {
    return padding;
  }

  /** Whether the output length rounds up. */
  public boolean ceilMode() {
    return ceilMode;
  }

  /** The spacing between window elements. */
  public int dilation() {
    return dilation;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.maxPool1d(input, kernelSize, stride, padding, dilation, ceilMode);
  }

  @Override
  protected String extraRepr() {
    return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding + ", dilation=" + dilation
        + ", ceil_mode=" + PyRepr.bool(ceilMode);
  }
}
