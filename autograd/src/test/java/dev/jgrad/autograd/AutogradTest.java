package dev.jgrad.autograd;

import static dev.jgrad.autograd.EngineTest.assertGolden;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The functional API of {@link Autograd}: {@code grad} (no .grad touched, allowUnused, errors, non-leaf inputs),
 * double backward with createGraph (docs/SEMANTICS.md, "The backward engine"), anomaly detection and the DOT
 * rendering. Expected values from golden/core/behaviours.txt.
 */
class AutogradTest {

  private static Tensor leaf(float... v) {
    return Tensor.of(v).requiresGrad_(true);
  }

  @Test
  void gradReturnsGradientsWithoutTouchingDotGrad() {
    Tensor x = leaf(1, 2);
    Tensor y = leaf(3, 4);
    List<Tensor> g = Autograd.grad(List.of(x.mul(2).sum()), List.of(x, y), null, false, false, true);
    assertGolden("grad.unused.gx", g.get(0));
    assertGolden("grad.unused.gy", g.get(1));
    assertGolden("grad.unused.x.grad", x.grad());
    assertNull(y.grad());
    assertFalse(g.get(0).requiresGrad(), "without createGraph the result is a plain tensor");
  }

  @Test
  void unusedInputWithoutAllowUnusedFails() {
    Tensor x = leaf(1, 2);
    Tensor y = leaf(3, 4);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Autograd.grad(List.of(x.mul(2).sum()), List.of(x, y), null, false, false, false));
    assertTrue(e.getMessage().contains(
        "One of the differentiated Tensors appears to not have been used in the graph"), e.getMessage());
    assertTrue(e.getMessage().contains("allowUnused=true"), e.getMessage());
    assertTrue(e.getMessage().contains("input 1"), e.getMessage());
  }

  @Test
  void inputThatDoesNotRequireGradFails() {
    Tensor x = leaf(1, 2);
    Tensor c = Tensor.of(1f, 2f);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Autograd.grad(x.mul(c).sum(), c));
    assertTrue(e.getMessage().contains("One of the differentiated Tensors does not require grad"), e.getMessage());
  }

  @Test
  void nonScalarOutputNeedsGradOutputs() {
    Tensor x = leaf(1, 2);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Autograd.grad(x.mul(2), x));
    assertTrue(e.getMessage().contains("grad can be implicitly created only for scalar outputs"), e.getMessage());
    List<Tensor> g = Autograd.grad(List.of(x.mul(2)), List.of(x), List.of(Tensor.of(1f, 10f)), false, false, false);
    assertArrayEquals(new float[] {2, 20}, g.get(0).toArray());
  }

  @Test
  void gradOutputsCountMustMatch() {
    Tensor x = leaf(1, 2);
    assertThrows(IllegalArgumentException.class,
        () -> Autograd.grad(List.of(x.sum()), List.of(x), List.of(Tensor.scalar(1), Tensor.scalar(1)), false,
            false, false));
  }

  @Test
  void gradWithRespectToANonLeafStopsThere() {
    Tensor x = leaf(1, 2);
    Tensor h = x.exp();
    Tensor out = h.mul(h).sum();
    Tensor gh = Autograd.grad(out, h).get(0);
    float[] hv = h.toArray();
    assertArrayEquals(new float[] {2 * hv[0], 2 * hv[1]}, gh.toArray(), 1e-5f);
    assertNull(x.grad());
  }

  @Test
  void gradFreesTheGraphUnlessRetained() {
    Tensor x = leaf(1, 2);
    Tensor out = x.mul(x).sum();
    Autograd.grad(List.of(out), List.of(x), null, true, false, false);
    Autograd.grad(out, x);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Autograd.grad(out, x));
    assertTrue(e.getMessage().contains("Trying to backward through the graph a second time"), e.getMessage());
  }

  @Test
  void gradWithRespectToTheOutputItselfIsTheSeed() {
    Tensor x = leaf(1, 2);
    Tensor y = x.mul(3);
    Tensor g = Autograd.grad(List.of(y), List.of(y), List.of(Tensor.of(5f, 6f)), false, false, false).get(0);
    assertArrayEquals(new float[] {5, 6}, g.toArray());
  }

  @Test
  void sameInputListedTwiceGetsItsGradientTwice() {
    Tensor x = leaf(1, 2);
    List<Tensor> g = Autograd.grad(List.of(x.mul(4).sum()), List.of(x, x), null, false, false, false);
    assertArrayEquals(new float[] {4, 4}, g.get(0).toArray());
    assertArrayEquals(new float[] {4, 4}, g.get(1).toArray());
  }

  // ---------------------------------------------------------------- 1.9 double backward

  @Test
  void doubleBackwardOfXCubed() {
    Tensor x = Tensor.scalar(3f).requiresGrad_(true);
    Tensor g = Autograd.grad(List.of(x.pow(3)), List.of(x), true).get(0);
    assertEquals(27f, g.item());
    assertTrue(g.requiresGrad());
    assertEquals("MulBackward0", g.gradFn().name());
    Tensor g2 = Autograd.grad(g, x).get(0);
    assertGolden("double.g2", g2);
    assertNull(x.grad());
  }

  @Test
  void backwardWithCreateGraphMakesADifferentiableGrad() {
    Tensor x = Tensor.scalar(3f).requiresGrad_(true);
    x.pow(3).backward(null, true, true);
    Tensor g = x.grad();
    assertEquals(27f, g.item());
    assertEquals("CopyBackwards", g.gradFn().name());
    x.setGrad(null);
    g.backward();
    assertGolden("double.x.grad2", x.grad());
  }

  @Test
  void thirdOrderThroughTanh() {
    // d/dx tanh = 1 - t^2; d2 = -2 t (1 - t^2); d3 = (6 t^2 - 2)(1 - t^2)
    Tensor x = Tensor.scalar(0.5f).requiresGrad_(true);
    Tensor g1 = Autograd.grad(List.of(x.tanh()), List.of(x), true).get(0);
    Tensor g2 = Autograd.grad(List.of(g1), List.of(x), true).get(0);
    Tensor g3 = Autograd.grad(g2, x).get(0);
    double t = Math.tanh(0.5);
    assertEquals(1 - t * t, g1.item(), 1e-6);
    assertEquals(-2 * t * (1 - t * t), g2.item(), 1e-6);
    assertEquals((6 * t * t - 2) * (1 - t * t), g3.item(), 1e-5);
  }

  @Test
  void accumulatingWithCreateGraphStaysDifferentiable() {
    Tensor x = Tensor.scalar(2f).requiresGrad_(true);
    x.pow(3).backward(null, true, true);   // grad 12
    x.pow(2).backward(null, true, true);   // grad 12 + 4 = 16
    assertEquals(16f, x.grad().item());
    Tensor g = x.grad();
    x.setGrad(null);
    g.backward();                          // d/dx (3x^2 + 2x) = 6x + 2 = 14
    assertEquals(14f, x.grad().item());
  }

  // ---------------------------------------------------------------- 1.12 anomaly detection

  @Test
  void anomalyModeNamesTheNodeThatReturnedNan() {
    assertFalse(Autograd.isAnomalyEnabled());
    Tensor x = leaf(0f, 1f);
    try (var a = Autograd.detectAnomaly()) {
      assertTrue(Autograd.isAnomalyEnabled());
      Tensor y = x.sqrt().mul(0).sum();     // sqrt'(0) * 0 = inf * 0 = nan
      IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
      assertTrue(e.getMessage().startsWith("Function 'SqrtBackward0' returned nan values in its 0th output."),
          e.getMessage());
      assertTrue(e.getMessage().contains("AutogradTest"), "shows where the forward op was called: " + e.getMessage());
    }
    assertFalse(Autograd.isAnomalyEnabled());
  }

  @Test
  void withoutAnomalyModeNanPropagatesSilently() {
    Tensor x = leaf(0f, 1f);
    x.sqrt().mul(0).sum().backward();
    assertTrue(Float.isNaN(x.grad().toArray()[0]));
    assertEquals(0f, x.grad().toArray()[1]);
  }

  @Test
  void anomalyModeAllowsInfiniteGradients() {
    Tensor x = leaf(0f, 4f);
    try (var a = Autograd.detectAnomaly()) {
      x.sqrt().sum().backward();
    }
    assertEquals(Float.POSITIVE_INFINITY, x.grad().toArray()[0]);
  }

  // ---------------------------------------------------------------- DOT

  @Test
  void dotRendersTheGraph() {
    Tensor x = leaf(1, 2);
    String dot = Autograd.toDot(x.add(2).mul(x).sum());
    assertTrue(dot.startsWith("digraph jgrad {"), dot);
    for (String name : Arrays.asList("SumBackward0", "MulBackward0", "AddBackward0", "leaf [2]")) {
      assertTrue(dot.contains(name), name + " in\n" + dot);
    }
    assertEquals(1, dot.split("leaf \\[2\\]", -1).length - 1, "the shared leaf appears once:\n" + dot);
    assertNotNull(Autograd.toDot(Tensor.of(1f)));
  }
}
