package dev.jgrad.optim;

import dev.jgrad.autograd.ops.Fused;
import dev.jgrad.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NAdam, PyTorch's {@code torch.optim.NAdam} (Adam with Nesterov momentum and a momentum schedule), with the same
 * float32 results step for step. PyTorch 1.13's NAdam has no {@code maximize}.
 *
 * <pre>
 * step += 1;  g = grad;  if weightDecay != 0: g = g + weightDecay * p
 * μ_t = β1 (1 - 0.5 · 0.96^(step · momentumDecay));   μ_{t+1} likewise with step + 1
 * muProduct = muProduct · μ_t
 * m = β1 m + (1 - β1) g;   v = β2 v + (1 - β2) g²;   denom = sqrt(v / (1 - β2^step)) + eps
 * p = p - lr (1 - μ_t) / (1 - muProduct) · g / denom
 * p = p - lr μ_{t+1} / (1 - muProduct · μ_t · μ_{t+1}) · m / denom
 * </pre>
 *
 * <p>The last line multiplies by μ_t once more although muProduct already holds it: that is nadam.py in 1.13
 * ({@code mu_product_next = mu_product * mu * mu_next} after {@code mu_product *= mu}), kept as the oracle.
 *
 * <p>State per parameter: {@code step}, {@code mu_product} (a one-element float32 tensor starting at 1),
 * {@code exp_avg}, {@code exp_avg_sq}.
 *
 * <pre>{@code
 * Optimizer opt = new NAdam(model.parameters(), NAdam.Options.defaults().withMomentumDecay(4e-3));
 * }</pre>
 */
public class NAdam extends ElementwiseOptimizer<NAdam.Options> {

  /**
   * NAdam's hyperparameters; {@link #defaults()} are PyTorch's.
   *
   * @param lr learning rate, ≥ 0
   * @param beta1 decay of the first moment, in [0, 1)
   * @param beta2 decay of the second moment, in [0, 1)
   * @param eps added to the denominator after the square root, ≥ 0
   * @param weightDecay L2 penalty, ≥ 0
   * @param momentumDecay the momentum schedule's decay, ≥ 0
   */
  public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, double momentumDecay)
      implements BetasOptions.CycledBeta1<NAdam.Options> {
    private static final Set<String> KEYS = Set.of("lr", "betas", "eps", "weight_decay", "momentum_decay");

    /** {@code exp_avg} and {@code exp_avg_sq}. */
    @Override
    public int stateBuffers() {
      return 2;
    }

    /** lr 2e-3, betas (0.9, 0.999), eps 1e-8, weightDecay 0, momentumDecay 4e-3. */
    public static Options defaults() {
      return new Options(2e-3, 0.9, 0.999, 1e-8, 0, 4e-3);
    }

    /**
     * Options from PyTorch-keyed values ({@code lr, betas, eps, weight_decay, momentum_decay}); missing keys take
     * the defaults.
     *
     * @throws IllegalArgumentException for an unknown key or a value of the wrong type
     */
    public static Options fromMap(Map<String, ?> map) {
      OptionValues v = OptionValues.of("NAdam.Options.fromMap", map, KEYS);
      Options d = defaults();
      double[] betas = v.getPair("betas", d.beta1, d.beta2);
      return new Options(v.getDouble("lr", d.lr), betas[0], betas[1], v.getDouble("eps", d.eps),
          v.getDouble("weight_decay", d.weightDecay), v.getDouble("momentum_decay", d.momentumDecay));
    }

    @Override
    public Options withLr(double lr) {
      return new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay);
    }

    @Override
    public Options withBetas(double beta1, double beta2) {
      return new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay);
    }

    public Options withEps(double eps) {
      return new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay);
    }

    public Options withWeightDecay(double weightDecay) {
      return new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay);
    }

    public Options withMomentumDecay(double momentumDecay) {
      return new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException in PyTorch's order and words: {@code NAdam: Invalid learning rate: -1.0},
     *     {@code Invalid epsilon value}, {@code Invalid beta parameter at index 0} (or 1), {@code Invalid
     *     weight_decay value}, {@code Invalid momentum_decay value}
     */
    @Override
    public void validate() {
      BetasOptions.validate("NAdam", lr, beta1, beta2, eps, weightDecay);
      OptionValues.require(momentumDecay >= 0, "NAdam", "momentum_decay value", momentumDecay);
    }

    @Override
    public LinkedHashMap<String, Object> toMap() {
      LinkedHashMap<String, Object> m = BetasOptions.toMap(lr, beta1, beta2, eps, weightDecay);
      m.put("momentum_decay", momentumDecay);
      return m;
    }
  }

  /** State: {@code step}, {@code mu_product}, {@code exp_avg}, {@code exp_avg_sq}, created with the state. */
  private static final BufferState.Layout LAYOUT =
      BufferState.Layout.counted(2, "exp_avg", "exp_avg_sq").withScalars("mu_product");
  private static final int MU_PRODUCT = 0;
  private static final int EXP_AVG = 0;
  private static final int EXP_AVG_SQ = 1;

  /** NAdam with learning rate {@code lr} and PyTorch's other defaults. */
  public NAdam(List<? extends Tensor> params, double lr) {
    this(params, Options.defaults().withLr(lr));
  }

  /**
   * NAdam with the given options for the first group (and as defaults for groups added later).
   *
   * @throws IllegalArgumentException for invalid options or parameters (see {@link Optimizer})
   */
  public NAdam(List<? extends Tensor> params, Options options) {
    super(params, options, LAYOUT, Options::fromMap);
  }

  @Override
  void initState(Options o, BufferState s) {
    s.setScalar(MU_PRODUCT, 1f);
  }

  @Override
  void updateValues(Options o, Tensor param, Tensor grad, BufferState s) {
    float muProduct = UpdateRules.NadamStep.nextMuProduct((float) s.scalar(MU_PRODUCT), o.beta1(), o.momentumDecay(),
        s.step);
    s.setScalar(MU_PRODUCT, muProduct);
    float[] expAvg = s.buffer(EXP_AVG);
    float[] expAvgSq = s.buffer(EXP_AVG_SQ);
    UpdateRules rules = UpdateRules.get();
    UpdateRules.NadamStep step = UpdateRules.NadamStep.of(o, s.step, muProduct);
    Fused.update(param, grad, (p, po, g, go, n) -> rules.nadam(p, po, g, go, n, expAvg, expAvgSq, step));
  }

  @Override
  void updateDoubles(Options o, Tensor param, Tensor grad, BufferState s) {
    double muProduct = DoubleUpdateRules.NadamScalars.nextMuProduct(s.scalar(MU_PRODUCT), s.floatScalars(),
        o.beta1(), o.momentumDecay(), s.step);
    s.setScalar(MU_PRODUCT, muProduct);
    double[] expAvg = s.doubleBuffer(EXP_AVG);
    double[] expAvgSq = s.doubleBuffer(EXP_AVG_SQ);
    DoubleUpdateRules.NadamScalars step = DoubleUpdateRules.NadamScalars.of(o, s.step, muProduct, s.floatScalars());
    Fused.updateDoubles(param, grad,
        (p, po, g, go, n) -> DoubleUpdateLoops.nadamRange(p, po, g, go, expAvg, expAvgSq, 0, n, step));
  }
}
