package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class BatchTest {
  @Test
  void sizeIsDimZeroOfTheFeatures() {
    assertEquals(3, new Batch(Tensor.zeros(3, 5), Tensor.zeros(3)).size());
  }

  @Test
  void rejectsNullsAndHasNoSizeForAZeroDimSample() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> new Batch(null, Tensor.zeros(1)));
    assertTrue(e.getMessage().contains("features"));
    assertThrows(NullPointerException.class, () -> new Batch(Tensor.zeros(1), null));
    IllegalStateException s = assertThrows(IllegalStateException.class,
        () -> new Batch(Tensor.scalar(1), Tensor.scalar(0)).size());
    assertTrue(s.getMessage().contains("0-dim"), s.getMessage());
  }
}
