package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link Tensor#setData}: PyTorch's {@code t.data = x}. */
class SetDataTest {

  @Test
  void takesTheNewDataKeepingIdentityAndAutogradState() {
    Tensor t = Tensor.ones(2).requiresGrad_(true);
    Tensor d = Tensor.of(new double[] {1.5, 2.5, 3.5}, new int[] {3}, DType.FLOAT64);
    assertSame(t, t.setData(d));
    assertArrayEquals(new int[] {3}, t.shape());
    assertEquals(DType.FLOAT64, t.dtype());
    assertArrayEquals(new double[] {1.5, 2.5, 3.5}, t.toDoubleArray());
    assertTrue(t.requiresGrad());
    assertTrue(t.isLeaf());
  }

  @Test
  void sharesTheStorageOfTheNewData() {
    Tensor t = Tensor.zeros(2);
    Tensor d = Tensor.of(1f, 2f);
    t.setData(d);
    try (Autograd.Scope g = Autograd.noGrad()) {
      d.mul_(3);
    }
    assertArrayEquals(new float[] {3f, 6f}, t.toArray());
  }

  /** A leaf used in a graph before its dtype changed gets a new accumulator: its gradient arrives in the new dtype. */
  @Test
  void aLeafWhoseDtypeChangedAccumulatesInTheNewDtype() {
    Tensor t = Tensor.of(1f, 2f, 3f).requiresGrad_(true);
    t.logSoftmax(0).backward(Tensor.of(1f, 0f, 0f));
    t.setGrad(null);
    t.setData(t.detach().to(DType.FLOAT64));
    t.logSoftmax(0).backward(Tensor.of(new double[] {1, 0, 0}, new int[] {3}, DType.FLOAT64));
    assertEquals(DType.FLOAT64, t.grad().dtype());
    double s = Math.exp(1) + Math.exp(2) + Math.exp(3);
    double[] expected = {1 - Math.exp(1) / s, -Math.exp(2) / s, -Math.exp(3) / s};
    double[] got = t.grad().toDoubleArray();
    for (int i = 0; i < 3; i++) {
      assertEquals(expected[i], got[i], 1e-15);
    }
  }

  @Test
  void refusesNonFloatDataForATensorThatRequiresGrad() {
    Tensor t = Tensor.ones(2).requiresGrad_(true);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.setData(Tensor.ofLongs(1, 2)));
    assertTrue(e.getMessage().contains("setData: data set to a tensor that requires gradients must be floating point"),
        e.getMessage());
    assertEquals(DType.INT64, Tensor.zeros(2).setData(Tensor.ofLongs(1, 2)).dtype());
  }
}
