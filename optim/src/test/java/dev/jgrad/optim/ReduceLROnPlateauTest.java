package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.optim.ReduceLROnPlateau.Mode;
import dev.jgrad.optim.ReduceLROnPlateau.Options;
import dev.jgrad.optim.ReduceLROnPlateau.ThresholdMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReduceLROnPlateauTest {

  @Test
  void patienceMatchesPyTorch() {
    SchedulerCases.replay("plateau_patience", SchedulerCases.sgd(0.1),
        o -> new ReduceLROnPlateau(o, Options.defaults().withPatience(2).withFactor(0.5)));
  }

  @Test
  void cooldownMatchesPyTorch() {
    SchedulerCases.replay("plateau_cooldown", SchedulerCases.sgd(0.1),
        o -> new ReduceLROnPlateau(o, Options.defaults().withPatience(1).withFactor(0.5).withCooldown(2)));
  }

  @Test
  void relativeThresholdMatchesPyTorch() {
    SchedulerCases.replay("plateau_rel_threshold", SchedulerCases.sgd(0.1), o -> new ReduceLROnPlateau(o,
        Options.defaults().withPatience(1).withFactor(0.5).withThreshold(0.1, ThresholdMode.REL)));
  }

  @Test
  void absoluteThresholdMatchesPyTorch() {
    SchedulerCases.replay("plateau_abs_threshold", SchedulerCases.sgd(0.1), o -> new ReduceLROnPlateau(o,
        Options.defaults().withPatience(1).withFactor(0.5).withThreshold(0.01, ThresholdMode.ABS)));
  }

  @Test
  void maxModeMatchesPyTorch() {
    SchedulerCases.replay("plateau_max_rel", SchedulerCases.sgd(0.1), o -> new ReduceLROnPlateau(o,
        Options.defaults().withMode(Mode.MAX).withPatience(1).withFactor(0.1).withThreshold(0.01,
            ThresholdMode.REL)));
  }

  @Test
  void perGroupMinLrMatchesPyTorch() {
    SchedulerCases.replay("plateau_max_abs_min_lr", SchedulerCases.sgd(0.1, 0, 2), o -> new ReduceLROnPlateau(o,
        Options.defaults().withMode(Mode.MAX).withPatience(0).withFactor(0.5)
            .withThreshold(0.02, ThresholdMode.ABS).withMinLrs(List.of(0.02, 0.004))));
  }

  @Test
  void needsAMetric() {
    ReduceLROnPlateau s = new ReduceLROnPlateau(SchedulerCases.sgd(0.1));
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, s::step);
    assertTrue(e.getMessage().startsWith("ReduceLROnPlateau.step: a metric is required"), e.getMessage());
    assertEquals(List.of(0.1), s.lastLrs());
  }

  @Test
  void validatesItsOptions() {
    IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
        () -> new ReduceLROnPlateau(SchedulerCases.sgd(0.1), Options.defaults().withFactor(1.0)));
    assertTrue(f.getMessage().contains("Factor should be < 1.0."), f.getMessage());
    IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau(
        SchedulerCases.sgd(0.1, 0, 2), Options.defaults().withMinLrs(List.of(0.1))));
    assertTrue(m.getMessage().contains("expected 2 min_lrs, got 1"), m.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new ReduceLROnPlateau(SchedulerCases.sgd(0.1), Options.defaults().withPatience(-1)));
  }

  @Test
  void tracksBestAndCooldown() {
    ReduceLROnPlateau s = new ReduceLROnPlateau(SchedulerCases.sgd(0.1),
        Options.defaults().withPatience(0).withCooldown(1));
    assertEquals(Double.POSITIVE_INFINITY, s.best());
    s.step(1.0);
    assertEquals(1.0, s.best());
    s.step(2.0);
    assertTrue(s.inCooldown());
    assertEquals(0.01, s.lastLr(), 1e-17);
    s.step(2.0);
    assertFalse(s.inCooldown());
    assertEquals(0, s.numBadEpochs());
    assertTrue(s.isBetter(0.5, 1.0));
  }

  @Test
  void stateDictRoundTripResumesIncludingStrings() {
    SGD a = SchedulerCases.sgd(0.1);
    ReduceLROnPlateau sa = new ReduceLROnPlateau(a, Options.defaults().withPatience(1).withCooldown(1));
    double[] metrics = {1, 0.9, 0.95, 0.95, 0.95, 0.8, 0.85, 0.85, 0.85, 0.85};
    for (int i = 0; i < 4; i++) {
      sa.step(metrics[i]);
    }
    Map<String, Object> saved = sa.stateDict();
    Map<String, Object> asStrings = new java.util.LinkedHashMap<>();
    saved.forEach((k, v) -> asStrings.put(k, String.valueOf(v)));
    SGD b = SchedulerCases.sgd(0.1);
    ReduceLROnPlateau sb = new ReduceLROnPlateau(b, Options.defaults().withPatience(1).withCooldown(1));
    sb.loadStateDict(asStrings);
    b.paramGroups().get(0).setLr(a.paramGroups().get(0).lr());
    for (int i = 4; i < metrics.length; i++) {
      sa.step(metrics[i]);
      sb.step(metrics[i]);
      assertEquals(sa.lastLr(), sb.lastLr(), 0, "epoch " + i);
      assertEquals(sa.best(), sb.best(), 0);
    }
  }
}
