package dev.jgrad.optim;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.ops.Fused;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adagrad, PyTorch's {@code torch.optim.Adagrad}, with the same float32 results step for step.
 *
 * <pre>
 * step += 1;  g = maximize ? -grad : grad;  if weightDecay != 0: g = g + weightDecay * p
 * clr = lr / (1 + (step - 1) · lrDecay)
 * sum = sum + g²                      (sum starts at initialAccumulatorValue)
 * p = p - clr · g / (sqrt(sum) + eps)
 * </pre>
 *
 * <p>State per parameter: {@code step}, {@code sum}. PyTorch creates it in the constructor; here it is created
 * on the parameter's first step, like the other optimizers (only {@link #stateDict()} before any step differs).
 *
 * <pre>{@code
 * Optimizer opt = new Adagrad(params, Adagrad.Options.defaults().withLr(0.1).withLrDecay(0.01));
 * }</pre>
 */
public class Adagrad extends ElementwiseOptimizer<Adagrad.Options> {

  /**
   * Adagrad's hyperparameters; {@link #defaults()} are PyTorch's.
   *
   * @param lr learning rate, ≥ 0
   * @param lrDecay learning-rate decay per step, ≥ 0
   * @param weightDecay L2 penalty, ≥ 0
   * @param initialAccumulatorValue starting value of the squared-gradient sum, ≥ 0
   * @param eps added after the square root, ≥ 0 (default 1e-10)
   * @param maximize ascend instead of descend
   */
  public record Options(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps,
      boolean maximize) implements ParamGroup.Options {
    private static final Set<String> KEYS =
        Set.of("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps", "maximize");

    /** {@code sum}. */
    @Override
    public int stateBuffers() {
      return 1;
    }

    /** lr 1e-2, lrDecay 0, weightDecay 0, initialAccumulatorValue 0, eps 1e-10, maximize false. */
    public static Options defaults() {
      return new Options(1e-2, 0, 0, 0, 1e-10, false);
    }

    /**
     * Options from PyTorch-keyed values ({@code lr, lr_decay, weight_decay, initial_accumulator_value, eps,
     * maximize}); missing keys take the defaults.
     *
     * @throws IllegalArgumentException for an unknown key or a value of the wrong type
     */
    public static Options fromMap(Map<String, ?> map) {
      OptionValues v = OptionValues.of("Adagrad.Options.fromMap", map, KEYS);
      Options d = defaults();
      return new Options(v.getDouble("lr", d.lr), v.getDouble("lr_decay", d.lrDecay),
          v.getDouble("weight_decay", d.weightDecay),
          v.getDouble("initial_accumulator_value", d.initialAccumulatorValue), v.getDouble("eps", d.eps),
          v.getBoolean("maximize", d.maximize));
    }

    @Override
    public Options withLr(double lr) {
      return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize);
    }

    public Options withLrDecay(double lrDecay) {
      return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize);
    }

    public Options withWeightDecay(double weightDecay) {
      return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize);
    }

    public Options withInitialAccumulatorValue(double initialAccumulatorValue) {
      return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize);
    }

    public Options withEps(double eps) {
      return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize);
    }

    public Options withMaximize(boolean maximize) {
      return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException {@code Adagrad: Invalid learning rate: -0.1}, {@code Invalid lr_decay
     *     value}, {@code Invalid weight_decay value}, {@code Invalid initial_accumulator_value value}, {@code
     *     Invalid epsilon value}
     */
    @Override
    public void validate() {
      OptionValues.require(lr >= 0, "Adagrad", "learning rate", lr);
      OptionValues.require(lrDecay >= 0, "Adagrad", "lr_decay value", lrDecay);
      OptionValues.require(weightDecay >= 0, "Adagrad", "weight_decay value", weightDecay);
      OptionValues.require(initialAccumulatorValue >= 0, "Adagrad", "initial_accumulator_value value",
          initialAccumulatorValue);
      OptionValues.require(eps >= 0, "Adagrad", "epsilon value", eps);
    }

    @Override
    public LinkedHashMap<String, Object> toMap() {
      LinkedHashMap<String, Object> m = new LinkedHashMap<>();
      m.put("lr", lr);
      m.put("lr_decay", lrDecay);
      m.put("weight_decay", weightDecay);
      m.put("initial_accumulator_value", initialAccumulatorValue);
      m.put("eps", eps);
      m.put("maximize", maximize);
      return m;
    }
  }

  /** State: {@code step} and {@code sum}, created with the state. */
  private static final BufferState.Layout LAYOUT = BufferState.Layout.counted(1, "sum");
  private static final int SUM = 0;

  /** Adagrad with learning rate {@code lr} and PyTorch's other defaults. */
  public Adagrad(List<? extends Tensor> params, double lr) {
    this(params, Options.defaults().withLr(lr));
  }

  /**
   * Adagrad with the given options for the first group (and as defaults for groups added later).
   *
   * @throws IllegalArgumentException for invalid options or parameters (see {@link Optimizer})
   */
  public Adagrad(List<? extends Tensor> params, Options options) {
    super(params, options, LAYOUT, Options::fromMap);
  }

  @Override
  void initState(Options o, BufferState s) {
    s.fill(SUM, o.initialAccumulatorValue());
  }

  @Override
  void updateValues(Options o, Tensor param, Tensor grad, BufferState s) {
    float[] sum = s.buffer(SUM);
    UpdateRules rules = UpdateRules.get();
    UpdateRules.AdagradStep step = UpdateRules.AdagradStep.of(o, s.step);
    Fused.update(param, grad, (p, po, g, go, n) -> rules.adagrad(p, po, g, go, n, sum, step));
  }

  @Override
  void updateDoubles(Options o, Tensor param, Tensor grad, BufferState s) {
    double[] sum = s.doubleBuffer(SUM);
    DoubleUpdateRules.AdagradScalars step = DoubleUpdateRules.AdagradScalars.of(o, s.step);
    Fused.updateDoubles(param, grad,
        (p, po, g, go, n) -> DoubleUpdateLoops.adagradRange(p, po, g, go, sum, 0, n, step));
  }
}
