package dev.jgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The 1cycle policy, stepped once per batch (PyTorch's {@code OneCycleLR}): the rate rises from {@code maxLr /
 * divFactor} to {@code maxLr} over the first {@code pctStart} of the steps, then anneals to {@code initial /
 * finalDivFactor}; the momentum (beta1 for Adam and AdamW) moves the opposite way, {@code maxMomentum →
 * baseMomentum → maxMomentum}. With {@code threePhase} the rise is mirrored before a final annihilation phase.
 *
 * <pre>{@code
 * LRScheduler sched = new OneCycleLR(opt, 0.01, epochs * loader.numBatches());
 * }</pre>
 *
 * <p>Stepping past {@code totalSteps} fails like PyTorch ({@code Tried to step 12 times. The specified number of
 * total steps is 10}). Not chainable: it sets absolute rates.
 */
public class OneCycleLR extends AbstractLRScheduler {

  /** How a phase moves from its start value to its end value. */
  public enum AnnealStrategy {
    /** {@code end + (start − end) / 2 · (1 + cos(π·pct))}. */
    COS,
    /** {@code (end − start) · pct + start}. */
    LINEAR
  }

  /**
   * OneCycleLR's settings; {@link #defaults()} are PyTorch's.
   *
   * @param pctStart fraction of the steps spent raising the rate, in [0, 1]
   * @param annealStrategy cosine or linear annealing
   * @param cycleMomentum cycle momentum (or beta1) inversely to the rate; needs options with momentum
   * @param baseMomentum momentum at the peak rate
   * @param maxMomentum momentum at the start and end
   * @param divFactor {@code initialLr = maxLr / divFactor}
   * @param finalDivFactor {@code minLr = initialLr / finalDivFactor}
   * @param threePhase use PyTorch's three-phase schedule (rise, mirrored fall, annihilation)
   */
  public record Options(double pctStart, AnnealStrategy annealStrategy, boolean cycleMomentum, double baseMomentum,
      double maxMomentum, double divFactor, double finalDivFactor, boolean threePhase) {

    /** pctStart 0.3, cosine, cycleMomentum, momentum 0.85–0.95, divFactor 25, finalDivFactor 1e4, two phases. */
    public static Options defaults() {
      return new Options(0.3, AnnealStrategy.COS, true, 0.85, 0.95, 25, 1e4, false);
    }

    public Options withPctStart(double v) {
      return new Options(v, annealStrategy, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor,
          threePhase);
    }

    public Options withAnnealStrategy(AnnealStrategy v) {
      return new Options(pctStart, v, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor,
          threePhase);
    }

    public Options withCycleMomentum(boolean v) {
      return new Options(pctStart, annealStrategy, v, baseMomentum, maxMomentum, divFactor, finalDivFactor,
          threePhase);
    }

    public Options withMomentumRange(double base, double max) {
      return new Options(pctStart, annealStrategy, cycleMomentum, base, max, divFactor, finalDivFactor,
          threePhase);
    }

    public Options withDivFactor(double v) {
      return new Options(pctStart, annealStrategy, cycleMomentum, baseMomentum, maxMomentum, v, finalDivFactor,
          threePhase);
    }

    public Options withFinalDivFactor(double v) {
      return new Options(pctStart, annealStrategy, cycleMomentum, baseMomentum, maxMomentum, divFactor, v,
          threePhase);
    }

    public Options withThreePhase(boolean v) {
      return new Options(pctStart, annealStrategy, cycleMomentum, baseMomentum, maxMomentum, divFactor,
          finalDivFactor, v);
    }
  }

  private record Phase(double endStep, int startLr, int endLr, int startMomentum, int endMomentum) {}

  // Indices into the per-group value table, standing for PyTorch's group keys.
  private static final int INITIAL = 0;
  private static final int MAX = 1;
  private static final int MIN = 2;
  private static final int MAX_MOMENTUM = 0;
  private static final int BASE_MOMENTUM = 1;

  private final int totalSteps;
  private final Options options;
  private final List<Phase> phases;
  private final double[][] lrTable;
  private final double[][] momentumTable;

  /** One max rate for every group, PyTorch's default settings. */
  public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
    this(optimizer, maxLr, totalSteps, Options.defaults());
  }

  /** One max rate for every group. */
  public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, Options options) {
    this(optimizer, Collections.nCopies(optimizer.paramGroups().size(), maxLr), totalSteps, options);
  }

  /** {@code totalSteps = epochs · stepsPerEpoch}. */
  public OneCycleLR(Optimizer optimizer, double maxLr, int epochs, int stepsPerEpoch, Options options) {
    this(optimizer, maxLr, checkPositive("epochs", epochs) * checkPositive("steps_per_epoch", stepsPerEpoch),
        options);
  }

  /**
   * One max rate per group.
   *
   * @throws IllegalArgumentException for a non-positive {@code totalSteps}, {@code pctStart} outside [0, 1], a
   *     wrong number of rates, or {@code cycleMomentum} with options that have no momentum ({@code optimizer must
   *     support momentum with `cycle_momentum` option enabled})
   */
  public OneCycleLR(Optimizer optimizer, List<Double> maxLrs, int totalSteps, Options options) {
    super(validated(optimizer, maxLrs, totalSteps, options));
    this.totalSteps = totalSteps;
    this.options = options;
    List<ParamGroup<?>> groups = optimizer.paramGroups();
    double pct = options.pctStart();
    if (options.threePhase()) {
      phases = List.of(new Phase(pct * totalSteps - 1, INITIAL, MAX, MAX_MOMENTUM, BASE_MOMENTUM),
          new Phase(2 * pct * totalSteps - 2, MAX, INITIAL, BASE_MOMENTUM, MAX_MOMENTUM),
          new Phase(totalSteps - 1, INITIAL, MIN, MAX_MOMENTUM, MAX_MOMENTUM));
    } else {
      phases = List.of(new Phase(pct * totalSteps - 1, INITIAL, MAX, MAX_MOMENTUM, BASE_MOMENTUM),
          new Phase(totalSteps - 1, MAX, MIN, BASE_MOMENTUM, MAX_MOMENTUM));
    }
    lrTable = new double[groups.size()][3];
    for (int i = 0; i < groups.size(); i++) {
      double initial = maxLrs.get(i) / options.divFactor();
      lrTable[i][INITIAL] = initial;
      lrTable[i][MAX] = maxLrs.get(i);
      lrTable[i][MIN] = initial / options.finalDivFactor();
      groups.get(i).setInitialLr(initial);
    }
    refreshBaseLrs();
    momentumTable = new double[groups.size()][2];
    if (options.cycleMomentum()) {
      for (int i = 0; i < groups.size(); i++) {
        momentumTable[i][MAX_MOMENTUM] = options.maxMomentum();
        momentumTable[i][BASE_MOMENTUM] = options.baseMomentum();
        groups.get(i).setCycledMomentum(options.maxMomentum());
      }
    }
    start();
  }

  /** All checks run before the base constructor touches the groups, so a rejected scheduler changes nothing. */
  private static Optimizer validated(Optimizer optimizer, List<Double> maxLrs, int totalSteps, Options options) {
    checkPositive("total_steps", totalSteps);
    if (!(options.pctStart() >= 0 && options.pctStart() <= 1)) {
      throw new IllegalArgumentException(
          "OneCycleLR: Expected float between 0 and 1 pct_start, but got " + options.pctStart());
    }
    if (maxLrs.size() != optimizer.paramGroups().size()) {
      throw new IllegalArgumentException(
          "OneCycleLR: expected " + optimizer.paramGroups().size() + " values for max_lr, got " + maxLrs.size());
    }
    if (options.cycleMomentum() && !(optimizer.defaults() instanceof ParamGroup.MomentumOptions)) {
      throw new IllegalArgumentException(
          "OneCycleLR: optimizer must support momentum with `cycle_momentum` option enabled ("
              + optimizer.getClass().getSimpleName() + " has no momentum or beta1; use withCycleMomentum(false))");
    }
    return optimizer;
  }

  private static int checkPositive(String what, int value) {
    checkArgument(value > 0, "OneCycleLR: Expected positive integer %s, but got %s", what, value);
    return value;
  }

  /** The number of steps in the cycle. */
  public int totalSteps() {
    return totalSteps;
  }

  private double anneal(double start, double end, double pct) {
    if (options.annealStrategy() == AnnealStrategy.COS) {
      double cosOut = StrictMath.cos(Math.PI * pct) + 1;
      return end + (start - end) / 2.0 * cosOut;
    }
    return (end - start) * pct + start;
  }

  /**
   * @throws IllegalStateException when stepped past {@code totalSteps}
   */
  @Override
  protected double[] computeLrs() {
    int stepNum = lastEpoch();
    if (stepNum > totalSteps) {
      throw new IllegalStateException(
          "OneCycleLR: Tried to step " + (stepNum + 1) + " times. The specified number of total steps is "
              + totalSteps);
    }
    List<ParamGroup<?>> groups = optimizer.paramGroups();
    double[] lrs = new double[groups.size()];
    for (int g = 0; g < groups.size(); g++) {
      double startStep = 0;
      for (int i = 0; i < phases.size(); i++) {
        Phase phase = phases.get(i);
        if (stepNum <= phase.endStep() || i == phases.size() - 1) {
          double pct = (stepNum - startStep) / (phase.endStep() - startStep);
          lrs[g] = anneal(lrTable[g][phase.startLr()], lrTable[g][phase.endLr()], pct);
          if (options.cycleMomentum()) {
            groups.get(g).setCycledMomentum(
                anneal(momentumTable[g][phase.startMomentum()], momentumTable[g][phase.endMomentum()], pct));
          }
          break;
        }
        startStep = phase.endStep();
      }
    }
    return lrs;
  }

  @Override
  protected void saveExtra(Map<String, Object> state) {
    state.put("total_steps", totalSteps);
    state.put("pct_start", options.pctStart());
    state.put("anneal_strategy", options.annealStrategy().name().toLowerCase(java.util.Locale.ROOT));
    state.put("cycle_momentum", options.cycleMomentum());
    state.put("three_phase", options.threePhase());
  }
}
