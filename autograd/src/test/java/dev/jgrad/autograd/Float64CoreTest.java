package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** float64 storage, creation, conversion, reading and printing (expected strings from PyTorch 1.13). */
class Float64CoreTest {
  @AfterEach
  void restoreDefault() {
    Tensor.setDefaultDtype(DType.FLOAT32);
  }

  @Test
  void holdsDoublesExactly() {
    Tensor t = Tensor.ofDoubles(0.1, 1e-300, 16777217.0);
    assertEquals(DType.FLOAT64, t.dtype());
    assertArrayEquals(new double[] {0.1, 1e-300, 16777217.0}, t.toDoubleArray());
    assertEquals(0.1, t.select(0, 0).doubleValue());
    assertEquals(16777217L, t.select(0, 2).longValue());
    assertEquals(8, DType.FLOAT64.itemSize());
  }

  @Test
  void stridedViewsReadInRowMajorOrder() {
    Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, new int[] {2, 3}, DType.FLOAT64);
    assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, t.t().toDoubleArray());
    assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, t.t().contiguous().toDoubleArray());
  }

  @Test
  void convertsBetweenDtypes() {
    Tensor d = Tensor.ofDoubles(1.5, -2.75, 1e-9);
    assertArrayEquals(new float[] {1.5f, -2.75f, 1e-9f}, d.to(DType.FLOAT32).toArray());
    assertArrayEquals(new long[] {1, -2, 0}, d.to(DType.INT64).toLongArray());
    assertArrayEquals(new double[] {1, 1, 1}, d.to(DType.BOOL).toDoubleArray());
    assertArrayEquals(new double[] {(double) 0.1f}, Tensor.of(0.1f).to(DType.FLOAT64).toDoubleArray());
  }

  @Test
  void toIsDifferentiableBetweenFloatingDtypes() {
    Tensor x = Tensor.of(1f, 2f).requiresGrad_(true);
    Tensor y = x.to(DType.FLOAT64);
    assertEquals("ToCopyBackward0", y.gradFn().name());
    y.backward(Tensor.ofDoubles(0.5, 0.25));
    assertEquals(DType.FLOAT32, x.grad().dtype());
    assertArrayEquals(new float[] {0.5f, 0.25f}, x.grad().toArray());
  }

  @Test
  void factoriesTakeADtypeAndLikesKeepIt() {
    assertEquals(DType.FLOAT64, Tensor.zeros(DType.FLOAT64, 2, 3).dtype());
    assertArrayEquals(new double[] {1, 1}, Tensor.ones(DType.FLOAT64, 2).toDoubleArray());
    assertArrayEquals(new double[] {0.1, 0.1}, Tensor.full(new int[] {2}, 0.1, DType.FLOAT64).toDoubleArray());
    assertEquals(DType.FLOAT64, Tensor.zerosLike(Tensor.ofDoubles(1, 2)).dtype());
    assertEquals(DType.INT64, Tensor.full(new int[] {1}, 2.7, DType.INT64).dtype());
    assertEquals(2L, Tensor.full(new int[] {1}, 2.7, DType.INT64).longValue());
  }

  @Test
  void defaultDtypeDrivesFactoriesAndPrinting() {
    Tensor.setDefaultDtype(DType.FLOAT64);
    assertEquals(DType.FLOAT64, Tensor.defaultDtype());
    assertEquals(DType.FLOAT64, Tensor.zeros(2).dtype());
    assertEquals("tensor([0., 0.])", Tensor.zeros(2).toString());
    assertEquals("tensor([0., 0.], dtype=torch.float32)", Tensor.zeros(DType.FLOAT32, 2).toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.setDefaultDtype(DType.INT64));
    assertTrue(e.getMessage().contains("only floating-point types are supported as the default type"),
        e.getMessage());
  }

  @Test
  void printsLikePyTorch() {
    assertEquals("tensor([1., 2.], dtype=torch.float64)", Tensor.ofDoubles(1, 2).toString());
    assertEquals("tensor([1.5000, 2.2500], dtype=torch.float64)", Tensor.ofDoubles(1.5, 2.25).toString());
    assertEquals("tensor([1.0000e-10, 1.0000e+00], dtype=torch.float64)", Tensor.ofDoubles(1e-10, 1).toString());
    assertEquals("tensor([1.5000, 2.0000], dtype=torch.float64, requires_grad=True)",
        Tensor.ofDoubles(1.5, 2).requiresGrad_(true).toString());
    assertEquals("tensor([], dtype=torch.float64)", Tensor.ofDoubles().toString());
    assertEquals("tensor(0.1000, dtype=torch.float64)", Tensor.ofDoubles(0.1).view().toString());
  }

  @Test
  void opsWithoutAFloat64KernelSaySo() {
    // every op has a float64 path now; the refusal stays for the next one that does not
    UnsupportedOperationException e = dev.jgrad.autograd.kernels.Dtypes.notImplemented("some_op", DType.FLOAT64);
    assertTrue(e.getMessage().contains("\"some_op\" not implemented for 'Double'"), e.getMessage());
  }
}
