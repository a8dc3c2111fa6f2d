package dev.jgrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SeedBenchmarksTest {
  @Test
  void seedStepComputesTheTutorialValueAndLeavesAZeroGradient() {
    SeedBenchmarks b = new SeedBenchmarks();
    b.setup();
    float[] x = b.x.toArray();
    double expected = 0;
    for (float v : x) {
      expected += 2.0 * (v + 2) * (v + 2) / 3;
    }
    for (int i = 0; i < 3; i++) {
      assertEquals(expected, b.seedStep().item(), 1e-5);
      assertArrayEquals(new float[3], b.x.grad().toArray());
    }
  }

  @Test
  void seedSgdStepDescendsByLrTimesThree() {
    SeedBenchmarks b = new SeedBenchmarks();
    b.setup();
    assertEquals(12f, b.seedSgdStep().item(), 1e-6);
    assertArrayEquals(new float[] {0.97f, 0.97f, 0.97f, 0.97f}, b.w.toArray(), 1e-6f);
    assertNull(b.w.grad());
    assertEquals(4 * 3 * 0.97f, b.seedSgdStep().item(), 1e-5);
  }
}
