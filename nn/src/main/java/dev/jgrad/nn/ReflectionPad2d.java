package dev.jgrad.nn;

/**
 * Reflection padding of the last two dims (the edge is not repeated: [1, 2, 3] padded by 2 on the left is
 * [3, 2, 1, 2, 3]), PyTorch's {@code nn.ReflectionPad2d(padding)}: one int or {left, right, top, bottom}, each less
 * than the size it pads. Input [N, C, H, W] or [C, H, W].
 */
public class ReflectionPad2d extends Pad2d {
  public ReflectionPad2d(int padding) {
    super("ReflectionPad2d", new int[] {padding}, "reflect", 0);
  }

  public ReflectionPad2d(int left, int right, int top, int bottom) {
    super("ReflectionPad2d", new int[] {left, right, top, bottom}, "reflect", 0);
  }
}
