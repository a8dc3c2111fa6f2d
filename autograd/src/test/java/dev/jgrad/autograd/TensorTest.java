package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.engine.AccumulateGrad;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Tensor façade's own state: accessors, autograd flags (requiresGrad, isLeaf, grad, gradFn, retainGrad),
 * the backward overloads, and the printing suffixes. Op values are in CoreOpsGoldenTest.
 */
class TensorTest {

  /** PyTorch 1.13: x.sum(dim=[]) and x.mean(dim=[]) reduce every dim (15., 2.5, keepdim [1, 1], *Backward1). */
  @Test
  void sumAndMeanOverAnEmptyDimListReduceEverything() {
    Tensor x = Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 2, 3).requiresGrad_(true);
    Tensor s = x.sum(new int[0], false);
    assertEquals(15f, s.item());
    assertEquals("SumBackward1", s.gradFn().name());
    assertArrayEquals(new int[] {1, 1}, x.sum(new int[0], true).shape());
    Tensor m = x.mean(new int[0], false);
    assertEquals(2.5f, m.item());
    assertEquals("MeanBackward1", m.gradFn().name());
    m.backward();
    assertArrayEquals(new float[] {1f / 6, 1f / 6, 1f / 6, 1f / 6, 1f / 6, 1f / 6}, x.grad().toArray());
  }

  @Test
  void accessors() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertArrayEquals(new int[] {2, 3}, x.shape());
    assertEquals(2, x.dim());
    assertEquals(6, x.numel());
    assertEquals(3, x.size(1));
    assertEquals(3, x.size(-1));
    assertEquals(6f, x.get(1, 2));
    assertEquals(4f, x.get(-1, 0));
    assertEquals(DType.FLOAT32, x.dtype());
    x.shape()[0] = 99;
    assertEquals(2, x.shape()[0], "shape() is a copy");
    float[] a = x.toArray();
    a[0] = 99;
    assertEquals(1f, x.get(0, 0), "toArray() is a copy");
    assertEquals(7f, Tensor.scalar(7).item());
    assertEquals(7f, Tensor.of(new float[] {7}, 1, 1).item());
  }

  @Test
  void accessorErrors() {
    Tensor x = Tensor.of(1f, 2f);
    IllegalStateException item = assertThrows(IllegalStateException.class, x::item);
    assertTrue(item.getMessage().contains("a Tensor with 2 elements cannot be converted to Scalar"),
        item.getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> x.get(2));
    assertThrows(IllegalArgumentException.class, () -> x.get(0, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> x.size(1));
  }

  @Test
  void autogradFlagsOfLeavesAndResults() {
    Tensor c = Tensor.of(1f, 2f);
    assertFalse(c.requiresGrad());
    assertTrue(c.isLeaf());
    Tensor x = Tensor.of(1f, 2f);
    assertSame(x, x.requiresGrad_(true));
    assertTrue(x.requiresGrad());
    assertTrue(x.isLeaf());
    assertNull(x.gradFn());
    assertNull(x.grad());
    Tensor y = x.mul(c);
    assertTrue(y.requiresGrad(), "a result requires grad when any input does");
    assertFalse(y.isLeaf());
    assertEquals("MulBackward0", y.gradFn().name());
    assertFalse(c.add(c).requiresGrad());
    x.requiresGrad_(false);
    assertFalse(x.requiresGrad(), "a leaf may stop requiring grad");
  }

  @Test
  void nextFunctionsShowAccumulateGradForLeavesAndNullForConstants() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_(true);
    Tensor c = Tensor.of(3f, 4f);
    Tensor y = x.mul(c);
    List<Node> next = y.gradFn().nextFunctions();
    assertEquals(2, next.size());
    assertEquals("AccumulateGrad", next.get(0).name());
    assertNull(next.get(1));
    assertSame(x, ((AccumulateGrad) next.get(0)).variable(), "the leaf's own accumulator");
    assertSame(next.get(0), x.mul(2).gradFn().nextFunctions().get(0), "one AccumulateGrad per leaf");
    Tensor z = y.exp().sum();
    assertEquals("SumBackward0", z.gradFn().name());
    assertEquals("ExpBackward0", z.gradFn().nextFunctions().get(0).name());
    assertSame(y.gradFn(), z.gradFn().nextFunctions().get(0).nextFunctions().get(0));
    assertThrows(UnsupportedOperationException.class, () -> next.add(null), "the list is read-only");
    assertEquals("<MulBackward0>", y.gradFn().toString());
  }

  @Test
  void retainGradOnALeafIsANoOp() {
    Tensor x = Tensor.of(1f).requiresGrad_(true);
    assertSame(x, x.retainGrad());
    assertFalse(x.retainsGrad());
    x.mul(2).sum().backward();
    assertEquals(2f, x.grad().item());
  }

  @Test
  void setGradChecksTheShape() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_(true);
    x.setGrad(Tensor.of(5f, 5f));
    x.mul(3).sum().backward();
    assertArrayEquals(new float[] {8, 8}, x.grad().toArray());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.setGrad(Tensor.ones(3)));
    assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[2]"), e.getMessage());
    x.setGrad(null);
    assertNull(x.grad());
  }

  @Test
  void gradHasTheLeafsShapeAndIsNotPartOfAGraph() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad_(true);
    x.t().exp().sum().backward();
    assertArrayEquals(new int[] {2, 3}, x.grad().shape());
    assertTrue(x.grad().isContiguous());
    assertFalse(x.grad().requiresGrad());
    assertNull(x.grad().gradFn());
  }

  @Test
  void backwardOverloads() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_(true);
    Tensor y = x.mul(x);
    y.backward(Tensor.of(1f, 1f), true, false);
    y.backward(Tensor.of(1f, 0f));
    assertArrayEquals(new float[] {4, 4}, x.grad().toArray());
  }

  @Test
  void versionCountsInPlaceWrites() {
    Tensor x = Tensor.zeros(2);
    assertEquals(0, x.version());
    x.add_(1);
    assertEquals(1, x.version());
    x.add(1);
    assertEquals(1, x.version(), "out-of-place ops do not bump it");
  }

  @Test
  void toStringSuffixes() {
    Tensor x = Tensor.of(1f, 2.5f);
    assertEquals("tensor([1.0000, 2.5000])", x.toString());
    x.requiresGrad_(true);
    assertEquals("tensor([1.0000, 2.5000], requires_grad=True)", x.toString());
    assertEquals("tensor([2., 5.], grad_fn=<MulBackward0>)", x.mul(2).toString());
    assertEquals("tensor(7., grad_fn=<SumBackward0>)", x.mul(2).sum().toString());
    assertEquals("tensor([1, 2])", Tensor.ofLongs(1, 2).toString());
  }

  @Test
  void parameterLikeSubclassSharesStorage() {
    Tensor data = Tensor.of(1f, 2f);
    Tensor p = new Tensor(data, true) {};
    assertTrue(p.requiresGrad());
    assertTrue(p.isLeaf());
    try (var g = Autograd.noGrad()) {
      p.add_(1);
    }
    assertArrayEquals(new float[] {2, 3}, data.toArray());
  }
}
