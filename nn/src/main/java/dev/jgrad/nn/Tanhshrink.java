package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * x − tanh(x), PyTorch's {@code nn.Tanhshrink}. Any shape; the output has the input's shape.
 */
public class Tanhshrink extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return Functional.tanhshrink(input);
  }
}
