package dev.jgrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class MlpBenchmarksTest {
  private static void assertTrains(MlpBenchmarks.Case c, int steps) {
    float first = c.step().item();
    float last = first;
    for (int i = 1; i < steps; i++) {
      last = c.step().item();
    }
    assertTrue(Float.isFinite(last) && last < first, "loss went from " + first + " to " + last);
  }

  @Test
  void tinyMidAndAdamStepsReduceTheLossOnTheirFixedBatch() {
    MlpBenchmarks.Tiny tiny = new MlpBenchmarks.Tiny();
    tiny.setup();
    assertEquals(6, tiny.model.parameters().size());
    assertEquals(DType.INT64, tiny.y.dtype());
    assertTrains(tiny, 20);
    MlpBenchmarks.Mid mid = new MlpBenchmarks.Mid();
    mid.setup();
    assertTrains(mid, 5);
    MlpBenchmarks.AdamMid adam = new MlpBenchmarks.AdamMid();
    adam.setup();
    assertEquals(4, adam.model.parameters().size());
    assertTrains(adam, 5);
  }

  @Test
  void nnStepComputesTheSameLossAsTheRawOpsStepOnTheSameWeights() {
    MlpBenchmarks.Tiny nn = new MlpBenchmarks.Tiny();
    nn.setup();
    RawMlpBenchmarks.Case raw = RawMlpBenchmarksTest.rawCase(Workload.TINY);
    for (int i = 0; i < nn.model.parameters().size(); i++) {
      try (var g = dev.jgrad.autograd.Autograd.noGrad()) {
        raw.model.parameters().get(i).copy_(nn.model.parameters().get(i));
      }
    }
    raw.x = nn.x;
    raw.oneHot = RawMlp.oneHot(nn.y.toLongArray(), 3);
    assertEquals(raw.step().item(), nn.step().item(), 1e-5);
  }

  @Test
  void benchmarkMethodReturnsTheLoss() {
    MlpBenchmarks.Tiny tiny = new MlpBenchmarks.Tiny();
    tiny.setup();
    Tensor loss = new MlpBenchmarks().mlpTiny(tiny);
    assertTrue(loss.numel() == 1 && loss.item() > 0, "loss " + loss);
  }
}
