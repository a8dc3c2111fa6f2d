package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;


import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Base class of every layer and model, PyTorch's {@code nn.Module}.
 *
 * <p>A subclass registers what it owns in its constructor with {@link #registerParameter}, {@link #registerModule}
 * and {@link #registerBuffer}; nothing is found by reflection. Registration order is kept and defines the order of
 * {@link #parameters()}, {@link #stateDict()} and {@link #toString()}, exactly as attribute assignment order does in
 * PyTorch.
 *
 * <pre>{@code
 * class Net extends Module {
 *   final Linear fc1 = registerModule("fc1", new Linear(4, 16));
 *   final Linear fc2 = registerModule("fc2", new Linear(16, 3));
 *   public Tensor forward(Tensor x) { return fc2.forward(fc1.forward(x).relu()); }
 * }
 * new Net().namedParameters().keySet();   // [fc1.weight, fc1.bias, fc2.weight, fc2.bias]
 * }</pre>
 */
public abstract class Module {
  // Values may be null for parameters (a layer without bias) and buffers, as in PyTorch.
  private final LinkedHashMap<String, Parameter> params = new LinkedHashMap<>();
  private final LinkedHashMap<String, Module> modules = new LinkedHashMap<>();
  private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
  private final Set<String> nonPersistent = new HashSet<>();
  private boolean training = true;

  /**
   * Computes the module's output.
   *
   * @param input the input batch; each layer documents the shapes it accepts
   * @return the output
   */
  public abstract Tensor forward(Tensor input);

  // ---------------------------------------------------------------- calling, with hooks

  /** A forward pre-hook: sees the input before {@link #forward}; a non-null result replaces it. */
  @FunctionalInterface
  public interface ForwardPreHook {
    Tensor apply(Module module, Tensor input);
  }

  /** A forward hook: sees input and output after {@link #forward}; a non-null result replaces the output. */
  @FunctionalInterface
  public interface ForwardHook {
    Tensor apply(Module module, Tensor input, Tensor output);
  }

  private List<ForwardPreHook> forwardPreHooks;
  private List<ForwardHook> forwardHooks;

  /**
   * Runs the module as PyTorch's {@code module(x)} does: forward pre-hooks, {@link #forward}, forward hooks, each in
   * registration order. Calling {@code forward} directly skips the hooks, as calling {@code module.forward(x)} does in
   * PyTorch. Containers such as {@link Sequential} call their children this way.
   *
   * <pre>{@code
   * List<Tensor> features = new ArrayList<>();
   * model.get(0).registerForwardHook((m, in, out) -> { features.add(out.detach()); return null; });
   * model.call(x);   // features now holds the first layer's output
   * }</pre>
   */
  public final Tensor call(Tensor input) {
    Tensor x = input;
    if (forwardPreHooks != null) {
      for (ForwardPreHook h : List.copyOf(forwardPreHooks)) {
        Tensor replaced = h.apply(this, x);
        if (replaced != null) {
          x = replaced;
        }
      }
    }
    Tensor out = forward(x);
    if (forwardHooks != null) {
      for (ForwardHook h : List.copyOf(forwardHooks)) {
        Tensor replaced = h.apply(this, x, out);
        if (replaced != null) {
          out = replaced;
        }
      }
    }
    return out;
  }

  /** Registers a hook run by {@link #call} before {@link #forward}; the handle removes it. */
  public Tensor.HookHandle registerForwardPreHook(ForwardPreHook hook) {
    if (forwardPreHooks == null) {
      forwardPreHooks = new ArrayList<>();
    }
    List<ForwardPreHook> list = forwardPreHooks;
    list.add(hook);
    return () -> list.remove(hook);
  }

  /** Registers a hook run by {@link #call} after {@link #forward}; the handle removes it. */
  public Tensor.HookHandle registerForwardHook(ForwardHook hook) {
    if (forwardHooks == null) {
      forwardHooks = new ArrayList<>();
    }
    List<ForwardHook> list = forwardHooks;
    list.add(hook);
    return () -> list.remove(hook);
  }

  // ---------------------------------------------------------------- registration

  /**
   * Registers (or replaces) the parameter {@code name}; {@code p} may be null, e.g. a layer without bias.
   *
   * @return {@code p}, so a field can be initialised in one line
   * @throws IllegalArgumentException if the name is empty, contains a dot, or is already a child module or buffer
   */
  protected final <P extends Parameter> P registerParameter(String name, P p) {
    checkName("registerParameter", "parameter", name, params);
    params.put(name, p);
    return p;
  }

  /**
   * Registers (or replaces) the child module {@code name}; its parameters are listed as {@code name.weight}, ...
   *
   * @return {@code m}
   * @throws IllegalArgumentException if the name is empty, contains a dot, or is already a parameter or buffer, or
   *     if {@code m} is null
   */
  protected final <M extends Module> M registerModule(String name, M m) {
    checkName("registerModule", "module", name, modules);
    checkArgument(m != null, "registerModule: module '%s' must not be null", name);
    modules.put(name, m);
    return m;
  }

  /**
   * Registers (or replaces) a persistent buffer: state that is saved in {@link #stateDict()} but is not a parameter
   * (BatchNorm's running statistics).
   *
   * @return {@code t}
   */
  protected final Tensor registerBuffer(String name, Tensor t) {
    return registerBuffer(name, t, true);
  }

  /**
   * Registers (or replaces) a buffer; a non-persistent buffer is left out of the state dict.
   *
   * @return {@code t}
   * @throws IllegalArgumentException if the name is empty, contains a dot, or is already a parameter or module
   */
  protected final Tensor registerBuffer(String name, Tensor t, boolean persistent) {
    checkName("registerBuffer", "buffer", name, buffers);
    buffers.put(name, t);
    if (persistent) {
      nonPersistent.remove(name);
    } else {
      nonPersistent.add(name);
    }
    return t;
  }

  /**
   * Removes the parameter or buffer {@code name} from this module (for {@link Parametrizations}, which moves it into
   * a {@link ParametrizationList}); returns it, or null when nothing was registered under that name.
   */
  final Tensor unregisterTensor(String name) {
    Tensor p = params.remove(name);
    Tensor b = buffers.remove(name);
    nonPersistent.remove(name);
    return p != null ? p : b;
  }

  /** Removes the child module {@code name} (a parametrisation list that is removed); returns it or null. */
  final Module unregisterModule(String name) {
    return modules.remove(name);
  }

  /** Whether {@code name} is a registered parameter (true) or buffer (false); null for neither. */
  final Boolean isParameterName(String name) {
    return params.containsKey(name) ? Boolean.TRUE : buffers.containsKey(name) ? Boolean.FALSE : null;
  }

  /**
   * The tensor this module holds under {@code name}, PyTorch's {@code module.name}: computed from its originals
   * when {@code name} is parametrised (see {@link Parametrizations}), else the parameter or buffer registered under
   * it (null for a registered null, a layer without bias). Layers read their weights through this in
   * {@link #forward}, so a parametrisation applies to them.
   *
   * @throws IllegalArgumentException {@code object has no attribute} when nothing is registered under {@code name}
   */
  public final Tensor tensor(String name) {
    ParametrizationList list = parametrization(name);
    if (list != null) {
      return list.value();
    }
    if (params.containsKey(name)) {
      return params.get(name);
    }
    checkArgument(buffers.containsKey(name), "tensor: '%s' object has no attribute '%s'", typeName(), name);
    return buffers.get(name);
  }

  /** The parametrisation list of {@code name}, or null when it is not parametrised. */
  final ParametrizationList parametrization(String name) {
    Module dict = modules.get(Parametrizations.CHILD);
    return dict instanceof ModuleDict d && d.containsKey(name) ? (ParametrizationList) d.get(name) : null;
  }

  private void checkName(String op, String kind, String name, Map<String, ?> own) {
    checkArgument(name != null && !name.isEmpty(), "%s: %s name can't be empty string \"\"", op, kind);
    checkArgument(!name.contains("."), "%s: %s name can't contain \".\", got \"%s\"", op, kind, name);
    boolean taken = (params.containsKey(name) || modules.containsKey(name) || buffers.containsKey(name))
        && !own.containsKey(name);
    if (taken) {
      throw new IllegalArgumentException(op + ": attribute '" + name + "' already exists in " + typeName());
    }
  }

  // ---------------------------------------------------------------- traversal

  /**
   * Every parameter: this module's own first (registration order), then each child's, recursively. A parameter
   * shared by two modules is listed once.
   */
  public List<Parameter> parameters() {
    return new ArrayList<>(namedParameters().values());
  }

  /** Parameters with PyTorch's dotted names ({@code "0.weight"}, {@code "fc1.bias"}), each shared one once. */
  public LinkedHashMap<String, Parameter> namedParameters() {
    LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Map.Entry<String, Module> e : namedModules().entrySet()) {
      String prefix = e.getKey().isEmpty() ? "" : e.getKey() + ".";
      for (Map.Entry<String, Parameter> p : e.getValue().params.entrySet()) {
        if (p.getValue() != null && seen.add(p.getValue())) {
          out.put(prefix + p.getKey(), p.getValue());
        }
      }
    }
    return out;
  }

  /** Direct children in registration order (a child registered twice is listed once). */
  public List<Module> children() {
    return new ArrayList<>(namedChildren().values());
  }

  /** Direct children by name, each module once. */
  public LinkedHashMap<String, Module> namedChildren() {
    LinkedHashMap<String, Module> out = new LinkedHashMap<>();
    Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    modules.forEach((name, m) -> {
      if (seen.add(m)) {
        out.put(name, m);
      }
    });
    return out;
  }

  /** This module and every descendant, depth first in registration order, each once. */
  public List<Module> modules() {
    return new ArrayList<>(namedModules().values());
  }

  /** This module (name {@code ""}) and every descendant by dotted name, each once. */
  public LinkedHashMap<String, Module> namedModules() {
    LinkedHashMap<String, Module> out = new LinkedHashMap<>();
    collectModules("", Collections.newSetFromMap(new IdentityHashMap<>()), out);
    return out;
  }

  private void collectModules(String prefix, Set<Module> seen, Map<String, Module> out) {
    if (!seen.add(this)) {
      return;
    }
    out.put(prefix, this);
    modules.forEach((name, m) -> m.collectModules(prefix.isEmpty() ? name : prefix + "." + name, seen, out));
  }

  /** Every buffer (persistent or not) by dotted name, recursively ({@code "2.running_mean"}), each once. */
  public LinkedHashMap<String, Tensor> buffers() {
    LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Map.Entry<String, Module> e : namedModules().entrySet()) {
      String prefix = e.getKey().isEmpty() ? "" : e.getKey() + ".";
      e.getValue().buffers.forEach((name, t) -> {
        if (t != null && seen.add(t)) {
          out.put(prefix + name, t);
        }
      });
    }
    return out;
  }

  /** Calls {@code fn} on every descendant and then on this module (PyTorch's {@code apply}); returns this. */
  public Module apply(Consumer<Module> fn) {
    for (Module m : children()) {
      m.apply(fn);
    }
    fn.accept(this);
    return this;
  }

  // ---------------------------------------------------------------- state dict

  /**
   * The module's state by dotted key: for each module its own parameters, then its persistent buffers, then its
   * children. Values are detached and share storage with the module (as in PyTorch): clone them to keep a snapshot
   * while training goes on. A shared child appears under each of its names.
   */
  public LinkedHashMap<String, Tensor> stateDict() {
    LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
    stateTargets("", out);
    out.replaceAll((k, t) -> t.detach());
    return out;
  }

  /** The live tensors behind the state-dict keys, in state-dict order. */
  private void stateTargets(String prefix, Map<String, Tensor> out) {
    params.forEach((name, p) -> {
      if (p != null) {
        out.put(prefix + name, p);
      }
    });
    buffers.forEach((name, t) -> {
      if (t != null && !nonPersistent.contains(name)) {
        out.put(prefix + name, t);
      }
    });
    modules.forEach((name, m) -> m.stateTargets(prefix + name + ".", out));
  }

  /**
   * Copies {@code state} into this module's parameters and persistent buffers (in place, without recording
   * gradients), PyTorch's {@code load_state_dict}.
   *
   * <p>Everything is checked before anything is copied, so a failed load leaves the module unchanged. A shape
   * mismatch is an error even when {@code strict} is false; values of another dtype are converted.
   *
   * @param strict when true, missing or unexpected keys are errors; when false they are only reported
   * @return the keys that did not match (both lists empty after a strict load)
   * @throws IllegalArgumentException listing, like PyTorch, {@code Missing key(s) in state_dict: "fc2.bias".},
   *     {@code Unexpected key(s) in state_dict: "extra".} and {@code size mismatch for fc1.weight: copying a param
   *     with shape [5, 5] from checkpoint, the shape in current model is [3, 2].}
   */
  public IncompatibleKeys loadStateDict(Map<String, Tensor> state, boolean strict) {
    checkArgument(state != null, "loadStateDict: state must not be null");
    LinkedHashMap<String, Tensor> targets = new LinkedHashMap<>();
    stateTargets("", targets);
    List<String> missing = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : targets.entrySet()) {
      String key = e.getKey();
      if (!state.containsKey(key)) {
        missing.add(key);
        continue;
      }
      Tensor src = state.get(key);
      if (src == null) {
        errors.add("value for " + key + " is null");
      } else if (!Arrays.equals(src.shape(), e.getValue().shape())) {
        errors.add("size mismatch for " + key + ": copying a param with shape " + Arrays.toString(src.shape())
            + " from checkpoint, the shape in current model is " + Arrays.toString(e.getValue().shape()) + ".");
      }
    }
    List<String> unexpected = new ArrayList<>();
    for (String key : state.keySet()) {
      if (!targets.containsKey(key)) {
        unexpected.add(key);
      }
    }
    if (strict && !unexpected.isEmpty()) {
      errors.add(0, "Unexpected key(s) in state_dict: " + quoted(unexpected) + ".");
    }
    if (strict && !missing.isEmpty()) {
      errors.add(0, "Missing key(s) in state_dict: " + quoted(missing) + ".");
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          "loadStateDict: Error(s) in loading state_dict for " + typeName() + ":\n\t" + String.join("\n\t", errors));
    }
    try (Autograd.Scope s = Autograd.noGrad()) {
      for (Map.Entry<String, Tensor> e : targets.entrySet()) {
        Tensor src = state.get(e.getKey());
        if (src != null) {
          Tensor dst = e.getValue();
          dst.copy_(src.dtype() == dst.dtype() ? src : src.to(dst.dtype()));
        }
      }
    }
    return new IncompatibleKeys(missing, unexpected);
  }

  /** A strict {@link #loadStateDict(Map, boolean)}. */
  public IncompatibleKeys loadStateDict(Map<String, Tensor> state) {
    return loadStateDict(state, true);
  }

  private static String quoted(List<String> keys) {
    StringBuilder sb = new StringBuilder();
    for (String k : keys) {
      sb.append(sb.length() == 0 ? "" : ", ").append('"').append(k).append('"');
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- modes and gradients

  /** Sets training mode on this module and every descendant (Dropout and BatchNorm behave differently). */
  public Module train(boolean mode) {
    for (Module m : modules()) {
      m.training = mode;
    }
    return this;
  }

  /** {@code train(true)}. */
  public Module train() {
    return train(true);
  }

  /** {@code train(false)}: evaluation mode. It does not disable gradient recording; use {@code Autograd.noGrad()}. */
  public Module eval() {
    return train(false);
  }

  public boolean isTraining() {
    return training;
  }

  /** Clears every parameter's gradient to null (PyTorch 2's default). */
  public void zeroGrad() {
    zeroGrad(true);
  }

  /**
   * Resets gradients: to null when {@code setToNone}, otherwise fills existing gradients with zeros (detached from
   * any graph they carry).
   */
  public void zeroGrad(boolean setToNone) {
    for (Parameter p : parameters()) {
      Tensor g = p.grad();
      if (g == null) {
        continue;
      }
      if (setToNone) {
        p.setGrad(null);
      } else {
        try (Autograd.Scope s = Autograd.noGrad()) {
          Tensor z = g.gradFn() != null ? g.detach() : g;
          z.zero_();
          p.setGrad(z);
        }
      }
    }
  }

  /** Sets {@code requiresGrad} on every parameter: {@code false} freezes the module. Returns this. */
  public Module requiresGrad_(boolean requiresGrad) {
    for (Parameter p : parameters()) {
      p.requiresGrad_(requiresGrad);
    }
    return this;
  }

  // ---------------------------------------------------------------- dtype

  /**
   * Converts every floating-point parameter and buffer of this module and its descendants to {@code dtype},
   * PyTorch's {@code module.to(dtype)} ({@code .double()}, {@code .float()}); returns this. Each parameter stays the
   * same object, its data replaced as {@code param.data = param.data.to(dtype)} does (and its gradient's likewise),
   * so references held by layers and optimizers stay valid; buffers are converted the same way, in place. Integer
   * buffers ({@code num_batches_tracked}) keep their dtype. Optimizer state is not touched, as in PyTorch.
   *
   * <pre>{@code
   * Linear fc = new Linear(3, 2);
   * fc.to(DType.FLOAT64);
   * fc.forward(Tensor.randn(4, 3).to(DType.FLOAT64));   // float64 in, float64 out
   * }</pre>
   *
   * @throws IllegalArgumentException for a dtype that is not floating point ({@code nn.Module.to only accepts
   *     floating point or complex dtypes, but got desired dtype=torch.int64})
   */
  public Module to(DType dtype) {
    checkArgument(dtype.isFloatingPoint(),
        "to: nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=%s", dtype.torchName());
    try (Autograd.Scope g = Autograd.noGrad()) {
      for (Module m : modules()) {
        for (Tensor p : m.params.values()) {
          convert(p, dtype);
          if (p != null && p.grad() != null) {
            convert(p.grad(), dtype);
          }
        }
        for (Tensor b : m.buffers.values()) {
          convert(b, dtype);
        }
      }
    }
    return this;
  }

  private static void convert(Tensor t, DType dtype) {
    if (t != null && t.dtype().isFloatingPoint() && t.dtype() != dtype) {
      t.setData(t.detach().to(dtype));
    }
  }

  // ---------------------------------------------------------------- copying

  /**
   * A deep copy, PyTorch's {@code copy.deepcopy(module)}: a new module of the same structure and configuration
   * whose parameters and buffers are copies of this module's values (not shared), with the same training mode,
   * {@code requiresGrad} flags and gradients. Hooks are not copied. The global generator's stream is left where it
   * was, as deepcopy draws nothing. {@link TransformerEncoder} and {@link TransformerDecoder} copy their layer this way.
   *
   * @throws UnsupportedOperationException for a module class that does not implement {@link #blankCopy()}
   */
  public Module deepCopy() {
    Generator global = Generator.global();
    byte[] state = global.getState();
    Module copy;
    try {
      copy = blankCopy();
    } finally {
      global.setState(state);
    }
    LinkedHashMap<String, Tensor> targets = new LinkedHashMap<>();
    copy.stateTargets("", targets);
    LinkedHashMap<String, Tensor> sources = new LinkedHashMap<>();
    stateTargets("", sources);
    checkState(targets.keySet().equals(sources.keySet()),
        "deepCopy: %s.blankCopy() built a module with state %s, expected %s", typeName(), targets.keySet(),
        sources.keySet());
    try (Autograd.Scope s = Autograd.noGrad()) {
      targets.forEach((name, t) -> t.copy_(sources.get(name)));
      Map<String, Tensor> ownBuffers = buffers();
      copy.buffers().forEach((name, t) -> t.copy_(ownBuffers.get(name)));
    }
    Map<String, Parameter> own = namedParameters();
    copy.namedParameters().forEach((name, p) -> {
      Parameter src = own.get(name);
      p.requiresGrad_(src.requiresGrad());
      p.setGrad(src.grad() == null ? null : src.grad().detach().clone());
    });
    Map<String, Module> mine = namedModules();
    copy.namedModules().forEach((name, m) -> m.training = mine.get(name).training);
    return copy;
  }

  /**
   * A new module of this module's class and configuration, for {@link #deepCopy()}, which then copies the values
   * in. Layers that support copying override it with a call to their constructor.
   *
   * @throws UnsupportedOperationException unless overridden
   */
  protected Module blankCopy() {
    throw new UnsupportedOperationException("deepCopy: " + typeName() + " does not support deepCopy(): override "
        + "blankCopy() to return a new module of the same configuration");
  }

  // ---------------------------------------------------------------- printing

  /** The name printed by {@link #toString()}: the class's simple name ({@code "Module"} for anonymous classes). */
  protected String typeName() {
    String n = getClass().getSimpleName();
    n = n.isEmpty() ? "Module" : n;
    // PyTorch swaps a parametrised module's class for a subclass named so.
    return modules.get(Parametrizations.CHILD) instanceof ModuleDict ? "Parametrized" + n : n;
  }

  /** The text inside the parentheses of this module's repr, e.g. {@code in_features=4, out_features=3, bias=True}. */
  protected String extraRepr() {
    return "";
  }

  /** PyTorch's module repr: one line for a leaf layer, an indented {@code (name): child} tree otherwise. */
  @Override
  public String toString() {
    List<String> extra = extraRepr().isEmpty() ? List.of() : Arrays.asList(extraRepr().split("\n", -1));
    List<String> childLines = new ArrayList<>();
    modules.forEach((name, m) -> childLines.add("(" + name + "): " + PyRepr.addIndent(m.toString(), 2)));
    StringBuilder sb = new StringBuilder(typeName()).append('(');
    if (extra.size() == 1 && childLines.isEmpty()) {
      sb.append(extra.get(0));
    } else if (!extra.isEmpty() || !childLines.isEmpty()) {
      List<String> lines = new ArrayList<>(extra);
      lines.addAll(childLines);
      sb.append("\n  ").append(String.join("\n  ", lines)).append('\n');
    }
    return sb.append(')').toString();
  }
}
