package dev.jgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * The cyclical learning-rate policy, stepped once per batch (PyTorch's {@code CyclicLR}): the rate climbs from
 * {@code baseLr} to {@code maxLr} over {@code stepSizeUp} batches and back over {@code stepSizeDown}, the height of
 * each cycle scaled by the {@link Mode} (or a custom scale function); with {@code cycleMomentum} the momentum (or
 * Adam's beta1) moves the opposite way, between {@code maxMomentum} and {@code baseMomentum}.
 *
 * <pre>{@code
 * LRScheduler sched = new CyclicLR(opt, 0.001, 0.1,
 *     CyclicLR.Options.defaults().withStepSizeUp(500).withMode(CyclicLR.Mode.TRIANGULAR2));
 * }</pre>
 *
 * <p>Construction sets every group's rate to its base rate (and, with {@code cycleMomentum}, its momentum to
 * {@code baseMomentum}), as PyTorch does. Momentum cycling also accepts Adam-style beta1, as PyTorch 2 does.
 */
public class CyclicLR extends AbstractLRScheduler {

  /** The built-in scale policies. */
  public enum Mode {
    /** Every cycle has the full height ({@code scale = 1}), evaluated per cycle. */
    TRIANGULAR,
    /** The height halves each cycle ({@code scale = 1 / 2^(cycle − 1)}). */
    TRIANGULAR2,
    /** The height shrinks by {@code gamma^iteration}, evaluated per iteration. */
    EXP_RANGE
  }

  /** What a scale function is evaluated on. */
  public enum ScaleMode {
    /** The cycle number, from 1. */
    CYCLE,
    /** The iteration count since the start. */
    ITERATIONS
  }

  /**
   * CyclicLR's settings; {@link #defaults()} are PyTorch's.
   *
   * @param stepSizeUp batches in the rising half of a cycle
   * @param stepSizeDown batches in the falling half, or null for {@code stepSizeUp}
   * @param mode the scale policy, ignored when {@code scaleFn} is given
   * @param gamma the base of {@link Mode#EXP_RANGE}'s scale
   * @param scaleFn a custom scale function with values in [0, 1], or null for the mode's
   * @param scaleMode what {@code scaleFn} is evaluated on (ignored for the built-in modes, which fix it)
   * @param cycleMomentum cycle momentum (or beta1) inversely to the rate; needs options with momentum
   * @param baseMomentum momentum at the peak rate
   * @param maxMomentum momentum at the base rate
   */
  public record Options(int stepSizeUp, Integer stepSizeDown, Mode mode, double gamma, DoubleUnaryOperator scaleFn,
      ScaleMode scaleMode, boolean cycleMomentum, double baseMomentum, double maxMomentum) {

    /** stepSizeUp 2000, stepSizeDown = stepSizeUp, triangular, gamma 1, cycleMomentum, momentum 0.8–0.9. */
    public static Options defaults() {
      return new Options(2000, null, Mode.TRIANGULAR, 1.0, null, ScaleMode.CYCLE, true, 0.8, 0.9);
    }

    public Options withStepSizeUp(int v) {
      return new Options(v, stepSizeDown, mode, gamma, scaleFn, scaleMode, cycleMomentum, baseMomentum,
          maxMomentum);
    }

    public Options withStepSizeDown(Integer v) {
      return new Options(stepSizeUp, v, mode, gamma, scaleFn, scaleMode, cycleMomentum, baseMomentum,
          maxMomentum);
    }

    public Options withMode(Mode v) {
      return new Options(stepSizeUp, stepSizeDown, v, gamma, scaleFn, scaleMode, cycleMomentum, baseMomentum,
          maxMomentum);
    }

    public Options withGamma(double v) {
      return new Options(stepSizeUp, stepSizeDown, mode, v, scaleFn, scaleMode, cycleMomentum, baseMomentum,
          maxMomentum);
    }

    /** A custom scale policy and what it is evaluated on; replaces the mode. */
    public Options withScaleFn(DoubleUnaryOperator fn, ScaleMode on) {
      return new Options(stepSizeUp, stepSizeDown, mode, gamma, fn, on, cycleMomentum, baseMomentum, maxMomentum);
    }

    public Options withCycleMomentum(boolean v) {
      return new Options(stepSizeUp, stepSizeDown, mode, gamma, scaleFn, scaleMode, v, baseMomentum, maxMomentum);
    }

    public Options withMomentumRange(double base, double max) {
      return new Options(stepSizeUp, stepSizeDown, mode, gamma, scaleFn, scaleMode, cycleMomentum, base, max);
    }

    /** The scale mode in force: fixed by the built-in modes, chosen with a custom function. */
    ScaleMode effectiveScaleMode() {
      if (scaleFn != null) {
        return scaleMode;
      }
      return mode == Mode.EXP_RANGE ? ScaleMode.ITERATIONS : ScaleMode.CYCLE;
    }
  }

  private final Options options;
  private final double[] maxLrs;
  private final double totalSize;
  private final double stepRatio;
  private final double[] baseMomentums;
  private final double[] maxMomentums;

  /** One base and one max rate for every group, PyTorch's default settings. */
  public CyclicLR(Optimizer optimizer, double baseLr, double maxLr) {
    this(optimizer, baseLr, maxLr, Options.defaults());
  }

  /** One base and one max rate for every group. */
  public CyclicLR(Optimizer optimizer, double baseLr, double maxLr, Options options) {
    this(optimizer, Collections.nCopies(optimizer.paramGroups().size(), baseLr),
        Collections.nCopies(optimizer.paramGroups().size(), maxLr), options);
  }

  /**
   * A base and a max rate per group.
   *
   * @throws IllegalArgumentException for a wrong number of rates, non-positive step sizes, or {@code
   *     cycleMomentum} with options that have no momentum ({@code optimizer must support momentum with
   *     `cycle_momentum` option enabled})
   */
  public CyclicLR(Optimizer optimizer, List<Double> baseLrs, List<Double> maxLrs, Options options) {
    super(validated(optimizer, baseLrs, maxLrs, options));
    this.options = options;
    this.maxLrs = toArray(maxLrs);
    double up = options.stepSizeUp();
    double down = options.stepSizeDown() == null ? up : options.stepSizeDown();
    this.totalSize = up + down;
    this.stepRatio = up / totalSize;
    List<ParamGroup<?>> groups = optimizer.paramGroups();
    for (int i = 0; i < groups.size(); i++) {
      groups.get(i).setInitialLr(baseLrs.get(i));
    }
    refreshBaseLrs();
    baseMomentums = new double[groups.size()];
    maxMomentums = new double[groups.size()];
    if (options.cycleMomentum()) {
      for (int i = 0; i < groups.size(); i++) {
        groups.get(i).setCycledMomentum(options.baseMomentum());
        baseMomentums[i] = options.baseMomentum();
        maxMomentums[i] = options.maxMomentum();
      }
    }
    start();
  }

  /** All checks run before anything is changed; then every group's rate is set to its base rate. */
  private static Optimizer validated(Optimizer optimizer, List<Double> baseLrs, List<Double> maxLrs,
      Options options) {
    int groups = optimizer.paramGroups().size();
    checkArgument(baseLrs.size() == groups, "CyclicLR: expected %s values for base_lr, got %s", groups,
        baseLrs.size());
    checkArgument(maxLrs.size() == groups, "CyclicLR: expected %s values for max_lr, got %s", groups,
        maxLrs.size());
    checkArgument(options.stepSizeUp() > 0, "CyclicLR: step_size_up must be positive, got %s",
        options.stepSizeUp());
    checkArgument(options.stepSizeDown() == null || options.stepSizeDown() > 0,
        "CyclicLR: step_size_down must be positive, got %s", options.stepSizeDown());
    checkArgument(options.mode() != null || options.scaleFn() != null, "CyclicLR: mode is invalid and scale_fn is None");
    checkArgument(!options.cycleMomentum() || optimizer.defaults() instanceof ParamGroup.MomentumOptions,
        "CyclicLR: optimizer must support momentum with `cycle_momentum` option enabled (%s has no momentum or "
            + "beta1; use withCycleMomentum(false))", optimizer.getClass().getSimpleName());
    for (int i = 0; i < groups; i++) {
      optimizer.paramGroups().get(i).setLr(baseLrs.get(i));
    }
    return optimizer;
  }

  private double scale(double x) {
    if (options.scaleFn() != null) {
      return options.scaleFn().applyAsDouble(x);
    }
    return switch (options.mode()) {
      case TRIANGULAR -> 1.0;
      case TRIANGULAR2 -> 1 / StrictMath.pow(2.0, x - 1);
      case EXP_RANGE -> StrictMath.pow(options.gamma(), x);
    };
  }

  @Override
  protected double[] computeLrs() {
    int e = lastEpoch();
    double cycle = Math.floor(1 + e / totalSize);
    double x = 1.0 + e / totalSize - cycle;
    double factor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
    double scale = scale(options.effectiveScaleMode() == ScaleMode.CYCLE ? cycle : e);
    double[] lrs = baseLrs();
    for (int i = 0; i < lrs.length; i++) {
      lrs[i] = lrs[i] + (maxLrs[i] - lrs[i]) * factor * scale;
    }
    if (options.cycleMomentum()) {
      List<ParamGroup<?>> groups = optimizer.paramGroups();
      for (int i = 0; i < groups.size(); i++) {
        groups.get(i).setCycledMomentum(maxMomentums[i] - (maxMomentums[i] - baseMomentums[i]) * factor * scale);
      }
    }
    return lrs;
  }

  @Override
  protected void saveExtra(Map<String, Object> state) {
    state.put("max_lrs", toList(maxLrs));
    state.put("total_size", totalSize);
    state.put("step_ratio", stepRatio);
    state.put("mode", options.scaleFn() != null ? "custom" : options.mode().name().toLowerCase(Locale.ROOT));
    state.put("gamma", options.gamma());
    state.put("scale_mode", options.effectiveScaleMode().name().toLowerCase(Locale.ROOT));
    state.put("cycle_momentum", options.cycleMomentum());
    if (options.cycleMomentum()) {
      state.put("base_momentums", toList(baseMomentums));
      state.put("max_momentums", toList(maxMomentums));
    }
  }
}
