package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PolynomialLRTest {

  @Test
  void matchesPyTorchLinearDecayToZeroThenHolds() {
    SchedulerCases.replay("polynomial_lr", SchedulerCases.sgd(0.001), o -> new PolynomialLR(o, 4, 1.0));
  }

  @Test
  void matchesPyTorchWithPowerTwoAndTwoGroups() {
    SchedulerCases.replay("polynomial_lr_power2", SchedulerCases.sgd(0.1, 0, 2), o -> new PolynomialLR(o, 6, 2.0));
  }

  @Test
  void defaultsArePyTorchs() {
    SchedulerCases.replay("polynomial_lr_default", SchedulerCases.sgd(0.1), PolynomialLR::new);
  }

  @Test
  void stateDictCarriesTheHyperparameters() {
    Map<String, Object> state = new PolynomialLR(SchedulerCases.sgd(0.1), 7, 3.0).stateDict();
    assertEquals(7, state.get("total_iters"));
    assertEquals(3.0, state.get("power"));
  }

  @Test
  void rejectsZeroTotalIters() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new PolynomialLR(SchedulerCases.sgd(0.1), 0, 1.0));
    assertTrue(e.getMessage().contains("PolynomialLR: total_iters must be at least 1, got 0"), e.getMessage());
  }
}
