package dev.jgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Map;

/**
 * Cosine annealing with warm restarts, SGDR (PyTorch's {@code CosineAnnealingWarmRestarts}): within a period of
 * {@code T_i} epochs the rate falls as {@code lr = ηmin + (base − ηmin)(1 + cos(π T_cur / T_i)) / 2}, then jumps
 * back to the base rate; the first period is {@code t0} epochs and each next one is {@code tMult} times longer.
 *
 * <p>It may be stepped once per epoch with {@link #step()}, or with a fractional epoch, {@link #step(double)}, to
 * anneal within an epoch, as PyTorch's {@code scheduler.step(epoch + i / iters)}:
 *
 * <pre>{@code
 * CosineAnnealingWarmRestarts sched = new CosineAnnealingWarmRestarts(opt, 10, 2);
 * for (int epoch = 0; epoch < 70; epoch++) {
 *   for (int i = 0; i < iters; i++) {
 *     trainOneBatch(opt);
 *     sched.step(epoch + (double) i / iters);
 *   }
 * }
 * }</pre>
 */
public class CosineAnnealingWarmRestarts extends AbstractLRScheduler {
  private final int t0;
  private final int tMult;
  private final double etaMin;
  private int tI;
  private double tCur;

  /**
   * @param t0 the length of the first period, in epochs
   * @param tMult the factor by which each period is longer than the last
   * @param etaMin the lowest rate
   * @throws IllegalArgumentException when {@code t0 < 1} or {@code tMult < 1}
   */
  public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0, int tMult, double etaMin) {
    super(validated(optimizer, t0, tMult));
    this.t0 = t0;
    this.tMult = tMult;
    this.etaMin = etaMin;
    this.tI = t0;
    start();
  }

  /** {@code etaMin} 0, PyTorch's default. */
  public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0, int tMult) {
    this(optimizer, t0, tMult, 0);
  }

  /** {@code tMult} 1 and {@code etaMin} 0, PyTorch's defaults: every period {@code t0} epochs. */
  public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0) {
    this(optimizer, t0, 1, 0);
  }

  private static Optimizer validated(Optimizer optimizer, int t0, int tMult) {
    checkArgument(t0 > 0, "CosineAnnealingWarmRestarts: Expected positive integer T_0, but got %s", t0);
    checkArgument(tMult >= 1, "CosineAnnealingWarmRestarts: Expected integer T_mult >= 1, but got %s", tMult);
    return optimizer;
  }

  /** Moves one epoch on; at the end of a period restarts with a period {@code tMult} times longer. */
  @Override
  public void step() {
    if (lastEpoch() < 0) {
      tCur = 0;
      tI = t0;
    } else {
      tCur += 1;
      if (tCur >= tI) {
        tCur -= tI;
        tI = Math.multiplyExact(tI, tMult);
      }
    }
    super.step();
  }

  /**
   * Jumps to a possibly fractional {@code epoch}: the position within its period is computed from the epoch
   * alone, and {@link #lastEpoch()} becomes {@code floor(epoch)}.
   *
   * @throws IllegalArgumentException for a negative or non-finite epoch
   */
  public void step(double epoch) {
    checkArgument(epoch >= 0 && Double.isFinite(epoch),
        "CosineAnnealingWarmRestarts: Expected non-negative epoch, but got %s", epoch);
    if (epoch >= t0) {
      if (tMult == 1) {
        tCur = epoch % t0;
      } else {
        int n = (int) (Math.log(epoch / t0 * (tMult - 1) + 1) / Math.log(tMult));
        long power = 1;
        for (int i = 0; i < n; i++) {
          power = Math.multiplyExact(power, tMult);
        }
        tCur = epoch - t0 * (double) (power - 1) / (tMult - 1);
        tI = Math.toIntExact(t0 * power);
      }
    } else {
      tI = t0;
      tCur = epoch;
    }
    stepTo((int) Math.floor(epoch));
  }

  @Override
  protected double[] computeLrs() {
    double[] lrs = baseLrs();
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] = etaMin + (lrs[i] - etaMin) * (1 + StrictMath.cos(Math.PI * tCur / tI)) / 2;
    }
    return lrs;
  }

  /** Epochs since the last restart (PyTorch's {@code T_cur}); fractional after {@link #step(double)}. */
  public double epochsSinceRestart() {
    return tCur;
  }

  /** The length of the current period (PyTorch's {@code T_i}). */
  public int currentPeriod() {
    return tI;
  }

  @Override
  protected void saveExtra(Map<String, Object> state) {
    state.put("T_0", t0);
    state.put("T_i", tI);
    state.put("T_mult", tMult);
    state.put("eta_min", etaMin);
    state.put("T_cur", tCur);
  }

  @Override
  protected void loadExtra(Map<String, Object> state, String owner) {
    int period = readInt(state, "T_i", owner);
    double since = readDouble(state, "T_cur", owner);
    checkArgument(period >= 1, "%s: 'T_i' must be at least 1, got %s", owner, period);
    tI = period;
    tCur = since;
  }
}
