package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.storage.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link GradCheck} itself (it catches a wrong rule and a non-reentrant one, reports like PyTorch, restores its
 * inputs) and GradCheck over every differentiable core op with contiguous, transposed, sliced and expanded
 * inputs and with sizes 0 and 1.
 */
class GradCheckTest {

  // ---------------------------------------------------------------- inputs (seeded, away from kinks)

  /** Values of magnitude 0.2 .. 1.2 with random signs: away from the kinks of relu/abs at 0. */
  private static float[] away(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (0.2f + r.nextFloat()) * (r.nextBoolean() ? 1 : -1);
    }
    return v;
  }

  /** Magnitudes 0.2 .. 0.4 or 0.6 .. 1.2: at least 0.1 away from clamp's bounds at +-0.5 and from 0. */
  private static float[] gapped(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      float m = r.nextBoolean() ? 0.2f + 0.2f * r.nextFloat() : 0.6f + 0.6f * r.nextFloat();
      v[i] = r.nextBoolean() ? m : -m;
    }
    return v;
  }

  private static float[] values(String op, Random r, int n) {
    return op.equals("clamp") ? gapped(r, n) : POSITIVE_ONLY.contains(op) ? positive(r, n) : away(r, n);
  }

  /** Positive values 0.5 .. 2 (for log, sqrt, fractional powers, division). */
  private static float[] positive(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = 0.5f + 1.5f * r.nextFloat();
    }
    return v;
  }

  /** How a leaf of a given logical shape is laid out in memory. */
  enum Layout {
    CONTIGUOUS, TRANSPOSED, SLICED, EXPANDED;
  }

  /**
   * A leaf of logical shape [2, 3] in a layout. EXPANDED returns a [1, 3] leaf: the function expands it, since
   * an input with overlapping memory cannot be perturbed element by element.
   */
  private static Tensor leaf(Layout layout, String op) {
    Random r = new Random(op.hashCode());
    switch (layout) {
      case CONTIGUOUS:
        return Tensor.of(values(op, r, 6), 2, 3).requiresGrad_(true);
      case TRANSPOSED: {
        Tensor t = Tensor.of(values(op, r, 6), 3, 2).t();
        assertFalse(t.isContiguous());
        return t.requiresGrad_(true);
      }
      case SLICED: {
        Tensor t = Tensor.of(values(op, r, 12), 2, 6).slice(1, 0, 6, 2);
        assertFalse(t.isContiguous());
        return t.requiresGrad_(true);
      }
      case EXPANDED:
        return Tensor.of(values(op, r, 3), 1, 3).requiresGrad_(true);
      default:
        throw new AssertionError(layout);
    }
  }

  private static Tensor in(Layout layout, Tensor x) {
    return layout == Layout.EXPANDED ? x.expand(2, 3) : x;
  }

  // ---------------------------------------------------------------- unary ops in every layout

  private static final List<String> POSITIVE_ONLY = List.of("log", "sqrt", "pow0.5", "pow2.5");

  private static UnaryOperator<Tensor> unary(String name) {
    switch (name) {
      case "neg": return Tensor::neg;
      case "exp": return Tensor::exp;
      case "log": return Tensor::log;
      case "sqrt": return Tensor::sqrt;
      case "abs": return Tensor::abs;
      case "sin": return Tensor::sin;
      case "cos": return Tensor::cos;
      case "tanh": return Tensor::tanh;
      case "sigmoid": return Tensor::sigmoid;
      case "relu": return Tensor::relu;
      case "pow2": return x -> x.pow(2);
      case "pow3": return x -> x.pow(3);
      case "pow0.5": return x -> x.pow(0.5);
      case "pow2.5": return x -> x.pow(2.5);
      case "pow-1": return x -> x.pow(-1);
      case "adds": return x -> x.add(1.5);
      case "subs": return x -> x.sub(1.5);
      case "rsubs": return x -> x.rsub(1.5);
      case "muls": return x -> x.mul(-2.5);
      case "divs": return x -> x.div(4);
      case "clamp": return x -> x.clamp(-0.5, 0.5);
      case "sum": return Tensor::sum;
      case "sum0": return x -> x.sum(0, false);
      case "sum1keep": return x -> x.sum(1, true);
      case "mean": return Tensor::mean;
      case "mean1": return x -> x.mean(1, false);
      case "mean0keep": return x -> x.mean(0, true);
      case "max": return Tensor::max;
      case "softmax0": return x -> x.softmax(0);
      case "softmax1": return x -> x.softmax(1);
      case "logSoftmax0": return x -> x.logSoftmax(0);
      case "logSoftmax1": return x -> x.logSoftmax(-1);
      case "view": return x -> x.reshape(3, 2);
      case "t": return Tensor::t;
      case "permute": return x -> x.permute(1, 0);
      case "unsqueeze": return x -> x.unsqueeze(1);
      case "narrow": return x -> x.narrow(1, 1, 2);
      case "select": return x -> x.select(1, 2);
      case "iadd": return x -> x.mul(1).add_(2);
      case "imul": return x -> x.mul(1).mul_(-3);
      case "izero": return x -> x.mul(1).zero_();
      case "ifill": return x -> x.mul(1).fill_(4);
      default: throw new IllegalArgumentException(name);
    }
  }

  private static final List<String> UNARY = List.of("neg", "exp", "log", "sqrt", "abs", "sin", "cos", "tanh",
      "sigmoid", "relu", "pow2", "pow3", "pow0.5", "pow2.5", "pow-1", "adds", "subs", "rsubs", "muls", "divs",
      "clamp", "sum", "sum0", "sum1keep", "mean", "mean1", "mean0keep", "max", "softmax0", "softmax1",
      "logSoftmax0", "logSoftmax1", "view", "t", "permute", "unsqueeze", "narrow", "select", "iadd", "imul",
      "izero", "ifill");

  static Stream<Arguments> unaryCases() {
    List<Arguments> out = new ArrayList<>();
    for (String op : UNARY) {
      for (Layout l : Layout.values()) {
        if (op.equals("max") && l == Layout.EXPANDED) {
          continue;   // an expanded tensor's maximum is tied by construction
        }
        out.add(Arguments.of(op, l));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("unaryCases")
  void unaryOpPassesInEveryLayout(String op, Layout layout) {
    UnaryOperator<Tensor> f = unary(op);
    Tensor x = leaf(layout, op);
    GradCheck.Result r = GradCheck.check(in -> f.apply(in(layout, in.get(0))), List.of(x));
    assertTrue(r.passed());
  }

  private static final List<String> NEEDS_2D = List.of("sum0", "sum1keep", "mean1", "mean0keep", "softmax0",
      "softmax1", "logSoftmax0", "logSoftmax1", "permute", "narrow", "select", "view");

  /** Whether {@code op} is defined for an input of {@code shape}. */
  private static boolean applicable(String op, int[] shape) {
    if (NEEDS_2D.contains(op) && shape.length != 2) {
      return false;
    }
    switch (op) {
      case "max": return Shapes.numel(shape) > 0;                 // max() of nothing is an error
      case "narrow": case "select": return shape[1] >= 3;
      case "view": return Shapes.numel(shape) == 6;
      case "unsqueeze": return shape.length >= 1;
      default: return true;
    }
  }

  static Stream<Arguments> sizeCases() {
    List<Arguments> out = new ArrayList<>();
    for (String op : UNARY) {
      for (int[] shape : new int[][] {{0, 3}, {0}, {1}, {}, {1, 1}}) {
        if (applicable(op, shape)) {
          out.add(Arguments.of(op, shape));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("sizeCases")
  void unaryOpPassesOnSizes0And1(String op, int[] shape) {
    Random r = new Random(op.hashCode());
    int n = Shapes.numel(shape);
    Tensor x = Tensor.of(values(op, r, n), shape).requiresGrad_(true);
    UnaryOperator<Tensor> f = unary(op);
    assertTrue(GradCheck.check(in -> f.apply(in.get(0)), List.of(x)).passed());
  }

  // ---------------------------------------------------------------- binary ops and matmul

  static Stream<Arguments> binaryCases() {
    List<Arguments> out = new ArrayList<>();
    int[][][] shapes = {{{2, 3}, {2, 3}}, {{2, 3}, {3}}, {{2, 1}, {1, 3}}, {{2, 3}, {}}, {{4, 1, 3}, {2, 1}},
        {{1}, {3}}, {{0, 3}, {3}}, {{1}, {1}}};
    for (String op : List.of("add", "sub", "mul", "div", "add_alpha")) {
      for (int[][] s : shapes) {
        out.add(Arguments.of(op, s[0], s[1]));
      }
    }
    int[][][] mm = {{{3}, {3}}, {{2, 3}, {3, 4}}, {{2, 3}, {3}}, {{3}, {3, 4}}, {{2, 2, 3}, {3, 4}},
        {{2, 2, 3}, {3}}, {{2, 3}, {2, 3, 4}}, {{3}, {2, 3, 4}}, {{2, 2, 3}, {2, 3, 4}}, {{2, 1, 2, 3}, {3, 3, 2}},
        {{0, 3}, {3, 2}}, {{2, 0}, {0, 2}}, {{1, 1}, {1, 1}}};
    for (int[][] s : mm) {
      out.add(Arguments.of("matmul", s[0], s[1]));
    }
    for (String op : List.of("iadd", "isub", "imul", "icopy")) {
      out.add(Arguments.of(op, new int[] {2, 3}, new int[] {3}));
      out.add(Arguments.of(op, new int[] {2, 3}, new int[] {2, 3}));
    }
    return out.stream();
  }

  private static Tensor binary(String op, Tensor a, Tensor b) {
    switch (op) {
      case "add": return a.add(b);
      case "sub": return a.sub(b);
      case "mul": return a.mul(b);
      case "div": return a.div(b);
      case "add_alpha": return a.add(b, -1.5);
      case "matmul": return a.matmul(b);
      case "iadd": return a.mul(1).add_(b);
      case "isub": return a.mul(1).sub_(b);
      case "imul": return a.mul(1).mul_(b);
      case "icopy": return a.mul(2).copy_(b).mul(a);
      default: throw new IllegalArgumentException(op);
    }
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("binaryCases")
  void binaryOpPasses(String op, int[] sa, int[] sb) {
    Random r = new Random(op.hashCode() * 31 + sa.length);
    Tensor a = Tensor.of(away(r, Shapes.numel(sa)), sa).requiresGrad_(true);
    Tensor b = Tensor.of(op.equals("div") ? positive(r, Shapes.numel(sb)) : away(r, Shapes.numel(sb)), sb)
        .requiresGrad_(true);
    assertTrue(GradCheck.check(in -> binary(op, in.get(0), in.get(1)), List.of(a, b)).passed());
  }

  @Test
  void gradgradcheckPassesOnSmoothOpsAndCatchesAWrongSecondDerivative() {
    Tensor x = Tensor.randn(new Generator(3), 2, 3).requiresGrad_(true);
    Tensor y = Tensor.randn(new Generator(4), 3, 2).requiresGrad_(true);
    GradCheck.Result r = GradCheck.gradgradcheck(in -> in.get(0).matmul(in.get(1)).tanh(), List.of(x, y));
    assertTrue(r.passed(), r.toString());
    // x·round(x) next to 0.5: its gradient round(x)·v + 0 jumps there, so the finite difference of the gradient is
    // large while the analytical second derivative is 0.
    Tensor z = Tensor.of(new float[] {0.5002f}, 1).requiresGrad_(true);
    GradCheck.Result jump = GradCheck.builder().raiseException(false)
        .checkGradGrad(in -> in.get(0).mul(in.get(0).round()), List.of(z));
    assertFalse(jump.passed());
    assertTrue(jump.message().contains("Jacobian mismatch"), jump.message());
  }

  @Test
  void matmulWithTransposedAndSlicedOperands() {
    Random r = new Random(5);
    Tensor a = Tensor.of(away(r, 6), 3, 2).t().requiresGrad_(true);             // [2, 3], transposed
    Tensor b = Tensor.of(away(r, 24), 3, 8).slice(1, 0, 8, 2).requiresGrad_(true); // [3, 4], sliced
    Tensor v = Tensor.of(away(r, 1), 1).requiresGrad_(true);                    // expanded inside f
    assertTrue(GradCheck.check(in -> in.get(0).matmul(in.get(1)).mul(in.get(2).expand(2, 4)), a, b, v).passed());
  }

  @Test
  void composedFunctionsPass() {
    Random r = new Random(11);
    Tensor x = Tensor.of(away(r, 12), 3, 4).requiresGrad_(true);
    Tensor w = Tensor.of(away(r, 8), 4, 2).requiresGrad_(true);
    Tensor b = Tensor.of(away(r, 2), 2).requiresGrad_(true);
    Function<List<Tensor>, Tensor> mlp = in -> in.get(0).matmul(in.get(1)).add(in.get(2)).tanh()
        .logSoftmax(1).mean();
    GradCheck.Result res = GradCheck.check(mlp, List.of(x, w, b));
    assertTrue(res.passed());
    assertTrue(res.maxAbsError() < 1e-3, res.toString());
    assertEquals(3, res.analytical().size());
    assertEquals(12, res.analytical().get(0).length);
    assertEquals(1, res.analytical().get(0)[0].length);
  }

  @Test
  void inputsThatDoNotRequireGradAreSkipped() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_(true);
    Tensor c = Tensor.of(3f, 4f);
    GradCheck.Result r = GradCheck.check(in -> in.get(0).mul(in.get(1)), x, c);
    assertTrue(r.passed());
    assertEquals(null, r.numerical().get(1));
  }

  @Test
  void anUnusedInputHasAZeroJacobian() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_(true);
    Tensor y = Tensor.of(3f).requiresGrad_(true);
    GradCheck.Result r = GradCheck.check(in -> in.get(0).exp(), x, y);
    assertTrue(r.passed());
    assertArrayEquals(new double[] {0, 0}, r.analytical().get(1)[0]);
  }

  // ---------------------------------------------------------------- it must catch wrong rules

  /** y = x * x with a deliberately wrong rule g * x (the right one is 2 g x). */
  private static Tensor wrongSquare(Tensor x) {
    Tensor out = Autograd.noGrad(() -> x.mul(x));
    if (!x.requiresGrad() || !Autograd.isGradEnabled()) {
      return out;
    }
    Node node = new Node(x.edge()) {
      {
        save(x);
      }

      @Override
      public String name() {
        return "WrongSquareBackward";
      }

      @Override
      protected Tensor[] apply(Tensor g) {
        return new Tensor[] {g.mul(saved(0))};
      }
    };
    return out.attach(node);
  }

  @Test
  void aWrongRuleFailsWithTorchsMessage() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_(true);
    GradCheck.GradcheckException e = assertThrows(GradCheck.GradcheckException.class,
        () -> GradCheck.check(in -> wrongSquare(in.get(0)), x));
    String m = e.getMessage();
    assertTrue(m.startsWith("Jacobian mismatch for output 0 with respect to input 0,\nnumerical:tensor("), m);
    assertTrue(m.contains("\nanalytical:tensor("), m);
    assertTrue(m.contains("[[2.0000, 0.0000],\n        [0.0000, 4.0000]]"), "numerical Jacobian 2x: " + m);
    assertTrue(m.contains("[[1., 0.],\n        [0., 2.]]"), "analytical Jacobian x: " + m);
  }

  @Test
  void aWrongRuleOfTheSecondInputNamesIt() {
    Tensor a = Tensor.of(1f, 2f).requiresGrad_(true);
    Tensor x = Tensor.of(0.5f, 1.5f).requiresGrad_(true);
    GradCheck.GradcheckException e = assertThrows(GradCheck.GradcheckException.class,
        () -> GradCheck.check(in -> in.get(0).mul(wrongSquare(in.get(1))), a, x));
    assertTrue(e.getMessage().startsWith("Jacobian mismatch for output 0 with respect to input 1,"), e.getMessage());
  }

  @Test
  void withoutExceptionsAFailedResultIsReturned() {
    Tensor x = Tensor.of(1f, 2f, 3f).requiresGrad_(true);
    GradCheck.Result r = GradCheck.builder().raiseException(false).check(in -> wrongSquare(in.get(0)), List.of(x));
    assertFalse(r.passed());
    assertTrue(r.message().startsWith("Jacobian mismatch"), r.message());
    assertEquals(3.0, r.maxAbsError(), 1e-2);   // 2*3 - 3
  }

  @Test
  void aNonReentrantRuleIsCaught() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_(true);
    int[] calls = {0};
    Function<List<Tensor>, Tensor> f = in -> {
      Tensor xi = in.get(0);
      Tensor out = Autograd.noGrad(() -> xi.mul(xi));
      if (!Autograd.isGradEnabled()) {
        return out;
      }
      Node node = new Node(xi.edge()) {
        @Override
        public String name() {
          return "DriftingBackward";
        }

        @Override
        protected Tensor[] apply(Tensor g) {
          // right within tolerance, but different on every call
          return new Tensor[] {g.mul(xi.detach()).mul(2).add(1e-6 * ++calls[0])};
        }
      };
      return out.attach(node);
    };
    GradCheck.GradcheckException e = assertThrows(GradCheck.GradcheckException.class, () -> GradCheck.check(f, x));
    assertTrue(e.getMessage().startsWith("Backward is not reentrant, i.e., running backward with same input and "
        + "grad_output multiple times gives different values, although analytical gradient matches numerical "
        + "gradient. The tolerance for nondeterminism was 0.0."), e.getMessage());
  }

  @Test
  void tolerancesAreConfigurable() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_(true);
    // wrong by a factor of 2: passes only with absurd tolerances
    assertTrue(GradCheck.builder().atol(10).check(in -> wrongSquare(in.get(0)), List.of(x)).passed());
    assertThrows(GradCheck.GradcheckException.class,
        () -> GradCheck.builder().eps(1e-2).rtol(0.4).check(in -> wrongSquare(in.get(0)), List.of(x)));
    assertThrows(IllegalArgumentException.class, () -> GradCheck.builder().eps(0));
    assertThrows(IllegalArgumentException.class, () -> GradCheck.builder().atol(-1));
    assertThrows(IllegalArgumentException.class, () -> GradCheck.builder().rtol(Double.NaN));
  }

  @Test
  void float32DefaultsAreNeededPyTorchsFloat64DefaultsFailInFloat32() {
    Random r = new Random(3);
    Tensor x = Tensor.of(away(r, 6), 2, 3).requiresGrad_(true);
    Function<List<Tensor>, Tensor> f = in -> in.get(0).exp().mul(in.get(0).sin());
    assertTrue(GradCheck.check(f, x).passed());
    GradCheck.Result torchDefaults = GradCheck.builder().eps(1e-6).atol(1e-5).rtol(1e-3).raiseException(false)
        .check(f, List.of(x));
    assertFalse(torchDefaults.passed(), "eps 1e-6 is below float32 resolution: " + torchDefaults);
  }

  // ---------------------------------------------------------------- argument checks and side effects

  @Test
  void inputsAreRestoredAndNotVersioned() {
    Tensor x = Tensor.of(new float[] {0.3f, -0.7f, 1.1f, 0.9f}, 2, 2).t().requiresGrad_(true);
    float[] before = x.toArray();
    int version = x.version();
    GradCheck.check(in -> in.get(0).tanh(), x);
    assertArrayEquals(before, x.toArray());
    assertEquals(version, x.version());
    assertEquals(null, x.grad(), "GradCheck does not write .grad");
  }

  @Test
  void anExpandedInputIsRejected() {
    Tensor e = Tensor.zeros(1).expand(3).requiresGrad_(true);
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> GradCheck.check(in -> in.get(0).exp(), e));
    assertTrue(ex.getMessage().contains("has a dimension with stride 0"), ex.getMessage());
  }

  @Test
  void atLeastOneInputMustRequireGrad() {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> GradCheck.check(in -> in.get(0).exp(), Tensor.of(1f)));
    assertTrue(ex.getMessage().contains("at least one input tensor to require gradient"), ex.getMessage());
  }

  @Test
  void aNonDeterministicFunctionIsReported() {
    Tensor x = Tensor.of(1f).requiresGrad_(true);
    int[] n = {0};
    GradCheck.GradcheckException e = assertThrows(GradCheck.GradcheckException.class,
        () -> GradCheck.check(in -> in.get(0).add(n[0]++), x));
    assertTrue(e.getMessage().contains("not deterministic"), e.getMessage());
  }

  // ---------------------------------------------------------------- float64

  @Test
  void float64InputsGetPyTorchsDefaultsAndPerturbInDouble() {
    Tensor x = Tensor.ofDoubles(0.3, -0.7, 1.1).requiresGrad_(true);
    // the identity through a copy: exact in double, so PyTorch's tight defaults pass
    GradCheck.Result r = GradCheck.check(in -> in.get(0).to(DType.FLOAT64), x);
    assertTrue(r.passed() && r.maxAbsError() < 1e-9, r.toString());
    assertArrayEquals(new double[] {0.3, -0.7, 1.1}, x.toDoubleArray());
  }

  @Test
  void float64DefaultsCatchAPrecisionLossThatFloat32DefaultsWouldHide() {
    // Rounding through float32 inside f: the derivative is still 1, but steps of 1e-6 vanish in float32.
    Function<List<Tensor>, Tensor> lossy = in -> in.get(0).to(DType.FLOAT32).to(DType.FLOAT64);
    Tensor x = Tensor.ofDoubles(0.3, -0.7, 1.1).requiresGrad_(true);
    GradCheck.GradcheckException e = assertThrows(GradCheck.GradcheckException.class,
        () -> GradCheck.check(lossy, x));
    assertTrue(e.getMessage().contains("Jacobian mismatch for output 0 with respect to input 0"), e.getMessage());
    assertTrue(e.getMessage().contains("dtype=torch.float64"), e.getMessage());
    assertTrue(GradCheck.builder().eps(1e-3).atol(1e-3).rtol(1e-2).check(lossy, List.of(x)).passed());
  }
}
