package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;
import java.util.List;

/**
 * A function from one or more original tensors to the value a module sees under a name, PyTorch's parametrisation
 * module (registered with {@link Parametrizations#registerParametrization}). The originals are the parameters that
 * train; the value is recomputed from them each time the module reads it.
 *
 * <pre>{@code
 * class Symmetric extends Parametrization {
 *   public Tensor apply(List<Tensor> originals) {
 *     Tensor x = originals.get(0);
 *     return x.add(x.t()).div(2);
 *   }
 * }
 * Parametrizations.registerParametrization(layer, "weight", new Symmetric());
 * }</pre>
 */
public abstract class Parametrization extends Module {
  /**
   * The value from the originals; only the first parametrisation of a chain may take more than one.
   *
   * @param originals as many tensors as {@link #rightInverse} returns
   */
  public abstract Tensor apply(List<Tensor> originals);

  /**
   * The originals that give {@code value}, PyTorch's {@code right_inverse} (run once, without gradient, when the
   * parametrisation is registered); the identity unless overridden.
   */
  public List<Tensor> rightInverse(Tensor value) {
    return List.of(value);
  }

  /** {@link #apply} on one original. */
  @Override
  public Tensor forward(Tensor original) {
    return apply(List.of(original));
  }
}
