package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Cosine similarity of two inputs along {@code dim}, PyTorch's {@code nn.CosineSimilarity} (dim 1, eps 1e-8): each
 * input is divided by max(its L2 norm, eps) and the products are summed; inputs broadcast.
 *
 * <pre>{@code
 * new CosineSimilarity().forward(Tensor.randn(4, 8), Tensor.randn(4, 8)).shape();   // [4]
 * }</pre>
 */
public class CosineSimilarity extends Module {
  private final int dim;
  private final double eps;

  public CosineSimilarity() {
    this(1, 1e-8);
  }

  public CosineSimilarity(int dim, double eps) {
    this.dim = dim;
    this.eps = eps;
  }

  /** CosineSimilarity takes two inputs; use {@link #forward(Tensor, Tensor)}. */
  @Override
  public Tensor forward(Tensor input) {
    throw new UnsupportedOperationException("CosineSimilarity: forward takes two inputs, use forward(x1, x2)");
  }

  /**
   * @throws IllegalArgumentException if the shapes do not broadcast
   * @throws IndexOutOfBoundsException if dim is out of range
   */
  public Tensor forward(Tensor x1, Tensor x2) {
    return Functional.cosineSimilarity(x1, x2, dim, eps);
  }
}
