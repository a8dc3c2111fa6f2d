package dev.jgrad.nn;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;

/**
 * Alpha dropout of whole channels of [N, C, *], PyTorch's {@code nn.FeatureAlphaDropout}: in training each channel of
 * each sample is set to SELU's negative saturation value with probability p, then an affine map keeps the input's mean
 * and variance. The identity in eval mode. The mask is drawn from the global generator (or the given one) exactly as
 * PyTorch draws it, so a seeded run drops the same channels.
 */
public class FeatureAlphaDropout extends Dropout {
  public FeatureAlphaDropout() {
    this(0.5);
  }

  /** @throws IllegalArgumentException if {@code p} is outside [0, 1] */
  public FeatureAlphaDropout(double p) {
    super(p);
  }

  /**
   * Dropout drawing its masks from {@code generator} (null: the global one).
   *
   * @throws IllegalArgumentException if {@code p} is outside [0, 1]
   */
  public FeatureAlphaDropout(double p, Generator generator) {
    super(p, generator);
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.featureAlphaDropout(input, p(), isTraining(), generator());
  }
}
