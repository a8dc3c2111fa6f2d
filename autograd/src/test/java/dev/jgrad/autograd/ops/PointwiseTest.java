package dev.jgrad.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * GELU through {@link Pointwise}: forward, the fused backward kernel (no graph), the composed backward
 * ({@code createGraph}) and double backward against PyTorch 1.13 (golden/gelu/gelu.txt, written by
 * tools/gen_gelu_golden.py), for both approximations, on a line of values out to ±1e20 and on a transposed
 * (non-contiguous) input. Runs under whichever kernel set the JVM chose; the surefire executions cover both.
 */
class PointwiseTest {

  /** One golden case: key -> (shape, values). */
  private record Case(Map<String, int[]> shapes, Map<String, float[]> values) {
    Tensor tensor(String key) {
      return Tensor.of(values.get(key).clone(), shapes.get(key));
    }
  }

  private static final Map<String, Case> GOLDEN = load();

  private static Map<String, Case> load() {
    Map<String, Case> cases = new HashMap<>();
    InputStream in = PointwiseTest.class.getResourceAsStream("/golden/gelu/gelu.txt");
    assertNotNull(in, "golden/gelu/gelu.txt is missing: run /usr/bin/python3 tools/gen_gelu_golden.py");
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      Case current = null;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        String[] parts = line.split(" ");
        if (parts[0].equals("case")) {
          current = new Case(new HashMap<>(), new HashMap<>());
          cases.put(parts[1] + " " + parts[2], current);
          continue;
        }
        String[] dims = parts[1].split(",");
        int[] shape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
          shape[i] = Integer.parseInt(dims[i]);
        }
        float[] v = new float[parts.length - 2];
        for (int i = 0; i < v.length; i++) {
          v[i] = parse(parts[i + 2]);
        }
        current.shapes().put(parts[0], shape);
        current.values().put(parts[0], v);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cases;
  }

  /** Python's %.9g spelling of a float, including nan and ±inf. */
  private static float parse(String s) {
    switch (s) {
      case "nan": return Float.NaN;
      case "inf": return Float.POSITIVE_INFINITY;
      case "-inf": return Float.NEGATIVE_INFINITY;
      default: return Float.parseFloat(s);
    }
  }

  /**
   * Close to PyTorch: relative 1e-5, plus an absolute 2e-7·(1 + |x|) for GELU's negative tail, where PyTorch's
   * float {@code 1 + erf} (or {@code 1 + tanh}) cancels (its gelu(-5) is -1.49e-6, the true value -1.4333e-6).
   */
  private static void assertClose(String what, float[] want, float[] got, float[] x) {
    assertClose(what, want, got, x, 2e-7);
  }

  private static void assertClose(String what, float[] want, float[] got, float[] x, double abs) {
    assertEquals(want.length, got.length, what + " length");
    for (int i = 0; i < want.length; i++) {
      double tol = 1e-5 * Math.abs(want[i]) + abs * (1 + Math.abs(x[i % x.length]));
      boolean ok = Float.compare(want[i], got[i]) == 0 || Math.abs((double) want[i] - got[i]) <= tol
          || Float.isNaN(want[i]) && Float.isNaN(got[i]);
      assertTrue(ok, what + " @" + i + " (x=" + x[i % x.length] + "): torch " + want[i] + ", jgrad " + got[i]);
    }
  }

  private static UnaryOperator<Tensor> view(String name) {
    return name.equals("strided") ? Tensor::t : t -> t;
  }

  @Test
  void forwardAndFusedBackwardMatchPyTorch() {
    for (String name : new String[] {"line", "strided"}) {
      for (String approx : new String[] {"none", "tanh"}) {
        Case c = GOLDEN.get(name + " " + approx);
        Tensor leaf = c.tensor("x").requiresGrad_(true);
        Tensor x = view(name).apply(leaf);
        assertEquals(name.equals("line"), x.isContiguous(), name + " contiguity");
        Tensor y = x.gelu(approx);
        assertEquals("GeluBackward0", y.gradFn().name());
        // The golden y is stored contiguously in the view's (transposed) order, as is ours.
        float[] xv = x.toArray();
        assertClose(name + " " + approx + " y", c.values().get("y"), y.toArray(), xv);
        y.mul(c.tensor("w")).sum().backward();
        assertClose(name + " " + approx + " grad", c.values().get("g1"), leaf.grad().toArray(),
            c.values().get("x"));
      }
    }
  }

  @Test
  void doubleBackwardThroughTheComposedRuleMatchesPyTorch() {
    for (String name : new String[] {"line", "strided"}) {
      for (String approx : new String[] {"none", "tanh"}) {
        Case c = GOLDEN.get(name + " " + approx);
        Tensor leaf = c.tensor("x").requiresGrad_(true);
        Tensor y = view(name).apply(leaf).gelu(approx);
        Tensor g1 = Autograd.grad(List.of(y.mul(c.tensor("w")).sum()), List.of(leaf), true).get(0);
        assertTrue(g1.requiresGrad(), "createGraph must give a differentiable gradient");
        float[] xs = c.values().get("x");
        assertClose(name + " " + approx + " g1 (createGraph)", c.values().get("g1"), g1.toArray(), xs);
        Tensor g2 = Autograd.grad(List.of(g1.mul(c.tensor("u")).sum()), List.of(leaf), false).get(0);
        float[] want = c.values().get("g2");
        float[] got = g2.toArray();
        for (int i = 0; i < xs.length; i++) {
          if (Math.abs(xs[i]) >= 0x1p64f) {
            // PyTorch's second derivative squares ±1e20 in float and gets NaN; jgrad's composition gives 0 there.
            want[i] = 0f;
            got[i] = 0f;
          }
        }
        // The second derivative runs through the composed rule, whose float 1 - t² and 1 + erf cancel in the
        // negative tail (1e-6 off at x = -3.5 for tanh); PyTorch uses its own GeluBackwardBackward formula.
        assertClose(name + " " + approx + " g2", want, got, xs, 2e-6);
      }
    }
  }

  @Test
  void fusedBackwardAgreesWithTheComposedRule() {
    // The fused kernel (no graph) and the differentiable composition (createGraph) compute the same derivative:
    // in double and rounded once, or in float through SIMD polynomials, against the float composition.
    SplittableRandom r = new SplittableRandom(3);
    float[] xs = new float[301];
    float[] ws = new float[301];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = (float) (r.nextDouble() * 12 - 6);
      ws[i] = (float) (r.nextDouble() * 2 - 1);
    }
    for (String approx : new String[] {"none", "tanh"}) {
      Tensor a = Tensor.of(xs.clone()).requiresGrad_(true);
      a.gelu(approx).mul(Tensor.of(ws.clone())).sum().backward();
      Tensor b = Tensor.of(xs.clone()).requiresGrad_(true);
      Tensor gb = Autograd.grad(List.of(b.gelu(approx).mul(Tensor.of(ws.clone())).sum()), List.of(b), true).get(0);
      assertFalse(a.grad().requiresGrad(), "no graph without createGraph");
      float[] fused = a.grad().toArray();
      float[] composed = gb.toArray();
      for (int i = 0; i < xs.length; i++) {
        assertEquals(composed[i], fused[i], 2e-6 * (1 + Math.abs(composed[i])), approx + " x=" + xs[i]);
      }
    }
  }

  @Test
  void emptyAndScalarInputs() {
    Tensor e = Tensor.of(new float[0], 0).requiresGrad_(true);
    Tensor ye = e.gelu();
    assertArrayEquals(new int[] {0}, ye.shape());
    ye.sum().backward();
    assertEquals(0, e.grad().numel());
    Tensor s = Tensor.of(new float[] {1f}).requiresGrad_(true);
    s.gelu("tanh").sum().backward();
    assertEquals(1.0829640, s.grad().item(), 1e-6);   // torch: gelu(1, approximate='tanh') backward
  }

  /** The golden holds exactly these four cases, so a regenerated file cannot drop one silently. */
  @Test
  void goldenHoldsBothApproximationsForBothLayouts() {
    List<String> keys = new ArrayList<>(GOLDEN.keySet());
    keys.sort(null);
    assertEquals(List.of("line none", "line tanh", "strided none", "strided tanh"), keys);
  }
}
