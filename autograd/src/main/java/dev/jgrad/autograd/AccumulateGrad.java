package dev.jgrad.autograd;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The node that ends every path into a leaf that requires grad: it runs the leaf's hooks and adds the incoming
 * gradient into {@link Tensor#grad()}. PyTorch shows it in {@code next_functions} as {@code AccumulateGrad}.
 */
final class AccumulateGrad extends Node {
  final Tensor variable;

  AccumulateGrad(Tensor variable) {
    this.variable = variable;
  }

  @Override
  public String name() {
    return "AccumulateGrad";
  }

  /** The leaf this node accumulates into. */
  public Tensor variable() {
    return variable;
  }

  @Override
  protected Tensor[] apply(Tensor grad) {
    throw new UnsupportedOperationException("AccumulateGrad is handled by the engine");
  }

  static Tensor runHooks(List<UnaryOperator<Tensor>> hooks, Tensor grad) {
    if (hooks != null) {
      for (UnaryOperator<Tensor> hook : hooks) {
        Tensor replaced = hook.apply(grad);
        if (replaced != null) {
          grad = replaced;
        }
      }
    }
    return grad;
  }

  /** Adds {@code grad} into the leaf's {@code .grad}; the first gradient is copied so the leaf owns it. */
  void accumulate(Tensor grad, boolean createGraph) {
    Tensor current = variable.grad;
    if (createGraph) {
      variable.grad = current == null ? grad.contiguousCopyKeepingGraph() : current.add(grad);
    } else if (current == null) {
      variable.grad = grad.detachedContiguousCopy();
    } else if (current.requiresGrad) {
      variable.grad = Autograd.noGrad(() -> current.add(grad));
    } else {
      current.addInPlaceUnchecked(grad);
    }
  }
}
