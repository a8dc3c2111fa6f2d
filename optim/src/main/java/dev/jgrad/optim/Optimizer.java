package dev.jgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.storage.SizeLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Base of every optimizer, PyTorch's {@code torch.optim.Optimizer}: an ordered list of {@link ParamGroup}s with
 * typed options, per-parameter state stored by position (the parameter's index across all groups), and an update
 * rule that subclasses supply per parameter.
 *
 * <pre>{@code
 * Optimizer opt = new Adam(model.parameters(), Adam.Options.defaults().withLr(1e-3));
 * for (Batch b : loader) {
 *   Tensor loss = lossFn.forward(model.forward(b.features()), b.targets());
 *   loss.backward();
 *   opt.step();        // under Autograd.noGrad(); parameters whose grad is null are skipped
 *   opt.zeroGrad();    // grads to null (PyTorch 2's default); zeroGrad(false) zeroes them in place
 * }
 * }</pre>
 *
 * <p>Contract, as in PyTorch: {@link #step()} runs under {@link Autograd#noGrad()} and never changes a gradient;
 * a parameter whose grad is null is skipped entirely (no weight decay, no momentum, no state), while a zero grad
 * is a real step. State is created lazily on the first step in which a parameter has a gradient. Constructors and
 * {@link #addParamGroup} reject, with PyTorch's messages ({@link IllegalArgumentException}): an empty parameter
 * list, a parameter that is not a leaf, a parameter listed twice in a group (a warning in PyTorch, where the
 * parameter is then stepped twice) or in two groups, and invalid hyperparameters. A parameter that does not
 * require grad (a frozen layer) is accepted, as in PyTorch, and skipped while its grad is null.
 *
 * <p>Writing an optimizer: extend this class with an options record implementing {@link ParamGroup.Options}, a
 * state class implementing {@link ParamState}, and the four methods {@link #newState}, {@link #restoreState},
 * {@link #update} and {@link #optionsFromMap}; then run {@code dev.jgrad.optim.conformance.OptimizerConformance}
 * against it (docs/ADDING-AN-OPTIMIZER.md walks through a built-in one). Not thread-safe: one training loop drives
 * one optimizer.
 */
public abstract class Optimizer {
  /** The state of one parameter, created by {@link #newState} and owned by the optimizer. */
  public interface ParamState {
    /** The state as tensors under PyTorch's names ({@code step}, {@code exp_avg}, ...); fresh copies. */
    LinkedHashMap<String, Tensor> toTensors();
  }

  private final String name;
  private final ParamGroup.Options defaults;
  private final List<ParamGroup<?>> groups = new ArrayList<>();
  private final List<Tensor> params = new ArrayList<>();
  private final List<ParamState> states = new ArrayList<>();
  /** Identity, not equals: two parameters with equal values are still two parameters. */
  private final IdentityHashMap<Tensor, Integer> positions = new IdentityHashMap<>();
  private final StaleGradientCheck staleCheck;
  private long stepCount;

  /**
   * One group holding {@code params} with {@code defaults}, which also apply to groups added later without options.
   *
   * @throws IllegalArgumentException for an empty list ({@code optimizer got an empty parameter list}), a bad
   *     parameter, or invalid defaults
   */
  protected Optimizer(List<? extends Tensor> params, ParamGroup.Options defaults) {
    this.name = getClass().getSimpleName();
    this.staleCheck = new StaleGradientCheck(name);
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(defaults, "defaults");
    defaults.validate();
    this.defaults = defaults;
    checkArgument(!params.isEmpty(), "%s: optimizer got an empty parameter list", name);
    addParamGroup(params, defaults);
  }

  // ---------------------------------------------------------------- what a subclass supplies

  /** Fresh state for a parameter on its first step with a gradient (e.g. zero moment buffers). */
  protected abstract ParamState newState(ParamGroup<?> group, Tensor param);

  /**
   * State rebuilt from a saved entry ({@link ParamState#toTensors()} of the same optimizer type); check names and
   * shapes with {@link #savedTensor} and {@link #savedScalar}.
   *
   * @throws IllegalArgumentException when the entry does not fit the parameter
   */
  protected abstract ParamState restoreState(ParamGroup<?> group, int index, Tensor param,
      Map<String, Tensor> saved);

  /**
   * Updates one parameter in place from its gradient; runs under no-grad and must not change {@code grad}.
   *
   * @param state this parameter's state, from {@link #newState} or {@link #restoreState}
   */
  protected abstract void update(ParamGroup<?> group, Tensor param, Tensor grad, ParamState state);

  /**
   * Options of this optimizer's type from PyTorch-keyed hyperparameters (a saved group); missing keys take the
   * defaults.
   *
   * @throws IllegalArgumentException for an unknown key or a value of the wrong type
   */
  protected abstract ParamGroup.Options optionsFromMap(Map<String, ?> hyperparameters);

  // ---------------------------------------------------------------- groups

  /** Adds a group of parameters that uses the default options. */
  public final void addParamGroup(List<? extends Tensor> groupParams) {
    addParamGroup(groupParams, defaults);
  }

  /**
   * Adds a group with its own options (PyTorch's {@code add_param_group}), e.g. to unfreeze layers while
   * fine-tuning.
   *
   * @throws IllegalArgumentException for options of another optimizer type or invalid values, a parameter that
   *     is not a leaf, a duplicate within the group, or a parameter already in a group
   */
  public final void addParamGroup(List<? extends Tensor> groupParams, ParamGroup.Options options) {
    Objects.requireNonNull(groupParams, "params");
    Objects.requireNonNull(options, "options");
    if (options.getClass() != defaults.getClass()) {
      throw new IllegalArgumentException(
          name + ".addParamGroup: options must be " + typeName(defaults.getClass()) + ", got "
              + typeName(options.getClass()));
    }
    checkArgument(groups.isEmpty() || allowsParamGroups(),
        "%s doesn't support per-parameter options (parameter groups)", name);
    options.validate();
    int groupIndex = groups.size();
    IdentityHashMap<Tensor, Integer> inGroup = new IdentityHashMap<>();
    for (int i = 0; i < groupParams.size(); i++) {
      Tensor p = groupParams.get(i);
      String where = "parameter " + i + " of group " + groupIndex;
      checkArgument(p != null, "%s: optimizer can only optimize Tensors, but %s is null", name, where);
      if (!p.isLeaf()) {
        throw new IllegalArgumentException(
            name + ": can't optimize a non-leaf Tensor (" + where + " has grad_fn=<" + p.gradFn().name()
                + ">, shape " + Arrays.toString(p.shape()) + "); optimize the leaf it was computed from");
      }
      Integer previous = inGroup.put(p, i);
      checkArgument(previous == null,
          "%s: optimizer contains a parameter group with duplicate parameters (%s is parameter %s again)",
          name, where, previous);
      Integer existing = positions.get(p);
      checkArgument(existing == null,
          "%s: some parameters appear in more than one parameter group (%s is already parameter %s)",
          name, where, existing);
    }
    checkStateFits(groupParams, options);
    for (Tensor p : groupParams) {
      int index = params.size();
      params.add(p);
      states.add(null);
      positions.put(p, index);
      staleCheck.track(p);
    }
    groups.add(new ParamGroup<>(new ArrayList<Tensor>(groupParams), options));
  }

  /**
   * Fails at once, instead of with an {@link OutOfMemoryError} at some later step, when the parameters (those held
   * and a group being added) with their gradients and the state buffers {@link ParamGroup.Options#stateBuffers}
   * asks for cannot fit the heap limit.
   */
  private void checkStateFits(List<? extends Tensor> newParams, ParamGroup.Options newOptions) {
    long elements = 0;
    long bytes = 0;
    for (int g = 0; g <= groups.size(); g++) {
      List<? extends Tensor> ps = g < groups.size() ? groups.get(g).params() : newParams;
      ParamGroup.Options options = g < groups.size() ? groups.get(g).options() : newOptions;
      for (Tensor p : ps) {
        elements += p.numel();
        bytes += (long) p.numel() * p.dtype().itemSize() * (2L + options.stateBuffers());
      }
    }
    SizeLimits.checkHeap(name + ": " + (params.size() + newParams.size()) + " parameters of " + elements
        + " elements in all, with their gradients and state buffers,", bytes);
  }

  /** Whether groups can be added after the first; false for an optimizer of one group only (LBFGS). */
  protected boolean allowsParamGroups() {
    return true;
  }

  /** The groups, in order (unmodifiable list; each group's lr and options can be changed). */
  public List<ParamGroup<?>> paramGroups() {
    return Collections.unmodifiableList(groups);
  }

  /** Every parameter, in position order (group by group). */
  public List<Tensor> parameters() {
    return Collections.unmodifiableList(params);
  }

  /** The options that groups added without options use. */
  public ParamGroup.Options defaults() {
    return defaults;
  }

  /** How many times {@link #step()} has run (schedulers use it to check the call order). */
  public long stepCount() {
    return stepCount;
  }

  // ---------------------------------------------------------------- stepping

  /**
   * One update of every parameter that has a gradient, under {@link Autograd#noGrad()}; parameters whose grad is
   * null are skipped. Gradients are not changed.
   */
  public void step() {
    try (var g = Autograd.noGrad()) {
      countStep();
      int index = 0;
      for (ParamGroup<?> group : groups) {
        for (Tensor p : group.params()) {
          Tensor grad = p.grad();
          if (grad != null) {
            ParamState state = states.get(index);
            if (state == null) {
              state = newState(group, p);
              states.set(index, state);
            }
            update(group, p, grad, state);
          }
          index++;
        }
      }
    }
  }

  /**
   * Evaluates {@code closure} with grad enabled (it usually zeroes the grads, computes the loss and calls
   * backward), then steps; returns the closure's loss, like PyTorch's {@code step(closure)}. An optimizer that
   * evaluates the closure itself (LBFGS) overrides both {@code step} methods and calls {@link #countStep()}.
   */
  public Tensor step(Supplier<Tensor> closure) {
    Objects.requireNonNull(closure, "closure");
    Tensor loss = Autograd.enableGrad(closure);
    step();
    return loss;
  }

  /** Counts one step ({@link #stepCount()}) and runs the stale-gradient check on the gradients it applies. */
  protected final void countStep() {
    stepCount++;
    staleCheck.beforeStep(stepCount);
  }

  /**
   * The state of the parameter at {@code index} (position across all groups), created with {@link #newState} if it
   * has none yet; for an optimizer that steps outside {@link #update} (LBFGS keeps its state on parameter 0, as
   * PyTorch does).
   */
  protected final ParamState stateOrCreate(int index) {
    if (states.get(index) == null) {
      states.set(index, newState(groupOf(index), params.get(index)));
    }
    return states.get(index);
  }

  /** Sets every gradient to null, PyTorch 2's default; see {@link #zeroGrad(boolean)}. */
  public void zeroGrad() {
    zeroGrad(true);
  }

  /**
   * Clears the gradients: to null when {@code setToNone} (the next step skips parameters that get no new
   * gradient), otherwise zeroes them in place (the next step still applies weight decay and momentum to a zero
   * gradient). Resets the backward-pass counts of the stale-gradient check.
   */
  public void zeroGrad(boolean setToNone) {
    try (var g = Autograd.noGrad()) {
      for (Tensor p : params) {
        Tensor grad = p.grad();
        if (grad == null) {
          continue;
        }
        if (setToNone) {
          p.setGrad(null);
        } else {
          if (grad.requiresGrad()) {
            grad = grad.detach();         // a grad from createGraph: cut its history before zeroing, as PyTorch does
            p.setGrad(grad);
          }
          grad.zero_();
        }
      }
    }
    staleCheck.reset();
  }

  // ---------------------------------------------------------------- state dict

  /** The state and hyperparameters by position; tensors are copies. */
  public OptimizerState stateDict() {
    List<OptimizerState.GroupState> saved = new ArrayList<>();
    int index = 0;
    for (ParamGroup<?> group : groups) {
      LinkedHashMap<String, Object> hyper = group.options().toMap();
      group.initialLr().ifPresent(v -> hyper.put("initial_lr", v));
      List<Integer> indices = new ArrayList<>();
      for (int i = 0; i < group.params().size(); i++) {
        indices.add(index++);
      }
      saved.add(new OptimizerState.GroupState(hyper, indices));
    }
    TreeMap<Integer, Map<String, Tensor>> state = new TreeMap<>();
    for (int i = 0; i < states.size(); i++) {
      if (states.get(i) != null) {
        state.put(i, states.get(i).toTensors());
      }
    }
    return new OptimizerState(saved, state);
  }

  /**
   * Replaces hyperparameters and state with a saved one (PyTorch's {@code load_state_dict}); saved parameter
   * indices map, in order, onto this optimizer's parameters. Nothing changes when validation fails.
   *
   * @throws IllegalArgumentException when the group count or a group size differs ({@code loaded state dict has
   *     a different number of parameter groups}, {@code loaded state dict contains a parameter group that doesn't
   *     match the size of optimizer's group}), or a state entry does not fit its parameter
   */
  public void loadStateDict(OptimizerState saved) {
    Objects.requireNonNull(saved, "state");
    String op = name + ".loadStateDict: ";
    if (saved.paramGroups().size() != groups.size()) {
      throw new IllegalArgumentException(
          op + "loaded state dict has a different number of parameter groups (saved " + saved.paramGroups().size()
              + ", optimizer has " + groups.size() + ")");
    }
    Map<Integer, Integer> idMap = new LinkedHashMap<>();
    List<ParamGroup.Options> newOptions = new ArrayList<>();
    double[] newInitialLrs = new double[groups.size()];
    int position = 0;
    for (int g = 0; g < groups.size(); g++) {
      OptimizerState.GroupState sg = saved.paramGroups().get(g);
      ParamGroup<?> group = groups.get(g);
      if (sg.params().size() != group.params().size()) {
        throw new IllegalArgumentException(
            op + "loaded state dict contains a parameter group that doesn't match the size of optimizer's group "
                + "(group " + g + ": saved " + sg.params().size() + " parameters, optimizer has "
                + group.params().size() + ")");
      }
      for (int savedIndex : sg.params()) {
        if (idMap.put(savedIndex, position++) != null) {
          throw new IllegalArgumentException(
              op + "parameter index " + savedIndex + " appears twice in the saved groups");
        }
      }
      ParamGroup.Options options = optionsFromMap(sg.hyperparameters());
      if (options.getClass() != defaults.getClass()) {
        throw new IllegalArgumentException(
            op + "optionsFromMap returned " + typeName(options.getClass()) + ", expected "
                + typeName(defaults.getClass()));
      }
      options.withLr(defaults.lr()).validate();   // any lr: a scheduler may have set it below zero
      newOptions.add(options);
      Object initial = sg.hyperparameters().get("initial_lr");
      newInitialLrs[g] = initial instanceof Double d ? d : Double.NaN;
    }
    List<ParamState> newStates = new ArrayList<>(Collections.nCopies(params.size(), null));
    for (Map.Entry<Integer, Map<String, Tensor>> e : saved.state().entrySet()) {
      Integer target = idMap.get(e.getKey());
      if (target == null) {
        throw new IllegalArgumentException(
            op + "the saved state has an entry for parameter " + e.getKey() + ", which is in no saved group");
      }
      newStates.set(target, restoreState(groupOf(target), target, params.get(target), e.getValue()));
    }
    for (int g = 0; g < groups.size(); g++) {
      groups.get(g).replaceOptions(newOptions.get(g));
      groups.get(g).setInitialLr(newInitialLrs[g]);
    }
    for (int i = 0; i < newStates.size(); i++) {
      states.set(i, newStates.get(i));
    }
  }

  private ParamGroup<?> groupOf(int index) {
    int start = 0;
    for (ParamGroup<?> group : groups) {
      if (index < start + group.params().size()) {
        return group;
      }
      start += group.params().size();
    }
    throw new IndexOutOfBoundsException("parameter index " + index + " out of range for " + params.size());
  }

  /**
   * A saved per-parameter tensor with the parameter's shape, as a fresh array; null when absent and not
   * required.
   *
   * @throws IllegalArgumentException naming the parameter and the shapes when it is missing or mis-shaped
   */
  protected final float[] savedTensor(Map<String, Tensor> saved, String key, int index, Tensor param,
      boolean required) {
    Tensor t = savedState(saved, key, index, param, required);
    return t == null ? null : t.toArray();
  }

  /**
   * {@link #savedTensor} for a float64 parameter: the values as doubles (a float32 entry is widened, as PyTorch's
   * {@code load_state_dict} casts floating state to the parameter's dtype).
   */
  protected final double[] savedDoubles(Map<String, Tensor> saved, String key, int index, Tensor param,
      boolean required) {
    Tensor t = savedState(saved, key, index, param, required);
    return t == null ? null : t.toDoubleArray();
  }

  private Tensor savedState(Map<String, Tensor> saved, String key, int index, Tensor param, boolean required) {
    Tensor t = saved.get(key);
    if (t == null) {
      if (required) {
        throw new IllegalArgumentException(
            name + ".loadStateDict: state of parameter " + index + " has no '" + key + "' (it has " + saved.keySet()
                + ")");
      }
      return null;
    }
    if (!Arrays.equals(t.shape(), param.shape())) {
      throw new IllegalArgumentException(
          name + ".loadStateDict: state of parameter " + index + " has '" + key + "' of shape "
              + Arrays.toString(t.shape()) + " but the parameter has shape " + Arrays.toString(param.shape()));
    }
    return t;
  }

  /**
   * A saved one-element value such as {@code step}.
   *
   * @throws IllegalArgumentException when missing or not a single element
   */
  protected final double savedScalar(Map<String, Tensor> saved, String key, int index) {
    Tensor t = saved.get(key);
    if (t == null || t.numel() != 1) {
      throw new IllegalArgumentException(
          name + ".loadStateDict: state of parameter " + index + " needs a one-element '" + key + "', got "
              + (t == null ? "none" : "shape " + Arrays.toString(t.shape())));
    }
    return t.doubleValue();
  }

  /**
   * Fails on state names this optimizer does not know.
   *
   * @throws IllegalArgumentException naming the unknown key
   */
  protected final void checkStateKeys(Map<String, Tensor> saved, int index, Set<String> known) {
    for (String key : saved.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            name + ".loadStateDict: state of parameter " + index + " has unknown entry '" + key + "' (expected "
                + new java.util.TreeSet<>(known) + ")");
      }
    }
  }

  /** {@code SGD.Options} for a nested class, the simple name otherwise. */
  static String typeName(Class<?> type) {
    String n = type.getName();
    return n.substring(n.lastIndexOf('.') + 1).replace('$', '.');
  }

  /** Writes new values into a parameter in place (under the step's no-grad scope). */
  protected static void writeValues(Tensor param, float[] values) {
    param.copy_(Tensor.of(values, param.shape()));
  }

  // ---------------------------------------------------------------- stale-gradient check

  /**
   * Turns on the stale-gradient check ({@link StaleGradientCheck}): {@link #step()} logs a warning once (and tells
   * the listeners), naming the parameter, when a gradient it applies was accumulated over more than
   * {@code accumulationSteps} backward passes since the last {@link #zeroGrad()}: the classic forgotten
   * {@code zeroGrad()}. Use 1 for a plain loop and k when accumulating over k micro-batches.
   *
   * @throws IllegalArgumentException when {@code accumulationSteps < 1}
   */
  public void enableStaleGradientCheck(int accumulationSteps) {
    staleCheck.enable(accumulationSteps);
  }

  /** Turns the stale-gradient check off. */
  public void disableStaleGradientCheck() {
    staleCheck.disable();
  }

  /** Calls {@code listener} (besides logging) when the stale-gradient check warns. */
  public void addStaleGradientListener(Consumer<StaleGradientWarning> listener) {
    staleCheck.addListener(listener);
  }

  public void removeStaleGradientListener(Consumer<StaleGradientWarning> listener) {
    staleCheck.removeListener(listener);
  }

  /**
   * Names for the parameters in position order, used in messages (e.g. from {@code namedParameters()}: {@code
   * "0.weight"}).
   *
   * @throws IllegalArgumentException when the count differs from the number of parameters
   */
  public void setParameterNames(List<String> parameterNames) {
    staleCheck.setNames(parameterNames);
  }

  /** The parameter's name from {@link #setParameterNames}, or {@code "param <index>"}. */
  public String parameterName(int paramIndex) {
    return staleCheck.name(paramIndex);
  }

  /**
   * Backward passes that reached the parameter since the last {@link #zeroGrad()} (counted by a tensor hook). A
   * gradient found null or all zero when a backward pass arrives (cleared elsewhere, e.g. by a module's zeroGrad)
   * restarts the count.
   */
  public int backwardPassesSinceZeroGrad(int paramIndex) {
    return staleCheck.backwardPasses(paramIndex);
  }

  // ---------------------------------------------------------------- printing

  /** PyTorch's layout: {@code SGD (\nParameter Group 0\n    dampening: 0.0\n    lr: 0.1\n ...)}, keys sorted. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name).append(" (");
    for (int g = 0; g < groups.size(); g++) {
      sb.append("\nParameter Group ").append(g);
      TreeMap<String, Object> sorted = new TreeMap<>(groups.get(g).options().toMap());
      groups.get(g).initialLr().ifPresent(v -> sorted.put("initial_lr", v));
      sorted.forEach((k, v) -> sb.append("\n    ").append(k).append(": ").append(v));
    }
    return sb.append("\n)").toString();
  }
}
