package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LinearLRTest {

  @Test
  void matchesPyTorchWarmUpWithDefaults() {
    SchedulerCases.replay("linear_lr", SchedulerCases.sgd(0.1), LinearLR::new);
  }

  @Test
  void matchesPyTorchDecay() {
    SchedulerCases.replay("linear_lr_decay", SchedulerCases.sgd(0.1), o -> new LinearLR(o, 1.0, 0.25, 4));
  }

  @Test
  void rejectsFactorsOutOfRange() {
    IllegalArgumentException start =
        assertThrows(IllegalArgumentException.class, () -> new LinearLR(SchedulerCases.sgd(0.1), 0, 1, 5));
    assertTrue(start.getMessage().contains(
        "Starting multiplicative factor expected to be greater than 0 and less or equal to 1, got 0.0"),
        start.getMessage());
    IllegalArgumentException end =
        assertThrows(IllegalArgumentException.class, () -> new LinearLR(SchedulerCases.sgd(0.1), 0.5, 2, 5));
    assertTrue(end.getMessage().contains("Ending multiplicative factor expected to be between 0 and 1, got 2.0"),
        end.getMessage());
  }
}
