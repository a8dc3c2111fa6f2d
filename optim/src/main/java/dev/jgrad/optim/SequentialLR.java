package dev.jgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs schedules one after another, switching at milestone epochs (PyTorch's {@code SequentialLR}); the usual
 * warm-up then decay. At a milestone the next schedule restarts from its epoch 0 (its closed form).
 *
 * <pre>{@code
 * LRScheduler sched = new SequentialLR(opt,
 *     List.of(new LinearLR(opt, 0.1, 1.0, 5), new CosineAnnealingLR(opt, 95)), List.of(5));
 * }</pre>
 *
 * <p>Construction resets every group to its {@code initialLr} and rewinds the schedules' construction steps, so
 * the first schedule's epoch 0 is in effect, as in PyTorch.
 */
public class SequentialLR extends TrackingScheduler {
  private final List<AbstractLRScheduler> schedulers;
  private final List<Integer> milestones;
  private int lastEpoch;

  /**
   * @throws IllegalArgumentException when a schedule belongs to another optimizer, or the number of milestones is
   *     not one less than the number of schedules
   */
  public SequentialLR(Optimizer optimizer, List<? extends AbstractLRScheduler> schedulers,
      List<Integer> milestones) {
    super(optimizer);
    for (int i = 0; i < schedulers.size(); i++) {
      if (schedulers.get(i).optimizer() != optimizer) {
        throw new IllegalArgumentException(
            "SequentialLR: Sequential Schedulers expects all schedulers to belong to the same optimizer, but got "
                + "schedulers at index " + i + " to be different than the optimizer passed in.");
      }
    }
    checkArgument(!schedulers.isEmpty() && milestones.size() == schedulers.size() - 1,
        "SequentialLR: Sequential Schedulers expects number of schedulers provided to be one more than the number "
            + "of milestone points, but got number of schedulers %s and the number of milestones to be equal to %s",
        schedulers.size(), milestones.size());
    this.schedulers = List.copyOf(schedulers);
    this.milestones = List.copyOf(milestones);
    this.lastEpoch = 0;
    for (ParamGroup<?> group : optimizer.paramGroups()) {
      group.setLr(group.initialLr().orElse(group.lr()));
    }
    for (AbstractLRScheduler s : this.schedulers) {
      s.rewindEpoch();
    }
    this.schedulers.get(0).start();
    recordLrs(this.schedulers.get(0).lastLrs());
  }

  @Override
  public void step() {
    lastEpoch++;
    int idx = bisectRight(milestones, lastEpoch);
    AbstractLRScheduler s = schedulers.get(idx);
    if (idx > 0 && milestones.get(idx - 1) == lastEpoch) {
      s.stepTo(0);
    } else {
      s.step();
    }
    recordLrs(s.lastLrs());
  }

  static int bisectRight(List<Integer> sorted, int value) {
    int i = 0;
    while (i < sorted.size() && sorted.get(i) <= value) {
      i++;
    }
    return i;
  }

  @Override
  public Map<String, Object> stateDict() {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    m.put("last_epoch", lastEpoch);
    m.put("_milestones", milestones);
    m.put("_last_lr", lastLrs());
    m.put("_schedulers", AbstractLRScheduler.childStates(schedulers));
    return m;
  }

  @Override
  public void loadStateDict(Map<String, Object> state) {
    String owner = "SequentialLR.loadStateDict";
    int epoch = AbstractLRScheduler.readInt(state, "last_epoch", owner);
    List<Double> last = AbstractLRScheduler.readDoubles(state, "_last_lr", owner);
    AbstractLRScheduler.loadChildStates(state, schedulers, owner);
    lastEpoch = epoch;
    recordLrs(List.copyOf(last));
  }
}
