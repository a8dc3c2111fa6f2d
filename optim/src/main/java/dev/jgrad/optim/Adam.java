package dev.jgrad.optim;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.ops.Fused;
import java.util.List;
import java.util.Map;

/**
 * Adam, PyTorch's {@code torch.optim.Adam}, with the same float32 results step for step. Its weight decay is L2
 * (added to the gradient, so it passes through the moments); for decoupled decay use {@link AdamW}.
 *
 * <pre>
 * step += 1;  g = maximize ? -grad : grad;  if weightDecay != 0: g = g + weightDecay * p
 * m = β1 m + (1 - β1) g;   v = β2 v + (1 - β2) g²
 * bc1 = 1 - β1^step;  bc2 = 1 - β2^step
 * vmax = max(vmax, v) with amsgrad (the raw v, not bias-corrected), then used instead of v
 * p = p - (lr / bc1) · m / (sqrt(v) / sqrt(bc2) + eps)      // eps after the bias-corrected sqrt
 * </pre>
 *
 * <pre>{@code
 * Optimizer opt = new Adam(model.parameters(), Adam.Options.defaults().withLr(3e-4).withAmsgrad(true));
 * }</pre>
 *
 * <p>State per parameter: {@code step}, {@code exp_avg}, {@code exp_avg_sq}, and {@code max_exp_avg_sq} with
 * amsgrad.
 */
public class Adam extends ElementwiseOptimizer<Adam.Options> {

  /**
   * Adam's hyperparameters; {@link #defaults()} are PyTorch's.
   *
   * @param lr learning rate, ≥ 0
   * @param beta1 decay of the first moment, in [0, 1)
   * @param beta2 decay of the second moment, in [0, 1)
   * @param eps added to the denominator after the bias-corrected square root, ≥ 0
   * @param weightDecay L2 penalty, ≥ 0
   * @param amsgrad use the running maximum of the second moment
   * @param maximize ascend instead of descend
   */
  public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
      boolean maximize) implements ParamGroup.MomentumOptions, AdamHyperparameters<Options> {
    /** lr 1e-3, betas (0.9, 0.999), eps 1e-8, weightDecay 0, amsgrad false, maximize false. */
    public static Options defaults() {
      return new Options(1e-3, 0.9, 0.999, 1e-8, 0, false, false);
    }

    /**
     * Options from PyTorch-keyed values ({@code lr, betas, eps, weight_decay, amsgrad, maximize}); missing keys
     * take the defaults.
     *
     * @throws IllegalArgumentException for an unknown key or a value of the wrong type
     */
    public static Options fromMap(Map<String, ?> map) {
      return AdamHyperparameters.fromMap(defaults(), map);
    }
  }

  /** State (AdamW's too): {@code step}, {@code exp_avg}, {@code exp_avg_sq}; {@code max_exp_avg_sq} with amsgrad. */
  static final BufferState.Layout LAYOUT =
      BufferState.Layout.counted(2, "exp_avg", "exp_avg_sq", "max_exp_avg_sq");
  private static final int EXP_AVG = 0;
  private static final int EXP_AVG_SQ = 1;
  private static final int MAX_EXP_AVG_SQ = 2;

  /** Adam with learning rate {@code lr} and PyTorch's other defaults. */
  public Adam(List<? extends Tensor> params, double lr) {
    this(params, Options.defaults().withLr(lr));
  }

  /**
   * Adam with the given options for the first group (and as defaults for groups added later).
   *
   * @throws IllegalArgumentException for invalid options or parameters (see {@link Optimizer})
   */
  public Adam(List<? extends Tensor> params, Options options) {
    super(params, options, LAYOUT, Options::fromMap);
  }

  @Override
  void updateValues(Options o, Tensor p, Tensor g, BufferState s) {
    adamUpdate(o, p, g, s, false);
  }

  @Override
  void updateDoubles(Options o, Tensor p, Tensor g, BufferState s) {
    adamUpdateDoubles(o, p, g, s, false);
  }

  /**
   * One Adam update of {@code p}, shared with {@link AdamW} (PyTorch 2's {@code class AdamW(Adam)}): with
   * {@code decoupled} the weight decay scales the parameter instead of adding to the gradient. State in
   * {@link #LAYOUT}; maths in {@link UpdateRules#adam}.
   */
  static void adamUpdate(AdamHyperparameters<?> o, Tensor p, Tensor g, BufferState s, boolean decoupled) {
    float[] maxExpAvgSq = o.amsgrad() ? s.bufferOrZeros(MAX_EXP_AVG_SQ) : s.buffer(MAX_EXP_AVG_SQ);
    float[] expAvg = s.buffer(EXP_AVG);
    float[] expAvgSq = s.buffer(EXP_AVG_SQ);
    UpdateRules rules = UpdateRules.get();
    UpdateRules.AdamStep step = UpdateRules.AdamStep.of(o, decoupled, s.step);
    Fused.update(p, g, (pa, po, ga, go, n) -> rules.adam(pa, po, ga, go, n, expAvg, expAvgSq, maxExpAvgSq, step));
  }

  /** {@link #adamUpdate} for a float64 parameter. */
  static void adamUpdateDoubles(AdamHyperparameters<?> o, Tensor p, Tensor g, BufferState s, boolean decoupled) {
    double[] maxExpAvgSq = o.amsgrad() ? s.doubleBufferOrZeros(MAX_EXP_AVG_SQ) : s.doubleBuffer(MAX_EXP_AVG_SQ);
    double[] expAvg = s.doubleBuffer(EXP_AVG);
    double[] expAvgSq = s.doubleBuffer(EXP_AVG_SQ);
    DoubleUpdateRules.AdamScalars step = DoubleUpdateRules.AdamScalars.of(o, decoupled, s.step);
    Fused.updateDoubles(p, g,
        (pa, po, ga, go, n) ->
            DoubleUpdateLoops.adamRange(pa, po, ga, go, expAvg, expAvgSq, maxExpAvgSq, 0, n, step));
  }
}
