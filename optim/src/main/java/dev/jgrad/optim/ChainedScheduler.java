package dev.jgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

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
public class ChainedScheduler extends TrackingScheduler {
  private final List<LRScheduler> schedulers;

  /**
   * @throws IllegalArgumentException for an empty list or schedules of different optimizers
   */
  public ChainedScheduler(List<? extends LRScheduler> schedulers) {
    super(sharedOptimizer(schedulers));
    this.schedulers = List.copyOf(schedulers);
    recordLrs();
  }

  /** The optimizer all {@code schedulers} belong to. */
  private static Optimizer sharedOptimizer(List<? extends LRScheduler> schedulers) {
    checkArgument(!schedulers.isEmpty(), "ChainedScheduler: expects at least one scheduler");
    for (int i = 1; i < schedulers.size(); i++) {
      if (schedulers.get(i).optimizer() != schedulers.get(0).optimizer()) {
        throw new IllegalArgumentException(
            "ChainedScheduler: ChainedScheduler expects all schedulers to belong to the same optimizer, but got "
                + "schedulers at index 0 and " + i + " to be different");
      }
    }
    return schedulers.get(0).optimizer();
  }

  @Override
  public void step() {
    for (LRScheduler s : schedulers) {
      s.step();
    }
    recordLrs();
  }

  @Override
  public Map<String, Object> stateDict() {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    m.put("_last_lr", lastLrs());
    m.put("_schedulers", AbstractLRScheduler.childStates(schedulers));
    return m;
  }

  @Override
  public void loadStateDict(Map<String, Object> state) {
    String owner = "ChainedScheduler.loadStateDict";
    List<Double> last = AbstractLRScheduler.readDoubles(state, "_last_lr", owner);
    AbstractLRScheduler.loadChildStates(state, schedulers, owner);
    recordLrs(List.copyOf(last));
  }
}
