package dev.jgrad.autograd;

import static dev.jgrad.autograd.EngineTest.assertGolden;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * In-place ops: values, {@code this} returned, version counter bumps shared by views and detached tensors,
 * history rewriting on non-leaves, and the checks that keep autograd correct. Gradients of each in-place op
 * against PyTorch are in CoreOpsGoldenTest (cases iadd, isub, imul, iadds, izero, ifill, icopy, cadd, ...).
 */
class InPlaceTest {

  private static Tensor t(float... v) {
    return Tensor.of(v);
  }

  @Test
  void valuesAndReturnThis() {
    Tensor a = t(1, 2, 3);
    assertSame(a, a.add_(t(1, 1, 1)));
    assertArrayEquals(new float[] {2, 3, 4}, a.toArray());
    assertSame(a, a.sub_(0.5));
    assertArrayEquals(new float[] {1.5f, 2.5f, 3.5f}, a.toArray());
    assertSame(a, a.mul_(t(2, 0, -1)));
    assertArrayEquals(new float[] {3, 0, -3.5f}, a.toArray());
    assertSame(a, a.mul_(2));
    assertArrayEquals(new float[] {6, 0, -7}, a.toArray());
    assertSame(a, a.sub_(t(6, 0, -7)));
    assertArrayEquals(new float[] {0, 0, 0}, a.toArray());
    assertSame(a, a.add_(4));
    assertSame(a, a.fill_(2.5));
    assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f}, a.toArray());
    assertSame(a, a.copy_(t(7, 8, 9)));
    assertArrayEquals(new float[] {7, 8, 9}, a.toArray());
    assertSame(a, a.zero_());
    assertArrayEquals(new float[] {0, 0, 0}, a.toArray());
  }

  @Test
  void broadcastingOperandsAndCopySource() {
    Tensor a = Tensor.ones(2, 3);
    a.add_(t(1, 2, 3));
    assertArrayEquals(new float[] {2, 3, 4, 2, 3, 4}, a.toArray());
    a.mul_(Tensor.of(new float[] {10, 100}, 2, 1));
    assertArrayEquals(new float[] {20, 30, 40, 200, 300, 400}, a.toArray());
    a.copy_(Tensor.scalar(5));
    assertArrayEquals(new float[] {5, 5, 5, 5, 5, 5}, a.toArray());
    a.copy_(t(1, 2, 3));
    assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3}, a.toArray());
  }

  @Test
  void theOutputShapeCannotChange() {
    Tensor a = Tensor.zeros(3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add_(Tensor.ones(2, 3)));
    assertTrue(e.getMessage().contains("output with shape [3] doesn't match the broadcast shape [2, 3]"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> a.copy_(Tensor.ones(2)));
  }

  @Test
  void everyInPlaceOpBumpsTheVersion() {
    Tensor a = t(1, 2);
    assertEquals(0, a.version());
    a.add_(1);
    a.mul_(t(1, 2));
    a.zero_();
    a.fill_(1);
    a.copy_(t(3, 4));
    a.sub_(1);
    assertEquals(6, a.version());
  }

  @Test
  void viewsAndDetachedTensorsShareTheVersionCounterAndData() {
    Tensor a = Tensor.zeros(2, 3);
    Tensor row = a.select(0, 1);
    Tensor d = a.detach();
    row.add_(1);
    assertArrayEquals(new float[] {0, 0, 0, 1, 1, 1}, a.toArray());
    d.t().select(0, 0).fill_(7);   // column 0 through a transposed view of the detached tensor
    assertArrayEquals(new float[] {7, 0, 0, 7, 1, 1}, a.toArray());
    assertEquals(2, a.version());
    assertEquals(2, row.version());
    assertEquals(2, d.version());
  }

  @Test
  void writingIntoAStridedViewWritesTheRightElements() {
    Tensor a = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7}, 2, 4);
    a.slice(1, 0, 4, 2).mul_(10);
    assertArrayEquals(new float[] {0, 1, 20, 3, 40, 5, 60, 7}, a.toArray());
    a.t().narrow(0, 3, 1).copy_(Tensor.of(new float[] {-1, -2}, 1, 2));
    assertArrayEquals(new float[] {0, 1, 20, -1, 40, 5, 60, -2}, a.toArray());
  }

  @Test
  void detachedWriteIsDetectedByBackward() {
    Tensor p = Tensor.of(1f, 2f).requiresGrad_(true);
    Tensor q = p.exp();
    q.detach().add_(1);   // unlike PyTorch's .data, detach() shares the version counter
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> q.sum().backward());
    assertTrue(e.getMessage().contains("modified by an inplace operation"), e.getMessage());
  }

  @Test
  void inPlaceOnANonLeafRewritesItsHistory() {
    Tensor x = t(1, 2).requiresGrad_(true);
    Tensor h = x.mul(3);
    assertEquals("MulBackward0", h.gradFn().name());
    h.add_(1);
    assertEquals("AddBackward0", h.gradFn().name());
    assertEquals("MulBackward0", h.gradFn().nextFunctions().get(0).name());
    h.exp().sum().backward();
    // d/dx exp(3x + 1) = 3 exp(3x + 1)
    assertArrayEquals(new float[] {(float) (3 * Math.exp(4)), (float) (3 * Math.exp(7))}, x.grad().toArray(), 1e-2f);
  }

  @Test
  void inPlaceWithAnOperandThatRequiresGradGivesAConstantAHistory() {
    Tensor x = t(1, 2).requiresGrad_(true);
    Tensor c = Tensor.zeros(2);
    c.add_(x);
    assertTrue(c.requiresGrad());
    assertFalse(c.isLeaf());
    assertEquals("AddBackward0", c.gradFn().name());
    assertEquals(null, c.gradFn().nextFunctions().get(0));
    assertEquals("AccumulateGrad", c.gradFn().nextFunctions().get(1).name());
  }

  @Test
  void zeroAndFillGiveZeroGradientsToThePreviousHistory() {
    Tensor x = t(1, 2).requiresGrad_(true);
    Tensor h = x.mul(2);
    h.zero_();
    assertEquals("ZeroBackward0", h.gradFn().name());
    assertEquals("MulBackward0", h.gradFn().nextFunctions().get(0).name());
    h.sum().backward();
    assertArrayEquals(new float[] {0, 0}, x.grad().toArray(), "zeros, not null, as in PyTorch");
  }

  @Test
  void copyGivesTheSourceTheGradientAndTheOverwrittenHistoryZeros() {
    Tensor x = t(1, 2).requiresGrad_(true);
    Tensor y = t(5, 6).requiresGrad_(true);
    Tensor h = x.mul(2);
    h.copy_(y);
    assertEquals("CopyBackwards", h.gradFn().name());
    h.mul(3).sum().backward();
    assertArrayEquals(new float[] {0, 0}, x.grad().toArray());
    assertArrayEquals(new float[] {3, 3}, y.grad().toArray());
  }

  @Test
  void multiplyingByItselfUsesTheOldValue() {
    // PyTorch raises "modified by an inplace operation" for h.mul_(h); jgrad copies the operand first and gives
    // the correct gradient d/dx (x*1)^2 = 2x instead.
    Tensor x = t(1, 2, 3).requiresGrad_(true);
    Tensor h = x.mul(1);
    h.mul_(h);
    assertArrayEquals(new float[] {1, 4, 9}, h.toArray());
    h.sum().backward();
    assertArrayEquals(new float[] {2, 4, 6}, x.grad().toArray());
  }

  @Test
  void multiplyingByAnotherNonLeafMatchesTorch() {
    Tensor x = t(1, 2, 3).requiresGrad_(true);
    Tensor h = x.mul(1);
    Tensor h2 = h.mul(1);
    h2.mul_(h);
    h2.sum().backward();
    assertGolden("inplace.mulself.x.grad", x.grad());
  }

  @Test
  void writingAnExpandedTensorFails() {
    Tensor e = Tensor.zeros(1).expand(3);
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.add_(Tensor.ones(3)));
    assertTrue(ex.getMessage().contains("unsupported operation: more than one element of the written-to tensor "
        + "refers to a single memory location. Please clone() the tensor before performing the operation."),
        ex.getMessage());
    assertThrows(IllegalArgumentException.class, () -> e.fill_(1));
    assertThrows(IllegalArgumentException.class, () -> e.zero_());
    Tensor one = Tensor.zeros(1).expand(1, 1);   // size-1 dims with stride 0 hold one element each: allowed
    one.fill_(2);
    assertArrayEquals(new float[] {2}, one.toArray());
  }

  @Test
  void integerDestinationsRejectFloatResults() {
    Tensor i = Tensor.arange(3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> i.add_(0.5));
    assertTrue(e.getMessage().contains("result type Float can't be cast to the desired output type Long"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> i.mul_(Tensor.of(1f, 2f, 3f)));
    assertThrows(IllegalArgumentException.class, () -> i.div_(2));
    i.add_(2);
    i.mul_(3);
    assertArrayEquals(new long[] {6, 9, 12}, i.toLongArray());
    i.copy_(Tensor.of(1.7f, -1.7f, 2f));
    assertArrayEquals(new long[] {1, -1, 2}, i.toLongArray(), "copy_ truncates toward zero");
  }

  @Test
  void gradCanBeZeroedInPlace() {
    Tensor w = t(1, 2).requiresGrad_(true);
    w.mul(w).sum().backward();
    Tensor g = w.grad();
    g.zero_();
    assertSame(g, w.grad());
    w.mul(w).sum().backward();
    assertArrayEquals(new float[] {2, 4}, w.grad().toArray());
  }

  @Test
  void underNoGradNoHistoryIsRecorded() {
    Tensor x = t(1, 2).requiresGrad_(true);
    Tensor h = x.mul(2);
    try (var g = Autograd.noGrad()) {
      h.add_(1);
    }
    assertEquals("MulBackward0", h.gradFn().name(), "the history is not rewritten under noGrad");
  }
}
