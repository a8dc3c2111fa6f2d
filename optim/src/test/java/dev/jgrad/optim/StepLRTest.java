package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StepLRTest {

  @Test
  void matchesPyTorchOverFourPeriods() {
    SchedulerCases.replay("step_lr", SchedulerCases.sgd(0.1), o -> new StepLR(o, 3, 0.1));
  }

  @Test
  void eachGroupDecaysFromItsOwnRate() {
    SchedulerCases.replay("step_lr_two_groups", SchedulerCases.sgd(0.1, 0, 2), o -> new StepLR(o, 2, 0.5));
  }

  @Test
  void defaultGammaIsATenth() {
    SGD opt = SchedulerCases.sgd(1.0);
    StepLR s = new StepLR(opt, 1);
    opt.step();
    s.step();
    assertEquals(0.1, s.lastLr(), 1e-15);
    assertEquals(1, s.lastEpoch());
  }

  @Test
  void rejectsANonPositiveStepSize() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new StepLR(SchedulerCases.sgd(0.1), 0));
    assertTrue(e.getMessage().startsWith("StepLR: stepSize must be at least 1, got 0"), e.getMessage());
  }
}
