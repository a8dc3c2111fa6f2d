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

  @Test
  void aBatchWithMoreElementsThanATensorHoldsFailsBeforeCopying() {
    // [65536, 65536] wraps to 0 in int, [46341, 46341] to a negative count, [3, 1431655766] to 2; each sample is a
    // stride-0 view, so only an unchecked product would allocate (and then copy gigabytes into too small an array)
    for (int[] s : new int[][] {{65536, 65536}, {46341, 46341}, {3, 1431655766}}) {
      Batch sample = new Batch(Tensor.zeros(1).expand(s[1]), Tensor.scalar(0));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Collate.stack().collate(java.util.Collections.nCopies(s[0], sample)));
      assertEquals("Collate.stack: shape [" + s[0] + ", " + s[1] + "] has " + (long) s[0] * s[1] + " elements, more "
          + "than the 2147483639 a tensor can hold", e.getMessage());
    }
  }
}
