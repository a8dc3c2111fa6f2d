package dev.jgrad.optim;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.util.List;

/**
 * Base of every optimizer (minimal form; the optim module completes it with param groups and state).
 * {@link #step()} and {@link #zeroGrad()} run under {@link Autograd#noGrad()}.
 */
public abstract class Optimizer {
  protected final List<Tensor> params;

  protected Optimizer(List<Tensor> params) {
    if (params.isEmpty()) {
      throw new IllegalArgumentException("optimizer got an empty parameter list");
    }
    this.params = List.copyOf(params);
  }

  /** Updates every parameter that has a gradient. */
  public final void step() {
    try (var g = Autograd.noGrad()) {
      update();
    }
  }

  protected abstract void update();

  /** Sets every gradient to null (PyTorch 2's default). */
  public void zeroGrad() {
    zeroGrad(true);
  }

  /** Sets gradients to null, or zeroes them in place when {@code setToNone} is false. */
  public void zeroGrad(boolean setToNone) {
    try (var g = Autograd.noGrad()) {
      for (Tensor p : params) {
        if (p.grad() != null) {
          if (setToNone) {
            p.setGrad(null);
          } else {
            p.grad().zero_();
          }
        }
      }
    }
  }
}
