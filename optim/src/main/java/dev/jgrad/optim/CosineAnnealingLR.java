package dev.jgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Map;

/**
 * Cosine annealing from the base rate down to {@code etaMin} over {@code tMax} epochs (PyTorch's {@code
 * CosineAnnealingLR}, in its recursive form): {@code lr = ηmin + (base − ηmin)(1 + cos(π e / tMax)) / 2}.
 *
 * <p>It does not stop at {@code tMax}: the rate climbs back to the base rate at {@code 2·tMax} and keeps going
 * (period {@code 2·tMax}), exactly as PyTorch does. Stop stepping, or chain another schedule with {@link
 * SequentialLR}, if that is not wanted. With base 0.1 and tMax 4: 0.1, 0.0854, 0.05, 0.0146, 0, 0.0146, 0.05, ...
 *
 * <pre>{@code
 * LRScheduler sched = new CosineAnnealingLR(opt, 100, 1e-5);
 * }</pre>
 */
public class CosineAnnealingLR extends AbstractLRScheduler {
  private final int tMax;
  private final double etaMin;

  /**
   * @throws IllegalArgumentException when {@code tMax < 1}
   */
  public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
    super(optimizer);
    checkArgument(tMax >= 1, "CosineAnnealingLR: tMax must be at least 1, got %s", tMax);
    this.tMax = tMax;
    this.etaMin = etaMin;
    start();
  }

  /** {@code etaMin} 0, PyTorch's default. */
  public CosineAnnealingLR(Optimizer optimizer, int tMax) {
    this(optimizer, tMax, 0);
  }

  @Override
  protected double[] computeLrs() {
    double[] lrs = groupLrs();
    double[] base = baseLrs();
    int e = lastEpoch();
    if (e == 0) {
      return lrs;
    }
    if (schedulerStepCount() == 1 && e > 0) {
      for (int i = 0; i < lrs.length; i++) {
        lrs[i] = etaMin + (base[i] - etaMin) * (1 + StrictMath.cos(e * Math.PI / tMax)) / 2;
      }
    } else if (Math.floorMod(e - 1 - tMax, 2 * tMax) == 0) {
      // The recursive ratio below is 0/0 at the bottom of the cosine: step up by the first increment instead.
      for (int i = 0; i < lrs.length; i++) {
        lrs[i] = lrs[i] + (base[i] - etaMin) * (1 - StrictMath.cos(Math.PI / tMax)) / 2;
      }
    } else {
      for (int i = 0; i < lrs.length; i++) {
        double ratio = (1 + StrictMath.cos(Math.PI * e / tMax)) / (1 + StrictMath.cos(Math.PI * (e - 1) / tMax));
        lrs[i] = ratio * (lrs[i] - etaMin) + etaMin;
      }
    }
    return lrs;
  }

  @Override
  protected double[] closedFormLrs() {
    double[] lrs = baseLrs();
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] = etaMin + (lrs[i] - etaMin) * (1 + StrictMath.cos(Math.PI * lastEpoch() / tMax)) / 2;
    }
    return lrs;
  }

  @Override
  protected void saveExtra(Map<String, Object> state) {
    state.put("T_max", tMax);
    state.put("eta_min", etaMin);
  }
}
