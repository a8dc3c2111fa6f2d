package dev.jgrad.optim;

import dev.jgrad.autograd.ops.Fused;
import dev.jgrad.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RAdam, PyTorch's {@code torch.optim.RAdam} (Adam with a rectified adaptive learning rate), with the same float32
 * results step for step. PyTorch 1.13's RAdam has no {@code maximize}.
 *
 * <pre>
 * step += 1;  g = grad;  if weightDecay != 0: g = g + weightDecay * p
 * m = β1 m + (1 - β1) g;   v = β2 v + (1 - β2) g²;   m̂ = m / (1 - β1^step)
 * ρ∞ = 2 / (1 - β2) - 1;   ρ_t = ρ∞ - 2 step β2^step / (1 - β2^step)
 * ρ_t &gt; 5:  r = sqrt((ρ_t - 4)(ρ_t - 2) ρ∞ / ((ρ∞ - 4)(ρ∞ - 2) ρ_t));
 *           p = p - m̂ · lr · sqrt(1 - β2^step) / (sqrt(v) + eps) · r
 * otherwise: p = p - m̂ · lr
 * </pre>
 *
 * <p>State per parameter: {@code step}, {@code exp_avg}, {@code exp_avg_sq}.
 *
 * <pre>{@code
 * Optimizer opt = new RAdam(model.parameters(), RAdam.Options.defaults().withLr(1e-3));
 * }</pre>
 */
public class RAdam extends ElementwiseOptimizer<RAdam.Options> {

  /**
   * RAdam's hyperparameters; {@link #defaults()} are PyTorch's.
   *
   * @param lr learning rate, ≥ 0
   * @param beta1 decay of the first moment, in [0, 1)
   * @param beta2 decay of the second moment, in [0, 1)
   * @param eps added to the denominator after the square root, ≥ 0
   * @param weightDecay L2 penalty, ≥ 0
   */
  public record Options(double lr, double beta1, double beta2, double eps, double weightDecay)
      implements BetasOptions.CycledBeta1<RAdam.Options> {
    private static final Set<String> KEYS = Set.of("lr", "betas", "eps", "weight_decay");

    /** {@code exp_avg} and {@code exp_avg_sq}. */
    @Override
    public int stateBuffers() {
      return 2;
    }

    /** lr 1e-3, betas (0.9, 0.999), eps 1e-8, weightDecay 0. */
    public static Options defaults() {
      return new Options(1e-3, 0.9, 0.999, 1e-8, 0);
    }

    /**
     * Options from PyTorch-keyed values ({@code lr, betas, eps, weight_decay}); missing keys take the defaults.
     *
     * @throws IllegalArgumentException for an unknown key or a value of the wrong type
     */
    public static Options fromMap(Map<String, ?> map) {
      OptionValues v = OptionValues.of("RAdam.Options.fromMap", map, KEYS);
      Options d = defaults();
      double[] betas = v.getPair("betas", d.beta1, d.beta2);
      return new Options(v.getDouble("lr", d.lr), betas[0], betas[1], v.getDouble("eps", d.eps),
          v.getDouble("weight_decay", d.weightDecay));
    }

    @Override
    public Options withLr(double lr) {
      return new Options(lr, beta1, beta2, eps, weightDecay);
    }

    @Override
    public Options withBetas(double beta1, double beta2) {
      return new Options(lr, beta1, beta2, eps, weightDecay);
    }

    public Options withEps(double eps) {
      return new Options(lr, beta1, beta2, eps, weightDecay);
    }

    public Options withWeightDecay(double weightDecay) {
      return new Options(lr, beta1, beta2, eps, weightDecay);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException in PyTorch's order and words: {@code RAdam: Invalid learning rate: -1.0},
     *     {@code Invalid epsilon value}, {@code Invalid beta parameter at index 0} (or 1), {@code Invalid
     *     weight_decay value}
     */
    @Override
    public void validate() {
      BetasOptions.validate("RAdam", lr, beta1, beta2, eps, weightDecay);
    }

    @Override
    public LinkedHashMap<String, Object> toMap() {
      return BetasOptions.toMap(lr, beta1, beta2, eps, weightDecay);
    }
  }

  /** State: {@code step}, {@code exp_avg}, {@code exp_avg_sq}, created with the state. */
  private static final BufferState.Layout LAYOUT = BufferState.Layout.counted(2, "exp_avg", "exp_avg_sq");
  private static final int EXP_AVG = 0;
  private static final int EXP_AVG_SQ = 1;

  /** RAdam with learning rate {@code lr} and PyTorch's other defaults. */
  public RAdam(List<? extends Tensor> params, double lr) {
    this(params, Options.defaults().withLr(lr));
  }

  /**
   * RAdam with the given options for the first group (and as defaults for groups added later).
   *
   * @throws IllegalArgumentException for invalid options or parameters (see {@link Optimizer})
   */
  public RAdam(List<? extends Tensor> params, Options options) {
    super(params, options, LAYOUT, Options::fromMap);
  }

  @Override
  void updateValues(Options o, Tensor param, Tensor grad, BufferState s) {
    float[] expAvg = s.buffer(EXP_AVG);
    float[] expAvgSq = s.buffer(EXP_AVG_SQ);
    UpdateRules rules = UpdateRules.get();
    UpdateRules.RadamStep step = UpdateRules.RadamStep.of(o, s.step);
    Fused.update(param, grad, (p, po, g, go, n) -> rules.radam(p, po, g, go, n, expAvg, expAvgSq, step));
  }

  @Override
  void updateDoubles(Options o, Tensor param, Tensor grad, BufferState s) {
    double[] expAvg = s.doubleBuffer(EXP_AVG);
    double[] expAvgSq = s.doubleBuffer(EXP_AVG_SQ);
    DoubleUpdateRules.RadamScalars step = DoubleUpdateRules.RadamScalars.of(o, s.step);
    Fused.updateDoubles(param, grad,
        (p, po, g, go, n) -> DoubleUpdateLoops.radamRange(p, po, g, go, expAvg, expAvgSq, 0, n, step));
  }
}
