package dev.jgrad.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Lowers the rate when a metric stops improving (PyTorch's {@code ReduceLROnPlateau}). After each epoch call
 * {@link #step(double)} with the monitored value; after more than {@code patience} epochs without improvement every
 * group's rate becomes {@code max(lr · factor, minLr)} (a change smaller than {@code eps} is skipped), then
 * {@code cooldown} epochs pass before bad epochs count again.
 *
 * <p>"Better" means, for the best value {@code b} so far: {@code a < b·(1 − threshold)} (MIN, REL), {@code a < b −
 * threshold} (MIN, ABS), {@code a > b·(1 + threshold)} (MAX, REL), {@code a > b + threshold} (MAX, ABS).
 *
 * <pre>{@code
 * MetricLRScheduler plateau = new ReduceLROnPlateau(opt, ReduceLROnPlateau.Options.defaults().withPatience(2));
 * plateau.step(validationLoss);
 * }</pre>
 */
public class ReduceLROnPlateau extends TrackingScheduler implements MetricLRScheduler {

  /** Whether lower ({@code MIN}, e.g. a loss) or higher ({@code MAX}, e.g. accuracy) is better. */
  public enum Mode { MIN, MAX }

  /** How {@code threshold} is applied: relative to the best value, or absolute. */
  public enum ThresholdMode { REL, ABS }

  /**
   * The settings; {@link #defaults()} are PyTorch's.
   *
   * @param mode MIN or MAX
   * @param factor multiplier for the rate, &lt; 1
   * @param patience epochs without improvement that are tolerated
   * @param threshold minimum improvement to count
   * @param thresholdMode REL or ABS
   * @param cooldown epochs to wait after a reduction
   * @param minLr lower bound for every group (when {@code minLrs} is empty)
   * @param minLrs lower bounds per group; empty to use {@code minLr}
   * @param eps reductions smaller than this are skipped
   */
  public record Options(Mode mode, double factor, int patience, double threshold, ThresholdMode thresholdMode,
      int cooldown, double minLr, List<Double> minLrs, double eps) {
    public Options {
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(thresholdMode, "thresholdMode");
      minLrs = List.copyOf(minLrs);
    }

    /** MIN, factor 0.1, patience 10, threshold 1e-4 REL, cooldown 0, minLr 0, eps 1e-8. */
    public static Options defaults() {
      return new Options(Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0, List.of(), 1e-8);
    }

    public Options withMode(Mode v) {
      return new Options(v, factor, patience, threshold, thresholdMode, cooldown, minLr, minLrs, eps);
    }

    public Options withFactor(double v) {
      return new Options(mode, v, patience, threshold, thresholdMode, cooldown, minLr, minLrs, eps);
    }

    public Options withPatience(int v) {
      return new Options(mode, factor, v, threshold, thresholdMode, cooldown, minLr, minLrs, eps);
    }

    public Options withThreshold(double v, ThresholdMode m) {
      return new Options(mode, factor, patience, v, m, cooldown, minLr, minLrs, eps);
    }

    public Options withCooldown(int v) {
      return new Options(mode, factor, patience, threshold, thresholdMode, v, minLr, minLrs, eps);
    }

    /** One lower bound for every group. */
    public Options withMinLr(double v) {
      return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, v, List.of(), eps);
    }

    /** One lower bound per group. */
    public Options withMinLrs(List<Double> v) {
      return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, v, eps);
    }

    public Options withEps(double v) {
      return new Options(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, minLrs, v);
    }
  }

  private final Options options;
  private final double[] minLrs;
  private double best;
  private int numBadEpochs;
  private int cooldownCounter;
  private int lastEpoch;

  /** PyTorch's defaults. */
  public ReduceLROnPlateau(Optimizer optimizer) {
    this(optimizer, Options.defaults());
  }

  /**
   * @throws IllegalArgumentException for {@code factor >= 1} ({@code Factor should be < 1.0.}), a negative
   *     patience or cooldown, or a {@code minLrs} list whose size is not the number of groups
   */
  public ReduceLROnPlateau(Optimizer optimizer, Options options) {
    super(Objects.requireNonNull(optimizer, "optimizer"));
    this.options = Objects.requireNonNull(options, "options");
    if (!(options.factor() < 1.0)) {
      throw new IllegalArgumentException("ReduceLROnPlateau: Factor should be < 1.0. (got " + options.factor() + ")");
    }
    if (options.patience() < 0 || options.cooldown() < 0) {
      throw new IllegalArgumentException(
          "ReduceLROnPlateau: patience and cooldown must be >= 0, got " + options.patience() + " and "
              + options.cooldown());
    }
    int groups = optimizer.paramGroups().size();
    minLrs = new double[groups];
    if (options.minLrs().isEmpty()) {
      java.util.Arrays.fill(minLrs, options.minLr());
    } else if (options.minLrs().size() != groups) {
      throw new IllegalArgumentException(
          "ReduceLROnPlateau: expected " + groups + " min_lrs, got " + options.minLrs().size());
    } else {
      for (int i = 0; i < groups; i++) {
        minLrs[i] = options.minLrs().get(i);
      }
    }
    reset();
    recordLrs();
  }

  private void reset() {
    best = options.mode() == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    cooldownCounter = 0;
    numBadEpochs = 0;
  }

  @Override
  public void step(double metric) {
    lastEpoch++;
    if (isBetter(metric, best)) {
      best = metric;
      numBadEpochs = 0;
    } else {
      numBadEpochs++;
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      numBadEpochs = 0;               // bad epochs during cooldown are ignored
    }
    if (numBadEpochs > options.patience()) {
      reduceLr();
      cooldownCounter = options.cooldown();
      numBadEpochs = 0;
    }
    recordLrs();
  }

  private void reduceLr() {
    List<ParamGroup<?>> groups = optimizer().paramGroups();
    for (int i = 0; i < groups.size(); i++) {
      double old = groups.get(i).lr();
      double next = Math.max(old * options.factor(), minLrs[i]);
      if (old - next > options.eps()) {
        groups.get(i).setLr(next);
      }
    }
  }

  /** Whether {@code a} improves on {@code best} under the mode and threshold. */
  public boolean isBetter(double a, double best) {
    double t = options.threshold();
    if (options.mode() == Mode.MIN) {
      return options.thresholdMode() == ThresholdMode.REL ? a < best * (1. - t) : a < best - t;
    }
    return options.thresholdMode() == ThresholdMode.REL ? a > best * (t + 1.) : a > best + t;
  }

  /** The best metric seen so far (±infinity before the first step). */
  public double best() {
    return best;
  }

  /** Epochs without improvement since the last improvement or reduction. */
  public int numBadEpochs() {
    return numBadEpochs;
  }

  /** Whether a reduction happened within the last {@code cooldown} epochs. */
  public boolean inCooldown() {
    return cooldownCounter > 0;
  }

  @Override
  public Map<String, Object> stateDict() {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    m.put("best", best);
    m.put("num_bad_epochs", numBadEpochs);
    m.put("cooldown_counter", cooldownCounter);
    m.put("last_epoch", lastEpoch);
    m.put("_last_lr", lastLrs());
    m.put("mode", options.mode().name().toLowerCase(java.util.Locale.ROOT));
    m.put("factor", options.factor());
    m.put("patience", options.patience());
    m.put("threshold", options.threshold());
    m.put("threshold_mode", options.thresholdMode().name().toLowerCase(java.util.Locale.ROOT));
    m.put("cooldown", options.cooldown());
    m.put("min_lrs", AbstractLRScheduler.toList(minLrs));
    m.put("eps", options.eps());
    return m;
  }

  @Override
  public void loadStateDict(Map<String, Object> state) {
    String owner = "ReduceLROnPlateau.loadStateDict";
    double b = AbstractLRScheduler.readDouble(state, "best", owner);
    int bad = AbstractLRScheduler.readInt(state, "num_bad_epochs", owner);
    int cool = AbstractLRScheduler.readInt(state, "cooldown_counter", owner);
    int epoch = AbstractLRScheduler.readInt(state, "last_epoch", owner);
    List<Double> last = new ArrayList<>(AbstractLRScheduler.readDoubles(state, "_last_lr", owner));
    best = b;
    numBadEpochs = bad;
    cooldownCounter = cool;
    lastEpoch = epoch;
    recordLrs(List.copyOf(last));
  }
}
