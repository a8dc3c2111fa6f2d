package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * x·min(max(x + 3, 0), 6) / 6, PyTorch's {@code nn.Hardswish}. Any shape; the output has the input's shape.
 */
public class Hardswish extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return Functional.hardswish(input);
  }
}
