package dev.jgrad.optim;

import dev.jgrad.autograd.ops.Fused;
import dev.jgrad.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adadelta, PyTorch's {@code torch.optim.Adadelta}, with the same float32 results step for step.
 *
 * <pre>
 * g = maximize ? -grad : grad;  if weightDecay != 0: g = g + weightDecay * p
 * v = ρ v + (1 - ρ) g²
 * δ = sqrt(a + eps) / sqrt(v + eps) · g
 * a = ρ a + (1 - ρ) δ²
 * p = p - lr · δ
 * </pre>
 *
 * <p>State per parameter: {@code step}, {@code square_avg}, {@code acc_delta}. PyTorch 1.13 keeps this
 * {@code step} as a Python int; here it is saved, like every other optimizer's, as a one-element float tensor.
 *
 * <pre>{@code
 * Optimizer opt = new Adadelta(model.parameters(), Adadelta.Options.defaults().withRho(0.95));
 * }</pre>
 */
public class Adadelta extends ElementwiseOptimizer<Adadelta.Options> {

  /**
   * Adadelta's hyperparameters; {@link #defaults()} are PyTorch's.
   *
   * @param lr coefficient that scales delta before it is applied, ≥ 0
   * @param rho decay of the running averages, in [0, 1]
   * @param eps added inside both square roots, ≥ 0
   * @param weightDecay L2 penalty, ≥ 0
   * @param maximize ascend instead of descend
   */
  public record Options(double lr, double rho, double eps, double weightDecay, boolean maximize)
      implements ParamGroup.Options {
    private static final Set<String> KEYS = Set.of("lr", "rho", "eps", "weight_decay", "maximize");

    /** {@code square_avg} and {@code acc_delta}. */
    @Override
    public int stateBuffers() {
      return 2;
    }

    /** lr 1.0, rho 0.9, eps 1e-6, weightDecay 0, maximize false. */
    public static Options defaults() {
      return new Options(1.0, 0.9, 1e-6, 0, false);
    }

    /**
     * Options from PyTorch-keyed values ({@code lr, rho, eps, weight_decay, maximize}); missing keys take the
     * defaults.
     *
     * @throws IllegalArgumentException for an unknown key or a value of the wrong type
     */
    public static Options fromMap(Map<String, ?> map) {
      OptionValues v = OptionValues.of("Adadelta.Options.fromMap", map, KEYS);
      Options d = defaults();
      return new Options(v.getDouble("lr", d.lr), v.getDouble("rho", d.rho), v.getDouble("eps", d.eps),
          v.getDouble("weight_decay", d.weightDecay), v.getBoolean("maximize", d.maximize));
    }

    @Override
    public Options withLr(double lr) {
      return new Options(lr, rho, eps, weightDecay, maximize);
    }

    public Options withRho(double rho) {
      return new Options(lr, rho, eps, weightDecay, maximize);
    }

    public Options withEps(double eps) {
      return new Options(lr, rho, eps, weightDecay, maximize);
    }

    public Options withWeightDecay(double weightDecay) {
      return new Options(lr, rho, eps, weightDecay, maximize);
    }

    public Options withMaximize(boolean maximize) {
      return new Options(lr, rho, eps, weightDecay, maximize);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException in PyTorch's order and words: {@code Adadelta: Invalid learning rate:
     *     -1.0}, {@code Invalid rho value}, {@code Invalid epsilon value}, {@code Invalid weight_decay value}
     */
    @Override
    public void validate() {
      OptionValues.require(lr >= 0, "Adadelta", "learning rate", lr);
      OptionValues.require(rho >= 0 && rho <= 1, "Adadelta", "rho value", rho);
      OptionValues.require(eps >= 0, "Adadelta", "epsilon value", eps);
      OptionValues.require(weightDecay >= 0, "Adadelta", "weight_decay value", weightDecay);
    }

    @Override
    public LinkedHashMap<String, Object> toMap() {
      LinkedHashMap<String, Object> m = new LinkedHashMap<>();
      m.put("lr", lr);
      m.put("rho", rho);
      m.put("eps", eps);
      m.put("weight_decay", weightDecay);
      m.put("maximize", maximize);
      return m;
    }
  }

  /** State: {@code step}, {@code square_avg}, {@code acc_delta}, created with the state. */
  private static final BufferState.Layout LAYOUT = BufferState.Layout.counted(2, "square_avg", "acc_delta");
  private static final int SQUARE_AVG = 0;
  private static final int ACC_DELTA = 1;

  /** Adadelta with learning rate {@code lr} and PyTorch's other defaults. */
  public Adadelta(List<? extends Tensor> params, double lr) {
    this(params, Options.defaults().withLr(lr));
  }

  /**
   * Adadelta with the given options for the first group (and as defaults for groups added later).
   *
   * @throws IllegalArgumentException for invalid options or parameters (see {@link Optimizer})
   */
  public Adadelta(List<? extends Tensor> params, Options options) {
    super(params, options, LAYOUT, Options::fromMap);
  }

  @Override
  void updateValues(Options o, Tensor param, Tensor grad, BufferState s) {
    float[] squareAvg = s.buffer(SQUARE_AVG);
    float[] accDelta = s.buffer(ACC_DELTA);
    UpdateRules rules = UpdateRules.get();
    UpdateRules.AdadeltaStep step = UpdateRules.AdadeltaStep.of(o);
    Fused.update(param, grad, (p, po, g, go, n) -> rules.adadelta(p, po, g, go, n, squareAvg, accDelta, step));
  }

  @Override
  void updateDoubles(Options o, Tensor param, Tensor grad, BufferState s) {
    double[] squareAvg = s.doubleBuffer(SQUARE_AVG);
    double[] accDelta = s.doubleBuffer(ACC_DELTA);
    DoubleUpdateRules.AdadeltaScalars step = DoubleUpdateRules.AdadeltaScalars.of(o);
    Fused.updateDoubles(param, grad,
        (p, po, g, go, n) -> DoubleUpdateLoops.adadeltaRange(p, po, g, go, squareAvg, accDelta, 0, n, step));
  }
}
