package dev.jgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Anneals each group's rate to a constant SWA rate over {@code annealEpochs} epochs, then holds it (PyTorch's
 * {@code torch.optim.swa_utils.SWALR}); used with {@code dev.jgrad.nn.AveragedModel} for stochastic weight
 * averaging. It starts from whatever rate the group has, so it can take over from another schedule late in
 * training:
 *
 * <pre>{@code
 * LRScheduler sched = new CosineAnnealingLR(opt, 100);
 * SWALR swa = new SWALR(opt, 0.05);
 * for (int epoch = 0; epoch < 100; epoch++) {
 *   trainOneEpoch(opt);
 *   if (epoch >= 75) { averaged.updateParameters(model); swa.step(); } else { sched.step(); }
 * }
 * }</pre>
 */
public class SWALR extends AbstractLRScheduler {

  /** How the rate moves from its start to the SWA rate. */
  public enum AnnealStrategy {
    /** {@code α = (1 − cos(π t)) / 2}. */
    COS,
    /** {@code α = t}. */
    LINEAR;

    double alpha(double t) {
      return this == COS ? (1 - StrictMath.cos(Math.PI * t)) / 2 : t;
    }
  }

  private final double[] swaLrs;
  private final int annealEpochs;
  private final AnnealStrategy strategy;

  /** One SWA rate for every group; PyTorch's defaults: 10 annealing epochs, cosine. */
  public SWALR(Optimizer optimizer, double swaLr) {
    this(optimizer, swaLr, 10, AnnealStrategy.COS);
  }

  /** One SWA rate for every group. */
  public SWALR(Optimizer optimizer, double swaLr, int annealEpochs, AnnealStrategy strategy) {
    this(optimizer, Collections.nCopies(optimizer.paramGroups().size(), swaLr), annealEpochs, strategy);
  }

  /**
   * One SWA rate per group.
   *
   * @throws IllegalArgumentException for a wrong number of rates or negative {@code annealEpochs}
   */
  public SWALR(Optimizer optimizer, List<Double> swaLrs, int annealEpochs, AnnealStrategy strategy) {
    super(validated(optimizer, swaLrs, annealEpochs));
    this.swaLrs = toArray(swaLrs);
    this.annealEpochs = annealEpochs;
    this.strategy = strategy;
    start();
  }

  private static Optimizer validated(Optimizer optimizer, List<Double> swaLrs, int annealEpochs) {
    int groups = optimizer.paramGroups().size();
    checkArgument(swaLrs.size() == groups, "SWALR: swa_lr must have the same length as optimizer.param_groups: "
        + "swa_lr has %s, optimizer.param_groups has %s", swaLrs.size(), groups);
    checkArgument(annealEpochs >= 0, "SWALR: anneal_epochs must be equal or greater than 0, got %s",
        annealEpochs);
    return optimizer;
  }

  /** The SWA rate of every group. */
  public List<Double> swaLrs() {
    return toList(swaLrs);
  }

  /**
   * PyTorch's form: it recovers the rate the anneal started from out of the group's current rate, so the
   * schedule continues from whatever rate another scheduler left.
   */
  @Override
  protected double[] computeLrs() {
    int step = schedulerStepCount() - 1;
    if (annealEpochs == 0) {
      step = Math.max(1, step);
    }
    double prevAlpha = strategy.alpha(Math.max(0, Math.min(1, (step - 1) / (double) Math.max(1, annealEpochs))));
    double alpha = strategy.alpha(Math.max(0, Math.min(1, step / (double) Math.max(1, annealEpochs))));
    double[] lrs = groupLrs();
    for (int i = 0; i < lrs.length; i++) {
      double start = prevAlpha == 1 ? swaLrs[i] : (lrs[i] - prevAlpha * swaLrs[i]) / (1 - prevAlpha);
      lrs[i] = swaLrs[i] * alpha + start * (1 - alpha);
    }
    return lrs;
  }

  @Override
  protected void saveExtra(Map<String, Object> state) {
    state.put("anneal_epochs", annealEpochs);
    state.put("anneal_strategy", strategy.name().toLowerCase(Locale.ROOT));
    state.put("swa_lrs", toList(swaLrs));
  }
}
