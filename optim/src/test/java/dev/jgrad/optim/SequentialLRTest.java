package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SequentialLRTest {

  @Test
  void linearWarmUpThenCosineMatchesPyTorch() {
    SchedulerCases.replay("sequential_linear_cosine", SchedulerCases.sgd(0.1), o -> new SequentialLR(o,
        List.of(new LinearLR(o, 0.1, 1.0, 3), new CosineAnnealingLR(o, 5)), List.of(3)));
  }

  @Test
  void constantThenExponentialMatchesPyTorch() {
    SchedulerCases.replay("sequential_constant_exponential", SchedulerCases.sgd(1.0), o -> new SequentialLR(o,
        List.of(new ConstantLR(o, 0.1, 2), new ExponentialLR(o, 0.9)), List.of(2)));
  }

  @Test
  void validatesOptimizerAndMilestones() {
    SGD opt = SchedulerCases.sgd(1.0);
    SGD other = SchedulerCases.sgd(1.0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SequentialLR(opt,
        List.of(new ConstantLR(opt, 0.1, 2), new ExponentialLR(other, 0.9)), List.of(2)));
    assertTrue(e.getMessage().contains("got schedulers at index 1 to be different than the optimizer passed in"),
        e.getMessage());
    IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> new SequentialLR(opt,
        List.of(new ConstantLR(opt, 0.1, 2), new ExponentialLR(opt, 0.9)), List.of(2, 4)));
    assertTrue(m.getMessage().contains("number of schedulers 2 and the number of milestones to be equal to 2"),
        m.getMessage());
  }

  @Test
  void stateDictRoundTripResumes() {
    SGD a = SchedulerCases.sgd(0.1);
    SequentialLR sa = new SequentialLR(a, List.of(new LinearLR(a, 0.1, 1.0, 3), new ExponentialLR(a, 0.5)),
        List.of(3));
    for (int i = 0; i < 4; i++) {
      a.step();
      sa.step();
    }
    Map<String, Object> saved = sa.stateDict();
    SGD b = SchedulerCases.sgd(0.1);
    SequentialLR sb = new SequentialLR(b, List.of(new LinearLR(b, 0.1, 1.0, 3), new ExponentialLR(b, 0.5)),
        List.of(3));
    sb.loadStateDict(saved);
    b.paramGroups().get(0).setLr(a.paramGroups().get(0).lr());
    for (int i = 0; i < 5; i++) {
      a.step();
      sa.step();
      b.step();
      sb.step();
      assertEquals(sa.lastLr(), sb.lastLr(), 0, "step " + i);
    }
  }
}
