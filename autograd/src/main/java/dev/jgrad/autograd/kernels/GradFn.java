package dev.jgrad.autograd.kernels;

/**
 * The backward node of one form of an elementwise op: PyTorch's grad_fn name (printed by {@code gradFn().name()}
 * and checked against PyTorch's) and what the node keeps from the forward for its derivative rule.
 */
public record GradFn(String name, Saved saves) {
  /** Shorthand for the op tables. */
  static GradFn of(String name, Saved saves) {
    return new GradFn(name, saves);
  }
}
