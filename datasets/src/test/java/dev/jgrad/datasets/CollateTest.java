package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollateTest {
  @Test
  void stackAddsABatchDimAndKeepsDtypes() {
    Batch b = Collate.stack().collate(List.of(
        new Batch(Tensor.of(1f, 2f), Tensor.ofLongs(3).reshape()),
        new Batch(Tensor.of(4f, 5f), Tensor.ofLongs(6).reshape())));
    assertArrayEquals(new int[] {2, 2}, b.features().shape());
    assertArrayEquals(new float[] {1, 2, 4, 5}, b.features().toArray());
    assertArrayEquals(new int[] {2}, b.targets().shape());
    assertEquals(DType.INT64, b.targets().dtype());
    assertArrayEquals(new long[] {3, 6}, b.targets().toLongArray());
  }

  @Test
  void unequalShapesFailWithPyTorchsPhrase() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Collate.stack().collate(List.of(
        new Batch(Tensor.of(1f, 2f), Tensor.scalar(0)), new Batch(Tensor.of(1f, 2f, 3f), Tensor.scalar(0)))));
    assertTrue(e.getMessage().contains(
        "stack expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1"), e.getMessage());
    IllegalArgumentException d = assertThrows(IllegalArgumentException.class, () -> Collate.stack().collate(List.of(
        new Batch(Tensor.of(1f), Tensor.scalar(0)), new Batch(Tensor.of(1f), Tensor.ofLongs(1).reshape()))));
    assertTrue(d.getMessage().contains("torch.int64 at entry 1"), d.getMessage());
  }
}
