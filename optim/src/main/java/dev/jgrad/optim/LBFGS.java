package dev.jgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.optim.LbfgsArithmetic.Vector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * L-BFGS, PyTorch's {@code torch.optim.LBFGS}, ported from torch/optim/lbfgs.py (1.13) step for step: the
 * two-loop recursion over the last {@code historySize} curvature pairs, the optional strong-Wolfe line search
 * ({@link LbfgsLineSearch}) and the same stopping tests, on the flattened parameter vector. It re-evaluates the
 * loss several times per step, so it steps only through {@link #step(Supplier)}:
 *
 * <pre>{@code
 * LBFGS opt = new LBFGS(model.parameters(), LBFGS.Options.defaults().withLineSearchFn("strong_wolfe"));
 * for (int i = 0; i < 10; i++) {
 *   opt.step(() -> {
 *     opt.zeroGrad();
 *     Tensor loss = lossFn.forward(model.forward(x), y);
 *     loss.backward();
 *     return loss;
 *   });
 * }
 * }</pre>
 *
 * <p>As in PyTorch: one parameter group only; a parameter without a gradient counts as a zero gradient; the
 * state lives on parameter 0 ({@code func_evals}, {@code n_iter}, then after the first step {@code d}, {@code t},
 * {@code old_dirs}, {@code old_stps}, {@code ro}, {@code H_diag}, {@code prev_flat_grad}, {@code prev_loss}).
 * Differences in the saved form only: the history lists are stacked into {@code [k, n]} and {@code [k]} tensors,
 * scalars are one-element tensors of the parameters' dtype, and PyTorch's scratch list {@code al} (rewritten
 * before it is read) is not saved. The flat vectors and the state have the parameters' dtype (float32 or float64,
 * one for all parameters) as in PyTorch ({@link LbfgsArithmetic}); the arithmetic PyTorch does on Python floats is
 * done in double.
 */
public class LBFGS extends Optimizer {

  /**
   * LBFGS's hyperparameters; {@link #defaults()} are PyTorch's. PyTorch checks none of the numbers.
   *
   * @param lr learning rate (the first step of each iteration)
   * @param maxIter maximal number of iterations per {@link #step(Supplier)}
   * @param maxEval maximal number of closure evaluations per step; null for {@code maxIter * 5 / 4}
   * @param toleranceGrad stop when the largest gradient element is at most this
   * @param toleranceChange stop when a step or a loss change is below this
   * @param historySize how many curvature pairs to keep
   * @param lineSearchFn null (a fixed step of lr) or {@code "strong_wolfe"}
   */
  public record Options(double lr, int maxIter, Integer maxEval, double toleranceGrad, double toleranceChange,
      int historySize, String lineSearchFn) implements ParamGroup.Options {
    private static final Set<String> KEYS = Set.of("lr", "max_iter", "max_eval", "tolerance_grad",
        "tolerance_change", "history_size", "line_search_fn");

    /** lr 1, maxIter 20, maxEval null (25), toleranceGrad 1e-7, toleranceChange 1e-9, historySize 100, no search. */
    public static Options defaults() {
      return new Options(1, 20, null, 1e-7, 1e-9, 100, null);
    }

    /**
     * Options from PyTorch-keyed values ({@code lr, max_iter, max_eval, tolerance_grad, tolerance_change,
     * history_size, line_search_fn}); missing keys take the defaults.
     *
     * @throws IllegalArgumentException for an unknown key, a value of the wrong type, or a count that is not an
     *     integer
     */
    public static Options fromMap(Map<String, ?> map) {
      OptionValues v = OptionValues.of("LBFGS.Options.fromMap", map, KEYS);
      Options d = defaults();
      Object search = map.get("line_search_fn");
      checkArgument(search == null || search instanceof String,
          "LBFGS.Options.fromMap: option 'line_search_fn' must be a string or null, got %s", search);
      Integer maxEval = map.get("max_eval") == null ? null : count(v, "max_eval", 0);
      return new Options(v.getDouble("lr", d.lr), count(v, "max_iter", d.maxIter), maxEval,
          v.getDouble("tolerance_grad", d.toleranceGrad), v.getDouble("tolerance_change", d.toleranceChange),
          count(v, "history_size", d.historySize), (String) search);
    }

    private static int count(OptionValues v, String key, int defaultValue) {
      double x = v.getDouble(key, defaultValue);
      checkArgument(x == Math.rint(x) && Math.abs(x) <= Integer.MAX_VALUE,
          "LBFGS.Options.fromMap: option '%s' must be an integer, got %s", key, x);
      return (int) x;
    }

    /** {@link #maxEval()}, or {@code maxIter * 5 / 4} (Python's floor division) when it is null. */
    public int resolvedMaxEval() {
      return maxEval != null ? maxEval : Math.floorDiv(maxIter * 5, 4);
    }

    @Override
    public Options withLr(double lr) {
      return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearchFn);
    }

    public Options withMaxIter(int maxIter) {
      return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearchFn);
    }

    public Options withMaxEval(Integer maxEval) {
      return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearchFn);
    }

    public Options withToleranceGrad(double toleranceGrad) {
      return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearchFn);
    }

    public Options withToleranceChange(double toleranceChange) {
      return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearchFn);
    }

    public Options withHistorySize(int historySize) {
      return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearchFn);
    }

    public Options withLineSearchFn(String lineSearchFn) {
      return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearchFn);
    }

    /**
     * {@inheritDoc} PyTorch refuses an unknown line search only when stepping; here it is refused up front.
     *
     * @throws IllegalArgumentException {@code LBFGS: only 'strong_wolfe' is supported, got 'backtracking'}
     */
    @Override
    public void validate() {
      checkArgument(lineSearchFn == null || lineSearchFn.equals("strong_wolfe"),
          "LBFGS: only 'strong_wolfe' is supported, got '%s'", lineSearchFn);
    }

    /** PyTorch's keys and order; {@code max_eval} resolved, {@code line_search_fn} null for None. */
    @Override
    public LinkedHashMap<String, Object> toMap() {
      LinkedHashMap<String, Object> m = new LinkedHashMap<>();
      m.put("lr", lr);
      m.put("max_iter", (double) maxIter);
      m.put("max_eval", (double) resolvedMaxEval());
      m.put("tolerance_grad", toleranceGrad);
      m.put("tolerance_change", toleranceChange);
      m.put("history_size", (double) historySize);
      m.put("line_search_fn", lineSearchFn);
      return m;
    }
  }

  /** What {@link #step(Supplier)} keeps between calls, on parameter 0 as in PyTorch. */
  static final class State implements ParamState {
    int funcEvals;
    int nIter;
    /** The parameters' dtype, in which the vectors below are computed and saved. */
    LbfgsArithmetic arithmetic = LbfgsArithmetic.FLOAT32;
    /** The last search direction; null until a step has run its loop (then so are the fields below). */
    Vector d;
    double t;
    List<Vector> oldDirs = new ArrayList<>();
    List<Vector> oldStps = new ArrayList<>();
    List<Double> ro = new ArrayList<>();
    double hDiag = 1;
    Vector prevFlatGrad;
    double prevLoss;

    @Override
    public LinkedHashMap<String, Tensor> toTensors() {
      LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
      m.put("func_evals", Tensor.scalar(funcEvals));
      m.put("n_iter", Tensor.scalar(nIter));
      if (d != null) {
        LbfgsArithmetic a = arithmetic;
        int n = d.length();
        m.put("d", d.tensor(n));
        m.put("t", a.tensor(new double[] {a.r(t)}));
        m.put("old_dirs", a.stack(oldDirs, n));
        m.put("old_stps", a.stack(oldStps, n));
        m.put("ro", a.tensor(ro.stream().mapToDouble(Double::doubleValue).toArray(), ro.size()));
        m.put("H_diag", a.tensor(new double[] {hDiag}));
        m.put("prev_flat_grad", prevFlatGrad.tensor(n));
        m.put("prev_loss", a.tensor(new double[] {a.r(prevLoss)}));
      }
      return m;
    }
  }

  /** The saved keys; {@code al}, PyTorch's scratch list, is accepted on load and ignored. */
  private static final Set<String> STATE_KEYS = Set.of("func_evals", "n_iter", "al", "d", "t", "old_dirs",
      "old_stps", "ro", "H_diag", "prev_flat_grad", "prev_loss");

  private final int numel;

  /** LBFGS with learning rate {@code lr} and PyTorch's other defaults. */
  public LBFGS(List<? extends Tensor> params, double lr) {
    this(params, Options.defaults().withLr(lr));
  }

  /**
   * LBFGS over {@code params}, one group.
   *
   * @throws IllegalArgumentException for invalid options or parameters (see {@link Optimizer})
   */
  public LBFGS(List<? extends Tensor> params, Options options) {
    super(params, options);
    int n = 0;
    for (Tensor p : params) {
      n += p.numel();
    }
    this.numel = n;
  }

  /** PyTorch's LBFGS has one group: {@code LBFGS doesn't support per-parameter options (parameter groups)}. */
  @Override
  protected boolean allowsParamGroups() {
    return false;
  }

  /** The group's options. */
  public Options options() {
    return (Options) paramGroups().get(0).options();
  }

  /**
   * Refuses: L-BFGS must re-evaluate the loss.
   *
   * @throws UnsupportedOperationException always, pointing to {@link #step(Supplier)}
   */
  @Override
  public void step() {
    throw new UnsupportedOperationException("LBFGS.step() needs a closure: L-BFGS re-evaluates the loss several "
        + "times per step, so call step(closure) with a closure that zeroes the grads, computes the loss, calls "
        + "backward() and returns the loss");
  }

  /**
   * One L-BFGS step of up to {@code maxIter} iterations, as torch/optim/lbfgs.py: runs under no-grad and evaluates
   * {@code closure} (with grad enabled) once, then once per iteration or line-search trial.
   *
   * @param closure zeroes the grads, computes the loss, calls backward and returns the loss (one element)
   * @return the loss of the first evaluation, before any update
   */
  @Override
  public Tensor step(Supplier<Tensor> closure) {
    Objects.requireNonNull(closure, "closure");
    try (var g = Autograd.noGrad()) {
      return run(closure);
    }
  }

  private Tensor run(Supplier<Tensor> closure) {
    LbfgsArithmetic a = arithmetic();
    Options o = options();
    State state = (State) stateOrCreate(0);
    state.arithmetic = a;
    Tensor origLoss = Autograd.enableGrad(closure);
    countStep();
    double loss = origLoss.doubleValue();
    int currentEvals = 1;
    state.funcEvals += 1;
    Vector flatGrad = gatherFlatGrad(a);
    boolean optCond = flatGrad.maxAbs() <= a.r(o.toleranceGrad());
    if (optCond) {
      return origLoss;
    }
    Vector d = state.d;
    double t = state.t;
    double hDiag = state.hDiag;
    Vector prevFlatGrad = state.prevFlatGrad;
    double prevLoss = state.prevLoss;
    double[] al = new double[o.historySize()];
    int nIter = 0;
    while (nIter < o.maxIter()) {
      nIter++;
      state.nIter++;
      if (state.nIter == 1) {
        d = flatGrad.scaled(-1);
        state.oldDirs.clear();
        state.oldStps.clear();
        state.ro.clear();
        hDiag = 1;
      } else {
        Vector y = flatGrad.copy();
        y.addScaled(prevFlatGrad, -1);                           // y = flat_grad.sub(prev_flat_grad), one rounding
        Vector s = d.scaled(t);                                  // s = d.mul(t)
        double ys = y.dot(s);
        if (ys > a.r(1e-10)) {
          if (state.oldDirs.size() == o.historySize()) {         // shift the history
            state.oldDirs.remove(0);
            state.oldStps.remove(0);
            state.ro.remove(0);
          }
          state.oldDirs.add(y);
          state.oldStps.add(s);
          state.ro.add(a.r(1 / ys));
          hDiag = a.r(ys / y.dot(y));
        }
        int numOld = state.oldDirs.size();
        Vector q = flatGrad.scaled(-1);                          // two-loop recursion: q = -g, back through history
        for (int i = numOld - 1; i >= 0; i--) {
          al[i] = a.r(state.oldStps.get(i).dot(q) * state.ro.get(i));
          q.addScaled(state.oldDirs.get(i), -al[i]);             // q.add_(old_dirs[i], alpha=-al[i])
        }
        Vector r = q.scaled(hDiag);                              // d = r = torch.mul(q, H_diag)
        for (int i = 0; i < numOld; i++) {
          double beI = a.r(state.oldDirs.get(i).dot(r) * state.ro.get(i));
          r.addScaled(state.oldStps.get(i), a.r(al[i] - beI));   // r.add_(old_stps[i], alpha=al[i] - be_i)
        }
        d = r;
      }
      prevFlatGrad = flatGrad.copy();
      prevLoss = loss;
      if (state.nIter == 1) {
        // min(1., 1. / flat_grad.abs().sum()) * lr: a tensor of the dtype when the reciprocal is below 1
        double reciprocal = a.r(1 / flatGrad.sumAbs());
        t = reciprocal < 1 ? a.r(reciprocal * a.r(o.lr())) : o.lr();
      } else {
        t = o.lr();
      }
      double gtd = flatGrad.dot(d);
      if (gtd > a.r(-o.toleranceChange())) {                     // not a descent direction
        break;
      }
      int lsFuncEvals = 0;
      if (o.lineSearchFn() != null) {
        List<Vector> xInit = cloneParams(a);
        LbfgsLineSearch.Result found = LbfgsLineSearch.strongWolfe(a,
            (x, step, dir) -> directionalEvaluate(a, closure, x, step, dir), xInit, t, d, loss, flatGrad, gtd,
            o.toleranceChange());
        loss = found.loss();
        flatGrad = found.grad();
        t = found.t();
        lsFuncEvals = found.funcEvals();
        addGrad(t, d);
        optCond = flatGrad.maxAbs() <= a.r(o.toleranceGrad());
      } else {
        addGrad(t, d);
        if (nIter != o.maxIter()) {
          loss = Autograd.enableGrad(closure).doubleValue();
          flatGrad = gatherFlatGrad(a);
          optCond = flatGrad.maxAbs() <= a.r(o.toleranceGrad());
          lsFuncEvals = 1;
        }
      }
      currentEvals += lsFuncEvals;
      state.funcEvals += lsFuncEvals;
      if (nIter == o.maxIter() || currentEvals >= o.resolvedMaxEval() || optCond) {
        break;
      }
      // d.mul(t).abs().max() is max|d| * |t| rounded once: rounding is monotone, so the largest product is that
      double stepMax = a.r(d.maxAbs() * Math.abs(a.r(t)));
      if (stepMax <= a.r(o.toleranceChange()) || Math.abs(loss - prevLoss) < o.toleranceChange()) {
        break;
      }
    }
    state.d = d;
    state.t = t;
    state.hDiag = hDiag;
    state.prevFlatGrad = prevFlatGrad;
    state.prevLoss = prevLoss;
    return origLoss;
  }

  // ---------------------------------------------------------------- the flattened parameter vector

  /**
   * The parameters' one dtype, in which PyTorch's flat vectors ({@code torch.cat} of the gradients) are computed.
   *
   * @throws IllegalArgumentException if the parameters mix dtypes
   */
  private LbfgsArithmetic arithmetic() {
    DType dtype = parameters().get(0).dtype();
    for (Tensor p : parameters()) {
      checkArgument(p.dtype() == dtype, "LBFGS: all parameters must have one dtype, got %s and %s",
          dtype.torchName(), p.dtype().torchName());
    }
    return LbfgsArithmetic.of(dtype);
  }

  /** The gradients of all parameters, flattened in order; zeros for a parameter without one. */
  private Vector gatherFlatGrad(LbfgsArithmetic a) {
    Vector flat = a.zeros(numel);
    int at = 0;
    for (Tensor p : parameters()) {
      if (p.grad() != null) {
        flat.put(at, p.grad());
      }
      at += p.numel();
    }
    return flat;
  }

  /** {@code p.add_(update[slice], alpha=stepSize)} for every parameter. */
  private void addGrad(double stepSize, Vector update) {
    int at = 0;
    for (Tensor p : parameters()) {
      update.addSliceTo(p, at, stepSize);
      at += p.numel();
    }
  }

  private List<Vector> cloneParams(LbfgsArithmetic a) {
    List<Vector> out = new ArrayList<>();
    for (Tensor p : parameters()) {
      out.add(a.values(p));
    }
    return out;
  }

  private void setParams(List<Vector> values) {
    for (int i = 0; i < values.size(); i++) {
      Tensor p = parameters().get(i);
      p.copy_(values.get(i).tensor(p.shape()));
    }
  }

  /** The loss and gradient at {@code x + t d}, the parameters restored to {@code x} afterwards. */
  private LbfgsLineSearch.Evaluation directionalEvaluate(LbfgsArithmetic a, Supplier<Tensor> closure,
      List<Vector> x, double t, Vector d) {
    addGrad(t, d);
    double loss = Autograd.enableGrad(closure).doubleValue();
    Vector flatGrad = gatherFlatGrad(a);
    setParams(x);
    return new LbfgsLineSearch.Evaluation(loss, flatGrad);
  }

  // ---------------------------------------------------------------- what Optimizer asks of a subclass

  @Override
  protected ParamState newState(ParamGroup<?> group, Tensor param) {
    return new State();
  }

  /**
   * State from a saved entry (on parameter 0).
   *
   * @throws IllegalArgumentException for an unknown key, a missing count, or a vector that does not have the
   *     parameters' total size
   */
  @Override
  protected ParamState restoreState(ParamGroup<?> group, int index, Tensor param, Map<String, Tensor> saved) {
    checkStateKeys(saved, index, STATE_KEYS);
    State s = new State();
    LbfgsArithmetic a = LbfgsArithmetic.of(param.dtype());
    s.arithmetic = a;
    s.funcEvals = (int) savedScalar(saved, "func_evals", index);
    s.nIter = (int) savedScalar(saved, "n_iter", index);
    if (saved.containsKey("d")) {
      s.d = vector(a, saved, "d", index);
      s.t = savedScalar(saved, "t", index);
      s.oldDirs = rows(a, saved, "old_dirs", index);
      s.oldStps = rows(a, saved, "old_stps", index);
      double[] ro = saved.get("ro") == null ? new double[0] : saved.get("ro").toDoubleArray();
      checkArgument(ro.length == s.oldDirs.size() && s.oldStps.size() == s.oldDirs.size(),
          "LBFGS.loadStateDict: state of parameter %s has %s old_dirs, %s old_stps and %s ro values; they must be "
              + "as many", index, s.oldDirs.size(), s.oldStps.size(), ro.length);
      for (double r : ro) {
        s.ro.add(a.r(r));
      }
      s.hDiag = a.r(savedScalar(saved, "H_diag", index));
      s.prevFlatGrad = vector(a, saved, "prev_flat_grad", index);
      s.prevLoss = savedScalar(saved, "prev_loss", index);
    }
    return s;
  }

  private Vector vector(LbfgsArithmetic a, Map<String, Tensor> saved, String key, int index) {
    Tensor t = saved.get(key);
    checkArgument(t != null && t.numel() == numel && t.shape().length == 1,
        "LBFGS.loadStateDict: state of parameter %s needs '%s' of shape [%s] (the parameters' total size), got %s",
        index, key, numel, t == null ? "none" : Arrays.toString(t.shape()));
    return a.values(t);
  }

  private List<Vector> rows(LbfgsArithmetic a, Map<String, Tensor> saved, String key, int index) {
    Tensor t = saved.get(key);
    checkArgument(t != null && t.shape().length == 2 && t.shape()[1] == numel,
        "LBFGS.loadStateDict: state of parameter %s needs '%s' of shape [k, %s], got %s", index, key, numel,
        t == null ? "none" : Arrays.toString(t.shape()));
    Vector flat = a.values(t);
    List<Vector> out = new ArrayList<>();
    for (int k = 0; k < t.shape()[0]; k++) {
      out.add(flat.slice(k * numel, numel));
    }
    return out;
  }

  /** Never called: {@link #step()} and {@link #step(Supplier)} do not go through the per-parameter update. */
  @Override
  protected void update(ParamGroup<?> group, Tensor param, Tensor grad, ParamState state) {
    throw new UnsupportedOperationException("LBFGS updates all parameters at once in step(closure)");
  }

  @Override
  protected ParamGroup.Options optionsFromMap(Map<String, ?> hyperparameters) {
    return Options.fromMap(hyperparameters);
  }
}
