package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;

/**
 * Splits dim {@code dim} into {@code unflattenedSize}, PyTorch's {@code nn.Unflatten} (the inverse of
 * {@link Flatten}); one size may be −1 and is inferred. The result is a view.
 *
 * <pre>{@code
 * new Unflatten(1, 2, 3).forward(Tensor.zeros(4, 6)).shape();   // [4, 2, 3]
 * }</pre>
 */
public class Unflatten extends Module {
  private final int dim;
  private final int[] unflattenedSize;

  /** @throws IllegalArgumentException {@code unflatten: sizes must be non-empty} */
  public Unflatten(int dim, int... unflattenedSize) {
    checkArgument(unflattenedSize != null && unflattenedSize.length > 0, "Unflatten: sizes must be non-empty");
    this.dim = dim;
    this.unflattenedSize = unflattenedSize.clone();
  }

  /**
   * @throws IllegalArgumentException {@code unflatten: Provided sizes [2, 4] don't multiply up to the size of dim 1
   *     (3) in the input tensor}, or a dim out of range
   */
  @Override
  public Tensor forward(Tensor input) {
    return input.unflatten(dim, unflattenedSize);
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim + ", unflattened_size=" + PyRepr.tuple(unflattenedSize);
  }
}
