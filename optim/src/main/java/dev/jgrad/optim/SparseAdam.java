package dev.jgrad.optim;

import dev.jgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PyTorch's {@code torch.optim.SparseAdam}, which steps only on sparse gradients and raises on a dense one. jgrad
 * has no sparse gradients (every gradient, an embedding's included, is a dense tensor), so this optimizer validates
 * and stores its options like PyTorch's, and its {@link #step()} refuses any parameter that has a gradient with
 * PyTorch's message, before anything changes. Use {@link Adam} (or {@link AdamW}), which updates every element.
 */
public class SparseAdam extends Optimizer {

  /**
   * SparseAdam's hyperparameters; {@link #defaults()} are PyTorch's.
   *
   * @param lr learning rate, &gt; 0
   * @param beta1 decay of the first moment, in [0, 1)
   * @param beta2 decay of the second moment, in [0, 1)
   * @param eps added to the denominator, &gt; 0
   * @param maximize ascend instead of descend
   */
  public record Options(double lr, double beta1, double beta2, double eps, boolean maximize)
      implements ParamGroup.Options {
    private static final Set<String> KEYS = Set.of("lr", "betas", "eps", "maximize");

    /** lr 1e-3, betas (0.9, 0.999), eps 1e-8, maximize false. */
    public static Options defaults() {
      return new Options(1e-3, 0.9, 0.999, 1e-8, false);
    }

    /**
     * Options from PyTorch-keyed values ({@code lr, betas, eps, maximize}); missing keys take the defaults.
     *
     * @throws IllegalArgumentException for an unknown key or a value of the wrong type
     */
    public static Options fromMap(Map<String, ?> map) {
      OptionValues v = OptionValues.of("SparseAdam.Options.fromMap", map, KEYS);
      Options d = defaults();
      double[] betas = v.getPair("betas", d.beta1, d.beta2);
      return new Options(v.getDouble("lr", d.lr), betas[0], betas[1], v.getDouble("eps", d.eps),
          v.getBoolean("maximize", d.maximize));
    }

    @Override
    public Options withLr(double lr) {
      return new Options(lr, beta1, beta2, eps, maximize);
    }

    public Options withBetas(double beta1, double beta2) {
      return new Options(lr, beta1, beta2, eps, maximize);
    }

    public Options withEps(double eps) {
      return new Options(lr, beta1, beta2, eps, maximize);
    }

    public Options withMaximize(boolean maximize) {
      return new Options(lr, beta1, beta2, eps, maximize);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException in PyTorch's order and words (lr and eps must be positive here): {@code
     *     SparseAdam: Invalid learning rate: 0.0}, {@code Invalid epsilon value}, {@code Invalid beta parameter at
     *     index 0} (or 1)
     */
    @Override
    public void validate() {
      BetasOptions.validate("SparseAdam", lr, beta1, beta2, eps, true);
    }

    @Override
    public LinkedHashMap<String, Object> toMap() {
      LinkedHashMap<String, Object> m = BetasOptions.toMap(lr, beta1, beta2, eps, Double.NaN);
      m.put("maximize", maximize);
      return m;
    }
  }

  /** SparseAdam with learning rate {@code lr} and PyTorch's other defaults. */
  public SparseAdam(List<? extends Tensor> params, double lr) {
    this(params, Options.defaults().withLr(lr));
  }

  /**
   * SparseAdam with the given options for the first group (and as defaults for groups added later).
   *
   * @throws IllegalArgumentException for invalid options or parameters (see {@link Optimizer})
   */
  public SparseAdam(List<? extends Tensor> params, Options options) {
    super(params, options);
  }

  /**
   * Refuses: the parameter has a gradient, and every jgrad gradient is dense.
   *
   * @throws UnsupportedOperationException {@code SparseAdam does not support dense gradients, please consider Adam
   *     instead}, with the parameter's name and shape and the reason
   */
  @Override
  protected ParamState newState(ParamGroup<?> group, Tensor param) {
    throw refusal(param);
  }

  @Override
  protected void update(ParamGroup<?> group, Tensor param, Tensor grad, ParamState state) {
    throw refusal(param);
  }

  /**
   * Refuses any saved state: a SparseAdam here never steps, so a state entry can only come from elsewhere.
   *
   * @throws IllegalArgumentException naming the parameter
   */
  @Override
  protected ParamState restoreState(ParamGroup<?> group, int index, Tensor param, Map<String, Tensor> saved) {
    throw new IllegalArgumentException("SparseAdam.loadStateDict: state of parameter " + index + " (" + saved.keySet()
        + ") cannot be used: jgrad has no sparse gradients, so SparseAdam never steps; load it into Adam instead");
  }

  @Override
  protected ParamGroup.Options optionsFromMap(Map<String, ?> hyperparameters) {
    return Options.fromMap(hyperparameters);
  }

  private UnsupportedOperationException refusal(Tensor param) {
    int index = parameters().indexOf(param);
    return new UnsupportedOperationException("SparseAdam does not support dense gradients, please consider Adam "
        + "instead (" + parameterName(index) + ", shape " + Arrays.toString(param.shape())
        + ", has a dense gradient, and jgrad has no sparse gradients: use Adam or AdamW)");
  }
}
