package dev.jgrad.nn;

/**
 * Constant padding of the last two dims, PyTorch's {@code nn.ConstantPad2d(padding, value)}: one int for all sides
 * or {left, right, top, bottom}; negative amounts crop.
 */
public class ConstantPad2d extends Pad2d {
  private final double value;

  public ConstantPad2d(int padding, double value) {
    super("ConstantPad2d", new int[] {padding}, "constant", value);
    this.value = value;
  }

  public ConstantPad2d(int[] padding, double value) {
    super("ConstantPad2d", padding, "constant", value);
    this.value = value;
  }

  @Override
  protected String extraRepr() {
    return "padding=" + PyRepr.tuple(padding) + ", value=" + PyRepr.of(value);
  }
}
