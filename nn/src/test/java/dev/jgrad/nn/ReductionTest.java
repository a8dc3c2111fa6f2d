package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

  @Test
  void batchMeanIsKlDivergenceOnly() {
    assertEquals("batchmean", Reduction.BATCHMEAN.torchName());
    assertEquals(Reduction.SUM, Reduction.SUM.plain("mseLoss"));
    Golden.assertContains(assertThrows(IllegalArgumentException.class,
        () -> Reduction.BATCHMEAN.plain("mseLoss")).getMessage(), "mseLoss", "batchmean is not a valid value for "
        + "reduction");
    assertThrows(IllegalArgumentException.class, () -> Reduction.BATCHMEAN.apply(Tensor.of(1f)));
  }
}
