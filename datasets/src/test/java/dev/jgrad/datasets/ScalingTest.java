package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScalingTest {
  @Test
  void fixedKeepsItsConstantsAndRejectsAZeroScale() {
    Scaling s = Scaling.fixed(1, 255);
    assertEquals(Scaling.Method.FIXED, s.method());
    assertEquals(1.0, s.center());
    assertEquals(255.0, s.scale());
    assertEquals(s, Scaling.fixed(1, 255));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scaling.fixed(0, 0));
    assertTrue(e.getMessage().contains("scale finite and non-zero, got center 0.0, scale 0.0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Scaling.fixed(Double.NaN, 1));
    assertEquals(Scaling.Method.STANDARDIZE, Scaling.STANDARDIZE.method());
  }
}
