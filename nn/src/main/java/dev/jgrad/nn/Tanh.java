package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Applies the hyperbolic tangent. PyTorch's {@code nn.Tanh}. Any shape; the output has the input's shape.
 *
 * <pre>{@code
 * new Tanh().forward(Tensor.of(-1f, 0f, 2f));
 * }</pre>
 */
public class Tanh extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return input.tanh();
  }
}
