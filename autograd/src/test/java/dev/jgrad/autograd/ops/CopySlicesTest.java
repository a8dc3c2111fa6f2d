package dev.jgrad.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

/**
 * In-place ops on views of tensors that require grad (PyTorch's CopySlices). Expected values printed by
 * tools/gen_copyslices_golden.py with torch 1.13.0a0.
 */
class CopySlicesTest {
  private static Tensor x() {
    return Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad_(true);
  }

  private static final Tensor C = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);

  @Test
  void mulInPlaceOnAColumnSlice() {
    Tensor x = x();
    Tensor h = x.mul(2);
    h.narrow(1, 0, 2).mul_(3);
    assertArrayEquals(new float[] {6, 12, 6, 24, 30, 12}, h.toArray());
    assertEquals("CopySlices", h.gradFn().name());
    h.mul(h).sum().backward();
    assertArrayEquals(new float[] {72, 144, 24, 288, 360, 48}, x.grad().toArray());
  }

  @Test
  void zeroInPlaceOnARow() {
    Tensor x = x();
    Tensor h = x.mul(3);
    h.select(0, 1).zero_();
    h.mul(Tensor.of(new float[] {1, -1, 2, 3, 3, 3}, 2, 3)).sum().backward();
    assertArrayEquals(new float[] {3, -3, 6, 0, 0, 0}, x.grad().toArray());
  }

  @Test
  void modifyingASavedOutputThroughAViewFailsTheVersionCheck() {
    Tensor h = x().exp();
    h.select(0, 1).zero_();
    RuntimeException e = assertThrows(RuntimeException.class, () -> h.sum().backward());
    assertTrue(e.getMessage().contains("modified by an inplace operation"), e.getMessage());
  }

  @Test
  void copyIntoARowFromATensorThatRequiresGrad() {
    Tensor x = x();
    Tensor y = Tensor.of(new float[] {7, 8, 9}, 1, 3).requiresGrad_(true);
    Tensor h = x.mul(1);
    h.narrow(0, 0, 1).copy_(y);
    h.pow(2).sum().backward();
    assertArrayEquals(new float[] {0, 0, 0, 8, 10, 12}, x.grad().toArray());
    assertArrayEquals(new float[] {14, 16, 18}, y.grad().toArray());
  }

  @Test
  void addInPlaceIntoATransposedView() {
    Tensor x = x();
    Tensor z = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2).requiresGrad_(true);
    Tensor h = x.mul(1);
    h.t().add_(z.mul(z));
    assertArrayEquals(new float[] {2, 11, 28, 8, 21, 42}, h.toArray());
    h.mul(C).sum().backward();
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, x.grad().toArray());
    assertArrayEquals(new float[] {2, 16, 12, 40, 30, 72}, z.grad().toArray());
  }

  @Test
  void aViewOfAViewThenAnInPlaceOpOnTheBaseItself() {
    Tensor x = x();
    Tensor w2 = Tensor.of(10f, 20f).requiresGrad_(true);
    Tensor h = x.mul(1);
    h.narrow(0, 0, 2).select(1, 1).mul_(w2);
    h.add_(1);
    assertArrayEquals(new float[] {2, 21, 4, 5, 101, 7}, h.toArray());
    h.mul(C).sum().backward();
    assertArrayEquals(new float[] {1, 20, 3, 4, 100, 6}, x.grad().toArray());
    assertArrayEquals(new float[] {4, 25}, w2.grad().toArray());
  }

  /** PyTorch regenerates an older overlapping view's history after the in-place op (AsStridedBackward0). */
  @Test
  void aViewTakenBeforeAnOverlappingInPlaceOpSeesTheNewValuesInItsGradient() {
    Tensor x = x();
    Tensor h = x.mul(2);
    Tensor v = h.select(1, 0);
    h.select(0, 0).mul_(3);
    assertArrayEquals(new float[] {6, 8}, v.toArray());
    assertEquals("AsStridedBackward0", v.gradFn().name());
    v.mul(Tensor.of(1f, 10f)).sum().backward();
    assertArrayEquals(new float[] {6, 0, 0, 20, 0, 0}, x.grad().toArray());
  }

  @Test
  void twoInPlaceOpsOnTwoOverlappingViewsOneAfterTheOther() {
    Tensor x = x();
    Tensor h = x.mul(2);
    Tensor col = h.select(1, 1);
    Tensor row = h.select(0, 0);
    row.mul_(3);
    col.add_(Tensor.of(100f, 200f));
    assertArrayEquals(new float[] {6, 112, 18, 8, 210, 12}, h.toArray());
    h.mul(C).sum().backward();
    assertArrayEquals(new float[] {6, 12, 18, 8, 10, 12}, x.grad().toArray());
  }

  @Test
  void aBaseThatDidNotRequireGradStartsToWhenAViewReceivesOneThatDoes() {
    Tensor y = Tensor.of(2f, 3f, 4f).requiresGrad_(true);
    Tensor h = Tensor.zeros(2, 3);
    h.select(0, 1).copy_(y);
    assertTrue(h.requiresGrad());
    assertEquals("CopySlices", h.gradFn().name());
    h.mul(C).sum().backward();
    assertArrayEquals(new float[] {4, 5, 6}, y.grad().toArray());
  }

  @Test
  void aViewOfALeafThatRequiresGradIsStillRefused() {
    Tensor x = x();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.narrow(0, 0, 1).mul_(2));
    assertTrue(e.getMessage().contains("a view of a leaf Variable that requires grad"), e.getMessage());
    assertNull(x.grad());
  }

  /** A root tensor over a transposed layout (possible through the protected wrapping constructor) is refused. */
  @Test
  void aViewOfANonContiguousBaseIsRefusedWithItsLayout() {
    Tensor base = new Tensor(Tensor.zeros(3, 2).t(), false) {};
    Tensor y = Tensor.of(1f, 2f).requiresGrad_(true);
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> base.select(1, 0).copy_(y));
    assertTrue(e.getMessage().contains("copy_: in-place operation on a view of a non-contiguous tensor"), e.getMessage());
    assertTrue(e.getMessage().contains("base shape [2, 3], base strides [1, 2]"), e.getMessage());
  }
}
