package dev.jgrad.optim;

import dev.jgrad.autograd.ops.Fused;
import dev.jgrad.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adamax, PyTorch's {@code torch.optim.Adamax} (Adam with the infinity norm), with the same float32 results step
 * for step.
 *
 * <pre>
 * step += 1;  g = maximize ? -grad : grad;  if weightDecay != 0: g = g + weightDecay * p
 * m = β1 m + (1 - β1) g
 * u = max(β2 u, |g| + eps)
 * p = p - (lr / (1 - β1^step)) · m / u
 * </pre>
 *
 * <p>State per parameter: {@code step}, {@code exp_avg}, {@code exp_inf}.
 *
 * <pre>{@code
 * Optimizer opt = new Adamax(model.parameters(), Adamax.Options.defaults().withWeightDecay(1e-4));
 * }</pre>
 */
public class Adamax extends ElementwiseOptimizer<Adamax.Options> {

  /**
   * Adamax's hyperparameters; {@link #defaults()} are PyTorch's.
   *
   * @param lr learning rate, ≥ 0
   * @param beta1 decay of the first moment, in [0, 1)
   * @param beta2 decay of the infinity norm, in [0, 1)
   * @param eps added to |g| before the maximum, ≥ 0
   * @param weightDecay L2 penalty, ≥ 0
   * @param maximize ascend instead of descend
   */
  public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean maximize)
      implements BetasOptions.CycledBeta1<Adamax.Options> {
    private static final Set<String> KEYS = Set.of("lr", "betas", "eps", "weight_decay", "maximize");

    /** {@code exp_avg} and {@code exp_inf}. */
    @Override
    public int stateBuffers() {
      return 2;
    }

    /** lr 2e-3, betas (0.9, 0.999), eps 1e-8, weightDecay 0, maximize false. */
    public static Options defaults() {
      return new Options(2e-3, 0.9, 0.999, 1e-8, 0, false);
    }

    /**
     * Options from PyTorch-keyed values ({@code lr, betas, eps, weight_decay, maximize}); missing keys take the
     * defaults.
     *
     * @throws IllegalArgumentException for an unknown key or a value of the wrong type
     */
    public static Options fromMap(Map<String, ?> map) {
      OptionValues v = OptionValues.of("Adamax.Options.fromMap", map, KEYS);
      Options d = defaults();
      double[] betas = v.getPair("betas", d.beta1, d.beta2);
      return new Options(v.getDouble("lr", d.lr), betas[0], betas[1], v.getDouble("eps", d.eps),
          v.getDouble("weight_decay", d.weightDecay), v.getBoolean("maximize", d.maximize));
    }

    @Override
    public Options withLr(double lr) {
      return new Options(lr, beta1, beta2, eps, weightDecay, maximize);
    }

    @Override
    public Options withBetas(double beta1, double beta2) {
      return new Options(lr, beta1, beta2, eps, weightDecay, maximize);
    }

    public Options withEps(double eps) {
      return new Options(lr, beta1, beta2, eps, weightDecay, maximize);
    }

    public Options withWeightDecay(double weightDecay) {
      return new Options(lr, beta1, beta2, eps, weightDecay, maximize);
    }

    public Options withMaximize(boolean maximize) {
      return new Options(lr, beta1, beta2, eps, weightDecay, maximize);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException in PyTorch's order and words: {@code Adamax: Invalid learning rate: -1.0},
     *     {@code Invalid epsilon value}, {@code Invalid beta parameter at index 0} (or 1), {@code Invalid
     *     weight_decay value}
     */
    @Override
    public void validate() {
      BetasOptions.validate("Adamax", lr, beta1, beta2, eps, weightDecay);
    }

    @Override
    public LinkedHashMap<String, Object> toMap() {
      LinkedHashMap<String, Object> m = BetasOptions.toMap(lr, beta1, beta2, eps, weightDecay);
      m.put("maximize", maximize);
      return m;
    }
  }

  /** State: {@code step}, {@code exp_avg}, {@code exp_inf}, created with the state. */
  private static final BufferState.Layout LAYOUT = BufferState.Layout.counted(2, "exp_avg", "exp_inf");
  private static final int EXP_AVG = 0;
  private static final int EXP_INF = 1;

  /** Adamax with learning rate {@code lr} and PyTorch's other defaults. */
  public Adamax(List<? extends Tensor> params, double lr) {
    this(params, Options.defaults().withLr(lr));
  }

  /**
   * Adamax with the given options for the first group (and as defaults for groups added later).
   *
   * @throws IllegalArgumentException for invalid options or parameters (see {@link Optimizer})
   */
  public Adamax(List<? extends Tensor> params, Options options) {
    super(params, options, LAYOUT, Options::fromMap);
  }

  @Override
  void updateValues(Options o, Tensor param, Tensor grad, BufferState s) {
    float[] expAvg = s.buffer(EXP_AVG);
    float[] expInf = s.buffer(EXP_INF);
    UpdateRules rules = UpdateRules.get();
    UpdateRules.AdamaxStep step = UpdateRules.AdamaxStep.of(o, s.step);
    Fused.update(param, grad, (p, po, g, go, n) -> rules.adamax(p, po, g, go, n, expAvg, expInf, step));
  }

  @Override
  void updateDoubles(Options o, Tensor param, Tensor grad, BufferState s) {
    double[] expAvg = s.doubleBuffer(EXP_AVG);
    double[] expInf = s.doubleBuffer(EXP_INF);
    DoubleUpdateRules.AdamaxScalars step = DoubleUpdateRules.AdamaxScalars.of(o, s.step);
    Fused.updateDoubles(param, grad,
        (p, po, g, go, n) -> DoubleUpdateLoops.adamaxRange(p, po, g, go, expAvg, expInf, 0, n, step));
  }
}
