package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * 2-D adaptive average pooling, PyTorch's {@code nn.AdaptiveAvgPool2d(output_size)}: [N, C, H, W] or [C, H, W] to
 * [N, C, outH, outW]; a null size keeps the input's. Output i along a dim of size in averages
 * [⌊i·in/out⌋, ⌈(i + 1)·in/out⌉).
 *
 * <pre>{@code
 * new AdaptiveAvgPool2d(1).forward(Tensor.zeros(2, 8, 7, 7)).shape();          // [2, 8, 1, 1]: global average
 * new AdaptiveAvgPool2d(3, null).forward(Tensor.zeros(2, 8, 7, 5)).shape();    // [2, 8, 3, 5]
 * }</pre>
 */
public class AdaptiveAvgPool2d extends Module {
  private final Integer outH;
  private final Integer outW;
  private final String repr;

  /** A square output. */
  public AdaptiveAvgPool2d(int outputSize) {
    this(outputSize, outputSize, "output_size=" + outputSize);
  }

  /** The output {outH, outW}; null keeps that dim's input size. */
  public AdaptiveAvgPool2d(Integer outH, Integer outW) {
    this(outH, outW, "output_size=(" + outH + ", " + outW + ")");
  }

  private AdaptiveAvgPool2d(Integer outH, Integer outW, String repr) {
    AdaptiveMaxPool2d.checkSize("AdaptiveAvgPool2d", outH, outW);
    this.outH = outH;
    this.outW = outW;
    this.repr = repr.replace("null", "None");
  }

  /** The output height, or null to keep the input's. */
  public Integer outputHeight() {
    return outH;
  }

  /** The output width, or null to keep the input's. */
  public Integer outputWidth() {
    return outW;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.adaptiveAvgPool2d(input, outH, outW);
  }

  @Override
  protected String extraRepr() {
    return repr;
  }
}
