package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class MultiplicativeLRTest {

  @Test
  void matchesPyTorch() {
    SchedulerCases.replay("multiplicative_lr", SchedulerCases.sgd(0.1), o -> new MultiplicativeLR(o, e -> 0.9));
  }

  @Test
  void matchesPyTorchWithOneFunctionPerGroup() {
    List<IntToDoubleFunction> factors = List.of(e -> e % 3 == 0 ? 0.5 : 1.0, e -> 0.95);
    SchedulerCases.replay("multiplicative_lr_two_groups", SchedulerCases.sgd(0.1, 0, 2),
        o -> new MultiplicativeLR(o, factors));
  }

  @Test
  void rejectsAWrongNumberOfFunctions() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MultiplicativeLR(SchedulerCases.sgd(0.1), List.of(x -> 1.0, x -> 1.0)));
    assertTrue(e.getMessage().contains("MultiplicativeLR: Expected 1 lr_lambdas, but got 2"), e.getMessage());
  }
}
