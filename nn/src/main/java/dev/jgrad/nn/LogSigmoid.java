package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * log(sigmoid(x)), computed as min(x, 0) − log1p(exp(−|x|)) so that neither sign overflows, PyTorch's {@code nn.LogSigmoid}. Any shape; the output has the input's shape.
 */
public class LogSigmoid extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return Functional.logSigmoid(input);
  }
}
