package dev.jgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.ops.Fused;
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
public class SGD extends ElementwiseOptimizer<SGD.Options> {

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
      boolean maximize) implements ParamGroup.MomentumOptions, MomentumFactorOptions<Options> {
    private static final Set<String> KEYS =
        Set.of("lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize");

    /** {@code momentum_buffer} when momentum is on. */
    @Override
    public int stateBuffers() {
      return momentum != 0 ? 1 : 0;
    }

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
      OptionValues.require(lr >= 0, "SGD", "learning rate", lr);
      OptionValues.require(momentum >= 0, "SGD", "momentum value", momentum);
      OptionValues.require(weightDecay >= 0, "SGD", "weight_decay value", weightDecay);
      OptionValues.require(!Double.isNaN(dampening), "SGD", "dampening value", dampening);
      checkArgument(!(nesterov && (momentum <= 0 || dampening != 0)),
          "SGD: Nesterov momentum requires a momentum and zero dampening (momentum %s, dampening %s)",
          momentum, dampening);
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
  }

  /** State: {@code momentum_buffer} only, created once momentum is used; no step count. */
  private static final BufferState.Layout LAYOUT = BufferState.Layout.uncounted(0, "momentum_buffer");
  private static final int MOMENTUM_BUFFER = 0;

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
    super(params, options, LAYOUT, Options::fromMap);
  }

  @Override
  void updateValues(Options o, Tensor p, Tensor g, BufferState s) {
    // PyTorch: the buffer starts as the (decayed) gradient, not as zeros
    boolean first = o.momentum() != 0 && s.buffer(MOMENTUM_BUFFER) == null;
    float[] buf = first ? s.bufferOrZeros(MOMENTUM_BUFFER) : s.buffer(MOMENTUM_BUFFER);
    UpdateRules rules = UpdateRules.get();
    UpdateRules.SgdStep step = UpdateRules.SgdStep.of(o, first);
    Fused.update(p, g, (pa, po, ga, go, n) -> rules.sgd(pa, po, ga, go, n, buf, step));
  }

  @Override
  void updateDoubles(Options o, Tensor p, Tensor g, BufferState s) {
    boolean first = o.momentum() != 0 && s.doubleBuffer(MOMENTUM_BUFFER) == null;
    double[] buf = first ? s.doubleBufferOrZeros(MOMENTUM_BUFFER) : s.doubleBuffer(MOMENTUM_BUFFER);
    DoubleUpdateRules.SgdScalars step = DoubleUpdateRules.SgdScalars.of(o, first);
    Fused.updateDoubles(p, g, (pa, po, ga, go, n) -> DoubleUpdateLoops.sgdRange(pa, po, ga, go, buf, 0, n, step));
  }
}
