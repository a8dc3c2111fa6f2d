package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The options records of backward and grad, and the overloads that take them. */
class BackwardOptionsTest {
  @Test
  void defaultsFreeTheGraphAndCreateGraphRetainsItLikePyTorch() {
    BackwardOptions b = BackwardOptions.defaults();
    assertFalse(b.retainGraph());
    assertFalse(b.createGraph());
    assertNull(b.inputs());
    BackwardOptions c = b.withCreateGraph(true);
    assertTrue(c.retainGraph() && c.createGraph());
    assertFalse(c.withRetainGraph(false).retainGraph());
    GradOptions g = GradOptions.defaults().withCreateGraph(true);
    assertTrue(g.retainGraph() && g.createGraph());
    assertFalse(g.allowUnused());
    assertNull(g.gradOutputs());
  }

  @Test
  void backwardWithCreateGraphGivesADifferentiableGradient() {
    Tensor x = Tensor.of(2f, 3f).requiresGrad_(true);
    x.pow(3).sum().backward(null, BackwardOptions.defaults().withCreateGraph(true));
    Tensor dx = x.grad();                                   // 3 x^2
    assertArrayEquals(new float[] {12f, 27f}, dx.toArray());
    List<Tensor> d2 = Autograd.grad(List.of(dx.sum()), List.of(x), GradOptions.defaults());
    assertArrayEquals(new float[] {12f, 18f}, d2.get(0).toArray());   // 6 x
  }

  @Test
  void backwardIntoChosenInputsOnly() {
    Tensor a = Tensor.of(1f, 2f).requiresGrad_(true);
    Tensor b = Tensor.of(3f, 4f).requiresGrad_(true);
    Autograd.backward(List.of(a.mul(b).sum()), null, BackwardOptions.defaults().withInputs(List.of(b)));
    assertNull(a.grad());
    assertArrayEquals(new float[] {1f, 2f}, b.grad().toArray());
  }

  @Test
  void gradOptionsCarryOutputGradientsAndAllowUnused() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_(true);
    Tensor unused = Tensor.of(5f).requiresGrad_(true);
    Tensor y = x.mul(2);
    GradOptions options = GradOptions.defaults().withGradOutputs(List.of(Tensor.of(1f, 10f))).withAllowUnused(true);
    List<Tensor> g = Autograd.grad(List.of(y), List.of(x, unused), options);
    assertArrayEquals(new float[] {2f, 20f}, g.get(0).toArray());
    assertNull(g.get(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Autograd.grad(List.of(x.mul(2).sum()), List.of(x, unused), GradOptions.defaults()));
    assertTrue(e.getMessage().contains("appears to not have been used in the graph (input 1, shape [1])"),
        e.getMessage());
    assertEquals(2, g.size());
  }
}
