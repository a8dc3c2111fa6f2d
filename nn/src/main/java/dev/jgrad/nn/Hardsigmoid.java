package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * min(max(x + 3, 0), 6) / 6, PyTorch's {@code nn.Hardsigmoid}. Any shape; the output has the input's shape.
 */
public class Hardsigmoid extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return Functional.hardsigmoid(input);
  }
}
