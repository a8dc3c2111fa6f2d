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

  @Test
  void tinyMidAndAdamStepsReduceTheLossOnTheirFixedBatch() {
    RawMlpBenchmarks.Tiny tiny = new RawMlpBenchmarks.Tiny();
    tiny.setup();
    assertTrains(tiny, 20);
    RawMlpBenchmarks.Mid mid = new RawMlpBenchmarks.Mid();
    mid.setup();
    assertTrains(mid, 5);
    RawMlpBenchmarks.AdamMid adam = new RawMlpBenchmarks.AdamMid();
    adam.setup();
    assertTrains(adam, 5);
  }

  @Test
  void benchmarkMethodsReturnTheLoss() {
    RawMlpBenchmarks b = new RawMlpBenchmarks();
    RawMlpBenchmarks.Tiny tiny = new RawMlpBenchmarks.Tiny();
    tiny.setup();
    Tensor loss = b.rawMlpTiny(tiny);
    assertTrue(loss.numel() == 1 && loss.item() > 0, "loss " + loss);
  }
}
