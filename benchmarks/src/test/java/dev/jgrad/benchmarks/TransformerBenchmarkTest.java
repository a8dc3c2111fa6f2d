package dev.jgrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TransformerBenchmarkTest {
  @Test
  void encoderStepTrainsTheModelOnItsFixedBatch() {
    TransformerBenchmark.Encoder c = new TransformerBenchmark.Encoder();
    c.dropout = 0.1;
    c.init(1, 8, 2);   // the benchmark's layer on a short sequence: the full step takes seconds on a busy machine
    assertEquals(12, c.model.parameters().size());
    assertEquals(1, c.model.layers().size());
    assertEquals(TransformerBenchmark.D_MODEL, c.x.size(2));
    float first = c.step().item();
    float last = first;
    for (int i = 0; i < 2; i++) {
      last = new TransformerBenchmark().encoderStep(c).item();
    }
    assertTrue(Float.isFinite(last) && last < first, "loss went from " + first + " to " + last);
  }
}
