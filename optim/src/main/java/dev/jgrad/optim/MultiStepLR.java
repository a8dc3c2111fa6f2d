package dev.jgrad.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Multiplies each group's rate by {@code gamma} at every milestone epoch: {@code lr = base · γ^(number of
 * milestones ≤ e)} (PyTorch's {@code MultiStepLR}). A milestone listed twice decays twice, as with PyTorch's
 * {@code Counter}.
 *
 * <pre>{@code
 * LRScheduler sched = new MultiStepLR(opt, List.of(30, 80), 0.1);
 * }</pre>
 */
public class MultiStepLR extends AbstractLRScheduler {
  private final TreeMap<Integer, Integer> milestones = new TreeMap<>();
  private final double gamma;

  public MultiStepLR(Optimizer optimizer, List<Integer> milestones, double gamma) {
    super(optimizer);
    for (int m : milestones) {
      this.milestones.merge(m, 1, Integer::sum);
    }
    this.gamma = gamma;
    start();
  }

  /** {@code gamma} 0.1, PyTorch's default. */
  public MultiStepLR(Optimizer optimizer, List<Integer> milestones) {
    this(optimizer, milestones, 0.1);
  }

  @Override
  protected double[] computeLrs() {
    double[] lrs = groupLrs();
    Integer count = milestones.get(lastEpoch());
    return count == null ? lrs : scaled(lrs, StrictMath.pow(gamma, count));
  }

  @Override
  protected double[] closedFormLrs() {
    int passed = 0;
    for (Map.Entry<Integer, Integer> e : milestones.headMap(lastEpoch(), true).entrySet()) {
      passed += e.getValue();
    }
    return scaled(baseLrs(), StrictMath.pow(gamma, passed));
  }

  @Override
  protected void saveExtra(Map<String, Object> state) {
    List<Integer> all = new ArrayList<>();
    milestones.forEach((m, n) -> all.addAll(Collections.nCopies(n, m)));
    state.put("milestones", all);
    state.put("gamma", gamma);
  }
}
