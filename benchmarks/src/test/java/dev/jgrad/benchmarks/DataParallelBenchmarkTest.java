package dev.jgrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DataParallelBenchmarkTest {
  private static DataParallelBenchmark.Steps steps(String mode) {
    DataParallelBenchmark.Steps s = new DataParallelBenchmark.Steps();
    s.batch = 8;   // small: the test checks the wiring, not the speed
    s.replicas = 2;
    s.mode = mode;
    s.setUp();
    return s;
  }

  @Test
  void threadedStepsTrainExactlyAsEmulatedOnes() {
    DataParallelBenchmark bench = new DataParallelBenchmark();
    double emulated = bench.step(steps("emulated"));
    double threaded = bench.step(steps("threaded"));
    assertTrue(Double.isFinite(emulated));
    assertEquals(emulated, threaded);
  }

  @Test
  void reductionSumsTheReplicasVectors() throws Exception {
    DataParallelBenchmark.Reduction r = new DataParallelBenchmark.Reduction();
    r.replicas = 2;
    r.threads = 2;
    r.setUp();
    try {
      float first = new DataParallelBenchmark().reduce(r);
      assertEquals(r.grads.get(0)[0] + r.grads.get(1)[0], first);
      int last = r.sum.length - 1;
      assertEquals(r.grads.get(0)[last] + r.grads.get(1)[last], r.sum[last]);
    } finally {
      r.tearDown();
    }
  }
}
