package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * A loss function, PyTorch's {@code nn._Loss}: {@code loss.forward(prediction, target)} returns a 0-dim tensor
 * (or per-element losses with {@link Reduction#NONE}) whose {@code backward()} fills the model's gradients.
 *
 * <pre>{@code
 * Loss loss = new CrossEntropyLoss();
 * Tensor l = loss.forward(model.forward(x), labels);   // labels: int64 class indices of shape [N]
 * l.backward();
 * }</pre>
 */
public abstract class Loss {
  private final Reduction reduction;

  protected Loss(Reduction reduction) {
    if (reduction == null) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": reduction must not be null");
    }
    this.reduction = reduction;
  }

  /**
   * Computes the loss.
   *
   * @param input the prediction
   * @param target what the prediction should be; each loss documents the shape and dtype it expects
   */
  public abstract Tensor forward(Tensor input, Tensor target);

  public Reduction reduction() {
    return reduction;
  }

  /** Like PyTorch's repr of a loss module, e.g. {@code MSELoss()}. */
  @Override
  public String toString() {
    return getClass().getSimpleName() + "()";
  }
}
