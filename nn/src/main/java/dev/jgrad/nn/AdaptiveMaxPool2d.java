package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.ValuesAndIndices;

/**
 * 2-D adaptive max pooling, PyTorch's {@code nn.AdaptiveMaxPool2d(output_size, return_indices=False)}: the windows
 * of {@link AdaptiveAvgPool2d}, the maximum of each (a NaN wins; the gradient goes to the first maximum).
 * {@link #forward} returns the values; {@link #forwardWithIndices} also the int64 flat indices (h·W + w) that
 * {@code return_indices=True} gives in PyTorch.
 */
public class AdaptiveMaxPool2d extends Module {
  private final Integer outH;
  private final Integer outW;
  private final boolean returnIndices;
  private final String repr;

  /** A square output. */
  public AdaptiveMaxPool2d(int outputSize) {
    this(outputSize, false);
  }

  public AdaptiveMaxPool2d(int outputSize, boolean returnIndices) {
    this(outputSize, outputSize, returnIndices, "output_size=" + outputSize);
  }

  /** The output {outH, outW}; null keeps that dim's input size. */
  public AdaptiveMaxPool2d(Integer outH, Integer outW, boolean returnIndices) {
    this(outH, outW, returnIndices, "output_size=(" + outH + ", " + outW + ")");
  }

  private AdaptiveMaxPool2d(Integer outH, Integer outW, boolean returnIndices, String repr) {
    checkSize("AdaptiveMaxPool2d", outH, outW);
    this.outH = outH;
    this.outW = outW;
    this.returnIndices = returnIndices;
    this.repr = repr.replace("null", "None");
  }

  static void checkSize(String layer, Integer outH, Integer outW) {
    checkArgument((outH == null || outH >= 0) && (outW == null || outW >= 0),
        "%s: elements of output_size must be greater than or equal to 0 but received {%s, %s}", layer, outH, outW);
  }

  /** The pooled values (also when {@code returnIndices}: use {@link #forwardWithIndices} for the indices). */
  @Override
  public Tensor forward(Tensor input) {
    return forwardWithIndices(input).values();
  }

  /** The pooled values and the int64 flat index of each maximum within its plane. */
  public ValuesAndIndices forwardWithIndices(Tensor input) {
    return Functional.adaptiveMaxPool2dWithIndices(input, outH, outW);
  }

  /** Whether the layer was built with {@code return_indices=True}, PyTorch's flag (see {@link #forwardWithIndices}). */
  public boolean returnIndices() {
    return returnIndices;
  }

  @Override
  protected String extraRepr() {
    return repr;
  }
}
