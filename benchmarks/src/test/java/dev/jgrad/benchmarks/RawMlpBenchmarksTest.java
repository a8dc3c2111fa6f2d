package dev.jgrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class RawMlpBenchmarksTest {
  private static void assertTrains(RawMlpBenchmarks.Case c, int steps) {
    float first = c.step().item();
    float last = first;
    for (int i = 1; i < steps; i++) {
      last = c.step().item();
    }
    assertTrue(Float.isFinite(last) && last < first, "loss went from " + first + " to " + last);
  }

  static RawMlpBenchmarks.Case rawCase(Workload w) {
    RawMlpBenchmarks.Case c = new RawMlpBenchmarks.Case();
    c.workload = w;
    c.setup();
    return c;
  }

  @Test
  void tinyMidAndAdamStepsReduceTheLossOnTheirFixedBatch() {
    assertTrains(rawCase(Workload.TINY), 20);
    assertTrains(rawCase(Workload.MID), 5);
    assertTrains(rawCase(Workload.ADAM_MID), 5);
  }

  @Test
  void benchmarkMethodsReturnTheLoss() {
    RawMlpBenchmarks b = new RawMlpBenchmarks();
    Tensor loss = b.rawStep(rawCase(Workload.TINY));
    assertTrue(loss.numel() == 1 && loss.item() > 0, "loss " + loss);
  }
}
