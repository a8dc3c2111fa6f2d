package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * A leaf tensor that a {@link Module} owns and an optimizer updates, PyTorch's {@code nn.Parameter}.
 *
 * <p>A parameter shares the storage of the tensor it wraps (no copy) and has no history: wrapping a computed
 * tensor gives a fresh leaf. It requires grad unless told otherwise, and prints like PyTorch:
 *
 * <pre>{@code
 * Parameter w = new Parameter(Tensor.zeros(2));
 * w.toString();   // "Parameter containing:\ntensor([0., 0.], requires_grad=True)"
 * }</pre>
 */
public class Parameter extends Tensor {
  private static final String PREFIX = "Parameter containing:\n";

  /**
   * A parameter that requires grad, sharing {@code data}'s storage.
   *
   * @throws IllegalStateException if {@code data} is not floating point (only float tensors can require grad)
   */
  public Parameter(Tensor data) {
    this(data, true);
  }

  /**
   * A parameter sharing {@code data}'s storage; {@code requiresGrad = false} makes a frozen parameter.
   *
   * @throws IllegalStateException if {@code requiresGrad} and {@code data} is not floating point
   */
  public Parameter(Tensor data, boolean requiresGrad) {
    super(checkNotNull(data), requiresGrad);
  }

  private static Tensor checkNotNull(Tensor data) {
    if (data == null) {
      throw new IllegalArgumentException("Parameter: data must not be null");
    }
    return data;
  }

  /** PyTorch's repr: {@code Parameter containing:} and the tensor on the next line. */
  @Override
  public String toString() {
    return PREFIX + super.toString();
  }
}
