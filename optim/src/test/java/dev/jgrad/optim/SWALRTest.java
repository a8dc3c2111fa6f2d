package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SWALRTest {

  @Test
  void matchesPyTorchCosineAnneal() {
    SchedulerCases.replay("swalr_cos", SchedulerCases.sgd(0.1), o -> new SWALR(o, 0.05, 5, SWALR.AnnealStrategy.COS));
  }

  @Test
  void matchesPyTorchLinearAnnealPerGroup() {
    SchedulerCases.replay("swalr_linear_two_groups", SchedulerCases.sgd(0.1, 0, 2),
        o -> new SWALR(o, List.of(0.05, 0.002), 3, SWALR.AnnealStrategy.LINEAR));
  }

  @Test
  void matchesPyTorchWithoutAnnealing() {
    SchedulerCases.replay("swalr_no_anneal", SchedulerCases.sgd(0.1),
        o -> new SWALR(o, 0.02, 0, SWALR.AnnealStrategy.COS));
  }

  @Test
  void takesOverFromTheRateAnotherScheduleLeft() {
    SGD opt = SchedulerCases.sgd(0.1);
    CosineAnnealingLR cosine = new CosineAnnealingLR(opt, 10);
    for (int i = 0; i < 4; i++) {
      opt.step();
      cosine.step();
    }
    double left = opt.paramGroup(0).lr();
    SWALR swa = new SWALR(opt, 0.01, 2, SWALR.AnnealStrategy.LINEAR);
    assertEquals(left, swa.lastLr(), 1e-15);
    opt.step();
    swa.step();
    assertEquals((left + 0.01) / 2, swa.lastLr(), 1e-15);
    opt.step();
    swa.step();
    assertEquals(0.01, swa.lastLr(), 1e-15);
  }

  @Test
  void rejectsBadArguments() {
    IllegalArgumentException n = assertThrows(IllegalArgumentException.class,
        () -> new SWALR(SchedulerCases.sgd(0.1), List.of(0.1, 0.2), 10, SWALR.AnnealStrategy.COS));
    assertTrue(n.getMessage().contains(
        "swa_lr must have the same length as optimizer.param_groups: swa_lr has 2, optimizer.param_groups has 1"),
        n.getMessage());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SWALR(SchedulerCases.sgd(0.1), 0.1, -1, SWALR.AnnealStrategy.COS));
    assertTrue(e.getMessage().contains("anneal_epochs must be equal or greater than 0, got -1"), e.getMessage());
  }
}
