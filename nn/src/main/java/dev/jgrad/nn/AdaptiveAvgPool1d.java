package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * 1-D adaptive average pooling, PyTorch's {@code nn.AdaptiveAvgPool1d(output_size)}: [N, C, L] or [C, L] to
 * [N, C, output_size]; output i averages [⌊i·L/out⌋, ⌈(i + 1)·L/out⌉).
 */
public class AdaptiveAvgPool1d extends Module {
  private final int outputSize;

  public AdaptiveAvgPool1d(int outputSize) {
    this.outputSize = ConvNd.tuple("AdaptiveAvgPool1d", "output_size", new int[] {outputSize}, 1, 0)[0];
  }

  /** The output length. */
  public int outputSize() {
    return outputSize;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.adaptiveAvgPool1d(input, outputSize);
  }

  @Override
  protected String extraRepr() {
    return "output_size=" + outputSize;
  }
}
