package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChainedSchedulerTest {

  @Test
  void matchesPyTorch() {
    SchedulerCases.replay("chained_constant_exponential", SchedulerCases.sgd(1.0),
        o -> new ChainedScheduler(List.of(new ConstantLR(o, 0.1, 2), new ExponentialLR(o, 0.9))));
  }

  @Test
  void rejectsSchedulersOfDifferentOptimizers() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ChainedScheduler(
        List.of(new ExponentialLR(SchedulerCases.sgd(1), 0.9), new ExponentialLR(SchedulerCases.sgd(1), 0.9))));
    assertTrue(e.getMessage().contains("schedulers at index 0 and 1 to be different"), e.getMessage());
  }

  @Test
  void stateDictRoundTripResumes() {
    SGD a = SchedulerCases.sgd(1.0);
    ChainedScheduler sa = new ChainedScheduler(List.of(new ConstantLR(a, 0.1, 2), new ExponentialLR(a, 0.9)));
    a.step();
    sa.step();
    Map<String, Object> saved = sa.stateDict();
    SGD b = SchedulerCases.sgd(1.0);
    ChainedScheduler sb = new ChainedScheduler(List.of(new ConstantLR(b, 0.1, 2), new ExponentialLR(b, 0.9)));
    sb.loadStateDict(saved);
    b.paramGroups().get(0).setLr(a.paramGroups().get(0).lr());
    for (int i = 0; i < 4; i++) {
      a.step();
      sa.step();
      b.step();
      sb.step();
      assertEquals(sa.lastLr(), sb.lastLr(), 0);
    }
  }

  @Test
  void aRefusedChildLeavesEveryChildAsItWas() {
    SGD a = SchedulerCases.sgd(1.0);
    ChainedScheduler sa = new ChainedScheduler(List.of(new ConstantLR(a, 0.1, 2), new ExponentialLR(a, 0.9)));
    a.step();
    sa.step();
    Map<String, Object> saved = sa.stateDict();
    SGD b = SchedulerCases.sgd(1.0);
    ChainedScheduler sb = new ChainedScheduler(List.of(new ConstantLR(b, 0.1, 2), new ExponentialLR(b, 0.9)));
    String before = sb.stateDict().toString();
    // the first child's state is good, the second's lacks 'base_lrs'
    java.util.LinkedHashMap<String, Object> broken = new java.util.LinkedHashMap<>(saved);
    List<?> children = (List<?>) saved.get("_schedulers");
    @SuppressWarnings("unchecked")
    java.util.LinkedHashMap<String, Object> second = new java.util.LinkedHashMap<>((Map<String, Object>) children.get(1));
    second.remove("base_lrs");
    broken.put("_schedulers", List.of(children.get(0), second));
    assertThrows(IllegalArgumentException.class, () -> sb.loadStateDict(broken));
    assertEquals(before, sb.stateDict().toString());
  }
}
