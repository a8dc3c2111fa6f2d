package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * 2-D average pooling, PyTorch's {@code nn.AvgPool2d}: input [N, C, H, W] or [C, H, W]; the stride defaults to the
 * kernel size; zero padding counts in the average unless {@code countIncludePad} is false.
 *
 * <pre>{@code
 * new AvgPool2d(2).forward(Tensor.ones(1, 1, 4, 4));   // [1, 1, 2, 2] of ones
 * }</pre>
 */
public class AvgPool2d extends Module {
  private final int[] kernelSize;
  private final int[] stride;
  private final int[] padding;
  private final boolean ceilMode;
  private final boolean countIncludePad;
  private final String repr;

  /** A square window, stride = kernel size, no padding. */
  public AvgPool2d(int kernelSize) {
    this(kernelSize, kernelSize, 0);
  }

  public AvgPool2d(int kernelSize, int stride, int padding) {
    this(new int[] {kernelSize, kernelSize}, new int[] {stride, stride}, new int[] {padding, padding}, false, true,
        "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding);
  }

  /**
   * The general form; each int[] is {height, width}; {@code stride} null means the kernel size.
   *
   * @throws IllegalArgumentException for sizes below 1 (0 for padding) or padding above half the kernel, in PyTorch's
   *     words ({@code kernel size should be greater than zero}, {@code pad must be non-negative}, ...)
   */
  public AvgPool2d(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
    this(kernelSize, stride == null ? kernelSize : stride, padding, ceilMode, countIncludePad, null);
  }

  private AvgPool2d(int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad,
      String repr) {
    MaxPool2d.checkWindow("AvgPool2d", kernelSize, stride, padding, new int[] {1, 1});
    this.kernelSize = kernelSize.clone();
    this.stride = stride.clone();
    this.padding = padding.clone();
    this.ceilMode = ceilMode;
    this.countIncludePad = countIncludePad;
    this.repr = repr != null ? repr : "kernel_size=" + PyRepr.tuple(kernelSize) + ", stride=" + PyRepr.tuple(stride)
        + ", padding=" + PyRepr.tuple(padding);
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

  /** Whether the padding counts in each average's divisor. */
  public boolean countIncludePad() {
    return countIncludePad;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.avgPool2d(input, kernelSize, stride, padding, ceilMode, countIncludePad);
  }

  @Override
  protected String extraRepr() {
    return repr;
  }
}
