package dev.jgrad.nn;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;

/**
 * Channel-wise dropout of [N, C, H, W] or [N, C, L], PyTorch's {@code nn.Dropout2d}: in training each channel of each
 * sample is zeroed with probability p and the rest scaled by 1/(1−p); inputs of other ranks are accepted with
 * PyTorch's warning (see {@link Functional#dropout2d}). The identity in eval mode. The mask is drawn from the global
 * generator (or the given one) exactly as PyTorch draws it, so a seeded run drops the same channels.
 */
public class Dropout2d extends Dropout {
  public Dropout2d() {
    this(0.5);
  }

  /** @throws IllegalArgumentException if {@code p} is outside [0, 1] */
  public Dropout2d(double p) {
    super(p);
  }

  /**
   * Dropout drawing its masks from {@code generator} (null: the global one).
   *
   * @throws IllegalArgumentException if {@code p} is outside [0, 1]
   */
  public Dropout2d(double p, Generator generator) {
    super(p, generator);
  }

  @Override
  public Tensor forward(Tensor input) {
    return Functional.dropout2d(input, p(), isTraining(), generator());
  }
}
