package dev.jgrad.optim;

import dev.jgrad.autograd.ops.Fused;
import dev.jgrad.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ASGD, PyTorch's {@code torch.optim.ASGD} (averaged stochastic gradient descent), with the same float32 results
 * step for step. The parameter takes plain decayed SGD steps with a decreasing rate {@code eta}; the average of
 * the iterates since step {@code t0} is kept in {@code ax} (read it from {@link #stateDict()}).
 *
 * <pre>
 * step += 1;  g = maximize ? -grad : grad;  if weightDecay != 0: g = g + weightDecay * p
 * p = p · (1 - λ η) - η g
 * ax = μ == 1 ? p : ax + (p - ax) μ
 * η = lr / (1 + λ lr step)^α;   μ = 1 / max(1, step - t0)
 * </pre>
 *
 * <p>State per parameter: {@code step}, {@code eta} (starting at lr), {@code mu} (starting at 1), {@code ax}; the
 * scalars are one-element float32 tensors, as in PyTorch.
 *
 * <pre>{@code
 * Optimizer opt = new ASGD(model.parameters(), ASGD.Options.defaults().withT0(100));
 * }</pre>
 */
public class ASGD extends ElementwiseOptimizer<ASGD.Options> {

  /**
   * ASGD's hyperparameters; {@link #defaults()} are PyTorch's. PyTorch checks only lr and weightDecay.
   *
   * @param lr learning rate, ≥ 0
   * @param lambd decay term
   * @param alpha power for the eta update
   * @param t0 the step at which averaging starts
   * @param weightDecay L2 penalty, ≥ 0
   * @param maximize ascend instead of descend
   */
  public record Options(double lr, double lambd, double alpha, double t0, double weightDecay, boolean maximize)
      implements ParamGroup.Options {
    private static final Set<String> KEYS = Set.of("lr", "lambd", "alpha", "t0", "weight_decay", "maximize");

    /** {@code ax}. */
    @Override
    public int stateBuffers() {
      return 1;
    }

    /** lr 1e-2, lambd 1e-4, alpha 0.75, t0 1e6, weightDecay 0, maximize false. */
    public static Options defaults() {
      return new Options(1e-2, 1e-4, 0.75, 1e6, 0, false);
    }

    /**
     * Options from PyTorch-keyed values ({@code lr, lambd, alpha, t0, weight_decay, maximize}); missing keys take
     * the defaults.
     *
     * @throws IllegalArgumentException for an unknown key or a value of the wrong type
     */
    public static Options fromMap(Map<String, ?> map) {
      OptionValues v = OptionValues.of("ASGD.Options.fromMap", map, KEYS);
      Options d = defaults();
      return new Options(v.getDouble("lr", d.lr), v.getDouble("lambd", d.lambd), v.getDouble("alpha", d.alpha),
          v.getDouble("t0", d.t0), v.getDouble("weight_decay", d.weightDecay), v.getBoolean("maximize", d.maximize));
    }

    @Override
    public Options withLr(double lr) {
      return new Options(lr, lambd, alpha, t0, weightDecay, maximize);
    }

    public Options withLambd(double lambd) {
      return new Options(lr, lambd, alpha, t0, weightDecay, maximize);
    }

    public Options withAlpha(double alpha) {
      return new Options(lr, lambd, alpha, t0, weightDecay, maximize);
    }

    public Options withT0(double t0) {
      return new Options(lr, lambd, alpha, t0, weightDecay, maximize);
    }

    public Options withWeightDecay(double weightDecay) {
      return new Options(lr, lambd, alpha, t0, weightDecay, maximize);
    }

    public Options withMaximize(boolean maximize) {
      return new Options(lr, lambd, alpha, t0, weightDecay, maximize);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException in PyTorch's words: {@code ASGD: Invalid learning rate: -1.0}, {@code
     *     Invalid weight_decay value}
     */
    @Override
    public void validate() {
      OptionValues.require(lr >= 0, "ASGD", "learning rate", lr);
      OptionValues.require(weightDecay >= 0, "ASGD", "weight_decay value", weightDecay);
    }

    @Override
    public LinkedHashMap<String, Object> toMap() {
      LinkedHashMap<String, Object> m = new LinkedHashMap<>();
      m.put("lr", lr);
      m.put("lambd", lambd);
      m.put("alpha", alpha);
      m.put("t0", t0);
      m.put("weight_decay", weightDecay);
      m.put("maximize", maximize);
      return m;
    }
  }

  /** State: {@code step}, {@code eta}, {@code mu}, {@code ax}, created with the state. */
  private static final BufferState.Layout LAYOUT = BufferState.Layout.counted(1, "ax").withScalars("eta", "mu");
  private static final int ETA = 0;
  private static final int MU = 1;
  private static final int AX = 0;

  /** ASGD with learning rate {@code lr} and PyTorch's other defaults. */
  public ASGD(List<? extends Tensor> params, double lr) {
    this(params, Options.defaults().withLr(lr));
  }

  /**
   * ASGD with the given options for the first group (and as defaults for groups added later).
   *
   * @throws IllegalArgumentException for invalid options or parameters (see {@link Optimizer})
   */
  public ASGD(List<? extends Tensor> params, Options options) {
    super(params, options, LAYOUT, Options::fromMap);
  }

  /** {@code eta} starts at the group's learning rate (as a float32 tensor), {@code mu} at 1. */
  @Override
  void initState(Options o, BufferState s) {
    s.setScalar(ETA, o.lr());
    s.setScalar(MU, 1f);
  }

  @Override
  void updateValues(Options o, Tensor param, Tensor grad, BufferState s) {
    float[] ax = s.buffer(AX);
    UpdateRules rules = UpdateRules.get();
    UpdateRules.AsgdStep step = UpdateRules.AsgdStep.of(o, (float) s.scalar(ETA), (float) s.scalar(MU));
    Fused.update(param, grad, (p, po, g, go, n) -> rules.asgd(p, po, g, go, n, ax, step));
    s.setScalar(ETA, UpdateRules.AsgdStep.nextEta(o, s.step));
    s.setScalar(MU, UpdateRules.AsgdStep.nextMu(o, s.step));
  }

  @Override
  void updateDoubles(Options o, Tensor param, Tensor grad, BufferState s) {
    double[] ax = s.doubleBuffer(AX);
    DoubleUpdateRules.AsgdScalars step = DoubleUpdateRules.AsgdScalars.of(o, s.scalar(ETA), s.scalar(MU));
    Fused.updateDoubles(param, grad,
        (p, po, g, go, n) -> DoubleUpdateLoops.asgdRange(p, po, g, go, ax, 0, n, step));
    // eta.copy_(new_eta) and mu.copy_(new_mu): the new values are float32 tensors in either dtype
    s.setScalar(ETA, UpdateRules.AsgdStep.nextEta(o, s.step));
    s.setScalar(MU, UpdateRules.AsgdStep.nextMu(o, s.step));
  }
}
