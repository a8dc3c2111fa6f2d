package dev.jgrad.optim;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.ops.Fused;
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
public class RMSprop extends ElementwiseOptimizer<RMSprop.Options> {

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
      boolean maximize) implements ParamGroup.MomentumOptions, MomentumFactorOptions<Options> {
    private static final Set<String> KEYS =
        Set.of("lr", "alpha", "eps", "weight_decay", "momentum", "centered", "maximize");

    /** {@code square_avg}, with {@code momentum_buffer} when momentum is on and {@code grad_avg} when centered. */
    @Override
    public int stateBuffers() {
      return 1 + (momentum > 0 ? 1 : 0) + (centered ? 1 : 0);
    }

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
      OptionValues.require(lr >= 0, "RMSprop", "learning rate", lr);
      OptionValues.require(eps >= 0, "RMSprop", "epsilon value", eps);
      OptionValues.require(momentum >= 0, "RMSprop", "momentum value", momentum);
      OptionValues.require(weightDecay >= 0, "RMSprop", "weight_decay value", weightDecay);
      OptionValues.require(alpha >= 0, "RMSprop", "alpha value", alpha);
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
  }

  /**
   * State: {@code step}, {@code square_avg}, and {@code momentum_buffer} and {@code grad_avg} created when first
   * needed (PyTorch creates them on the first step if the option is on then).
   */
  private static final BufferState.Layout LAYOUT =
      BufferState.Layout.counted(1, "square_avg", "momentum_buffer", "grad_avg");
  private static final int SQUARE_AVG = 0;
  private static final int MOMENTUM_BUFFER = 1;
  private static final int GRAD_AVG = 2;

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
    super(params, options, LAYOUT, Options::fromMap);
  }

  @Override
  void updateValues(Options o, Tensor param, Tensor grad, BufferState s) {
    float[] buf = o.momentum() > 0 ? s.bufferOrZeros(MOMENTUM_BUFFER) : s.buffer(MOMENTUM_BUFFER);
    float[] gradAvg = o.centered() ? s.bufferOrZeros(GRAD_AVG) : s.buffer(GRAD_AVG);
    float[] squareAvg = s.buffer(SQUARE_AVG);
    UpdateRules rules = UpdateRules.get();
    UpdateRules.RmspropStep step = UpdateRules.RmspropStep.of(o);
    Fused.update(param, grad, (p, po, g, go, n) -> rules.rmsprop(p, po, g, go, n, squareAvg, gradAvg, buf, step));
  }

  @Override
  void updateDoubles(Options o, Tensor param, Tensor grad, BufferState s) {
    double[] buf = o.momentum() > 0 ? s.doubleBufferOrZeros(MOMENTUM_BUFFER) : s.doubleBuffer(MOMENTUM_BUFFER);
    double[] gradAvg = o.centered() ? s.doubleBufferOrZeros(GRAD_AVG) : s.doubleBuffer(GRAD_AVG);
    double[] squareAvg = s.doubleBuffer(SQUARE_AVG);
    DoubleUpdateRules.RmspropScalars step = DoubleUpdateRules.RmspropScalars.of(o);
    Fused.updateDoubles(param, grad,
        (p, po, g, go, n) -> DoubleUpdateLoops.rmspropRange(p, po, g, go, squareAvg, gradAvg, buf, 0, n, step));
  }
}
