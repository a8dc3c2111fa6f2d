package dev.jgrad.nn;

/**
 * Zero padding of the last two dims, PyTorch's {@code nn.ZeroPad2d(padding)}: one int for all sides or
 * {left, right, top, bottom}; negative amounts crop.
 *
 * <pre>{@code
 * new ZeroPad2d(1).forward(Tensor.ones(1, 1, 2, 2)).shape();   // [1, 1, 4, 4]
 * }</pre>
 */
public class ZeroPad2d extends Pad2d {
  public ZeroPad2d(int padding) {
    super("ZeroPad2d", new int[] {padding}, "constant", 0);
  }

  public ZeroPad2d(int left, int right, int top, int bottom) {
    super("ZeroPad2d", new int[] {left, right, top, bottom}, "constant", 0);
  }
}
