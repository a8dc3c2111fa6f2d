package dev.jgrad.optim;

import dev.jgrad.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum, L2 weight decay and
 * maximisation: PyTorch's {@code torch.optim.SGD}, with the same float32 results step for step.
 *
 * <pre>
 * d = maximize ? -grad : grad
 * if weightDecay != 0: d = d + weightDecay * p
 * if momentum != 0:
 *     buf = d on the first step (not dampened), else buf = momentum * buf + (1 - dampening) * d
 *     d = nesterov ? d + momentum * buf : buf
 * p = p - lr * d
 * </pre>
 *
 * <pre>{@code
 * Optimizer opt = new SGD(List.of(weights), 0.01);                  // or new SGD(weights, 0.01)
 * Optimizer opt2 = new SGD(model.parameters(),
 *     SGD.Options.defaults().withLr(0.1).withMomentum(0.9).withNesterov(true));
 * }</pre>
 *
 * <p>State per parameter: {@code momentum_buffer} (absent until momentum is used). Note PyTorch's momentum form
 * {@code v = μv + g; p -= lr·v}, not Sutskever's {@code v = μv + lr·g}.
 */
public class SGD extends Optimizer {

  /**
   * SGD's hyperparameters; {@link #defaults()} are PyTorch 2's ({@code lr=1e-3}, everything else off).
   *
   * @param lr learning rate, ≥ 0
   * @param momentum momentum factor μ, ≥ 0
   * @param dampening dampening of the gradient added to the momentum buffer
   * @param weightDecay L2 penalty, ≥ 0, folded into the gradient (and so into the buffer)
   * @param nesterov Nesterov momentum; needs momentum &gt; 0 and dampening 0
   * @param maximize ascend instead of descend
   */
  public record Options(double lr, double momentum, double dampening, double weightDecay, boolean nesterov,
      boolean maximize) implements ParamGroup.MomentumOptions {
    private static final Set<String> KEYS =
        Set.of("lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize");

    /** lr 1e-3, momentum 0, dampening 0, weightDecay 0, nesterov false, maximize false. */
    public static Options defaults() {
      return new Options(1e-3, 0, 0, 0, false, false);
    }

    /**
     * Options from PyTorch-keyed values ({@code lr, momentum, dampening, weight_decay, nesterov, maximize});
     * missing keys take the defaults.
     *
     * @throws IllegalArgumentException for an unknown key or a value of the wrong type
     */
    public static Options fromMap(Map<String, ?> map) {
      OptionValues v = OptionValues.of("SGD.Options.fromMap", map, KEYS);
      Options d = defaults();
      return new Options(v.getDouble("lr", d.lr), v.getDouble("momentum", d.momentum),
          v.getDouble("dampening", d.dampening), v.getDouble("weight_decay", d.weightDecay),
          v.getBoolean("nesterov", d.nesterov), v.getBoolean("maximize", d.maximize));
    }

    @Override
    public Options withLr(double lr) {
      return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    public Options withMomentum(double momentum) {
      return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    public Options withDampening(double dampening) {
      return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    public Options withWeightDecay(double weightDecay) {
      return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    public Options withNesterov(boolean nesterov) {
      return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    public Options withMaximize(boolean maximize) {
      return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException {@code SGD: Invalid learning rate: -0.1}, {@code Invalid momentum value},
     *     {@code Invalid weight_decay value}, {@code Nesterov momentum requires a momentum and zero dampening}
     */
    @Override
    public void validate() {
      if (!(lr >= 0)) {
        throw OptionValues.invalid("SGD", "learning rate", lr);
      }
      if (!(momentum >= 0)) {
        throw OptionValues.invalid("SGD", "momentum value", momentum);
      }
      if (!(weightDecay >= 0)) {
        throw OptionValues.invalid("SGD", "weight_decay value", weightDecay);
      }
      if (Double.isNaN(dampening)) {
        throw OptionValues.invalid("SGD", "dampening value", dampening);
      }
      if (nesterov && (momentum <= 0 || dampening != 0)) {
        throw new IllegalArgumentException(
            "SGD: Nesterov momentum requires a momentum and zero dampening (momentum " + momentum + ", dampening "
                + dampening + ")");
      }
    }

    @Override
    public LinkedHashMap<String, Object> toMap() {
      LinkedHashMap<String, Object> m = new LinkedHashMap<>();
      m.put("lr", lr);
      m.put("momentum", momentum);
      m.put("dampening", dampening);
      m.put("weight_decay", weightDecay);
      m.put("nesterov", nesterov);
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

  /** SGD with learning rate {@code lr} and every other option off. */
  public SGD(List<? extends Tensor> params, double lr) {
    this(params, Options.defaults().withLr(lr));
  }

  /** SGD on a single tensor (the seed tutorial's {@code new SGD(weights, 0.01)}). */
  public SGD(Tensor param, double lr) {
    this(List.of(param), lr);
  }

  /**
   * SGD with the given options for the first group (and as defaults for groups added later).
   *
   * @throws IllegalArgumentException for invalid options or parameters (see {@link Optimizer})
   */
  public SGD(List<? extends Tensor> params, Options options) {
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
    float[] momentumBuffer;
    int[] shape;

    @Override
    public LinkedHashMap<String, Tensor> toTensors() {
      LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
      if (momentumBuffer != null) {
        m.put("momentum_buffer", Tensor.of(momentumBuffer, shape));
      }
      return m;
    }
  }

  @Override
  protected ParamState newState(ParamGroup<?> group, Tensor param) {
    State s = new State();
    s.shape = param.shape();
    return s;
  }

  @Override
  protected ParamState restoreState(ParamGroup<?> group, int index, Tensor param, Map<String, Tensor> saved) {
    checkStateKeys(saved, index, Set.of("momentum_buffer"));
    State s = new State();
    s.shape = param.shape();
    s.momentumBuffer = savedTensor(saved, "momentum_buffer", index, param, false);
    return s;
  }

  @Override
  protected void update(ParamGroup<?> group, Tensor param, Tensor grad, ParamState state) {
    Options o = (Options) group.options();
    State s = (State) state;
    float[] p = param.toArray();
    float[] g = grad.toArray();
    boolean first = false;
    if (o.momentum() != 0 && s.momentumBuffer == null) {
      s.momentumBuffer = new float[p.length];
      first = true;                  // PyTorch: the buffer starts as the (decayed) gradient, not as zeros
    }
    UpdateRules.sgd(p, g, s.momentumBuffer, first, o.lr(), o.momentum(), o.dampening(), o.weightDecay(),
        o.nesterov(), o.maximize());
    writeValues(param, p);
  }

  @Override
  protected ParamGroup.Options optionsFromMap(Map<String, ?> hyperparameters) {
    return Options.fromMap(hyperparameters);
  }
}
