package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forward values, gradients, second-order gradients (createGraph), grad_fn names and next functions of every
 * core op, against PyTorch: golden/core/ops.txt, written by tools/gen_core_golden.py (the format is in
 * the script's docstring). Inputs include transposed, sliced and expanded views, 0-dim, one-element and empty
 * tensors, and the conventions at non-differentiable points.
 */
class CoreOpsGoldenTest {
  /** float32 kernels here and in PyTorch may differ by an ulp or two, and sums by summation order. */
  private static final double RTOL = 2e-5;
  private static final double ATOL = 2e-6;

  /**
   * Where jgrad's graph differs from PyTorch's by design in a grad_fn or next-function name (same maths, checked
   * by the value tests): matmul's batched forms are composed differently (PyTorch ends them in _unsafe_view, or a
   * clone for 2-D·3-D; jgrad in a view); the 1-D·2-D form squeezes out of place (PyTorch: squeeze_);
   * {@code add(other, alpha)} multiplies {@code other} first (PyTorch folds alpha into AddBackward0). Keyed by
   * case name; each entry is asserted to still differ, so a fix forces its removal.
   */
  static final Map<String, String> KNOWN_NAME_DIFFERENCES = Map.ofEntries(
      Map.entry("matmul_vm", "SqueezeBackward1 (PyTorch: SqueezeBackward3, its in-place squeeze_)"),
      Map.entry("matmul_bm", "ViewBackward0 (PyTorch: UnsafeViewBackward0)"),
      Map.entry("matmul_bv", "ViewBackward0 (PyTorch: UnsafeViewBackward0)"),
      Map.entry("matmul_mb", "ViewBackward0 (PyTorch: CloneBackward0)"),
      Map.entry("matmul_vb", "SqueezeBackward1 (PyTorch: UnsafeViewBackward0)"),
      Map.entry("matmul_bb", "ViewBackward0 (PyTorch: UnsafeViewBackward0)"),
      Map.entry("matmul_bb_broadcast", "ViewBackward0 (PyTorch: UnsafeViewBackward0)"),
      Map.entry("matmul_4d", "ViewBackward0 (PyTorch: UnsafeViewBackward0)"),
      Map.entry("add_alpha", "next MulBackward0 for other (PyTorch: AccumulateGrad)"));

  // ---------------------------------------------------------------- the fixture

  /** One tensor of a fixture: shape and values. */
  record Data(int[] shape, float[] values) {
    Tensor tensor() {
      return Tensor.of(values, shape);
    }
  }

  /** One input: whether it requires grad, the view applied before the op, and the leaf's data. */
  record Input(boolean requiresGrad, String view, Data data) {}

  /** One case of ops.txt. */
  static final class Case {
    String name;
    String op;
    String[] args;
    final List<Input> inputs = new ArrayList<>();
    final Map<Integer, String> inputReprs = new TreeMap<>();
    Data out;
    String repr;
    String gradFn;
    String[] next = new String[0];
    Data gout;
    final Map<Integer, Data> grads = new TreeMap<>();
    final Map<Integer, Data> vv = new TreeMap<>();
    final Map<Integer, Data> grads2 = new TreeMap<>();

    @Override
    public String toString() {
      return name;
    }
  }

  private static List<Case> cases;
  private static String header;

  static synchronized List<Case> golden() {
    if (cases == null) {
      cases = read("/golden/core/ops.txt");
    }
    return cases;
  }

  static String header() {
    golden();
    return header;
  }

  static Data parseData(String shape, String hex) {
    int[] s = shape.equals("-") ? new int[0] : Arrays.stream(shape.split(",")).mapToInt(Integer::parseInt).toArray();
    float[] v = hex.equals("-") ? new float[0] : parseHex(hex.split(","));
    return new Data(s, v);
  }

  private static float[] parseHex(String[] parts) {
    float[] v = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      v[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(parts[i], 16));
    }
    return v;
  }

  static String unescape(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        sb.append(n == 'n' ? '\n' : n);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static List<Case> read(String resource) {
    InputStream in = CoreOpsGoldenTest.class.getResourceAsStream(resource);
    assertNotNull(in, "missing fixture " + resource + " (run tools/gen_core_golden.py)");
    List<Case> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      header = r.readLine();
      Case c = null;
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("#") || line.isEmpty()) {
          continue;
        }
        String[] t = line.split(" ", -1);
        switch (t[0]) {
          case "case": c = new Case(); c.name = t[1]; break;
          case "op": c.op = t[1]; c.args = Arrays.copyOfRange(t, 2, t.length); break;
          case "in": c.inputs.add(new Input(t[1].equals("1"), t[2], parseData(t[3], t[4]))); break;
          case "inrepr": c.inputReprs.put(Integer.parseInt(t[1]), unescape(line.substring(line.indexOf(' ', 7) + 1)));
            break;
          case "out": c.out = parseData(t[1], t[2]); break;
          case "repr": c.repr = unescape(line.substring(5)); break;
          case "gradfn": c.gradFn = t[1]; break;
          case "next": c.next = Arrays.copyOfRange(t, 1, t.length); break;
          case "gout": c.gout = parseData(t[1], t[2]); break;
          case "grad": if (!t[2].equals("none")) { c.grads.put(Integer.parseInt(t[1]), parseData(t[2], t[3])); } break;
          case "vv": c.vv.put(Integer.parseInt(t[1]), parseData(t[2], t[3])); break;
          case "grad2": if (!t[2].equals("none")) { c.grads2.put(Integer.parseInt(t[1]), parseData(t[2], t[3])); } break;
          case "end": out.add(c); c = null; break;
          default: throw new IllegalStateException("bad fixture line: " + line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  // ---------------------------------------------------------------- running a case in jgrad

  /** The leaves of a case (fresh tensors, requiring grad as the fixture says). */
  static List<Tensor> leaves(Case c) {
    List<Tensor> out = new ArrayList<>();
    for (Input in : c.inputs) {
      out.add(in.data().tensor().requiresGrad_(in.requiresGrad()));
    }
    return out;
  }

  static Tensor view(Tensor t, String view) {
    if (view.equals("-")) {
      return t;
    }
    if (view.equals("T")) {
      return t.transpose(0, 1);
    }
    if (view.equals("S")) {
      return t.slice(-1, 0, Integer.MAX_VALUE, 2);
    }
    if (view.startsWith("E:")) {
      return t.expand(Arrays.stream(view.substring(2).split(",")).mapToInt(Integer::parseInt).toArray());
    }
    throw new IllegalArgumentException(view);
  }

  /** The op of a case applied to the (viewed) leaves: the Java spelling of gen_core_golden.py's run_op. */
  static Tensor run(Case c, List<Tensor> leaves) {
    List<Tensor> xs = new ArrayList<>();
    for (int i = 0; i < leaves.size(); i++) {
      xs.add(view(leaves.get(i), c.inputs.get(i).view()));
    }
    Tensor a = xs.get(0);
    Tensor b = xs.size() > 1 ? xs.get(1) : null;
    String[] args = c.args;
    double s = args.length > 0 && !args[0].equals("true") && !args[0].equals("false")
        ? Double.parseDouble(args[0]) : Double.NaN;
    switch (c.op) {
      case "add": return a.add(b);
      case "sub": return a.sub(b);
      case "mul": return a.mul(b);
      case "div": return a.div(b);
      case "add_alpha": return a.add(b, s);
      case "adds": return a.add(s);
      case "subs": return a.sub(s);
      case "rsubs": return a.rsub(s);
      case "muls": return a.mul(s);
      case "divs": return a.div(s);
      case "rdivs": return a.rdiv(s);
      case "pow": return a.pow(s);
      case "neg": return a.neg();
      case "exp": return a.exp();
      case "log": return a.log();
      case "sqrt": return a.sqrt();
      case "abs": return a.abs();
      case "sin": return a.sin();
      case "cos": return a.cos();
      case "tanh": return a.tanh();
      case "sigmoid": return a.sigmoid();
      case "relu": return a.relu();
      case "clamp": return a.clamp(s, Double.parseDouble(args[1]));
      case "sum": return a.sum();
      case "sumdim": return a.sum(Integer.parseInt(args[0]), Boolean.parseBoolean(args[1]));
      case "mean": return a.mean();
      case "meandim": return a.mean(Integer.parseInt(args[0]), Boolean.parseBoolean(args[1]));
      case "max": return a.max();
      case "matmul": return a.matmul(b);
      case "softmax": return a.softmax(Integer.parseInt(args[0]));
      case "logsoftmax": return a.logSoftmax(Integer.parseInt(args[0]));
      case "view": return a.view(ints(args));
      case "reshape": return a.reshape(ints(args));
      case "t": return a.t();
      case "transpose": return a.transpose(Integer.parseInt(args[0]), Integer.parseInt(args[1]));
      case "permute": return a.permute(ints(args));
      case "unsqueeze": return a.unsqueeze(Integer.parseInt(args[0]));
      case "squeeze": return args.length == 0 ? a.squeeze() : a.squeeze(Integer.parseInt(args[0]));
      case "expand": return a.expand(ints(args));
      case "narrow":
        return a.narrow(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      case "select": return a.select(Integer.parseInt(args[0]), Integer.parseInt(args[1]));
      case "contiguous": return a.contiguous();
      case "flatten": return a.flatten();
      case "detach_mul": return a.mul(b.detach());
      case "chain": {
        Tensor y = a.add(2);
        return y.mul(y).mul(2).mean();
      }
      case "iadd": return a.mul(1).add_(b);
      case "isub": return a.mul(1).sub_(b);
      case "imul": return a.mul(1).mul_(b);
      case "iadds": return a.mul(1).add_(s);
      case "isubs": return a.mul(1).sub_(s);
      case "imuls": return a.mul(1).mul_(s);
      case "izero": return a.mul(1).zero_();
      case "ifill": return a.mul(1).fill_(s);
      case "icopy": return a.mul(1).copy_(b);
      case "cadd": return Tensor.zeros(b.shape()).add_(a);
      case "cmul": return b.detach().clone().mul_(a);
      default: throw new IllegalArgumentException("unknown op " + c.op);
    }
  }

  private static int[] ints(String[] args) {
    return Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
  }

  // ---------------------------------------------------------------- comparisons

  static void assertClose(Data expected, Tensor actual, String what) {
    assertNotNull(actual, what + ": missing (expected shape " + Arrays.toString(expected.shape()) + ")");
    assertTrue(Arrays.equals(expected.shape(), actual.shape()),
        what + ": shape " + Arrays.toString(actual.shape()) + ", expected " + Arrays.toString(expected.shape()));
    assertValues(expected.values(), actual.toArray(), what);
  }

  static void assertValues(float[] e, float[] a, String what) {
    assertEquals(e.length, a.length, what + ": length");
    for (int i = 0; i < e.length; i++) {
      if (Float.isNaN(e[i]) || Float.isInfinite(e[i])) {
        assertEquals(e[i], a[i], what + "[" + i + "]: expected " + e[i] + " got " + a[i]);
        continue;
      }
      double tol = ATOL + RTOL * Math.abs(e[i]);
      if (!(Math.abs(e[i] - a[i]) <= tol)) {
        fail(what + "[" + i + "]: expected " + e[i] + " got " + a[i] + " (tolerance " + tol + ")\n expected "
            + Arrays.toString(e) + "\n actual   " + Arrays.toString(a));
      }
    }
  }

  static void assertZerosOrNull(Tensor t, String what) {
    if (t != null) {
      for (float v : t.toArray()) {
        assertEquals(0f, v, what + ": expected zeros (PyTorch: none) but got " + t);
      }
    }
  }

  static Stream<Case> cases() {
    return golden().stream();
  }

  // ---------------------------------------------------------------- tests

  @Test
  void fixtureIsFromTorchAndHasEveryCoreOp() {
    assertTrue(header().startsWith("# generated by tools/gen_core_golden.py with torch "), header());
    List<String> ops = golden().stream().map(c -> c.op).distinct().toList();
    for (String op : List.of("add", "sub", "mul", "div", "adds", "subs", "rsubs", "muls", "divs", "pow", "neg",
        "exp", "log", "sqrt", "abs", "sin", "cos", "tanh", "sigmoid", "relu", "sum", "sumdim", "mean", "meandim",
        "max", "matmul", "softmax", "logsoftmax", "clamp", "izero", "ifill", "iadd", "isub", "imul", "icopy",
        "view", "reshape", "t", "transpose", "permute", "unsqueeze", "squeeze", "expand", "narrow", "select")) {
      assertTrue(ops.contains(op), "no golden case for " + op);
    }
    assertTrue(golden().size() >= 200, "cases: " + golden().size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void forwardMatchesTorch(Case c) {
    Tensor out = run(c, leaves(c));
    assertClose(c.out, out, c.name + " forward");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void backwardMatchesTorch(Case c) {
    List<Tensor> leaves = leaves(c);
    Tensor out = run(c, leaves);
    if (c.gout == null) {
      assertTrue(!out.requiresGrad(), c.name + ": PyTorch's output does not require grad");
      return;
    }
    out.backward(c.gout.tensor());
    for (int i = 0; i < leaves.size(); i++) {
      Data expected = c.grads.get(i);
      if (expected == null) {
        assertEquals(null, leaves.get(i).grad(), c.name + ": input " + i + " needs no gradient");
      } else {
        assertClose(expected, leaves.get(i).grad(), c.name + " grad of input " + i);
      }
    }
  }

  /** Second order: the gradients taken with createGraph are themselves differentiated and compared. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void secondOrderMatchesTorch(Case c) {
    if (c.gout == null) {
      return;
    }
    List<Tensor> leaves = leaves(c);
    Tensor out = run(c, leaves);
    List<Tensor> wrt = new ArrayList<>();
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < leaves.size(); i++) {
      if (leaves.get(i).requiresGrad()) {
        wrt.add(leaves.get(i));
        idx.add(i);
      }
    }
    List<Tensor> g = Autograd.grad(List.of(out), wrt, List.of(c.gout.tensor()), true, true, true);
    for (int k = 0; k < wrt.size(); k++) {
      int i = idx.get(k);
      Data expected = c.grads.get(i);
      if (g.get(k) == null) {
        assertZerosOrNullData(expected, c.name + " first-order grad " + i);
      } else {
        assertClose(expected, g.get(k), c.name + " createGraph grad " + i);
      }
    }
    Tensor s = null;
    for (int k = 0; k < wrt.size(); k++) {
      Tensor gk = g.get(k);
      if (gk != null) {
        Tensor term = gk.mul(c.vv.get(idx.get(k)).tensor()).sum();
        s = s == null ? term : s.add(term);
      }
    }
    List<Tensor> g2 = s != null && s.requiresGrad()
        ? Autograd.grad(List.of(s), wrt, null, false, false, true) : null;
    for (int k = 0; k < wrt.size(); k++) {
      int i = idx.get(k);
      Data expected = c.grads2.get(i);
      Tensor actual = g2 == null ? null : g2.get(k);
      if (expected == null) {
        assertZerosOrNull(actual, c.name + " second-order grad " + i);
      } else if (actual == null) {
        assertZerosOrNullData(expected, c.name + " second-order grad " + i);
      } else {
        assertClose(expected, actual, c.name + " second-order grad " + i);
      }
    }
  }

  private static void assertZerosOrNullData(Data expected, String what) {
    if (expected != null) {
      for (float v : expected.values()) {
        assertEquals(0f, v, what + ": jgrad has none, PyTorch has non-zero values");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradFnNameAndNextFunctionsMatchTorch(Case c) {
    Tensor out = run(c, leaves(c));
    String actualName = out.gradFn() == null ? "None" : out.gradFn().name();
    List<String> actualNext = out.gradFn() == null ? List.of()
        : out.gradFn().nextFunctions().stream().map(n -> n == null ? "None" : n.name()).toList();
    String known = KNOWN_NAME_DIFFERENCES.get(c.name);
    if (known != null) {
      // Still pinned: if jgrad ever matches PyTorch here, this documented difference must be removed.
      boolean same = actualName.equals(c.gradFn) && actualNext.equals(List.of(c.next));
      assertTrue(!same, c.name + " now matches PyTorch; remove it from KNOWN_NAME_DIFFERENCES");
      return;
    }
    assertEquals(c.gradFn, actualName, c.name + ": grad_fn");
    assertEquals(List.of(c.next), actualNext, c.name + ": next_functions");
  }

  @Test
  void knownNameDifferencesAreRealCases() {
    for (String name : KNOWN_NAME_DIFFERENCES.keySet()) {
      assertTrue(golden().stream().anyMatch(c -> c.name.equals(name)), name);
    }
  }
}
