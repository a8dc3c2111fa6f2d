package dev.jgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.storage.Shapes;
import dev.jgrad.autograd.storage.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Finite-difference check of gradients (PyTorch's {@code torch.autograd.gradcheck}), usable from your own tests.
 *
 * <p>For a function {@code f} of some tensors, it compares, for every output element and every input element
 * that requires grad, the analytical Jacobian (from backward, one vector-Jacobian product per output element)
 * with the numerical one from central differences {@code (f(x + eps) - f(x - eps)) / (2 eps)}. It also runs every
 * backward twice through the same graph and requires bit-identical results (PyTorch's reentrancy check).
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(3, 4).requiresGrad_(true);
 * Tensor w = Tensor.randn(4, 2).requiresGrad_(true);
 * GradCheck.check(in -> in.get(0).matmul(in.get(1)).tanh(), List.of(x, w));   // throws on a mismatch
 * GradCheck.Result r = GradCheck.builder().atol(1e-2).raiseException(false).check(f, List.of(x));
 * }</pre>
 *
 * <p><b>Tolerances.</b> As in PyTorch the check is meant for float64 inputs: when every input that requires grad
 * is float64 the defaults are PyTorch's (eps 1e-6, atol 1e-5, rtol 1e-3). With float32 inputs PyTorch warns that
 * the check will likely fail; so does this class (once, through {@link System.Logger}), and it then uses defaults
 * sized for float32 instead: eps 1e-3, atol 1e-3, rtol 1e-2, because a step of 1e-6 is below the resolution of
 * most float32 values and the difference quotient would be pure rounding noise (its rounding error is about
 * {@code 6e-8 |f| / eps}, the truncation error about {@code eps^2 |f'''| / 6}). Options set on the
 * {@link Builder} win over both. The quotient divides by the step actually taken after rounding {@code x +- eps}
 * to the input's dtype, not by {@code 2 eps}. A value compares as
 * {@code |analytical - numerical| <= atol + rtol * |numerical|}, as {@code torch.allclose} does.
 *
 * <p>Inputs may be non-contiguous views (transposed, sliced), but not tensors in which several elements share
 * one memory location (expanded): perturbing one element would move the others. Expand inside {@code f} instead.
 * Avoid points where {@code f} is not differentiable (relu at 0, abs at 0, clamp at its bounds).
 */
public final class GradCheck {
  private GradCheck() {}

  /** PyTorch's {@code GradcheckError}: the check failed; the message says where and shows both Jacobians. */
  public static final class GradcheckException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GradcheckException(String message) {
      super(message);
    }
  }

  /**
   * The outcome of a check. The Jacobians are indexed {@code [input][inputElement][outputElement]} (PyTorch's
   * layout: one row per input element), null for inputs that do not require grad.
   */
  public static final class Result {
    private final boolean passed;
    private final String message;
    private final List<double[][]> numerical;
    private final List<double[][]> analytical;
    private final double maxAbsError;

    Result(boolean passed, String message, List<double[][]> numerical, List<double[][]> analytical,
        double maxAbsError) {
      this.passed = passed;
      this.message = message;
      this.numerical = numerical;
      this.analytical = analytical;
      this.maxAbsError = maxAbsError;
    }

    /** Whether every Jacobian matched and backward was reentrant. */
    public boolean passed() {
      return passed;
    }

    /** Why the check failed (PyTorch's text), or "ok". */
    public String message() {
      return message;
    }

    /** The central-difference Jacobian of each input, {@code [inputElement][outputElement]}; null if skipped. */
    public List<double[][]> numerical() {
      return numerical;
    }

    /** The Jacobian from backward for each input, {@code [inputElement][outputElement]}; null if skipped. */
    public List<double[][]> analytical() {
      return analytical;
    }

    /** The largest |analytical - numerical| over all inputs and elements. */
    public double maxAbsError() {
      return maxAbsError;
    }

    @Override
    public String toString() {
      return "GradCheck.Result(passed=" + passed + ", maxAbsError=" + maxAbsError + ", " + message + ")";
    }
  }

  /** Options of a check; start with {@link GradCheck#builder()}. */
  public static final class Builder {
    // null: the default for the inputs' dtype (see the class comment)
    private Double eps;
    private Double atol;
    private Double rtol;
    private boolean raiseException = true;

    private Builder() {}

    /** The finite-difference step (default 1e-6 for float64 inputs, 1e-3 for float32). */
    public Builder eps(double eps) {
      checkArgument(eps > 0 && !Double.isInfinite(eps), "GradCheck: eps must be positive and finite, got %s", eps);
      this.eps = eps;
      return this;
    }

    /** Absolute tolerance (default 1e-5 for float64 inputs, 1e-3 for float32). */
    public Builder atol(double atol) {
      checkArgument(atol >= 0, "GradCheck: atol must be >= 0, got %s", atol);
      this.atol = atol;
      return this;
    }

    /** Relative tolerance (default 1e-3 for float64 inputs, 1e-2 for float32). */
    public Builder rtol(double rtol) {
      checkArgument(rtol >= 0, "GradCheck: rtol must be >= 0, got %s", rtol);
      this.rtol = rtol;
      return this;
    }

    /** Whether a failed check throws {@link GradcheckException} (default) or returns a failed {@link Result}. */
    public Builder raiseException(boolean raise) {
      this.raiseException = raise;
      return this;
    }

    /**
     * Runs the check.
     *
     * @param f the function; called several times, so it must be deterministic (seed any randomness inside)
     * @param inputs the point to check at; only inputs that require grad are checked. Their values are
     *     perturbed during the check and restored before it returns.
     * @return the result; {@code passed()} is true unless {@code raiseException(false)} was set
     * @throws GradcheckException when the check fails and exceptions are on
     * @throws IllegalArgumentException when no input requires grad, when an input has overlapping memory, or
     *     when an input that requires grad is not of a floating dtype
     */
    public Result check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
      return run(f, inputs, this);
    }

    /** {@link GradCheck#gradgradcheck} with these options. */
    public Result checkGradGrad(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
      return runGradGrad(f, inputs, this);
    }
  }

  /**
   * PyTorch's {@code gradgradcheck}: checks the second derivatives of {@code f} by running this check on its
   * gradients. The function checked is {@code (inputs, v) -> the gradients of f at inputs, with f's output weighted
   * by v, computed with createGraph}, over the inputs and a seeded random {@code v} shaped as f's output (PyTorch's
   * {@code grad_outputs} default), so it exercises the double backward of every op f uses.
   *
   * @throws GradcheckException when a second derivative differs from its finite-difference estimate
   */
  public static Result gradgradcheck(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
    return builder().checkGradGrad(f, inputs);
  }

  /** Second derivatives of {@code f} with this builder's options; see {@link GradCheck#gradgradcheck}. */
  private static Result runGradGrad(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, Builder o) {
    int n = inputs.size();
    Tensor out = f.apply(inputs);
    Tensor v = Tensor.randn(new Generator(0), out.shape()).to(out.dtype()).requiresGrad_(true);
    List<Tensor> all = new ArrayList<>(inputs);
    all.add(v);
    // The finite differences evaluate under noGrad; the gradients need a graph to be taken at all.
    return run(in -> Autograd.enableGrad(() -> {
      List<Tensor> wrt = new ArrayList<>();
      for (Tensor t : in.subList(0, n)) {
        if (t.requiresGrad()) {
          wrt.add(t);
        }
      }
      List<Tensor> grads = Autograd.grad(List.of(f.apply(in.subList(0, n))), wrt, GradOptions.defaults()
          .withGradOutputs(List.of(in.get(n))).withCreateGraph(true).withAllowUnused(true));
      List<Tensor> flat = new ArrayList<>();
      for (int i = 0; i < wrt.size(); i++) {
        Tensor g = grads.get(i);
        flat.add(g == null ? Tensor.zeros(wrt.get(i).dtype(), wrt.get(i).numel()) : g.reshape(-1));
      }
      return Tensor.cat(flat, 0);
    }), all, o);
  }

  /** A builder with the defaults for the inputs' dtype (see the class comment). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Checks {@code f}'s gradients at {@code inputs} with the default tolerances.
   *
   * @throws GradcheckException when an analytical Jacobian differs from the numerical one, or backward is not
   *     reentrant
   */
  public static Result check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
    return builder().check(f, inputs);
  }

  /** {@link #check(Function, List)} with the inputs as varargs. */
  public static Result check(Function<List<Tensor>, Tensor> f, Tensor... inputs) {
    return builder().check(f, Arrays.asList(inputs));
  }

  // ---------------------------------------------------------------- the check

  /** The check's four jobs: check the inputs, the analytical and numerical Jacobians, and compare them. */
  private static Result run(Function<List<Tensor>, Tensor> f, List<Tensor> inputsIn, Builder o) {
    Objects.requireNonNull(f, "GradCheck: f");
    List<Tensor> inputs = Collections.unmodifiableList(new ArrayList<>(inputsIn));
    boolean double64 = checkInputs(inputs);
    Tolerances tol = Tolerances.of(o, double64);
    Tensor out = f.apply(inputs);
    checkArgument(out.dtype().isFloatingPoint(), "GradCheck: the output is %s", out.dtype().torchName());
    Jacobians j = new Jacobians(inputs, out.numel());
    double[] out0 = out.toDoubleArray();
    String problem = analytical(out, inputs, j);
    if (problem == null) {
      numerical(f, inputs, tol.eps, j);
      if (!Arrays.equals(out0, evaluate(f, inputs, j.nOut))) {
        problem = "GradCheck: f is not deterministic: two evaluations at the same point gave different "
            + "outputs (seed any randomness inside f)";
      }
    }
    return problem != null ? fail(o, problem, j, Double.NaN) : compare(j, o, tol);
  }

  /** The options in force: those set on the builder, else the defaults for the inputs' dtype. */
  private record Tolerances(double eps, double atol, double rtol) {
    static Tolerances of(Builder o, boolean double64) {
      return new Tolerances(
          o.eps != null ? o.eps : double64 ? 1e-6 : 1e-3,
          o.atol != null ? o.atol : double64 ? 1e-5 : 1e-3,
          o.rtol != null ? o.rtol : double64 ? 1e-3 : 1e-2);
    }
  }

  private static volatile boolean warnedFloat32;

  /**
   * Floating inputs without overlapping memory, at least one requiring grad. Returns whether all those that
   * require grad are float64; otherwise warns (once per JVM, as Python shows a warning once per place) as PyTorch
   * does.
   */
  private static boolean checkInputs(List<Tensor> inputs) {
    boolean any = false;
    int firstSingle = -1;
    for (int i = 0; i < inputs.size(); i++) {
      Tensor t = inputs.get(i);
      if (!t.requiresGrad()) {
        continue;
      }
      any = true;
      if (!t.dtype().isFloatingPoint()) {
        throw new IllegalArgumentException("GradCheck: input " + i + " is " + t.dtype().torchName());
      }
      if (t.dtype() != DType.FLOAT64 && firstSingle < 0) {
        firstSingle = i;
      }
      for (int d = 0; d < t.shape.length; d++) {
        if (t.strides[d] == 0 && t.shape[d] > 1) {
          throw new IllegalArgumentException(
              "GradCheck: The " + i + "th input has a dimension with stride 0. gradcheck only supports inputs "
                  + "that are non-overlapping to be able to compute the numerical gradients correctly. You should "
                  + "call .contiguous on the input before passing it to gradcheck. (shape " + Shapes.str(t.shape)
                  + ", strides " + Shapes.str(t.strides) + ")");
        }
      }
    }
    checkArgument(any,
        "GradCheck: gradcheck expects at least one input tensor to require gradient, but none of the them have "
            + "requires_grad=True.");
    if (firstSingle >= 0 && !warnedFloat32) {
      warnedFloat32 = true;
      System.getLogger("dev.jgrad.autograd").log(System.Logger.Level.WARNING,
          "GradCheck: Input #" + firstSingle + " requires gradient and is not a double precision floating point. "
              + "This check will likely fail if all the inputs are not of double precision floating point; "
              + "using the float32 tolerances eps 1e-3, atol 1e-3, rtol 1e-2 (see GradCheck's documentation).");
    }
    return firstSingle < 0;
  }

  /** Per input that requires grad, [elements][outputs]: numerical, analytical, and analytical run again. */
  private static final class Jacobians {
    final int nOut;
    final List<double[][]> numerical = new ArrayList<>();
    final List<double[][]> analytical = new ArrayList<>();
    final List<double[][]> analytical2 = new ArrayList<>();
    final List<DType> dtypes = new ArrayList<>();

    Jacobians(List<Tensor> inputs, int nOut) {
      this.nOut = nOut;
      for (Tensor t : inputs) {
        dtypes.add(t.dtype());
        boolean rg = t.requiresGrad();
        numerical.add(rg ? new double[t.numel()][nOut] : null);
        analytical.add(rg ? new double[t.numel()][nOut] : null);
        analytical2.add(rg ? new double[t.numel()][nOut] : null);
      }
    }
  }

  /**
   * Analytical: one vector-Jacobian product per output element, each run twice through the same graph. Returns
   * the problem found (a gradient of the wrong shape), or null.
   */
  private static String analytical(Tensor out, List<Tensor> inputs, Jacobians j) {
    if (!out.requiresGrad()) {
      return null;
    }
    List<Tensor> wrt = new ArrayList<>();
    List<Integer> wrtIndex = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i).requiresGrad()) {
        wrt.add(inputs.get(i));
        wrtIndex.add(i);
      }
    }
    GradOptions vjp = GradOptions.defaults().withRetainGraph(true).withAllowUnused(true);
    for (int k = 0; k < j.nOut; k++) {
      double[] onehot = new double[j.nOut];
      onehot[k] = 1;
      Tensor v = Tensor.of(onehot, out.shape.clone(), out.dtype());
      for (int pass = 0; pass < 2; pass++) {
        List<Tensor> g = Autograd.grad(List.of(out), wrt, vjp.withGradOutputs(List.of(v)));
        for (int w = 0; w < wrt.size(); w++) {
          int i = wrtIndex.get(w);
          Tensor gi = g.get(w);
          if (gi == null) {
            continue;
          }
          if (!Arrays.equals(gi.shape, inputs.get(i).shape)) {
            return "Gradient has incorrect size: input " + i + " has shape " + Shapes.str(inputs.get(i).shape)
                + " but its gradient has shape " + Shapes.str(gi.shape);
          }
          double[] gv = gi.toDoubleArray();
          double[][] jac = (pass == 0 ? j.analytical : j.analytical2).get(i);
          for (int e = 0; e < gv.length; e++) {
            jac[e][k] = gv[e];
          }
        }
      }
    }
    return null;
  }

  /**
   * Numerical: central differences, writing each element of each input in place (no version bump: the graph is
   * not used again) and restoring it.
   */
  private static void numerical(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, double eps, Jacobians j) {
    for (int i = 0; i < inputs.size(); i++) {
      Tensor t = inputs.get(i);
      if (!t.requiresGrad()) {
        continue;
      }
      double[][] jac = j.numerical.get(i);
      int[] positions = storagePositions(t);
      Storage storage = t.storage;
      boolean single = !storage.isDouble();
      for (int e = 0; e < positions.length; e++) {
        int p = positions[e];
        double x = storage.getDouble(p);
        // the step actually taken is the one the input's dtype can hold
        double xPlus = single ? (float) (x + eps) : x + eps;
        double xMinus = single ? (float) (x - eps) : x - eps;
        double[] plus;
        double[] minus;
        try {
          set(storage, p, xPlus);
          plus = evaluate(f, inputs, j.nOut);
          set(storage, p, xMinus);
          minus = evaluate(f, inputs, j.nOut);
        } finally {
          set(storage, p, x);
        }
        double step = xPlus - xMinus;
        for (int k = 0; k < j.nOut; k++) {
          jac[e][k] = (plus[k] - minus[k]) / step;
        }
      }
    }
  }

  private static void set(Storage storage, int p, double v) {
    if (storage.isDouble()) {
      storage.doubles[p] = v;
    } else {
      storage.data[p] = (float) v;
    }
  }

  /** The numerical and analytical Jacobians agree within the tolerances, and backward is reentrant. */
  private static Result compare(Jacobians j, Builder o, Tolerances tol) {
    double maxErr = 0;
    for (int i = 0; i < j.numerical.size(); i++) {
      double[][] num = j.numerical.get(i);
      if (num == null) {
        continue;
      }
      double[][] ana = j.analytical.get(i);
      boolean ok = true;
      for (int e = 0; e < num.length; e++) {
        for (int k = 0; k < j.nOut; k++) {
          double err = Math.abs(ana[e][k] - num[e][k]);
          if (!Double.isNaN(err)) {
            maxErr = Math.max(maxErr, err);
          }
          ok &= closeEnough(ana[e][k], num[e][k], tol);
        }
      }
      if (!ok) {
        return fail(o, "Jacobian mismatch for output 0 with respect to input " + i + ",\nnumerical:"
            + matrix(num, j.nOut, j.dtypes.get(i)) + "\nanalytical:" + matrix(ana, j.nOut, j.dtypes.get(i)) + "\n",
            j, maxErr);
      }
    }
    for (int i = 0; i < j.analytical.size(); i++) {
      double[][] a1 = j.analytical.get(i);
      if (a1 != null && !Arrays.deepEquals(a1, j.analytical2.get(i))) {
        return fail(o, "Backward is not reentrant, i.e., running backward with same input and grad_output "
            + "multiple times gives different values, although analytical gradient matches numerical gradient. "
            + "The tolerance for nondeterminism was 0.0. (input " + i + ")", j, maxErr);
      }
    }
    return new Result(true, "ok", j.numerical, j.analytical, maxErr);
  }

  /** torch.allclose's test; equal infinities and two NaNs count as equal (as with equal_nan). */
  private static boolean closeEnough(double a, double n, Tolerances o) {
    if (Double.isNaN(a) || Double.isNaN(n)) {
      return Double.isNaN(a) && Double.isNaN(n);
    }
    if (Double.isInfinite(a) || Double.isInfinite(n)) {
      return a == n;
    }
    return Math.abs(a - n) <= o.atol + o.rtol * Math.abs(n);
  }

  private static double[] evaluate(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, int nOut) {
    Tensor y = Autograd.noGrad(() -> f.apply(inputs));
    if (y.numel() != nOut) {
      throw new IllegalStateException(
          "GradCheck: f returned " + y.numel() + " elements at a perturbed point but " + nOut + " at the original");
    }
    return y.toDoubleArray();
  }

  /** The storage index of each element of {@code t}, in row-major order. */
  private static int[] storagePositions(Tensor t) {
    int n = t.numel();
    int[] out = new int[n];
    int nd = t.shape.length;
    int[] idx = new int[nd];
    for (int e = 0; e < n; e++) {
      int p = t.offset;
      for (int d = 0; d < nd; d++) {
        p += idx[d] * t.strides[d];
      }
      out[e] = p;
      for (int d = nd - 1; d >= 0; d--) {
        if (++idx[d] < t.shape[d]) {
          break;
        }
        idx[d] = 0;
      }
    }
    return out;
  }

  /**
   * A Jacobian printed the way PyTorch prints it in the mismatch message: a tensor of [inputs, outputs] in the
   * input's dtype.
   */
  private static String matrix(double[][] jac, int nOut, DType dtype) {
    double[] flat = new double[jac.length * nOut];
    for (int e = 0; e < jac.length; e++) {
      System.arraycopy(jac[e], 0, flat, e * nOut, nOut);
    }
    return Tensor.of(flat, new int[] {jac.length, nOut}, dtype).toString();
  }

  private static Result fail(Builder o, String message, Jacobians j, double maxErr) {
    if (o.raiseException) {
      throw new GradcheckException(message);
    }
    return new Result(false, message, j.numerical, j.analytical, maxErr);
  }
}
