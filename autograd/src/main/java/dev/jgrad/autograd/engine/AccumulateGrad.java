package dev.jgrad.autograd.engine;

import static dev.jgrad.autograd.access.TensorAccess.addInPlaceUnchecked;
import static dev.jgrad.autograd.access.TensorAccess.attach;
import static dev.jgrad.autograd.access.TensorAccess.detachedContiguousCopy;
import static dev.jgrad.autograd.access.TensorAccess.edgeOf;
import static dev.jgrad.autograd.access.TensorAccess.setGrad;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.autograd.Node;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.storage.Shapes;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The node that ends every path into a leaf that requires grad: it runs the leaf's hooks and adds the incoming
 * gradient into {@link Tensor#grad()}. PyTorch shows it in {@code next_functions} as {@code AccumulateGrad}.
 */
public final class AccumulateGrad extends Node {
  final Tensor variable;

  public AccumulateGrad(Tensor variable) {
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

  /** Runs tensor hooks in registration order; a hook returning a tensor replaces the gradient. */
  static Tensor runHooks(List<UnaryOperator<Tensor>> hooks, Tensor grad) {
    if (hooks != null && !hooks.isEmpty()) {
      if (hooks.size() == 1) {
        // The common case (an optimizer's bookkeeping hook): no copy needed to survive the hook removing itself.
        Tensor replaced = hooks.get(0).apply(grad);
        return replaced != null ? replaced : grad;
      }
      // A copy, so a hook may remove itself (or register another) while running.
      for (UnaryOperator<Tensor> hook : List.copyOf(hooks)) {
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
    accumulateInto(variable, grad, createGraph, false);
  }

  /**
   * As {@link #accumulate}, but a first gradient that the engine made in this pass and that nothing else references
   * ({@code stealable}) becomes {@code .grad} itself instead of a copy: PyTorch's AccumulateGrad "steals" a gradient
   * whose use count says nobody else holds it. Saves a copy of every weight gradient per training step.
   */
  void accumulate(Tensor grad, boolean createGraph, boolean stealable) {
    accumulateInto(variable, grad, createGraph, stealable);
  }

  /**
   * Adds {@code grad} into {@code t.grad} (PyTorch's AccumulateGrad::accumulateGrad). The first gradient is copied
   * so that {@code t} owns it; later ones are added in place when that is safe, so a reference the user holds to
   * {@code t.grad()} sees the sum. With {@code createGraph} everything is out of place and keeps the graph (the
   * first copy shows {@code grad_fn=<CopyBackwards>} as in PyTorch). Synchronized on the tensor: threads running
   * backward through a shared parameter do not lose each other's gradients.
   */
  static void accumulateInto(Tensor t, Tensor grad, boolean createGraph) {
    accumulateInto(t, grad, createGraph, false);
  }

  private static void accumulateInto(Tensor t, Tensor grad, boolean createGraph, boolean stealable) {
    if (shapeOf(grad) != shapeOf(t) && !Arrays.equals(shapeOf(grad), shapeOf(t))) {
      throw new IllegalStateException(
          "AccumulateGrad: gradient of shape " + Shapes.str(shapeOf(grad)) + " cannot be accumulated into a tensor of "
              + "shape " + Shapes.str(shapeOf(t)));
    }
    synchronized (t) {
      Tensor current = t.grad();
      if (createGraph) {
        setGrad(t, current == null ? copyKeepingGraph(grad) : current.add(grad));
      } else if (current == null) {
        setGrad(t,
            stealable && grad.dtype() == t.dtype() && !grad.requiresGrad() ? grad : detachedContiguousCopy(grad));
      } else if (current.requiresGrad() || !current.isContiguous() || !current.dtype().isFloatingPoint()) {
        // A grad that is part of a graph, or a strided one the user assigned: replace instead of writing into it.
        setGrad(t, Autograd.noGrad(() -> current.add(grad)));
      } else {
        addInPlaceUnchecked(current, grad);
      }
    }
  }

  private static Tensor copyKeepingGraph(Tensor grad) {
    Tensor copy = detachedContiguousCopy(grad);
    if (grad.requiresGrad() && GradMode.isEnabled()) {
      attach(copy, new CopyBackwards(grad));
    }
    return copy;
  }

  /** The node of a differentiable copy, named like PyTorch's {@code copy_} node: the gradient passes unchanged. */
  static final class CopyBackwards extends Node {
    CopyBackwards(Tensor src) {
      super(edgeOf(src));
    }

    @Override
    public String name() {
      return "CopyBackwards";
    }

    @Override
    protected Tensor[] apply(Tensor grad) {
      return new Tensor[] {grad};
    }
  }
}
