package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Applies max(0, x); the gradient at 0 is 0. PyTorch's {@code nn.ReLU}. Any shape; the output has the input's shape.
 *
 * <pre>{@code
 * new ReLU().forward(Tensor.of(-1f, 0f, 2f));
 * }</pre>
 */
public class ReLU extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return input.relu();
  }
}
