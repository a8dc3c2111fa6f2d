package dev.jgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Base of the epoch-indexed schedulers, PyTorch's {@code LRScheduler}: it keeps {@code lastEpoch} (−1 before the
 * first step), the base rates (each group's {@code initialLr}, set from its current lr by the first scheduler),
 * and writes the rates that {@link #computeLrs()} returns.
 *
 * <p>Writing a scheduler: extend this class, implement {@link #computeLrs()} in PyTorch's chainable form (from the
 * groups' current rates) and, where one exists, {@link #closedFormLrs()}; call {@link #start()} as the last line
 * of the constructor. That applies the epoch-0 rate, like PyTorch's {@code _initial_step}.
 *
 * <p>Order check: when the first {@link #step()} after construction comes before any {@link Optimizer#step()},
 * a warning is logged once (logger {@code dev.jgrad.optim}), with PyTorch's text: the first value of the schedule
 * would be skipped.
 */
public abstract class AbstractLRScheduler implements LRScheduler {
  private static final System.Logger LOG = System.getLogger("dev.jgrad.optim");

  /** PyTorch's warning, kept word for word after the scheduler's name so it can be searched. */
  static final String ORDER_WARNING = "Detected call of `lr_scheduler.step()` before `optimizer.step()`. "
      + "In PyTorch 1.1.0 and later, you should call them in the opposite order: `optimizer.step()` before "
      + "`lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first value of the "
      + "learning rate schedule. See more details at "
      + "https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate";

  protected final Optimizer optimizer;
  private final String name;
  private double[] baseLrs;
  private int lastEpoch = -1;
  private int stepCount;
  private long optimizerStepsAtStart;
  private List<Double> lastLrs = List.of();

  /**
   * Records the base rates: each group's {@code initialLr}, which is set to its current lr if no scheduler has
   * set it yet.
   */
  protected AbstractLRScheduler(Optimizer optimizer) {
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    this.name = getClass().getSimpleName();
    for (ParamGroup<?> group : optimizer.paramGroups()) {
      if (group.initialLr().isEmpty()) {
        group.setInitialLr(group.lr());
      }
    }
    refreshBaseLrs();
  }

  /** Re-reads the base rates from the groups' {@code initialLr} (after a subclass set them). */
  protected final void refreshBaseLrs() {
    List<ParamGroup<?>> groups = optimizer.paramGroups();
    baseLrs = new double[groups.size()];
    for (int i = 0; i < baseLrs.length; i++) {
      baseLrs[i] = groups.get(i).initialLr().orElse(groups.get(i).lr());
    }
  }

  /** Applies the epoch-0 rate (PyTorch's {@code _initial_step}); call it last in every constructor. */
  protected final void start() {
    optimizerStepsAtStart = optimizer.stepCount();
    stepCount = 0;
    step();
  }

  /** The rates for {@link #lastEpoch()}, computed from the groups' current rates (PyTorch's {@code get_lr}). */
  protected abstract double[] computeLrs();

  /** The rates for {@link #lastEpoch()} from the base rates alone, or null when there is no closed form. */
  protected double[] closedFormLrs() {
    return null;
  }

  @Override
  public void step() {
    checkOrder();
    lastEpoch++;
    apply(computeLrs());
  }

  /**
   * Jumps to {@code epoch} using the closed form when there is one (PyTorch's deprecated {@code step(epoch)};
   * {@link SequentialLR} uses {@code stepTo(0)} to restart a schedule at a milestone).
   */
  void stepTo(int epoch) {
    checkOrder();
    lastEpoch = epoch;
    double[] closed = closedFormLrs();
    apply(closed != null ? closed : computeLrs());
  }

  private void checkOrder() {
    if (stepCount == 1 && optimizer.stepCount() == optimizerStepsAtStart) {
      LOG.log(System.Logger.Level.WARNING, name + ".step: " + ORDER_WARNING);
    }
    stepCount++;
  }

  private void apply(double[] lrs) {
    List<ParamGroup<?>> groups = optimizer.paramGroups();
    if (lrs.length != groups.size()) {
      throw new IllegalStateException(
          name + ": computed " + lrs.length + " learning rates for " + groups.size() + " param groups");
    }
    for (int i = 0; i < lrs.length; i++) {
      groups.get(i).setLr(lrs[i]);
    }
    lastLrs = currentLrs(optimizer);
  }

  static List<Double> currentLrs(Optimizer optimizer) {
    List<Double> out = new ArrayList<>();
    for (ParamGroup<?> group : optimizer.paramGroups()) {
      out.add(group.lr());
    }
    return Collections.unmodifiableList(out);
  }

  /** Each group's current rate, the input of the chainable forms. */
  protected final double[] groupLrs() {
    List<ParamGroup<?>> groups = optimizer.paramGroups();
    double[] out = new double[groups.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = groups.get(i).lr();
    }
    return out;
  }

  /** The base rates (a copy), one per group. */
  public final double[] baseLrs() {
    return baseLrs.clone();
  }

  /** The current epoch: 0 right after construction, +1 per {@link #step()}. */
  public final int lastEpoch() {
    return lastEpoch;
  }

  /** Steps taken including the construction step (PyTorch's {@code _step_count}). */
  protected final int schedulerStepCount() {
    return stepCount;
  }

  /** Moves the epoch back by one ({@link SequentialLR} undoes its children's construction step). */
  void rewindEpoch() {
    lastEpoch--;
  }

  @Override
  public final List<Double> lastLrs() {
    return lastLrs;
  }

  @Override
  public final Optimizer optimizer() {
    return optimizer;
  }

  @Override
  public Map<String, Object> stateDict() {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    m.put("last_epoch", lastEpoch);
    m.put("base_lrs", toList(baseLrs));
    m.put("_step_count", stepCount);
    m.put("_last_lr", lastLrs);
    saveExtra(m);
    return m;
  }

  @Override
  public void loadStateDict(Map<String, Object> state) {
    String owner = name + ".loadStateDict";
    int epoch = readInt(state, "last_epoch", owner);
    double[] bases = toArray(readDoubles(state, "base_lrs", owner));
    int steps = readInt(state, "_step_count", owner);
    List<Double> last = readDoubles(state, "_last_lr", owner);
    checkArgument(bases.length == baseLrs.length && last.size() == baseLrs.length,
        "%s: the state has %s base rates but the optimizer has %s param groups", owner, bases.length, baseLrs.length);
    loadExtra(state, owner);
    lastEpoch = epoch;
    baseLrs = bases;
    stepCount = steps;
    lastLrs = List.copyOf(last);
    optimizerStepsAtStart = -1;         // a resumed schedule never warns about the order
  }

  /** Adds subclass state (and, for reference, hyperparameters) to {@link #stateDict()}. */
  protected void saveExtra(Map<String, Object> state) {}

  /** Restores the state {@link #saveExtra} wrote; runs before anything is changed. */
  protected void loadExtra(Map<String, Object> state, String owner) {}

  // ---------------------------------------------------------------- state-dict values

  /**
   * An integer from a state dict: a {@link Number} or its decimal string.
   *
   * @throws IllegalArgumentException when missing or unreadable
   */
  protected static int readInt(Map<String, ?> state, String key, String owner) {
    return (int) Math.round(readDouble(state, key, owner));
  }

  /**
   * A number from a state dict: a {@link Number} or a string such as {@code "0.1"} or {@code "Infinity"}.
   *
   * @throws IllegalArgumentException when missing or unreadable
   */
  protected static double readDouble(Map<String, ?> state, String key, String owner) {
    Object v = state.get(key);
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException(owner + ": '" + key + "' must be a number, got " + v);
  }

  /**
   * A list of numbers from a state dict: a {@link List} of numbers or a string such as {@code "[0.1, 0.01]"}.
   *
   * @throws IllegalArgumentException when missing or unreadable
   */
  protected static List<Double> readDoubles(Map<String, ?> state, String key, String owner) {
    Object v = state.get(key);
    List<Double> out = new ArrayList<>();
    try {
      if (v instanceof List<?> list) {
        for (Object o : list) {
          out.add(o instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(o).trim()));
        }
        return out;
      }
      if (v instanceof String s && s.trim().startsWith("[") && s.trim().endsWith("]")) {
        String body = s.trim().substring(1, s.trim().length() - 1).trim();
        if (!body.isEmpty()) {
          for (String part : body.split(",")) {
            out.add(Double.parseDouble(part.trim()));
          }
        }
        return out;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(owner + ": '" + key + "' must be a list of numbers, got " + v);
  }

  /** The {@code _schedulers} entry of a composite scheduler's state dict: each child's state, in order. */
  static List<Map<String, Object>> childStates(List<? extends LRScheduler> schedulers) {
    List<Map<String, Object>> children = new ArrayList<>();
    for (LRScheduler s : schedulers) {
      children.add(s.stateDict());
    }
    return Collections.unmodifiableList(children);
  }

  /**
   * Loads each child from the {@code _schedulers} entry written by {@link #childStates}, in order.
   *
   * @throws IllegalArgumentException when the entry is not a list of one map per child
   */
  static void loadChildStates(Map<String, ?> state, List<? extends LRScheduler> schedulers, String owner) {
    if (!(state.get("_schedulers") instanceof List<?> children) || children.size() != schedulers.size()) {
      throw new IllegalArgumentException(
          owner + ": '_schedulers' must be a list of " + schedulers.size() + " scheduler states");
    }
    List<Map<String, Object>> typed = new ArrayList<>();
    for (int i = 0; i < children.size(); i++) {
      if (!(children.get(i) instanceof Map<?, ?> child)) {
        throw new IllegalArgumentException(owner + ": '_schedulers' entry " + i + " is not a map");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) child;
      typed.add(map);
    }
    // Each child validates before it changes, but a later child can still refuse: put the earlier ones back.
    List<Map<String, Object>> before = new ArrayList<>();
    for (LRScheduler s : schedulers) {
      before.add(s.stateDict());
    }
    int loaded = 0;
    try {
      for (; loaded < typed.size(); loaded++) {
        schedulers.get(loaded).loadStateDict(typed.get(loaded));
      }
    } catch (RuntimeException e) {
      for (int i = 0; i < loaded; i++) {
        schedulers.get(i).loadStateDict(before.get(i));
      }
      throw e;
    }
  }

  /**
   * {@code lrs} with every rate multiplied by {@code factor}, in place; the one loop of the multiplicative
   * schedules.
   */
  static double[] scaled(double[] lrs, double factor) {
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] *= factor;
    }
    return lrs;
  }

  static List<Double> toList(double[] values) {
    List<Double> out = new ArrayList<>();
    for (double v : values) {
      out.add(v);
    }
    return Collections.unmodifiableList(out);
  }

  static double[] toArray(List<Double> values) {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
