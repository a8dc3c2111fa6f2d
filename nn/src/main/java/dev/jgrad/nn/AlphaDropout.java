package dev.jgrad.nn;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;

/**
 * Alpha dropout for SELU networks, PyTorch's {@code nn.AlphaDropout}: in training each element is set to SELU's
 * negative saturation value with probability p, then an affine map keeps the input's mean and variance. The identity
 * in eval mode. The mask is drawn from the global generator (or the given one) exactly as PyTorch draws it, so a
 * seeded run drops the same elements.
 */
public class AlphaDropout extends Dropout {
  public AlphaDropout() {
    this(0.5);
  }

  /** @throws IllegalArgumentException if {@code p} is outside [0, 1] */
  public AlphaDropout(double p) {
    super(p);
  }

  /**
   * Dropout drawing its masks from {@code generator} (null: the global one).
   *
   * @throws IllegalArgumentException if {@code p} is outside [0, 1]
   */
  public AlphaDropout(double p, Generator generator) {
    super(p, generator);
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.alphaDropout(input, p(), isTraining(), generator());
  }
}
