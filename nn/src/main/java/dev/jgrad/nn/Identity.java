package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Applies the input itself, unchanged (a placeholder, e.g. to switch a layer off). PyTorch's {@code nn.Identity}. Any shape; the output has the input's shape.
 *
 * <pre>{@code
 * new Identity().forward(Tensor.of(-1f, 0f, 2f));
 * }</pre>
 */
public class Identity extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return input;
  }
}
