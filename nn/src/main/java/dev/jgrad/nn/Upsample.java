package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Upsampling, PyTorch's {@code nn.Upsample(size=None, scale_factor=None, mode='nearest', align_corners=None)}: the
 * layer form of {@link Functional#interpolate}. A one-element {@code size} or {@code scaleFactor} applies to every
 * spatial dim (PyTorch's single int or float).
 *
 * <pre>{@code
 * new Upsample(null, new double[] {2}, "nearest", null).forward(Tensor.zeros(1, 3, 4, 4)).shape();   // [1, 3, 8, 8]
 * }</pre>
 */
public class Upsample extends Module {
  private final int[] size;
  private final double[] scaleFactor;
  private final String mode;
  private final Boolean alignCorners;

  /** Nearest-neighbour upsampling by {@code scaleFactor} in every spatial dim. */
  public Upsample(double scaleFactor) {
    this(null, new double[] {scaleFactor}, "nearest", null);
  }

  /**
   * The general form; exactly one of {@code size} and {@code scaleFactor} must be given by the time the layer runs
   * (as in PyTorch, the constructor does not check).
   */
  public Upsample(int[] size, double[] scaleFactor, String mode, Boolean alignCorners) {
    this.size = size == null ? null : size.clone();
    this.scaleFactor = scaleFactor == null ? null : scaleFactor.clone();
    this.mode = mode;
    this.alignCorners = alignCorners;
  }

  /** @throws IllegalArgumentException with {@link Functional#interpolate}'s messages */
  @Override
  public Tensor forward(Tensor input) {
    return Functional.interpolate(input, size, scaleFactor, mode, alignCorners);
  }

  @Override
  protected String extraRepr() {
    String info;
    if (scaleFactor != null) {
      info = "scale_factor=" + (scaleFactor.length == 1 ? PyRepr.of(scaleFactor[0])
          : Arrays.stream(scaleFactor).mapToObj(PyRepr::of).collect(Collectors.joining(", ", "(", ")")));
    } else {
      info = "size=" + (size == null ? "None" : size.length == 1 ? Integer.toString(size[0]) : PyRepr.tuple(size));
    }
    return info + ", mode=" + mode;
  }
}
