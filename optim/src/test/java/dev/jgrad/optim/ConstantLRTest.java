package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConstantLRTest {

  @Test
  void matchesPyTorchWithDefaults() {
    SchedulerCases.replay("constant_lr", SchedulerCases.sgd(0.1), ConstantLR::new);
  }

  @Test
  void rejectsAFactorAboveOne() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ConstantLR(SchedulerCases.sgd(0.1), 1.5, 3));
    assertTrue(e.getMessage().contains("Constant multiplicative factor expected to be between 0 and 1, got 1.5"),
        e.getMessage());
  }
}
