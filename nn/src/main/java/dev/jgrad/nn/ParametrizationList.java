package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The parametrisations of one tensor of a module and the originals they start from, PyTorch's
 * {@code ParametrizationList}: registered as {@code parametrizations.<name>} on the module, so its state-dict keys
 * are PyTorch's ({@code parametrizations.weight.original}, or {@code original0}, {@code original1}, ... when the
 * first parametrisation takes several tensors; a parametrisation's own buffers under {@code 0._u}, ...).
 */
public final class ParametrizationList extends Module {
  private final List<Parametrization> chain = new ArrayList<>();
  private final List<Tensor> originals = new ArrayList<>();

  /**
   * Registers the originals of {@code first} for {@code value}: one original replaces the values of
   * {@code value} in place and keeps it (the same parameter object, so an optimiser holding it still trains it);
   * several become new parameters {@code original0, original1, ...} (or buffers when {@code value} is a buffer).
   */
  ParametrizationList(Parametrization first, Tensor value, boolean parameter) {
    List<Tensor> inverse;
    try (Autograd.Scope s = Autograd.noGrad()) {
      inverse = first.rightInverse(value);
    }
    checkArgument(!inverse.isEmpty(), "registerParametrization: 'right_inverse' must return a Tensor or a Sequence "
        + "of tensors (list, tuple...). Got an empty list");
    if (inverse.size() == 1) {
      Tensor only = inverse.get(0);
      checkArgument(only.dtype() == value.dtype(), "registerParametrization: When `right_inverse` outputs one "
          + "tensor, it may not change the dtype. (original %s, right_inverse(original) %s)",
          value.dtype(), only.dtype());
      checkArgument(Arrays.equals(only.shape(), value.shape()), "registerParametrization: "
          + "right_inverse may change the shape only when it returns several tensors (original %s, returned %s)",
          Arrays.toString(value.shape()), Arrays.toString(only.shape()));
      if (only != value) {
        try (Autograd.Scope s = Autograd.noGrad()) {
          value.copy_(only);
        }
      }
      register("original", value, parameter);
    } else {
      for (int i = 0; i < inverse.size(); i++) {
        Tensor t = inverse.get(i).detach().clone();
        register("original" + i, parameter ? new Parameter(t, value.requiresGrad()) : t, parameter);
      }
    }
    append(first);
  }

  private void register(String name, Tensor t, boolean parameter) {
    originals.add(parameter ? registerParameter(name, t instanceof Parameter p ? p : new Parameter(t))
        : registerBuffer(name, t));
  }

  /** Adds a parametrisation applied after the existing ones (it takes the value of the chain so far). */
  void append(Parametrization p) {
    registerModule(Integer.toString(chain.size()), p);
    chain.add(p);
  }

  /** The value: the chain applied to the originals, recomputed on every call. */
  public Tensor value() {
    Tensor v = chain.get(0).apply(List.copyOf(originals()));
    for (int i = 1; i < chain.size(); i++) {
      v = chain.get(i).forward(v);
    }
    return v;
  }

  /** The originals in order (the live tensors registered on this list). */
  public List<Tensor> originals() {
    return List.copyOf(originals);
  }

  /** The parametrisations in the order they apply. */
  public List<Parametrization> chain() {
    return List.copyOf(chain);
  }

  /** {@link #value()}; the input is ignored (PyTorch's list is called without arguments too). */
  @Override
  public Tensor forward(Tensor ignored) {
    return value();
  }
}
