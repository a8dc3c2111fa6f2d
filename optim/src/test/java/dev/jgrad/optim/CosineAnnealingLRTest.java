package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CosineAnnealingLRTest {

  @Test
  void matchesPyTorchForThreeFullPeriodsPastTMax() {
    // 24 steps with tMax 4: the rate reaches 0 at 4, climbs back to 0.1 at 8, and repeats (period 2 tMax).
    SchedulerCases.replay("cosine_annealing_lr", SchedulerCases.sgd(0.1), o -> new CosineAnnealingLR(o, 4));
  }

  @Test
  void matchesPyTorchWithEtaMin() {
    SchedulerCases.replay("cosine_annealing_lr_eta_min", SchedulerCases.sgd(0.1),
        o -> new CosineAnnealingLR(o, 5, 0.01));
  }

  @Test
  void restartsUpwardAfterTMax() {
    SGD opt = SchedulerCases.sgd(0.1);
    CosineAnnealingLR s = new CosineAnnealingLR(opt, 4);
    double[] seen = new double[9];
    for (int i = 1; i <= 8; i++) {
      opt.step();
      s.step();
      seen[i] = s.lastLr();
    }
    assertEquals(0.0, seen[4], 1e-17);
    assertEquals(0.05, seen[6], 1e-15);
    assertEquals(0.1, seen[8], 1e-15);
  }

  @Test
  void rejectsTMaxBelowOne() {
    assertThrows(IllegalArgumentException.class, () -> new CosineAnnealingLR(SchedulerCases.sgd(0.1), 0));
  }
}
