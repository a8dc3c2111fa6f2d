package dev.jgrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TransformerBenchmarkTest {
  @Test
  void encoderStepTrainsTheFourLayerModelOnItsFixedBatch() {
    TransformerBenchmark.Encoder c = new TransformerBenchmark.Encoder();
    c.dropout = 0.0;
    c.setup();
    assertEquals(4 * 12, c.model.parameters().size());
    assertEquals(4, c.model.layers().size());
    float first = c.step().item();
    float last = first;
    for (int i = 0; i < 3; i++) {
      last = new TransformerBenchmark().encoderStep(c).item();
    }
    assertTrue(Float.isFinite(last) && last < first, "loss went from " + first + " to " + last);
  }
}
