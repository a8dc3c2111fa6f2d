package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AbstractLRSchedulerTest {

  /** A user-written schedule: halve every epoch. */
  static final class Halving extends AbstractLRScheduler {
    Halving(Optimizer optimizer) {
      super(optimizer);
      start();
    }

    @Override
    protected double[] computeLrs() {
      double[] lrs = baseLrs();
      for (int i = 0; i < lrs.length; i++) {
        lrs[i] *= Math.pow(0.5, lastEpoch());
      }
      return lrs;
    }
  }

  @Test
  void constructionAppliesTheEpochZeroRate() {
    SGD opt = SchedulerCases.sgd(0.1);
    LinearLR s = new LinearLR(opt);
    assertEquals(0, s.lastEpoch());
    assertEquals(0.1 / 3, opt.paramGroup(0).lr(), 1e-17);
    assertEquals(0.1, opt.paramGroup(0).initialLr().getAsDouble(), 0);
  }

  @Test
  void warnsOnceWhenSchedulerStepsBeforeOptimizer() {
    SGD opt = SchedulerCases.sgd(0.1);
    StepLR s = new StepLR(opt, 2);
    try (SchedulerCases.LogCapture log = new SchedulerCases.LogCapture()) {
      s.step();
      s.step();
      opt.step();
      s.step();
      assertEquals(1, log.messages.size(), log.messages.toString());
      String m = log.messages.get(0);
      assertTrue(m.startsWith("WARNING StepLR.step: Detected call of `lr_scheduler.step()` before "
          + "`optimizer.step()`."), m);
      assertTrue(m.contains("skipping the first value of the learning rate schedule"), m);
    }
  }

  @Test
  void noWarningInTheRightOrder() {
    SGD opt = SchedulerCases.sgd(0.1);
    opt.step();                       // a step before the scheduler exists does not count, as in PyTorch
    ExponentialLR s = new ExponentialLR(opt, 0.5);
    try (SchedulerCases.LogCapture log = new SchedulerCases.LogCapture()) {
      opt.step();
      s.step();
      opt.step();
      s.step();
      assertEquals(List.of(), log.messages);
    }
  }

  @Test
  void aSecondSchedulerKeepsTheFirstsInitialLr() {
    SGD opt = SchedulerCases.sgd(0.1);
    new ExponentialLR(opt, 0.5);
    opt.step();
    opt.paramGroup(0).setLr(0.05);
    Halving h = new Halving(opt);
    assertEquals(0.1, h.baseLrs()[0], 0);
    assertEquals(0.1, h.lastLr(), 0);
  }

  @Test
  void userSchedulesPlugIn() {
    SGD opt = SchedulerCases.sgd(1.0);
    Halving h = new Halving(opt);
    for (int i = 0; i < 3; i++) {
      opt.step();
      h.step();
    }
    assertEquals(0.125, h.lastLr(), 0);
    assertEquals(List.of(0.125), h.lastLrs());
    assertEquals(opt, h.optimizer());
  }

  @Test
  void stateDictHasPyTorchKeysAndLoadsFromStrings() {
    SGD a = SchedulerCases.sgd(0.1, 0, 2);
    StepLR sa = new StepLR(a, 2, 0.5);
    for (int i = 0; i < 3; i++) {
      a.step();
      sa.step();
    }
    Map<String, Object> saved = sa.stateDict();
    assertEquals(List.of("last_epoch", "base_lrs", "_step_count", "_last_lr", "step_size", "gamma"),
        List.copyOf(saved.keySet()));
    assertEquals(3, saved.get("last_epoch"));
    assertEquals(4, saved.get("_step_count"));
    assertEquals(List.of(0.1, 0.01), saved.get("base_lrs"));

    SGD b = SchedulerCases.sgd(0.1, 0, 2);
    StepLR sb = new StepLR(b, 2, 0.5);
    Map<String, Object> strings = new java.util.LinkedHashMap<>();
    saved.forEach((k, v) -> strings.put(k, String.valueOf(v)));
    sb.loadStateDict(strings);
    assertEquals(3, sb.lastEpoch());
    assertEquals(sa.lastLrs(), sb.lastLrs());
    for (int g = 0; g < 2; g++) {
      b.paramGroups().get(g).setLr(a.paramGroups().get(g).lr());
    }
    for (int i = 0; i < 4; i++) {
      a.step();
      sa.step();
      b.step();
      sb.step();
      assertEquals(sa.lastLrs(), sb.lastLrs());
    }
  }

  @Test
  void loadStateDictNamesBadKeys() {
    StepLR s = new StepLR(SchedulerCases.sgd(0.1), 2);
    Map<String, Object> state = new java.util.LinkedHashMap<>(s.stateDict());
    state.put("last_epoch", "soon");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.loadStateDict(state));
    assertEquals("StepLR.loadStateDict: 'last_epoch' must be a number, got soon", e.getMessage());
    state.put("last_epoch", 1);
    state.put("base_lrs", List.of(0.1, 0.2));
    IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> s.loadStateDict(state));
    assertTrue(n.getMessage().contains("the state has 2 base rates but the optimizer has 1 param groups"),
        n.getMessage());
  }
}
