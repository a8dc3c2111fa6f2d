package dev.jgrad.optim;

import dev.jgrad.autograd.Tensor;
import java.util.List;

/** Stochastic gradient descent, p = p - lr * grad (minimal form). */
public class SGD extends Optimizer {
  private final double lr;

  public SGD(List<Tensor> params, double lr) {
    super(params);
    if (lr < 0) {
      throw new IllegalArgumentException("Invalid learning rate: " + lr);
    }
    this.lr = lr;
  }

  public SGD(Tensor param, double lr) {
    this(List.of(param), lr);
  }

  @Override
  protected void update() {
    for (Tensor p : params) {
      if (p.grad() != null) {
        p.sub_(p.grad().mul(lr));
      }
    }
  }
}
