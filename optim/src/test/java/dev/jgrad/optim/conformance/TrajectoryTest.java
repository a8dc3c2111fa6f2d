package dev.jgrad.optim.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrajectoryTest {
  private static Trajectory of(float[]... rows) {
    return new Trajectory(ReferenceProblem.ROSENBROCK, rows);
  }

  @Test
  void exactMatchHasZeroError() {
    Trajectory.Comparison c = of(new float[] {1, 2}, new float[] {3, Float.NaN}).compareTo(
        of(new float[] {1, 2}, new float[] {3, Float.NaN}), 0, 0);
    assertTrue(c.matches());
    assertEquals(0.0, c.maxAbsError());
  }

  @Test
  void reportsTheFirstMismatchAndTheLargestErrors() {
    Trajectory.Comparison c = of(new float[] {1, 2}, new float[] {3.1f, 4}).compareTo(
        of(new float[] {1, 2.000001f}, new float[] {3, 4}), 1e-5, 0);
    assertFalse(c.matches());
    assertEquals(2, c.firstMismatchStep());
    assertEquals(0, c.element());
    assertEquals(0.1, c.maxAbsError(), 1e-6);
    assertTrue(c.toString().startsWith("first mismatch at step 2, element 0: got 3.09"), c.toString());
    assertFalse(of(new float[] {Float.POSITIVE_INFINITY}).compareTo(of(new float[] {1}), 1, 1).matches());
  }

  @Test
  void rejectsDifferentLengths() {
    assertThrows(IllegalArgumentException.class, () -> of(new float[] {1}).compareTo(of(), 0, 0));
    assertArrayEquals(new float[] {1}, of(new float[] {1}).after(1));
  }
}
