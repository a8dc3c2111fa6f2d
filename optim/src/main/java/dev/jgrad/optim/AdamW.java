package dev.jgrad.optim;

import dev.jgrad.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
public class AdamW extends Optimizer {

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
      boolean maximize) implements ParamGroup.MomentumOptions {
    private static final Set<String> KEYS = Set.of("lr", "betas", "eps", "weight_decay", "amsgrad", "maximize");

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
      OptionValues v = OptionValues.of("AdamW.Options.fromMap", map, KEYS);
      Options d = defaults();
      double[] betas = v.getPair("betas", d.beta1, d.beta2);
      return new Options(v.getDouble("lr", d.lr), betas[0], betas[1], v.getDouble("eps", d.eps),
          v.getDouble("weight_decay", d.weightDecay), v.getBoolean("amsgrad", d.amsgrad),
          v.getBoolean("maximize", d.maximize));
    }

    @Override
    public Options withLr(double lr) {
      return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    public Options withBetas(double beta1, double beta2) {
      return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    public Options withEps(double eps) {
      return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    public Options withWeightDecay(double weightDecay) {
      return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    public Options withAmsgrad(boolean amsgrad) {
      return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    public Options withMaximize(boolean maximize) {
      return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException {@code AdamW: Invalid learning rate: -0.1}, {@code Invalid epsilon value},
     *     {@code Invalid beta parameter at index 1: 1.0}, {@code Invalid weight_decay value}
     */
    @Override
    public void validate() {
      AdamW.validate("AdamW", lr, beta1, beta2, eps, weightDecay);
    }

    @Override
    public LinkedHashMap<String, Object> toMap() {
      return AdamW.toMap(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
    }

    /** beta1, which {@link OneCycleLR} cycles like a momentum. */
    @Override
    public double cycledMomentum() {
      return beta1;
    }

    @Override
    public Options withCycledMomentum(double momentum) {
      return withBetas(momentum, beta2);
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
    super(params, options);
  }

  @Override
  public Options defaults() {
    return (Options) super.defaults();
  }

  /** Group {@code index}, typed. */
  @SuppressWarnings("unchecked")
  public ParamGroup<Options> paramGroup(int index) {
    return (ParamGroup<Options>) paramGroups().get(index);
  }

  @Override
  protected ParamState newState(ParamGroup<?> group, Tensor param) {
    return new AdamState(param.shape(), param.numel());
  }

  @Override
  protected ParamState restoreState(ParamGroup<?> group, int index, Tensor param, Map<String, Tensor> saved) {
    return AdamState.restore(this, index, param, saved);
  }

  @Override
  protected void update(ParamGroup<?> group, Tensor param, Tensor grad, ParamState state) {
    Options o = (Options) group.options();
    ((AdamState) state).update(param, grad, o.lr(), o.beta1(), o.beta2(), o.eps(), o.weightDecay(), o.amsgrad(),
        o.maximize(), true);
  }

  @Override
  protected ParamGroup.Options optionsFromMap(Map<String, ?> hyperparameters) {
    return Options.fromMap(hyperparameters);
  }

  /** Adam's and AdamW's checks, in PyTorch's order and words. */
  static void validate(String owner, double lr, double beta1, double beta2, double eps, double weightDecay) {
    if (!(lr >= 0)) {
      throw OptionValues.invalid(owner, "learning rate", lr);
    }
    if (!(eps >= 0)) {
      throw OptionValues.invalid(owner, "epsilon value", eps);
    }
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw OptionValues.invalid(owner, "beta parameter at index 0", beta1);
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw OptionValues.invalid(owner, "beta parameter at index 1", beta2);
    }
    if (!(weightDecay >= 0)) {
      throw OptionValues.invalid(owner, "weight_decay value", weightDecay);
    }
  }

  static LinkedHashMap<String, Object> toMap(double lr, double beta1, double beta2, double eps, double weightDecay,
      boolean amsgrad, boolean maximize) {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    m.put("lr", lr);
    m.put("betas", List.of(beta1, beta2));
    m.put("eps", eps);
    m.put("weight_decay", weightDecay);
    m.put("amsgrad", amsgrad);
    m.put("maximize", maximize);
    return m;
  }
}
