package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class OneCycleLRTest {

  @Test
  void cosineMatchesPyTorchLrAndMomentum() {
    SchedulerCases.replay("one_cycle_cos", SchedulerCases.sgd(0.1, 0.9, 1), o -> new OneCycleLR(o, 1.0, 10));
  }

  @Test
  void linearMatchesPyTorchLrAndMomentum() {
    SchedulerCases.replay("one_cycle_linear", SchedulerCases.sgd(0.1, 0.9, 1), o -> new OneCycleLR(o, 1.0, 10,
        OneCycleLR.Options.defaults().withAnnealStrategy(OneCycleLR.AnnealStrategy.LINEAR)));
  }

  @Test
  void threePhaseMatchesPyTorch() {
    SchedulerCases.replay("one_cycle_three_phase", SchedulerCases.sgd(0.1, 0.9, 1), o -> new OneCycleLR(o, 0.5, 20,
        OneCycleLR.Options.defaults().withThreePhase(true).withPctStart(0.25)));
  }

  @Test
  void cyclesAdamsBeta1() {
    Adam adam = new Adam(List.of(Tensor.zeros(2).requiresGrad_(true)), 0.1);
    SchedulerCases.replay("one_cycle_adam", adam, o -> new OneCycleLR(o, 0.01, 3, 4,
        OneCycleLR.Options.defaults().withDivFactor(10).withFinalDivFactor(100)));
    assertEquals(0.999, adam.paramGroup(0).options().beta2(), 0);
  }

  @Test
  void withoutMomentumCyclingWorksForAdagrad() {
    Adagrad adagrad = new Adagrad(List.of(Tensor.zeros(2).requiresGrad_(true)), 0.1);
    SchedulerCases.replay("one_cycle_no_momentum", adagrad,
        o -> new OneCycleLR(o, 0.2, 8, OneCycleLR.Options.defaults().withCycleMomentum(false)));
  }

  @Test
  void momentumCyclingNeedsMomentum() {
    Adagrad adagrad = new Adagrad(List.of(Tensor.zeros(2).requiresGrad_(true)), 0.1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OneCycleLR(adagrad, 1, 10));
    assertTrue(e.getMessage().contains("optimizer must support momentum with `cycle_momentum` option enabled"),
        e.getMessage());
    assertTrue(adagrad.paramGroup(0).initialLr().isEmpty(), "a rejected scheduler must not touch the groups");
  }

  @Test
  void steppingPastTotalStepsFailsLikePyTorch() {
    SGD opt = SchedulerCases.sgd(0.1, 0.9, 1);
    OneCycleLR s = new OneCycleLR(opt, 1.0, 10);
    for (int i = 0; i < 9; i++) {
      opt.step();
      s.step();
    }
    assertEquals(4e-6, s.lastLr(), 1e-18);
    opt.step();
    s.step();                             // step 10 is still allowed (PyTorch extrapolates the cosine)
    assertEquals(0.0495194, s.lastLr(), 1e-7);
    opt.step();
    IllegalStateException e = assertThrows(IllegalStateException.class, s::step);
    assertEquals("OneCycleLR: Tried to step 12 times. The specified number of total steps is 10", e.getMessage());
  }

  @Test
  void validatesItsArguments() {
    SGD opt = SchedulerCases.sgd(0.1, 0.9, 1);
    IllegalArgumentException steps = assertThrows(IllegalArgumentException.class, () -> new OneCycleLR(opt, 1, 0));
    assertTrue(steps.getMessage().contains("Expected positive integer total_steps, but got 0"), steps.getMessage());
    IllegalArgumentException pct = assertThrows(IllegalArgumentException.class,
        () -> new OneCycleLR(opt, 1, 10, OneCycleLR.Options.defaults().withPctStart(1.5)));
    assertTrue(pct.getMessage().contains("Expected float between 0 and 1 pct_start, but got 1.5"), pct.getMessage());
    IllegalArgumentException lrs = assertThrows(IllegalArgumentException.class,
        () -> new OneCycleLR(opt, List.of(1.0, 2.0), 10, OneCycleLR.Options.defaults()));
    assertTrue(lrs.getMessage().contains("expected 1 values for max_lr, got 2"), lrs.getMessage());
  }

  @Test
  void setsInitialLrForLaterSchedulers() {
    SGD opt = SchedulerCases.sgd(0.1, 0.9, 1);
    new OneCycleLR(opt, 1.0, 10);
    assertEquals(0.04, opt.paramGroup(0).initialLr().getAsDouble(), 0);
    assertEquals(0.95, opt.paramGroup(0).options().momentum(), 1e-15);
  }
}
