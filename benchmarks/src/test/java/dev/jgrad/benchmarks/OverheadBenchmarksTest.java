package dev.jgrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OverheadBenchmarksTest {
  @Test
  void partsComputeTheSameValuesWithAndWithoutTheGraph() {
    OverheadBenchmarks b = new OverheadBenchmarks();
    b.setup();
    assertEquals(b.seedForwardGrad().item(), b.seedForwardNoGrad().item(), 0f);
    assertFalse(b.seedForwardNoGrad().requiresGrad());
    assertTrue(b.seedForwardGrad().requiresGrad());
    assertEquals(b.mlpTinyForwardGrad().item(), b.mlpTinyForwardNoGrad().item(), 0f);
    assertTrue(b.gradModeRead());
    assertEquals(3, b.tensorOf3().numel());
    assertEquals(b.x3.toArray()[1] + 2, b.addScalar3().toArray()[1], 0f);
  }

  @Test
  void forwardBackwardLeavesGradientsAndTheOptimizerStepUsesThem() {
    OverheadBenchmarks b = new OverheadBenchmarks();
    b.setup();
    b.mlpTinyForwardBackward();
    assertNotNull(b.tiny.model.parameters().get(0).grad());
    float before = b.tiny.model.parameters().get(1).toArray()[0];
    b.mlpTinyOptimizerStep();
    assertTrue(before != b.tiny.model.parameters().get(1).toArray()[0], "bias did not move");
  }
}
