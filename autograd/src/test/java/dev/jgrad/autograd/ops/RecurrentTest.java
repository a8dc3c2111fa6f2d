package dev.jgrad.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.ops.Recurrent.Cell;
import dev.jgrad.autograd.ops.Recurrent.Spec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Properties of the recurrent kernel that need no fixture; PyTorch's values are checked by the nn layer tests. */
class RecurrentTest {

  private static List<Tensor> weights(Spec spec) {
    List<Tensor> w = new ArrayList<>();
    int g = spec.cell().gates() * spec.hiddenSize();
    for (int l = 0; l < spec.numLayers(); l++) {
      for (int d = 0; d < spec.directions(); d++) {
        w.add(Tensor.randn(g, spec.layerInputSize(l)).mul(0.5f).detach().requiresGrad_(true));
        w.add(Tensor.randn(g, spec.stateSize()).mul(0.5f).detach().requiresGrad_(true));
        if (spec.bias()) {
          w.add(Tensor.randn(g).detach().requiresGrad_(true));
          w.add(Tensor.randn(g).detach().requiresGrad_(true));
        }
        if (spec.projSize() > 0) {
          w.add(Tensor.randn(spec.projSize(), spec.hiddenSize()).mul(0.5f).detach().requiresGrad_(true));
        }
      }
    }
    return w;
  }

  @Test
  void aPackedBatchEqualsEachSequenceRunAlone() {
    for (Cell cell : Cell.values()) {
      Tensor.manualSeed(1);
      Spec spec = new Spec(cell, 3, 4, 2, true, true, 0, 0, false);
      List<Tensor> w = weights(spec);
      // Two sequences of lengths 3 and 1, packed: step 0 has both, steps 1 and 2 only the first.
      Tensor a = Tensor.randn(3, 3);
      Tensor b = Tensor.randn(1, 3);
      Tensor packed = Tensor.cat(List.of(a.narrow(0, 0, 1), b, a.narrow(0, 1, 2)), 0);
      Recurrent.Result both = Recurrent.run(spec, packed, new int[] {2, 1, 1}, null, null, w);
      Recurrent.Result first = Recurrent.run(spec, a, new int[] {1, 1, 1}, null, null, w);
      Recurrent.Result second = Recurrent.run(spec, b, new int[] {1}, null, null, w);
      assertClose(cell + " hN of the long sequence", first.hN().select(1, 0), both.hN().select(1, 0));
      assertClose(cell + " hN of the short sequence", second.hN().select(1, 0), both.hN().select(1, 1));
      assertClose(cell + " output of the short sequence", second.output().select(0, 0), both.output().select(0, 1));
      assertClose(cell + " last output", first.output().select(0, 2), both.output().select(0, 3));
    }
  }

  private static void assertClose(String what, Tensor expected, Tensor actual) {
    float[] e = expected.toArray();
    float[] a = actual.toArray();
    assertEquals(e.length, a.length, what);
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], a[i], 1e-6f, what + " [" + i + "]");
    }
  }

  @Test
  void gradientsReachEveryInputThroughAnyOutput() {
    Tensor.manualSeed(2);
    Spec spec = new Spec(Cell.LSTM, 2, 3, 1, true, false, 0, 0, false);
    List<Tensor> w = weights(spec);
    Tensor x = Tensor.randn(4, 2).requiresGrad_(true);
    Tensor c0 = Tensor.randn(1, 2, 3).requiresGrad_(true);
    Recurrent.Result r = Recurrent.run(spec, x, new int[] {2, 2}, null, c0, w);
    // output is a view of a slice of the node's one flat output
    assertEquals("ViewBackward0", r.output().gradFn().name());
    assertEquals("LstmBackward0", r.output().gradFn().nextFunctions().get(0).nextFunctions().get(0).name());
    r.cN().sum().backward();
    assertArrayEquals(new int[] {4, 2}, x.grad().shape());
    assertArrayEquals(new int[] {1, 2, 3}, c0.grad().shape());
    for (Tensor t : w) {
      assertTrue(t.grad() != null);
    }
  }

  @Test
  void anInPlaceChangeOfAWeightBeforeBackwardFails() {
    Spec spec = new Spec(Cell.GRU, 2, 3, 1, true, false, 0, 0, false);
    List<Tensor> w = weights(spec);
    Recurrent.Result r = Recurrent.run(spec, Tensor.randn(2, 2), new int[] {1, 1}, null, null, w);
    try (Autograd.Scope s = Autograd.noGrad()) {
      w.get(0).add_(Tensor.scalar(1f));
    }
    String m = assertThrows(IllegalStateException.class, () -> r.output().sum().backward()).getMessage();
    assertTrue(m.contains("modified by an inplace operation") && m.contains("GruBackward0"), m);
  }

  @Test
  void gradientsTakenWithCreateGraphEqualTheKernelsAndHaveSecondDerivatives() {
    for (Cell cell : Cell.values()) {
      Tensor.manualSeed(3);
      Spec spec = new Spec(cell, 2, 3, 2, true, true, cell == Cell.LSTM ? 2 : 0, 0, false);
      List<Tensor> w = weights(spec);
      Tensor x = Tensor.randn(3, 2).requiresGrad_(true);
      Tensor h0 = Tensor.randn(4, 2, spec.stateSize()).requiresGrad_(true);
      Tensor c0 = cell == Cell.LSTM ? Tensor.randn(4, 2, 3).requiresGrad_(true) : null;
      List<Tensor> wrt = new ArrayList<>(List.of(x, h0));
      if (c0 != null) {
        wrt.add(c0);
      }
      wrt.addAll(w);
      Recurrent.Result r = Recurrent.run(spec, x, new int[] {2, 1}, h0, c0, w);
      Tensor loss = r.output().mul(r.output()).sum().add(r.hN().sum());
      List<Tensor> plain = Autograd.grad(List.of(loss), wrt, false);
      r = Recurrent.run(spec, x, new int[] {2, 1}, h0, c0, w);
      loss = r.output().mul(r.output()).sum().add(r.hN().sum());
      List<Tensor> graph = Autograd.grad(List.of(loss), wrt, true);
      for (int i = 0; i < wrt.size(); i++) {
        assertCloseTo(cell + " gradient " + i, plain.get(i), graph.get(i), 1e-5f);
        assertTrue(graph.get(i).requiresGrad(), cell + " gradient " + i + " has a graph");
      }
      Tensor gx = graph.get(0);
      assertArrayEquals(new int[] {3, 2}, Autograd.grad(List.of(gx.mul(gx).sum()), List.of(x), false).get(0).shape());
    }
  }

  private static void assertCloseTo(String what, Tensor expected, Tensor actual, float tol) {
    float[] e = expected.toArray();
    float[] a = actual.toArray();
    assertEquals(e.length, a.length, what);
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], a[i], tol * (1 + Math.abs(e[i])), what + " [" + i + "]");
    }
  }

  @Test
  void gradgradcheckOnSmallStacks() {
    // Not RNN_RELU: relu's gradient jumps at 0, where finite differences of it mean nothing.
    for (Cell cell : List.of(Cell.LSTM, Cell.GRU, Cell.RNN_TANH)) {
      Tensor.manualSeed(4);
      Spec spec = new Spec(cell, 2, 2, 1, true, false, 0, 0, false);
      List<Tensor> inputs = new ArrayList<>(List.of(Tensor.randn(2, 2).requiresGrad_(true)));
      inputs.addAll(weights(spec));
      int n = inputs.size();
      GradCheck.Result res = GradCheck.gradgradcheck(in -> Recurrent.run(spec, in.get(0), new int[] {1, 1}, null,
          null, in.subList(1, n)).output(), inputs);
      assertTrue(res.passed(), cell + ": " + res);
    }
  }

  @Test
  void badArgumentsAreRefused() {
    Spec spec = new Spec(Cell.LSTM, 2, 3, 1, true, false, 0, 0, false);
    List<Tensor> w = weights(spec);
    String m = assertThrows(IllegalArgumentException.class,
        () -> Recurrent.run(spec, Tensor.randn(3, 2), new int[] {1, 2}, null, null, w)).getMessage();
    assertTrue(m.contains("batch sizes must be positive and non-increasing, got [1, 2]"), m);
    m = assertThrows(IllegalArgumentException.class,
        () -> Recurrent.run(spec, Tensor.randn(3, 5), new int[] {2, 1}, null, null, w)).getMessage();
    assertTrue(m.contains("expected data of shape [3, 2], got [3, 5]"), m);
    m = assertThrows(IllegalArgumentException.class,
        () -> Recurrent.run(spec, Tensor.randn(3, 2), new int[] {2, 1}, Tensor.zeros(1, 3, 3), null, w))
        .getMessage();
    assertTrue(m.contains("expected h0 of shape [1, 2, 3], got [1, 3, 3]"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new Spec(Cell.GRU, 2, 3, 1, true, false, 1, 0, false))
        .getMessage();
    assertTrue(m.contains("projSize must be 0 or in [1, hiddenSize) for LSTM, got 1"), m);
  }
}
