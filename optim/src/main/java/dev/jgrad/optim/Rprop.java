package dev.jgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.ops.Fused;
import dev.jgrad.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rprop, PyTorch's {@code torch.optim.Rprop} (resilient backpropagation), with the same float32 results step for
 * step. Only the sign of the gradient is used: each element has its own step size, grown by {@code etaPlus} while
 * the gradient keeps its sign and shrunk by {@code etaMinus} when it flips. Meant for full-batch training.
 *
 * <pre>
 * g = maximize ? -grad : grad;   s = sign(g · prev)
 * stepSize = clamp(stepSize · (s &gt; 0 ? etaPlus : s &lt; 0 ? etaMinus : 1), stepSizeMin, stepSizeMax)
 * where s &lt; 0: g = 0
 * p = p - sign(g) · stepSize;   prev = g
 * </pre>
 *
 * <p>State per parameter: {@code step}, {@code prev}, {@code step_size} (starting at the group's lr). PyTorch 1.13
 * keeps this {@code step} as a Python int; here it is saved as a one-element float tensor.
 *
 * <pre>{@code
 * Optimizer opt = new Rprop(model.parameters(), Rprop.Options.defaults().withEtas(0.5, 1.2));
 * }</pre>
 */
public class Rprop extends ElementwiseOptimizer<Rprop.Options> {

  /**
   * Rprop's hyperparameters; {@link #defaults()} are PyTorch's.
   *
   * @param lr the initial step size, ≥ 0
   * @param etaMinus multiplicative decrease factor, in (0, 1)
   * @param etaPlus multiplicative increase factor, &gt; 1
   * @param stepSizeMin smallest step size
   * @param stepSizeMax largest step size
   * @param maximize ascend instead of descend
   */
  public record Options(double lr, double etaMinus, double etaPlus, double stepSizeMin, double stepSizeMax,
      boolean maximize) implements ParamGroup.Options {
    private static final Set<String> KEYS = Set.of("lr", "etas", "step_sizes", "maximize");

    /** {@code prev} and {@code step_size}. */
    @Override
    public int stateBuffers() {
      return 2;
    }

    /** lr 1e-2, etas (0.5, 1.2), stepSizes (1e-6, 50), maximize false. */
    public static Options defaults() {
      return new Options(1e-2, 0.5, 1.2, 1e-6, 50, false);
    }

    /**
     * Options from PyTorch-keyed values ({@code lr, etas, step_sizes, maximize}); missing keys take the defaults.
     *
     * @throws IllegalArgumentException for an unknown key or a value of the wrong type
     */
    public static Options fromMap(Map<String, ?> map) {
      OptionValues v = OptionValues.of("Rprop.Options.fromMap", map, KEYS);
      Options d = defaults();
      double[] etas = v.getPair("etas", d.etaMinus, d.etaPlus);
      double[] stepSizes = v.getPair("step_sizes", d.stepSizeMin, d.stepSizeMax);
      return new Options(v.getDouble("lr", d.lr), etas[0], etas[1], stepSizes[0], stepSizes[1],
          v.getBoolean("maximize", d.maximize));
    }

    @Override
    public Options withLr(double lr) {
      return new Options(lr, etaMinus, etaPlus, stepSizeMin, stepSizeMax, maximize);
    }

    public Options withEtas(double etaMinus, double etaPlus) {
      return new Options(lr, etaMinus, etaPlus, stepSizeMin, stepSizeMax, maximize);
    }

    public Options withStepSizes(double stepSizeMin, double stepSizeMax) {
      return new Options(lr, etaMinus, etaPlus, stepSizeMin, stepSizeMax, maximize);
    }

    public Options withMaximize(boolean maximize) {
      return new Options(lr, etaMinus, etaPlus, stepSizeMin, stepSizeMax, maximize);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException in PyTorch's words: {@code Rprop: Invalid learning rate: -1.0}, {@code
     *     Invalid eta values: 1.5, 1.2}
     */
    @Override
    public void validate() {
      OptionValues.require(lr >= 0, "Rprop", "learning rate", lr);
      checkArgument(0.0 < etaMinus && etaMinus < 1.0 && 1.0 < etaPlus, "Rprop: Invalid eta values: %s, %s",
          etaMinus, etaPlus);
    }

    @Override
    public LinkedHashMap<String, Object> toMap() {
      LinkedHashMap<String, Object> m = new LinkedHashMap<>();
      m.put("lr", lr);
      m.put("etas", List.of(etaMinus, etaPlus));
      m.put("step_sizes", List.of(stepSizeMin, stepSizeMax));
      m.put("maximize", maximize);
      return m;
    }
  }

  /** State: {@code step}, {@code prev}, {@code step_size}, created with the state. */
  private static final BufferState.Layout LAYOUT = BufferState.Layout.counted(2, "prev", "step_size");
  private static final int PREV = 0;
  private static final int STEP_SIZE = 1;

  /** Rprop with learning rate {@code lr} and PyTorch's other defaults. */
  public Rprop(List<? extends Tensor> params, double lr) {
    this(params, Options.defaults().withLr(lr));
  }

  /**
   * Rprop with the given options for the first group (and as defaults for groups added later).
   *
   * @throws IllegalArgumentException for invalid options or parameters (see {@link Optimizer})
   */
  public Rprop(List<? extends Tensor> params, Options options) {
    super(params, options, LAYOUT, Options::fromMap);
  }

  /** Every step size starts at the group's learning rate (later changes of lr do not reach it, as in PyTorch). */
  @Override
  void initState(Options o, BufferState s) {
    s.fill(STEP_SIZE, o.lr());
  }

  @Override
  void updateValues(Options o, Tensor param, Tensor grad, BufferState s) {
    float[] prev = s.buffer(PREV);
    float[] stepSize = s.buffer(STEP_SIZE);
    UpdateRules rules = UpdateRules.get();
    UpdateRules.RpropStep step = UpdateRules.RpropStep.of(o);
    Fused.update(param, grad, (p, po, g, go, n) -> rules.rprop(p, po, g, go, n, prev, stepSize, step));
  }

  @Override
  void updateDoubles(Options o, Tensor param, Tensor grad, BufferState s) {
    double[] prev = s.doubleBuffer(PREV);
    double[] stepSize = s.doubleBuffer(STEP_SIZE);
    DoubleUpdateRules.RpropScalars step = DoubleUpdateRules.RpropScalars.of(o);
    Fused.updateDoubles(param, grad,
        (p, po, g, go, n) -> DoubleUpdateLoops.rpropRange(p, po, g, go, prev, stepSize, 0, n, step));
  }
}
