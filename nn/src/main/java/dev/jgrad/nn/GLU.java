package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Gated linear unit a·sigmoid(b), where a and b are the two halves of the input along {@code dim}, PyTorch's
 * {@code nn.GLU} (default dim −1). The size of {@code dim} must be even; the output has half of it.
 *
 * <pre>{@code
 * new GLU().forward(Tensor.randn(4, 6));   // [4, 3]
 * }</pre>
 */
public class GLU extends Module {
  private final int dim;

  public GLU() {
    this(-1);
  }

  public GLU(int dim) {
    this.dim = dim;
  }

  public int dim() {
    return dim;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.glu(input, dim);
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim;
  }
}
