package dev.jgrad.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Steps several chainable schedules together, each multiplying into the rate the previous one set (PyTorch's
 * {@code ChainedScheduler}).
 *
 * <pre>{@code
 * LRScheduler sched = new ChainedScheduler(List.of(new ConstantLR(opt, 0.1, 2), new ExponentialLR(opt, 0.9)));
 * }</pre>
 */
public class ChainedScheduler implements LRScheduler {
  private final List<LRScheduler> schedulers;
  private List<Double> lastLrs;

  /**
   * @throws IllegalArgumentException for an empty list or schedules of different optimizers
   */
  public ChainedScheduler(List<? extends LRScheduler> schedulers) {
    if (schedulers.isEmpty()) {
      throw new IllegalArgumentException("ChainedScheduler: expects at least one scheduler");
    }
    for (int i = 1; i < schedulers.size(); i++) {
      if (schedulers.get(i).optimizer() != schedulers.get(0).optimizer()) {
        throw new IllegalArgumentException(
            "ChainedScheduler: ChainedScheduler expects all schedulers to belong to the same optimizer, but got "
                + "schedulers at index 0 and " + i + " to be different");
      }
    }
    this.schedulers = List.copyOf(schedulers);
    this.lastLrs = AbstractLRScheduler.currentLrs(optimizer());
  }

  @Override
  public void step() {
    for (LRScheduler s : schedulers) {
      s.step();
    }
    lastLrs = AbstractLRScheduler.currentLrs(optimizer());
  }

  @Override
  public List<Double> lastLrs() {
    return lastLrs;
  }

  @Override
  public Optimizer optimizer() {
    return schedulers.get(0).optimizer();
  }

  @Override
  public Map<String, Object> stateDict() {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    m.put("_last_lr", lastLrs);
    List<Map<String, Object>> children = new ArrayList<>();
    for (LRScheduler s : schedulers) {
      children.add(s.stateDict());
    }
    m.put("_schedulers", Collections.unmodifiableList(children));
    return m;
  }

  @Override
  public void loadStateDict(Map<String, Object> state) {
    String owner = "ChainedScheduler.loadStateDict";
    List<Double> last = AbstractLRScheduler.readDoubles(state, "_last_lr", owner);
    if (!(state.get("_schedulers") instanceof List<?> children) || children.size() != schedulers.size()) {
      throw new IllegalArgumentException(
          owner + ": '_schedulers' must be a list of " + schedulers.size() + " scheduler states");
    }
    for (int i = 0; i < children.size(); i++) {
      if (!(children.get(i) instanceof Map<?, ?> child)) {
        throw new IllegalArgumentException(owner + ": '_schedulers' entry " + i + " is not a map");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> typed = (Map<String, Object>) child;
      schedulers.get(i).loadStateDict(typed);
    }
    lastLrs = List.copyOf(last);
  }
}
