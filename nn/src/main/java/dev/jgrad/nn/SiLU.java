package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Applies x·sigmoid(x) (swish). PyTorch's {@code nn.SiLU}. Any shape; the output has the input's shape.
 *
 * <pre>{@code
 * new SiLU().forward(Tensor.of(-1f, 0f, 2f));
 * }</pre>
 */
public class SiLU extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return Functional.silu(input);
  }
}
