package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CosineAnnealingWarmRestartsTest {

  @Test
  void matchesPyTorchWithFixedPeriods() {
    SchedulerCases.replay("warm_restarts", SchedulerCases.sgd(0.1), o -> new CosineAnnealingWarmRestarts(o, 3));
  }

  @Test
  void matchesPyTorchWithGrowingPeriodsEtaMinAndTwoGroups() {
    SchedulerCases.replay("warm_restarts_mult", SchedulerCases.sgd(0.1, 0, 2),
        o -> new CosineAnnealingWarmRestarts(o, 2, 2, 0.001));
  }

  @Test
  void matchesPyTorchWithFractionalEpochs() {
    SchedulerCases.replay("warm_restarts_fractional", SchedulerCases.sgd(0.1),
        o -> new CosineAnnealingWarmRestarts(o, 2, 2, 0.01));
  }

  @Test
  void matchesPyTorchWithEpochsOutOfOrder() {
    SchedulerCases.replay("warm_restarts_fractional_mult1", SchedulerCases.sgd(0.1),
        o -> new CosineAnnealingWarmRestarts(o, 3));
  }

  @Test
  void aResumedScheduleContinuesWhereTheSavedOneWas() {
    SGD a = SchedulerCases.sgd(0.1);
    CosineAnnealingWarmRestarts first = new CosineAnnealingWarmRestarts(a, 2, 2);
    for (int i = 0; i < 5; i++) {
      a.step();
      first.step();
    }
    Map<String, Object> state = first.stateDict();
    assertEquals(4, state.get("T_i"));
    SGD b = SchedulerCases.sgd(0.1);
    CosineAnnealingWarmRestarts second = new CosineAnnealingWarmRestarts(b, 2, 2);
    second.loadStateDict(state);
    for (int i = 0; i < 7; i++) {
      a.step();
      first.step();
      b.step();
      second.step();
      assertEquals(first.lastLr(), second.lastLr(), 0.0);
    }
    assertEquals(first.currentPeriod(), second.currentPeriod());
    assertEquals(first.epochsSinceRestart(), second.epochsSinceRestart(), 0.0);
  }

  @Test
  void rejectsBadPeriodsAndNegativeEpochs() {
    IllegalArgumentException t0 = assertThrows(IllegalArgumentException.class,
        () -> new CosineAnnealingWarmRestarts(SchedulerCases.sgd(0.1), 0));
    assertTrue(t0.getMessage().contains("Expected positive integer T_0, but got 0"), t0.getMessage());
    IllegalArgumentException mult = assertThrows(IllegalArgumentException.class,
        () -> new CosineAnnealingWarmRestarts(SchedulerCases.sgd(0.1), 2, 0));
    assertTrue(mult.getMessage().contains("Expected integer T_mult >= 1, but got 0"), mult.getMessage());
    CosineAnnealingWarmRestarts s = new CosineAnnealingWarmRestarts(SchedulerCases.sgd(0.1), 2);
    IllegalArgumentException epoch = assertThrows(IllegalArgumentException.class, () -> s.step(-1.0));
    assertTrue(epoch.getMessage().contains("Expected non-negative epoch, but got -1.0"), epoch.getMessage());
  }
}
