package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CyclicLRTest {

  @Test
  void matchesPyTorchTriangularWithMomentumCycling() {
    SchedulerCases.replay("cyclic_triangular", SchedulerCases.sgd(0.1, 0.9, 1),
        o -> new CyclicLR(o, 0.01, 0.1, CyclicLR.Options.defaults().withStepSizeUp(4)));
  }

  @Test
  void matchesPyTorchTriangular2WithAsymmetricSteps() {
    SchedulerCases.replay("cyclic_triangular2", SchedulerCases.sgd(0.1, 0.9, 2),
        o -> new CyclicLR(o, List.of(0.01, 0.001), List.of(0.1, 0.05), CyclicLR.Options.defaults()
            .withStepSizeUp(3).withStepSizeDown(5).withMode(CyclicLR.Mode.TRIANGULAR2)
            .withMomentumRange(0.85, 0.95)));
  }

  @Test
  void matchesPyTorchExpRange() {
    SchedulerCases.replay("cyclic_exp_range", SchedulerCases.sgd(0.1),
        o -> new CyclicLR(o, 0.01, 0.1, CyclicLR.Options.defaults().withStepSizeUp(5)
            .withMode(CyclicLR.Mode.EXP_RANGE).withGamma(0.9).withCycleMomentum(false)));
  }

  @Test
  void matchesPyTorchWithCustomScaleFunctions() {
    SchedulerCases.replay("cyclic_custom_iterations", SchedulerCases.sgd(0.1),
        o -> new CyclicLR(o, 0.01, 0.1, CyclicLR.Options.defaults().withStepSizeUp(2).withCycleMomentum(false)
            .withScaleFn(x -> Math.pow(0.5, x), CyclicLR.ScaleMode.ITERATIONS)));
    SchedulerCases.replay("cyclic_custom_cycle", SchedulerCases.sgd(0.1),
        o -> new CyclicLR(o, 0.01, 0.1, CyclicLR.Options.defaults().withStepSizeUp(2).withCycleMomentum(false)
            .withScaleFn(x -> 1 / x, CyclicLR.ScaleMode.CYCLE)));
  }

  @Test
  void cyclesAdamsBeta1() {
    Adam adam = new Adam(List.of(Tensor.zeros(2).requiresGrad_(true)), Adam.Options.defaults());
    CyclicLR s = new CyclicLR(adam, 0.001, 0.01, CyclicLR.Options.defaults().withStepSizeUp(2));
    assertEquals(0.9, adam.paramGroup(0).options().beta1(), 1e-15);
    adam.step();
    s.step();
    assertEquals(0.85, adam.paramGroup(0).options().beta1(), 1e-15);
    assertEquals(0.0055, s.lastLr(), 1e-15);
  }

  @Test
  void stateDictNamesTheCycle() {
    Map<String, Object> state = new CyclicLR(SchedulerCases.sgd(0.1, 0.9, 1), 0.01, 0.1,
        CyclicLR.Options.defaults().withStepSizeUp(4).withStepSizeDown(6)).stateDict();
    assertEquals(10.0, state.get("total_size"));
    assertEquals(0.4, state.get("step_ratio"));
    assertEquals("triangular", state.get("mode"));
    assertEquals(List.of(0.01), state.get("base_lrs"));
    assertEquals(List.of(0.9), state.get("max_momentums"));
  }

  @Test
  void rejectsMomentumCyclingWithoutMomentumAndBadSizes() {
    Adagrad adagrad = new Adagrad(List.of(Tensor.zeros(2).requiresGrad_(true)), Adagrad.Options.defaults());
    IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
        () -> new CyclicLR(adagrad, 0.01, 0.1));
    assertTrue(m.getMessage().contains("optimizer must support momentum with `cycle_momentum` option enabled"),
        m.getMessage());
    assertEquals(Adagrad.Options.defaults().lr(), adagrad.paramGroup(0).lr(), 0.0, "a refused scheduler changes nothing");
    IllegalArgumentException n = assertThrows(IllegalArgumentException.class,
        () -> new CyclicLR(SchedulerCases.sgd(0.1), List.of(0.1, 0.2), List.of(1.0), CyclicLR.Options.defaults()));
    assertTrue(n.getMessage().contains("expected 1 values for base_lr, got 2"), n.getMessage());
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
        () -> new CyclicLR(SchedulerCases.sgd(0.1), 0.01, 0.1, CyclicLR.Options.defaults().withStepSizeUp(0)));
    assertTrue(size.getMessage().contains("step_size_up must be positive, got 0"), size.getMessage());
  }
}
