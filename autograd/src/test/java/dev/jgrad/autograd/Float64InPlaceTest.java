package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * float64 in-place ops, copies and fills across dtypes, PyTorch's cast check, mixed-dtype gradients (each input's
 * gradient in its own dtype) and the accumulation of float64 gradients; expected values from PyTorch 1.13.
 */
class Float64InPlaceTest {

  @Test
  void inPlaceArithmeticComputesInDouble() {
    Tensor t = Tensor.ofDoubles(0.1, 0.2, 0.3);
    t.add_(Tensor.ofDoubles(0.7, 0.8, 0.9)).mul_(3.0).sub_(0.1).div_(Tensor.ofDoubles(7, 7, 7));
    assertArrayEquals(new double[] {((0.1 + 0.7) * 3.0 - 0.1) / 7, ((0.2 + 0.8) * 3.0 - 0.1) / 7,
        ((0.3 + 0.9) * 3.0 - 0.1) / 7}, t.toDoubleArray());
    assertEquals(DType.FLOAT64, t.dtype());
    t.clamp_(0.3, 0.4);
    assertArrayEquals(new double[] {((0.1 + 0.7) * 3.0 - 0.1) / 7, 0.4, 0.4}, t.toDoubleArray());
    Tensor strided = Tensor.of(new double[] {1, 2, 3, 4}, new int[] {2, 2}, DType.FLOAT64).t();
    strided.add_(0.25);
    assertArrayEquals(new double[] {1.25, 3.25, 2.25, 4.25}, strided.toDoubleArray());
    assertArrayEquals(new double[] {0.1, 0.1}, Tensor.zeros(DType.FLOAT64, 2).fill_(0.1).toDoubleArray());
    assertArrayEquals(new double[] {0, 0}, Tensor.ofDoubles(0.1, 0.2).zero_().toDoubleArray());
  }

  @Test
  void float32TensorTakesAFloat64OperandInPlace() {
    Tensor t = Tensor.of(1f, 2f);
    t.add_(Tensor.ofDoubles(0.1, 0.2));               // result type float64, written back into float32
    assertEquals(DType.FLOAT32, t.dtype());
    assertArrayEquals(new float[] {(float) (1 + 0.1), (float) (2 + 0.2)}, t.toArray());
  }

  @Test
  void resultThatCannotBeCastFailsWithPyTorchsMessage() {
    Tensor ints = Tensor.ofLongs(1, 2);
    Exception e = assertThrows(IllegalArgumentException.class, () -> ints.add_(Tensor.of(1f, 2f)));
    assertTrue(e.getMessage().contains("result type Float can't be cast to the desired output type Long"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ints.mul_(2.5));
    assertTrue(e.getMessage().contains("result type Float can't be cast to the desired output type Long"));
    e = assertThrows(IllegalArgumentException.class, () -> ints.add_(Tensor.ofDoubles(1, 2)));
    assertTrue(e.getMessage().contains("result type Double can't be cast to the desired output type Long"));
    e = assertThrows(IllegalArgumentException.class, () -> ints.div_(2));
    assertTrue(e.getMessage().contains("can't be cast to the desired output type Long"));
    e = assertThrows(IllegalArgumentException.class, () -> ints.clamp_(0.5, 1.5));
    assertTrue(e.getMessage().contains("result type Float can't be cast to the desired output type Long"));
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.ones(DType.BOOL, 2).add_(Tensor.ofLongs(1, 1)));
    assertTrue(e.getMessage().contains("result type Long can't be cast to the desired output type Bool"));
    assertArrayEquals(new long[] {3, 4}, ints.add_(2).toLongArray());       // a Python int: stays int64
    assertArrayEquals(new long[] {3, 3}, ints.clamp_(0, 3).toLongArray());
  }

  @Test
  void fillAndCopyConvertToTheDestinationDtype() {
    assertArrayEquals(new long[] {2, 2}, Tensor.zeros(DType.INT64, 2).fill_(2.5).toLongArray());
    assertArrayEquals(new double[] {1, 1}, Tensor.zeros(DType.BOOL, 2).fill_(2.5).toDoubleArray());
    assertArrayEquals(new long[] {1, -2, 3},
        Tensor.zeros(DType.INT64, 3).copy_(Tensor.ofDoubles(1.5, -2.5, 3.5)).toLongArray());
    assertArrayEquals(new double[] {1.5, 2.5, 3.5},
        Tensor.zeros(DType.FLOAT64, 3).copy_(Tensor.of(1.5f, 2.5f, 3.5f)).toDoubleArray());
    assertArrayEquals(new float[] {0.1f}, Tensor.zeros(1).copy_(Tensor.ofDoubles(0.1)).toArray());
    assertArrayEquals(new double[] {0.1, 0.1},
        Tensor.zeros(DType.FLOAT64, 2).copy_(Tensor.ofDoubles(0.1)).toDoubleArray());
    assertArrayEquals(new long[] {2, 2},
        Tensor.ofLongs(1, 2).maskedFill(Tensor.ones(DType.BOOL, 2), 2.5).toLongArray());
  }

  @Test
  void copyGradientGoesBackInTheSourceDtype() {
    Tensor src = Tensor.of(1f, 2f).requiresGrad_(true);
    Tensor dst = Tensor.zeros(DType.FLOAT64, 2).mul(1);
    dst.copy_(src);
    dst.mul(Tensor.ofDoubles(0.1, 0.2)).backward(Tensor.ofDoubles(1, 1));
    assertEquals(DType.FLOAT32, src.grad().dtype());
    assertArrayEquals(new float[] {0.1f, 0.2f}, src.grad().toArray());
  }

  @Test
  void mixedDtypeGradientsComeBackInEachInputsDtype() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_(true);
    Tensor y = Tensor.ofDoubles(0.1, 0.2).requiresGrad_(true);
    Tensor z = x.mul(y);
    assertEquals(DType.FLOAT64, z.dtype());
    assertArrayEquals(new double[] {0.1, 0.4}, z.toDoubleArray(), 0);
    z.backward(Tensor.ofDoubles(1, 1));
    assertEquals(DType.FLOAT32, x.grad().dtype());
    assertArrayEquals(new float[] {0.1f, 0.2f}, x.grad().toArray());
    assertEquals(DType.FLOAT64, y.grad().dtype());
    assertArrayEquals(new double[] {1, 2}, y.grad().toDoubleArray());

    // A 0-dim float64 tensor does not promote a float32 tensor with dims: the result and x's gradient stay float32.
    Tensor s = Tensor.ofDoubles(0.1).reshape().requiresGrad_(true);
    Tensor w = Tensor.of(1f, 2f).requiresGrad_(true);
    Tensor r = w.mul(s);
    assertEquals(DType.FLOAT32, r.dtype());
    assertArrayEquals(new float[] {0.1f, 0.2f}, r.toArray());
    r.backward(Tensor.of(1f, 1f));
    assertEquals(DType.FLOAT64, s.grad().dtype());
    assertEquals(3.0, s.grad().doubleValue());
  }

  @Test
  void float64LeavesAccumulateGradients() {
    Tensor x = Tensor.ofDoubles(0.1, 0.2).requiresGrad_(true);
    x.mul(3.0).backward(Tensor.ofDoubles(1, 1));
    Tensor first = x.grad();
    x.mul(x).backward(Tensor.ofDoubles(1, 1));
    assertSame(first, x.grad());                         // accumulated in place (InPlace.addUnchecked)
    assertArrayEquals(new double[] {3 + 0.2, 3 + 0.4}, x.grad().toDoubleArray());
    assertEquals(DType.FLOAT64, x.grad().dtype());
  }

  @Test
  void javaIntScalarsKeepFloat32ResultsAndValues() {
    Tensor x = Tensor.of(0.1f, 0.7f, -3f);
    assertArrayEquals(x.mul(2.0).toArray(), x.mul(2).toArray());
    assertEquals(DType.FLOAT32, x.mul(2).dtype());
    assertEquals(DType.FLOAT32, x.add(1).dtype());
    assertEquals(DType.INT64, Tensor.ofLongs(1, 2).mul(2).dtype());
    assertEquals(DType.INT64, Tensor.ofLongs(1, 2).pow(2).dtype());
    assertEquals(DType.FLOAT32, Tensor.ofLongs(1, 2).pow(2.0).dtype());
    assertEquals(DType.FLOAT32, Tensor.ofLongs(1, 2).clamp(0.5, 1.5).dtype());
    assertEquals(DType.INT64, Tensor.ofLongs(1, 2).clamp(0, 1).dtype());
    Tensor mask = Tensor.of(new double[] {1, 0}, new int[] {2}, DType.BOOL);
    assertEquals(DType.INT64, Tensor.where(mask, Tensor.ofLongs(1, 2), 0).dtype());
    assertArrayEquals(new float[] {1f, 0.5f}, Tensor.where(mask, Tensor.ofLongs(1, 2), 0.5).toArray());
    assertEquals(DType.FLOAT64, Tensor.where(mask, Tensor.ofDoubles(1, 2), 0.1).dtype());
    assertEquals(0.1, Tensor.where(mask, Tensor.ofDoubles(1, 2), 0.1).toDoubleArray()[1]);
  }

  @Test
  void boolArithmeticIsLogical() {
    Tensor a = Tensor.of(new double[] {1, 1, 0, 0}, new int[] {4}, DType.BOOL);
    Tensor b = Tensor.of(new double[] {1, 0, 1, 0}, new int[] {4}, DType.BOOL);
    assertEquals(DType.BOOL, a.add(b).dtype());
    assertArrayEquals(new double[] {1, 1, 1, 0}, a.add(b).toDoubleArray());
    assertArrayEquals(new double[] {1, 0, 0, 0}, a.mul(b).toDoubleArray());
    Exception e = assertThrows(IllegalArgumentException.class, () -> a.sub(b));
    assertTrue(e.getMessage().contains("Subtraction, the `-` operator, with two bool tensors is not supported"));
    e = assertThrows(IllegalArgumentException.class, a::neg);
    assertTrue(e.getMessage().contains("Negation, the `-` operator, on a bool tensor is not supported"));
  }
}
