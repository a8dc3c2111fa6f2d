package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class ReductionTest {
  @Test
  void appliesMeanSumOrNothing() {
    Tensor l = Tensor.of(1f, 2f, 6f);
    assertEquals(3f, Reduction.MEAN.apply(l).item());
    assertEquals(9f, Reduction.SUM.apply(l).item());
    assertArrayEquals(l.toArray(), Reduction.NONE.apply(l).toArray());
    assertEquals("none", Reduction.NONE.torchName());
  }
}
