package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * x / (1 + |x|), PyTorch's {@code nn.Softsign}. Any shape; the output has the input's shape.
 */
public class Softsign extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return Functional.softsign(input);
  }
}
