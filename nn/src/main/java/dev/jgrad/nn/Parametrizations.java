package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * Parametrised tensors, PyTorch's {@code torch.nn.utils.parametrize} and {@code parametrizations}: a module's
 * weight becomes a value computed from other parameters every time the module reads it ({@link Module#tensor}).
 * Registering moves the tensor into {@code module.parametrizations.<name>} (a {@link ParametrizationList}), so the
 * state-dict keys are PyTorch's, and the module prints as {@code Parametrized<Type>}.
 *
 * <pre>{@code
 * Linear fc = Parametrizations.weightNorm(new Linear(4, 3));
 * fc.stateDict().keySet();   // [bias, parametrizations.weight.original0, parametrizations.weight.original1]
 * }</pre>
 *
 * <p>Layers that read their weights through {@link Module#tensor}: {@link Linear}, {@link Conv2d},
 * {@link Embedding} and {@link LayerNorm} (weight and bias). Their {@code weight()} accessors still return the
 * registered parameter object: after {@link #spectralNorm} that is the original, after {@link #weightNorm} a
 * parameter no longer in the module.
 */
public final class Parametrizations {
  /** The child module that holds the parametrisation lists, by tensor name. */
  static final String CHILD = "parametrizations";

  private Parametrizations() {}

  /**
   * Parametrises {@code module.name} by {@code p}, PyTorch's {@code register_parametrization} (not unsafe): a first
   * parametrisation turns the parameter or buffer into its originals ({@link Parametrization#rightInverse}); a
   * further one is appended to the chain. The value is computed once to check that it keeps the tensor's shape and
   * dtype (as PyTorch does, so a spectral norm makes one more power iteration here in training mode).
   *
   * @return {@code module}
   * @throws IllegalArgumentException {@code does not have a parameter, a buffer, or a parametrized element with
   *     name} for an unknown or null tensor, or when the value changes the shape or dtype
   */
  public static <M extends Module> M registerParametrization(M module, String name, Parametrization p) {
    p.train(module.isTraining());
    ParametrizationList existing = module.parametrization(name);
    if (existing != null) {
      Tensor y = module.tensor(name);
      Tensor x;
      try (Autograd.Scope s = Autograd.noGrad()) {
        x = p.forward(y);
      }
      checkConsistent(name, y, x);
      existing.append(p);
      return module;
    }
    Boolean parameter = module.isParameterName(name);
    Tensor original = parameter == null ? null : module.tensor(name);
    checkArgument(original != null, "registerParametrization: Module '%s' does not have a parameter, a buffer, or a "
        + "parametrized element with name '%s'", module.typeName(), name);
    ParametrizationList list = new ParametrizationList(p, original, parameter);
    try (Autograd.Scope s = Autograd.noGrad()) {
      checkConsistent(name, original, list.value());
    }
    module.unregisterTensor(name);
    ModuleDict dict = (ModuleDict) module.namedChildren().get(CHILD);
    if (dict == null) {
      dict = module.registerModule(CHILD, new ModuleDict());
    }
    dict.put(name, list);
    return module;
  }

  private static void checkConsistent(String name, Tensor before, Tensor after) {
    checkArgument(after.dtype() == before.dtype(), "registerParametrization: Registering a parametrization may not "
        + "change the dtype of the tensor, unless the `unsafe` flag is enabled. (%s: %s, parametrized %s)", name,
        before.dtype(), after.dtype());
    checkArgument(Arrays.equals(after.shape(), before.shape()), "registerParametrization: Registering a "
        + "parametrization may not change the shape of the tensor, unless the `unsafe` flag is enabled. (%s: %s, "
        + "parametrized %s)", name, Arrays.toString(before.shape()), Arrays.toString(after.shape()));
  }

  /** Whether {@code module.name} is parametrised. */
  public static boolean isParametrized(Module module, String name) {
    return module.parametrization(name) != null;
  }

  /**
   * Removes the parametrisation of {@code module.name}, PyTorch's {@code remove_parametrizations}: with
   * {@code leaveParametrized} the tensor keeps its current value (written into the original when there is one,
   * which stays the same parameter object; a new parameter otherwise), else it goes back to its original. The
   * module prints as its own type again once no tensor is parametrised.
   *
   * @return {@code module}
   * @throws IllegalArgumentException {@code does not have a parametrization on} when it is not parametrised, or
   *     {@code Cannot leave unparametrized} for a tensor parametrised in terms of several originals
   */
  public static <M extends Module> M removeParametrizations(M module, String name, boolean leaveParametrized) {
    ParametrizationList list = module.parametrization(name);
    checkArgument(list != null, "removeParametrizations: Module %s does not have a parametrization on %s",
        module.typeName(), name);
    boolean parameter = list.isParameterName(list.originals().size() == 1 ? "original" : "original0");
    Tensor restored;
    if (list.originals().size() == 1) {
      restored = list.originals().get(0);
      if (leaveParametrized) {
        try (Autograd.Scope s = Autograd.noGrad()) {
          restored.copy_(list.value());
        }
      }
    } else {
      checkArgument(leaveParametrized, "removeParametrizations: Cannot leave unparametrized "
          + "(`leave_parametrized=False`) a tensor that is parametrized in terms of a sequence of tensors.");
      Tensor t;
      try (Autograd.Scope s = Autograd.noGrad()) {
        t = list.value().detach().clone();
      }
      restored = parameter ? new Parameter(t) : t;
    }
    ModuleDict dict = (ModuleDict) module.namedChildren().get(CHILD);
    dict.remove(name);
    if (dict.size() == 0) {
      module.unregisterModule(CHILD);
    }
    if (parameter) {
      module.registerParameter(name, restored instanceof Parameter p ? p : new Parameter(restored));
    } else {
      module.registerBuffer(name, restored);
    }
    return module;
  }

  // ---------------------------------------------------------------- weight normalisation

  /** {@link #weightNorm(Module, String, Integer)} of {@code weight} over dim 0. */
  public static <M extends Module> M weightNorm(M module) {
    return weightNorm(module, "weight", 0);
  }

  /**
   * Weight normalisation w = g·v/‖v‖, PyTorch's {@code parametrizations.weight_norm} (PyTorch 2's; 1.13 has only
   * the hook-based {@code nn.utils.weight_norm}): {@code original0} is the magnitude g (the norm of w over every dim
   * but {@code dim}, shape [n, 1, ...]), {@code original1} the direction v (w itself).
   *
   * @param dim the dim that keeps one magnitude per index; null (or −1) for one magnitude for the whole tensor
   */
  public static <M extends Module> M weightNorm(M module, String name, Integer dim) {
    Tensor w = module.isParameterName(name) == null ? null : module.tensor(name);
    checkArgument(w != null, "weightNorm: Module '%s' has no parameter or buffer with name '%s'",
        module.typeName(), name);
    return registerParametrization(module, name, new WeightNorm(dim == null ? -1 : dim));
  }

  /** The norm of {@code v} over every dim except {@code dim} (shape [n, 1, ...]); the whole norm for dim −1. */
  static Tensor normExceptDim(Tensor v, int dim) {
    if (dim == -1) {
      return v.norm();
    }
    int nd = v.dim();
    int d = dim < 0 ? dim + nd : dim;
    int[] others = new int[nd - 1];
    for (int i = 0, k = 0; i < nd; i++) {
      if (i != d) {
        others[k++] = i;
      }
    }
    return others.length == 0 ? v.abs() : v.norm(2, others, true);
  }

  // ---------------------------------------------------------------- spectral normalisation

  /** {@link #spectralNorm(Module, String, int, double, Integer)} with PyTorch's defaults. */
  public static <M extends Module> M spectralNorm(M module) {
    return spectralNorm(module, "weight", 1, 1e-12, null);
  }

  /**
   * Spectral normalisation w / σ(w), PyTorch's {@code parametrizations.spectral_norm}: σ is estimated by power
   * iteration on the weight viewed as a matrix (dim {@code dim} first, the rest flattened), with the vectors kept
   * as buffers {@code parametrizations.<name>.0._u} and {@code _v}, drawn from the global generator and refined by
   * 15 iterations at registration. Each forward in training runs {@code nPowerIterations} more; in evaluation none.
   * A 1-dim tensor is divided by its norm.
   *
   * @param dim null for PyTorch's default (0; 1 for transposed convolutions, which jgrad does not have)
   * @throws IllegalArgumentException {@code Expected n_power_iterations to be positive} or for a missing tensor
   * @throws IndexOutOfBoundsException {@code Dimension out of range} for a bad {@code dim}
   */
  public static <M extends Module> M spectralNorm(M module, String name, int nPowerIterations, double eps,
      Integer dim) {
    Tensor w = module.isParameterName(name) == null ? null : module.tensor(name);
    checkArgument(w != null, "spectralNorm: Module '%s' has no parameter or buffer with name '%s'",
        module.typeName(), name);
    checkArgument(w.dtype().isFloatingPoint(), "spectralNorm: expected a float32 or float64 tensor, got %s",
        w.dtype());
    return registerParametrization(module, name, new SpectralNorm(w, nPowerIterations, dim == null ? 0 : dim, eps));
  }
}
