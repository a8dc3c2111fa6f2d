package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExponentialLRTest {

  @Test
  void matchesPyTorch() {
    SchedulerCases.replay("exponential_lr", SchedulerCases.sgd(0.1), o -> new ExponentialLR(o, 0.5));
  }

  @Test
  void closedFormIsGammaToTheEpoch() {
    SGD opt = SchedulerCases.sgd(0.1);
    ExponentialLR s = new ExponentialLR(opt, 0.5);
    s.stepTo(3);
    assertEquals(0.0125, s.lastLr(), 1e-17);
  }
}
