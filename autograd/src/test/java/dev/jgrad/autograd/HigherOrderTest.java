package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.OpCatalogFixture.Data;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Higher-order gradients through createGraph: first, second and third derivatives of x³, tanh, sigmoid, log, exp,
 * softmax, log-softmax and a matmul chain against PyTorch (golden/ops/higher_order.txt, written by
 * tools/gen_ops_golden.py). Every op's second-order gradient is also checked generically in {@link OpCatalogTest}.
 */
class HigherOrderTest {
  private static final Map<String, Map<String, Data>> GOLDEN = load();

  /** The jgrad side of each golden function (the script's {@code record} calls). */
  private static final Map<String, UnaryOperator<Tensor>> FUNCTIONS = new LinkedHashMap<>();

  static {
    Tensor weights = Tensor.of(1f, 2f, 3f, 4f, 5f);
    Tensor m = Tensor.of(new float[] {0.5f, -1.0f, 2.0f, 0.3f}, 2, 2);
    FUNCTIONS.put("cube", t -> t.pow(3));
    FUNCTIONS.put("tanh", Tensor::tanh);
    FUNCTIONS.put("sigmoid", Tensor::sigmoid);
    FUNCTIONS.put("log", Tensor::log);
    FUNCTIONS.put("exp", Tensor::exp);
    FUNCTIONS.put("softmax", t -> t.softmax(0).mul(weights));
    FUNCTIONS.put("logSoftmax", t -> t.logSoftmax(0).mul(weights));
    FUNCTIONS.put("matmul", t -> t.view(1, 5).matmul(Tensor.ones(5, 2)).matmul(m).pow(2));
  }

  static Stream<String> names() {
    return FUNCTIONS.keySet().stream();
  }

  @Test
  void everyGoldenFunctionIsTested() {
    assertEquals(GOLDEN.keySet(), FUNCTIONS.keySet());
  }

  @ParameterizedTest
  @MethodSource("names")
  void derivativesUpToThirdOrderMatchPyTorch(String name) {
    Map<String, Data> golden = GOLDEN.get(name);
    Tensor x = golden.get("x").tensor().requiresGrad_(true);
    Tensor y = FUNCTIONS.get(name).apply(x);
    assertClose(name + " y", golden.get("y"), y);
    Tensor g1 = Autograd.grad(List.of(y.sum()), List.of(x), true).get(0);
    assertClose(name + " first derivative", golden.get("g1"), g1);
    assertTrue(g1.requiresGrad(), name + ": createGraph must give a differentiable gradient");
    Tensor g2 = Autograd.grad(List.of(g1.sum()), List.of(x), true).get(0);
    assertClose(name + " second derivative", golden.get("g2"), g2);
    Data third = golden.get("g3");
    List<Tensor> g3 = g2.requiresGrad()
        ? Autograd.grad(List.of(g2.sum()), List.of(x), null, false, false, true)
        : java.util.Collections.singletonList(null);
    if (third == null || g3.get(0) == null) {
      float[] other = third == null ? (g3.get(0) == null ? new float[0] : g3.get(0).toArray()) : third.values();
      for (float v : other) {
        assertEquals(0f, v, 1e-6f, name + ": third derivative present on one side only");
      }
    } else {
      assertClose(name + " third derivative", third, g3.get(0));
    }
  }

  /** PyTorch 1.13: y = x³ at 3 gives dy/dx = 27 with grad_fn MulBackward0, then d²y/dx² = 18. */
  @Test
  void cubeAtThreeAsInTheSemanticsNotes() {
    Tensor x = Tensor.scalar(3f).requiresGrad_(true);
    Tensor g = Autograd.grad(List.of(x.pow(3)), List.of(x), true).get(0);
    assertEquals(27f, g.item());
    assertEquals("MulBackward0", g.gradFn().name());
    assertEquals(18f, Autograd.grad(g, x).get(0).item());
  }

  /** backward(createGraph) leaves a .grad that itself has a graph, so a gradient penalty can be minimised. */
  @Test
  void backwardWithCreateGraphGivesDifferentiableGrad() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_(true);
    x.tanh().sum().backward(Tensor.scalar(1f), true, true);
    Tensor grad = x.grad();
    assertNotNull(grad.gradFn(), "x.grad() must carry the graph of the first backward");
    Tensor second = Autograd.grad(List.of(grad.sum()), List.of(x), null, false, false, false).get(0);
    // d/dx (1 - tanh²x) = -2 tanh x (1 - tanh² x)
    for (int i = 0; i < 2; i++) {
      double t = Math.tanh(i + 1);
      assertEquals(-2 * t * (1 - t * t), second.toArray()[i], 1e-6);
    }
  }

  /** Without createGraph the gradient is a plain tensor: no graph, nothing to differentiate. */
  @Test
  void withoutCreateGraphTheGradientHasNoGraph() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_(true);
    Tensor g = Autograd.grad(List.of(x.pow(3).sum()), List.of(x), false).get(0);
    assertFalse(g.requiresGrad());
    assertEquals(null, g.gradFn());
  }

  private static void assertClose(String what, Data expected, Tensor actual) {
    OpCatalogTest.assertClose(what, expected, actual, 1e-5, 1e-5);
  }

  private static Map<String, Map<String, Data>> load() {
    Map<String, Map<String, Data>> out = new LinkedHashMap<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        HigherOrderTest.class.getResourceAsStream("/golden/ops/higher_order.txt"), StandardCharsets.UTF_8))) {
      Map<String, Data> current = null;
      String line;
      while ((line = r.readLine()) != null) {
        String[] tok = line.split(" ");
        if (line.startsWith("#") || tok[0].equals("end")) {
          continue;
        }
        if (tok[0].equals("case")) {
          current = new LinkedHashMap<>();
          out.put(tok[1], current);
        } else {
          current.put(tok[0], tok[1].equals("none") ? null : OpCatalogFixture.data(tok, 1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
