package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * scale·(x > 0 ? x : alpha·(exp(x) − 1)) with alpha ≈ 1.6733 and scale ≈ 1.0507 (self-normalising), PyTorch's {@code nn.SELU}. Any shape; the output has the input's shape.
 */
public class SELU extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return Functional.selu(input);
  }
}
