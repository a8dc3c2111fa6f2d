package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Applies 1 / (1 + e^−x). PyTorch's {@code nn.Sigmoid}. Any shape; the output has the input's shape.
 *
 * <pre>{@code
 * new Sigmoid().forward(Tensor.of(-1f, 0f, 2f));
 * }</pre>
 */
public class Sigmoid extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return input.sigmoid();
  }
}
