package dev.jgrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.DType;
import org.junit.jupiter.api.Test;

class GemmCpuTimeTest {
  @Test
  void measuresOneSortedPositiveFigurePerRound() {
    double[] micros = GemmCpuTime.measure(DType.FLOAT64, 16, 3, 1_000_000L);
    assertEquals(3, micros.length);
    for (int i = 0; i < micros.length; i++) {
      assertTrue(micros[i] > 0, "round " + i + ": " + micros[i]);
      assertTrue(i == 0 || micros[i - 1] <= micros[i], "sorted");
    }
  }

  @Test
  void rejectsAnUnknownDtype() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GemmCpuTime.main(new String[] {"int64", "256"}));
    assertTrue(e.getMessage().contains("usage: GemmCpuTime float32|float64 N"), e.getMessage());
    assertTrue(e.getMessage().contains("[int64, 256]"), e.getMessage());
  }
}
