package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;

/**
 * What the 2-D padding layers share: the amounts {left, right, top, bottom} (one int means all four), the mode and
 * the forward through {@link Functional#pad}.
 */
abstract class Pad2d extends Module {
  final int[] padding;
  private final String mode;
  private final double value;

  Pad2d(String layer, int[] padding, String mode, double value) {
    checkArgument(padding != null && (padding.length == 1 || padding.length == 4),
        "%s: padding must be one int or four (left, right, top, bottom), got %s", layer,
        padding == null ? "null" : java.util.Arrays.toString(padding));
    this.padding = padding.length == 1 ? ConvNd.fill(padding[0], 4) : padding.clone();
    this.mode = mode;
    this.value = value;
  }

  /** [N, C, H, W] or [C, H, W] padded on the last two dims. */
  @Override
  public Tensor forward(Tensor input) {
    return mode.equals("constant") ? Functional.pad(input, padding, mode, value) : Functional.pad(input, padding, mode);
  }

  @Override
  protected String extraRepr() {
    return PyRepr.tuple(padding);
  }
}
