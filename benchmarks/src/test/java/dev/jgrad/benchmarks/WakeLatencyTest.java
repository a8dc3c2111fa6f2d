package dev.jgrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WakeLatencyTest {

  @Test
  void measuresPositiveLatenciesAndPrintsThem() throws InterruptedException {
    WakeLatency.Result r = WakeLatency.measure(20, 0, 10);
    assertTrue(r.unparkMedian() > 0 && r.unparkP90() >= r.unparkMedian(), r.toString());
    assertTrue(r.wakeMedian() > 0 && r.wakeP90() >= r.wakeMedian(), r.toString());
    assertTrue(r.toString().startsWith("unpark call: median "), r.toString());
  }

  @Test
  void rejectsNonsenseArguments() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WakeLatency.measure(0, 1, 0));
    assertTrue(e.getMessage().equals("WakeLatency.measure: samples must be >= 1, idleMillis and busyMicros >= 0, got 0, 1 and 0"), e.getMessage());
  }
}
