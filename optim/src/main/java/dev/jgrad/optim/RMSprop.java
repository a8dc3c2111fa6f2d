package dev.jgrad.optim;

import dev.jgrad.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RMSprop, PyTorch's {@code torch.optim.RMSprop}, with the same float32 results step for step.
 *
 * <pre>
 * g = maximize ? -grad : grad;  if weightDecay != 0: g = g + weightDecay * p
 * v = α v + (1 - α) g²
 * centered: ḡ = α ḡ + (1 - α) g;  avg = sqrt(v - ḡ²) + eps      otherwise avg = sqrt(v) + eps
 * momentum &gt; 0: buf = μ buf + g / avg;  p = p - lr · buf        otherwise p = p - lr · g / avg
 * </pre>
 *
 * <p>eps is added after the square root (TensorFlow adds it inside). State per parameter: {@code step},
 * {@code square_avg}, {@code momentum_buffer} (with momentum), {@code grad_avg} (centered).
 *
 * <pre>{@code
 * Optimizer opt = new RMSprop(params, RMSprop.Options.defaults().withCentered(true).withMomentum(0.9));
 * }</pre>
 */
public class RMSprop extends Optimizer {

  /**
   * RMSprop's hyperparameters; {@link #defaults()} are PyTorch's.
   *
   * @param lr learning rate, ≥ 0
   * @param alpha smoothing constant of the squared-gradient average, ≥ 0
   * @param eps added after the square root, ≥ 0
   * @param weightDecay L2 penalty, ≥ 0
   * @param momentum momentum factor, ≥ 0
   * @param centered normalise by the estimated variance of the gradient instead of its second moment
   * @param maximize ascend instead of descend
   */
  public record Options(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered,
      boolean maximize) implements ParamGroup.MomentumOptions {
    private static final Set<String> KEYS =
        Set.of("lr", "alpha", "eps", "weight_decay", "momentum", "centered", "maximize");

    /** lr 1e-2, alpha 0.99, eps 1e-8, weightDecay 0, momentum 0, centered false, maximize false. */
    public static Options defaults() {
      return new Options(1e-2, 0.99, 1e-8, 0, 0, false, false);
    }

    /**
     * Options from PyTorch-keyed values ({@code lr, alpha, eps, weight_decay, momentum, centered, maximize});
     * missing keys take the defaults.
     *
     * @throws IllegalArgumentException for an unknown key or a value of the wrong type
     */
    public static Options fromMap(Map<String, ?> map) {
      OptionValues v = OptionValues.of("RMSprop.Options.fromMap", map, KEYS);
      Options d = defaults();
      return new Options(v.getDouble("lr", d.lr), v.getDouble("alpha", d.alpha), v.getDouble("eps", d.eps),
          v.getDouble("weight_decay", d.weightDecay), v.getDouble("momentum", d.momentum),
          v.getBoolean("centered", d.centered), v.getBoolean("maximize", d.maximize));
    }

    @Override
    public Options withLr(double lr) {
      return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
    }

    public Options withAlpha(double alpha) {
      return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
    }

    public Options withEps(double eps) {
      return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
    }

    public Options withWeightDecay(double weightDecay) {
      return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
    }

    public Options withMomentum(double momentum) {
      return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
    }

    public Options withCentered(boolean centered) {
      return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
    }

    public Options withMaximize(boolean maximize) {
      return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException {@code RMSprop: Invalid learning rate: -0.1}, {@code Invalid epsilon
     *     value}, {@code Invalid momentum value}, {@code Invalid weight_decay value}, {@code Invalid alpha value}
     */
    @Override
    public void validate() {
      if (!(lr >= 0)) {
        throw OptionValues.invalid("RMSprop", "learning rate", lr);
      }
      if (!(eps >= 0)) {
        throw OptionValues.invalid("RMSprop", "epsilon value", eps);
      }
      if (!(momentum >= 0)) {
        throw OptionValues.invalid("RMSprop", "momentum value", momentum);
      }
      if (!(weightDecay >= 0)) {
        throw OptionValues.invalid("RMSprop", "weight_decay value", weightDecay);
      }
      if (!(alpha >= 0)) {
        throw OptionValues.invalid("RMSprop", "alpha value", alpha);
      }
    }

    @Override
    public LinkedHashMap<String, Object> toMap() {
      LinkedHashMap<String, Object> m = new LinkedHashMap<>();
      m.put("lr", lr);
      m.put("alpha", alpha);
      m.put("eps", eps);
      m.put("weight_decay", weightDecay);
      m.put("momentum", momentum);
      m.put("centered", centered);
      m.put("maximize", maximize);
      return m;
    }

    @Override
    public double cycledMomentum() {
      return momentum;
    }

    @Override
    public Options withCycledMomentum(double momentum) {
      return withMomentum(momentum);
    }
  }

  /** RMSprop with learning rate {@code lr} and PyTorch's other defaults. */
  public RMSprop(List<? extends Tensor> params, double lr) {
    this(params, Options.defaults().withLr(lr));
  }

  /**
   * RMSprop with the given options for the first group (and as defaults for groups added later).
   *
   * @throws IllegalArgumentException for invalid options or parameters (see {@link Optimizer})
   */
  public RMSprop(List<? extends Tensor> params, Options options) {
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

  private static final class State implements ParamState {
    static final Set<String> KEYS = Set.of("step", "square_avg", "momentum_buffer", "grad_avg");
    int[] shape;
    double step;
    float[] squareAvg;
    /** Created when first needed (PyTorch creates them on the first step if the option is on then). */
    float[] momentumBuffer;
    float[] gradAvg;

    @Override
    public LinkedHashMap<String, Tensor> toTensors() {
      LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
      m.put("step", Tensor.scalar((float) step));
      m.put("square_avg", Tensor.of(squareAvg, shape));
      if (momentumBuffer != null) {
        m.put("momentum_buffer", Tensor.of(momentumBuffer, shape));
      }
      if (gradAvg != null) {
        m.put("grad_avg", Tensor.of(gradAvg, shape));
      }
      return m;
    }
  }

  @Override
  protected ParamState newState(ParamGroup<?> group, Tensor param) {
    State s = new State();
    s.shape = param.shape();
    s.squareAvg = new float[param.numel()];
    return s;
  }

  @Override
  protected ParamState restoreState(ParamGroup<?> group, int index, Tensor param, Map<String, Tensor> saved) {
    checkStateKeys(saved, index, State.KEYS);
    State s = new State();
    s.shape = param.shape();
    s.step = savedScalar(saved, "step", index);
    s.squareAvg = savedTensor(saved, "square_avg", index, param, true);
    s.momentumBuffer = savedTensor(saved, "momentum_buffer", index, param, false);
    s.gradAvg = savedTensor(saved, "grad_avg", index, param, false);
    return s;
  }

  @Override
  protected void update(ParamGroup<?> group, Tensor param, Tensor grad, ParamState state) {
    Options o = (Options) group.options();
    State s = (State) state;
    s.step += 1;
    int n = s.squareAvg.length;
    if (o.momentum() > 0 && s.momentumBuffer == null) {
      s.momentumBuffer = new float[n];
    }
    if (o.centered() && s.gradAvg == null) {
      s.gradAvg = new float[n];
    }
    float[] p = param.toArray();
    UpdateRules.rmsprop(p, grad.toArray(), s.squareAvg, s.gradAvg, s.momentumBuffer, o.lr(), o.alpha(), o.eps(),
        o.weightDecay(), o.momentum(), o.centered(), o.maximize());
    writeValues(param, p);
  }

  @Override
  protected ParamGroup.Options optionsFromMap(Map<String, ?> hyperparameters) {
    return Options.fromMap(hyperparameters);
  }
}
