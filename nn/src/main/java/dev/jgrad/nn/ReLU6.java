package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * min(max(x, 0), 6): {@code hardtanh(x, 0, 6)}, whose gradient is 0 at 0 and 6, PyTorch's {@code nn.ReLU6}. Any shape; the output has the input's shape.
 *
 * <pre>{@code
 * new ReLU6().forward(Tensor.of(-1f, 3f, 7f));   // tensor([0., 3., 6.])
 * }</pre>
 */
public class ReLU6 extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return Functional.relu6(input);
  }
}
