package dev.jgrad.optim;

import dev.jgrad.autograd.Tensor;
import java.util.List;
import java.util.Map;

/**
 * AdamW, PyTorch's {@code torch.optim.AdamW}: Adam with decoupled weight decay, same float32 results step for
 * step. The decay multiplies the parameter before the moment updates and follows the current learning rate;
 * the gradient itself is not changed. Note the default {@code weightDecay} of 1e-2.
 *
 * <pre>
 * step += 1;  p = p · (1 - lr · weightDecay)
 * then Adam's update with g = maximize ? -grad : grad (no L2 term)
 * </pre>
 *
 * <pre>{@code
 * Optimizer opt = new AdamW(model.parameters(), AdamW.Options.defaults().withLr(1e-3).withWeightDecay(0.05));
 * }</pre>
 *
 * <p>State per parameter: {@code step}, {@code exp_avg}, {@code exp_avg_sq}, and {@code max_exp_avg_sq} with
 * amsgrad.
 */
public class AdamW extends ElementwiseOptimizer<AdamW.Options> {

  /**
   * AdamW's hyperparameters; {@link #defaults()} are PyTorch's.
   *
   * @param lr learning rate, ≥ 0
   * @param beta1 decay of the first moment, in [0, 1)
   * @param beta2 decay of the second moment, in [0, 1)
   * @param eps added to the denominator after the bias-corrected square root, ≥ 0
   * @param weightDecay decoupled decay coefficient, ≥ 0 (default 1e-2)
   * @param amsgrad use the running maximum of the second moment
   * @param maximize ascend instead of descend
   */
  public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
      boolean maximize) implements ParamGroup.MomentumOptions, AdamHyperparameters<Options> {
    /** lr 1e-3, betas (0.9, 0.999), eps 1e-8, weightDecay 1e-2, amsgrad false, maximize false. */
    public static Options defaults() {
      return new Options(1e-3, 0.9, 0.999, 1e-8, 1e-2, false, false);
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

  /** AdamW with learning rate {@code lr} and PyTorch's other defaults (weight decay 1e-2). */
  public AdamW(List<? extends Tensor> params, double lr) {
    this(params, Options.defaults().withLr(lr));
  }

  /**
   * AdamW with the given options for the first group (and as defaults for groups added later).
   *
   * @throws IllegalArgumentException for invalid options or parameters (see {@link Optimizer})
   */
  public AdamW(List<? extends Tensor> params, Options options) {
    super(params, options, Adam.LAYOUT, Options::fromMap);
  }

  /** Adam's update with decoupled weight decay. */
  @Override
  void updateValues(Options o, Tensor p, Tensor g, BufferState s) {
    Adam.adamUpdate(o, p, g, s, true);
  }

  @Override
  void updateDoubles(Options o, Tensor p, Tensor g, BufferState s) {
    Adam.adamUpdateDoubles(o, p, g, s, true);
  }
}
