package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MultiStepLRTest {

  @Test
  void matchesPyTorchIncludingARepeatedMilestone() {
    SchedulerCases.replay("multi_step_lr", SchedulerCases.sgd(0.1),
        o -> new MultiStepLR(o, List.of(2, 5, 5, 8), 0.5));
  }

  @Test
  void closedFormCountsEveryMilestonePassed() {
    SGD opt = SchedulerCases.sgd(1.0);
    MultiStepLR s = new MultiStepLR(opt, List.of(2, 5, 5), 0.5);
    s.stepTo(6);
    assertEquals(0.125, s.lastLr(), 0);
    assertEquals(List.of(2, 5, 5), s.stateDict().get("milestones"));
  }
}
