package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * 1-D average pooling, PyTorch's {@code nn.AvgPool1d(kernel_size, stride=None, padding=0, ceil_mode=False,
 * count_include_pad=True)}: input [N, C, L] or [C, L]; the stride defaults to the kernel size.
 *
 * <pre>{@code
 * new AvgPool1d(2).forward(Tensor.ones(1, 1, 4));   // [1, 1, 2] of ones
 * }</pre>
 */
public class AvgPool1d extends Module {
  private final int kernelSize;
  private final int stride;
  private final int padding;
  private final boolean ceilMode;
  private final boolean countIncludePad;

  /** Stride = kernel size, no padding. */
  public AvgPool1d(int kernelSize) {
    this(kernelSize, null, 0, false, true);
  }

  /**
   * Every option in PyTorch's order; {@code stride} null means the kernel size.
   *
   * @throws IllegalArgumentException for sizes below 1 (0 for padding) or padding above half the kernel
   */
  public AvgPool1d(int kernelSize, Integer stride, int padding, boolean ceilMode, boolean countIncludePad) {
    this.kernelSize = ConvNd.tuple("AvgPool1d", "kernel_size", new int[] {kernelSize}, 1, 1)[0];
    this.stride = ConvNd.tuple("AvgPool1d", "stride", new int[] {stride == null ? kernelSize : stride}, 1, 1)[0];
    this.padding = ConvNd.tuple("AvgPool1d", "padding", new int[] {padding}, 1, 0)[0];
    this.ceilMode = ceilMode;
    this.countIncludePad = countIncludePad;
    Functional.checkPoolPadding("AvgPool1d", new int[] {kernelSize, kernelSize}, new int[] {padding, padding});
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

  /** Whether the padding counts in each average's divisor. */
  public boolean countIncludePad() {
    return countIncludePad;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.avgPool1d(input, kernelSize, stride, padding, ceilMode, countIncludePad);
  }

  @Override
  protected String extraRepr() {
    return "kernel_size=" + PyRepr.tuple(kernelSize) + ", stride=" + PyRepr.tuple(stride) + ", padding="
        + PyRepr.tuple(padding);
  }
}
