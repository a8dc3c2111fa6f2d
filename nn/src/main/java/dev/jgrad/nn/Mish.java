package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * x·tanh(softplus(x)), PyTorch's {@code nn.Mish}. Any shape; the output has the input's shape.
 */
public class Mish extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return Functional.mish(input);
  }
}
