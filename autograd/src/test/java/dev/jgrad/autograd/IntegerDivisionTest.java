package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** floorDivide, remainder and div's rounding modes on int64 (integer semantics) and float64; values from torch 1.13. */
class IntegerDivisionTest {
  private static final Tensor L = Tensor.ofLongs(-7, 7, 5);

  @Test
  void int64DividesAsIntegersAndStaysInt64() {
    assertEquals(DType.INT64, L.floorDivide(2).dtype());
    assertArrayEquals(new long[] {-4, 3, 2}, L.floorDivide(2).toLongArray());
    assertArrayEquals(new long[] {-1, -2, -1}, L.remainder(-3).toLongArray());
    assertArrayEquals(new long[] {-3, 3, 2}, L.div(2, "trunc").toLongArray());
    assertArrayEquals(new long[] {-4, 3, 2}, L.div(2, "floor").toLongArray());
    assertArrayEquals(new long[] {3, -4}, Tensor.ofLongs(-7, 7).floorDivide(Tensor.ofLongs(-2)).toLongArray());
    assertEquals(DType.FLOAT32, L.div(2).dtype());
    assertArrayEquals(new float[] {-3.5f, 3.5f, 2.5f}, L.div(2).toArray());
  }

  @Test
  void pythonFloatDivisorsGiveFloats() {
    assertEquals(DType.FLOAT32, L.remainder(2.5).dtype());
    assertArrayEquals(new float[] {0.5f, 2f, 0f}, L.remainder(2.5).toArray());
    assertArrayEquals(new float[] {-3f, 2f, 2f}, L.floorDivide(2.5).toArray());
  }

  @Test
  void integerDivisionByZeroFails() {
    for (Runnable r : new Runnable[] {() -> L.floorDivide(0), () -> L.remainder(0), () -> L.div(0, "trunc"),
        () -> L.div(Tensor.ofLongs(1, 0, 1), "floor")}) {
      Exception e = assertThrows(ArithmeticException.class, r::run);
      assertTrue(e.getMessage().contains("ZeroDivisionError"), e.getMessage());
    }
    float[] inf = Tensor.of(1f, -1f).floorDivide(0.0).toArray();
    assertArrayEquals(new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}, inf);
  }

  @Test
  void float64FollowsPythonsSignRule() {
    Tensor a = Tensor.ofDoubles(-7, 7, 5.5).requiresGrad_(true);
    Tensor b = Tensor.ofDoubles(2, -3, 1.5).requiresGrad_(true);
    assertArrayEquals(new double[] {-4, -3, 3}, a.floorDivide(b).toDoubleArray());
    assertArrayEquals(new double[] {-3, -2, 3}, a.div(b, "trunc").toDoubleArray());
    Tensor r = a.remainder(b);
    assertEquals("RemainderBackward1", r.gradFn().name());
    assertArrayEquals(new double[] {1, -2, 1}, r.toDoubleArray());
    r.backward(Tensor.ofDoubles(1, 1, 1));
    assertArrayEquals(new double[] {1, 1, 1}, a.grad().toDoubleArray());
    assertArrayEquals(new double[] {4, 3, -3}, b.grad().toDoubleArray());
    assertEquals("DivBackward2", a.div(b, "floor").gradFn().name());
  }

  @Test
  void unknownRoundingModeFails() {
    Exception e = assertThrows(IllegalArgumentException.class, () -> L.div(2, "round"));
    assertTrue(e.getMessage().contains("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
        + "'round'"));
  }
}
