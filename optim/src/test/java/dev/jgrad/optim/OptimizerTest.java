package dev.jgrad.optim;

import static dev.jgrad.optim.OptimizerCases.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimizerTest {
  private static final SGD.Options SGD01 = SGD.Options.defaults().withLr(0.1);

  private static Tensor leaf(float... v) {
    return Tensor.of(v).requiresGrad_(true);
  }

  /** An optimizer written against the public extension points: p -= lr * grad, recording the grad mode. */
  static final class Probe extends Optimizer {
    final List<Boolean> gradModes = new ArrayList<>();

    Probe(List<Tensor> params) {
      super(params, SGD01);
    }

    @Override
    protected ParamState newState(ParamGroup<?> group, Tensor param) {
      return LinkedHashMap::new;
    }

    @Override
    protected ParamState restoreState(ParamGroup<?> group, int index, Tensor param, Map<String, Tensor> saved) {
      return LinkedHashMap::new;
    }

    @Override
    protected void update(ParamGroup<?> group, Tensor param, Tensor grad, ParamState state) {
      gradModes.add(Autograd.isGradEnabled());
      param.sub_(grad.mul(group.lr()));
    }

    @Override
    protected ParamGroup.Options optionsFromMap(Map<String, ?> hyperparameters) {
      return SGD.Options.fromMap(hyperparameters);
    }
  }

  // ---------------------------------------------------------------- construction and groups

  @Test
  void rejectsBadParametersWithPyTorchsMessages() {
    assertMessage("SGD: optimizer got an empty parameter list", () -> new SGD(List.of(), SGD01));
    assertMessage("SGD: can't optimize a non-leaf Tensor (parameter 1 of group 0 has grad_fn=<MulBackward0>, "
        + "shape [2]); optimize the leaf it was computed from",
        () -> new SGD(List.of(leaf(1, 2), leaf(1, 2).mul(2)), SGD01));
    Tensor p = leaf(1);
    assertMessage("SGD: optimizer contains a parameter group with duplicate parameters (parameter 2 of group 0 is "
        + "parameter 0 again)", () -> new SGD(List.of(p, leaf(2), p), SGD01));
    List<Tensor> withNull = new ArrayList<>();
    withNull.add(null);
    assertMessage("SGD: optimizer can only optimize Tensors, but parameter 0 of group 0 is null",
        () -> new SGD(withNull, SGD01));
  }

  @Test
  void acceptsAFrozenParameterAndStepsItOnceUnfrozen() {
    Tensor frozen = Tensor.ones(2);                  // requires no grad, as in a frozen layer
    Tensor p = leaf(1, 2);
    SGD sgd = new SGD(List.of(frozen, p), SGD01);
    p.setGrad(Tensor.ones(2));
    sgd.step();
    assertArrayEquals(new float[] {1, 1}, frozen.toArray());
    assertArrayEquals(new float[] {0.9f, 1.9f}, p.toArray(), 1e-6f);
    frozen.requiresGrad_(true);
    frozen.setGrad(Tensor.ones(2));
    sgd.step();
    assertArrayEquals(new float[] {0.9f, 0.9f}, frozen.toArray(), 1e-6f);
  }

  @Test
  void addParamGroupRejectsSharedParametersAndForeignOptions() {
    Tensor a = leaf(1);
    SGD sgd = new SGD(List.of(a, leaf(2)), SGD01);
    assertMessage("SGD: some parameters appear in more than one parameter group (parameter 1 of group 1 is already "
        + "parameter 0)", () -> sgd.addParamGroup(List.of(leaf(3), a)));
    assertMessage("SGD.addParamGroup: options must be SGD.Options, got Adam.Options",
        () -> sgd.addParamGroup(List.of(leaf(3)), Adam.Options.defaults()));
    assertMessage("SGD: Invalid learning rate: -1.0", () -> sgd.addParamGroup(List.of(leaf(3)), SGD01.withLr(-1)));
    assertEquals(1, sgd.paramGroups().size(), "failed additions must not add a group");
    assertEquals(2, sgd.parameters().size());
  }

  @Test
  void groupsKeepTheirOwnOptionsAndPositionsCountAcrossGroups() {
    Tensor a = leaf(1);
    Tensor b = leaf(1);
    Tensor c = leaf(1);
    SGD sgd = new SGD(List.of(a, b), SGD01);
    sgd.addParamGroup(List.of(c), SGD01.withLr(1.0));
    assertEquals(List.of(a, b, c), sgd.parameters());
    for (Tensor t : sgd.parameters()) {
      t.setGrad(Tensor.of(1f));
    }
    sgd.step();
    assertEquals(0.9f, a.item(), 1e-7);
    assertEquals(0f, c.item());
    assertEquals(List.of(0, 1), sgd.stateDict().paramGroups().get(0).params());
    assertEquals(List.of(2), sgd.stateDict().paramGroups().get(1).params());
    sgd.addParamGroup(List.of(leaf(1)));
    assertEquals(0.1, sgd.paramGroup(2).lr(), "groups added without options use the defaults");
    assertThrows(UnsupportedOperationException.class, () -> sgd.paramGroups().clear());
  }

  // ---------------------------------------------------------------- step and zeroGrad

  @Test
  void stepRunsUnderNoGradAndRestoresTheMode() {
    Tensor p = leaf(1, 2);
    Probe probe = new Probe(List.of(p));
    p.setGrad(Tensor.of(1f, 1f));
    probe.step();
    assertTrue(Autograd.isGradEnabled());
    try (var g = Autograd.noGrad()) {
      probe.step();
      assertFalse(Autograd.isGradEnabled());
    }
    assertEquals(List.of(false, false), probe.gradModes);
    assertTrue(p.isLeaf());
    assertNull(p.gradFn());
    assertEquals(2, probe.stepCount());
  }

  @Test
  void stepClosureRunsWithGradEnabledAndReturnsTheLoss() {
    Tensor p = leaf(2);
    SGD sgd = new SGD(p, 0.25);
    Tensor returned;
    Tensor[] made = new Tensor[1];
    try (var g = Autograd.noGrad()) {
      returned = sgd.step(() -> {
        sgd.zeroGrad();
        made[0] = p.mul(p).sum();
        made[0].backward();
        return made[0];
      });
    }
    assertSame(made[0], returned);
    assertEquals(4f, returned.item());
    assertEquals(1f, p.item());          // 2 - 0.25 * 4
  }

  @Test
  void zeroGradBothWays() {
    Tensor p = leaf(1, 2);
    SGD sgd = new SGD(p, 0.1);
    p.mul(3).sum().backward();
    Tensor g = p.grad();
    sgd.zeroGrad(false);
    assertSame(g, p.grad());
    assertArrayEquals(new float[] {0, 0}, g.toArray());
    sgd.zeroGrad();
    assertNull(p.grad());
    sgd.zeroGrad();                      // nothing to clear: fine
    assertNull(p.grad());
  }

  @Test
  void zeroGradInPlaceCutsTheHistoryOfAGradFromCreateGraph() {
    Tensor p = leaf(3);
    SGD sgd = new SGD(p, 0.1);
    p.mul(p).mul(p).sum().backward(Tensor.scalar(1f), true, true);
    assertTrue(p.grad().requiresGrad());
    sgd.zeroGrad(false);
    assertFalse(p.grad().requiresGrad());
    assertEquals(0f, p.grad().item());
  }

  // ---------------------------------------------------------------- state dict

  @Test
  void loadStateDictValidatesAndChangesNothingOnFailure() {
    Tensor a = leaf(1, 2);
    SGD src = new SGD(List.of(a), SGD01.withMomentum(0.9));
    a.setGrad(Tensor.of(1f, 1f));
    src.step();
    OptimizerState saved = src.stateDict();

    SGD two = new SGD(List.of(leaf(1, 2)), SGD01);
    two.addParamGroup(List.of(leaf(1)));
    assertMessage("SGD.loadStateDict: loaded state dict has a different number of parameter groups (saved 1, "
        + "optimizer has 2)", () -> two.loadStateDict(saved));

    SGD bigger = new SGD(List.of(leaf(1, 2), leaf(3)), SGD01);
    assertMessage("SGD.loadStateDict: loaded state dict contains a parameter group that doesn't match the size of "
        + "optimizer's group (group 0: saved 1 parameters, optimizer has 2)", () -> bigger.loadStateDict(saved));

    SGD shaped = new SGD(List.of(leaf(1, 2, 3)), SGD01);
    assertMessage("SGD.loadStateDict: state of parameter 0 has 'momentum_buffer' of shape [2] but the parameter "
        + "has shape [3]", () -> shaped.loadStateDict(saved));
    assertEquals(0.1, shaped.paramGroup(0).lr());
    assertEquals(0.0, shaped.paramGroup(0).options().momentum(), "a failed load must not change the options");

    OptimizerState unknown = new OptimizerState(saved.paramGroups(),
        Map.of(0, Map.of("momentum_bufer", Tensor.of(0f, 0f))));
    assertMessage("SGD.loadStateDict: state of parameter 0 has unknown entry 'momentum_bufer' (expected "
        + "[momentum_buffer])", () -> new SGD(List.of(leaf(1, 2)), SGD01).loadStateDict(unknown));

    OptimizerState stray = new OptimizerState(saved.paramGroups(), Map.of(5, Map.of()));
    assertMessage("SGD.loadStateDict: the saved state has an entry for parameter 5, which is in no saved group",
        () -> new SGD(List.of(leaf(1, 2)), SGD01).loadStateDict(stray));

    OptimizerState adamState = new Adam(List.of(leaf(1, 2)), 0.1).stateDict();
    assertMessage("SGD.Options.fromMap: unknown option 'betas' (expected one of [dampening, lr, maximize, momentum, "
        + "nesterov, weight_decay])", () -> new SGD(List.of(leaf(1, 2)), SGD01).loadStateDict(adamState));
  }

  @Test
  void loadStateDictRestoresHyperparametersAndInitialLr() {
    SGD src = new SGD(List.of(leaf(1)), SGD01.withMomentum(0.5));
    new StepLR(src, 1, 0.5);
    src.step();
    SGD dst = new SGD(List.of(leaf(1)), SGD01);
    dst.loadStateDict(src.stateDict());
    assertEquals(0.5, dst.paramGroup(0).options().momentum());
    assertEquals(0.1, dst.paramGroup(0).initialLr().getAsDouble());
    assertEquals(src.paramGroup(0).lr(), dst.paramGroup(0).lr());
  }

  @Test
  void stateDictIsACopy() {
    Tensor p = leaf(1);
    Adam adam = new Adam(List.of(p), 0.1);
    p.setGrad(Tensor.of(1f));
    adam.step();
    OptimizerState saved = adam.stateDict();
    float before = saved.state().get(0).get("exp_avg").item();
    adam.step();
    assertEquals(before, saved.state().get(0).get("exp_avg").item());
    assertNotSame(saved.state().get(0).get("exp_avg"), adam.stateDict().state().get(0).get("exp_avg"));
  }

  // ---------------------------------------------------------------- stale-gradient check

  @Test
  void countsBackwardPassesUntilZeroGrad() {
    Tensor p = leaf(1, 2);
    SGD sgd = new SGD(p, 0.1);
    assertEquals(0, sgd.backwardPassesSinceZeroGrad(0));
    p.mul(3).sum().backward();
    p.mul(p).sum().backward();
    assertEquals(2, sgd.backwardPassesSinceZeroGrad(0));
    assertArrayEquals(new float[] {5, 7}, p.grad().toArray(), "the counting hook must not change gradients");
    sgd.zeroGrad(false);
    assertEquals(0, sgd.backwardPassesSinceZeroGrad(0));
    p.sum().backward();
    sgd.zeroGrad();
    assertEquals(0, sgd.backwardPassesSinceZeroGrad(0));
    assertThrows(IndexOutOfBoundsException.class, () -> sgd.backwardPassesSinceZeroGrad(1));
  }

  @Test
  void gradientsClearedElsewhereRestartTheCount() {
    Tensor p = leaf(1, 2);
    SGD sgd = new SGD(p, 0.1);
    p.sum().backward();
    p.sum().backward();
    p.setGrad(null);                     // what Module.zeroGrad() does
    p.sum().backward();
    assertEquals(1, sgd.backwardPassesSinceZeroGrad(0));
    p.sum().backward();
    try (var g = Autograd.noGrad()) {
      p.grad().zero_();                  // what Module.zeroGrad(false) does
    }
    p.sum().backward();
    assertEquals(1, sgd.backwardPassesSinceZeroGrad(0));
  }

  @Test
  void staleGradientCheckWarnsOnceNamingTheParameter() {
    Tensor w = leaf(1, 2);
    Tensor b = leaf(0);
    SGD sgd = new SGD(List.of(w, b), SGD01);
    sgd.setParameterNames(List.of("0.weight", "0.bias"));
    sgd.enableStaleGradientCheck(1);
    List<StaleGradientWarning> seen = new ArrayList<>();
    sgd.addStaleGradientListener(seen::add);
    try (SchedulerCases.LogCapture log = new SchedulerCases.LogCapture()) {
      for (int i = 0; i < 4; i++) {      // the pitfall: zeroGrad() forgotten
        w.mul(w).sum().add(b.sum()).backward();
        sgd.step();
      }
      assertEquals(1, seen.size());
      StaleGradientWarning warning = seen.get(0);
      assertEquals(new StaleGradientWarning("SGD", 0, "0.weight", 2, 1, 2, 2), warning);
      assertEquals(List.of("WARNING " + warning.message()), log.messages);
      assertTrue(warning.message().startsWith("SGD.step: the gradient of parameter '0.weight' (index 0) was "
          + "accumulated over 2 backward passes since the last zeroGrad(), but at most 1 is expected (step 2, 2 "
          + "parameters affected)."), warning.message());
    }
  }

  @Test
  void staleGradientCheckAllowsTheConfiguredAccumulation() {
    Tensor p = leaf(1);
    SGD sgd = new SGD(p, 0.1);
    sgd.enableStaleGradientCheck(2);
    List<StaleGradientWarning> seen = new ArrayList<>();
    sgd.addStaleGradientListener(seen::add);
    for (int step = 0; step < 3; step++) {
      p.sum().backward();
      p.sum().backward();
      sgd.step();
      sgd.zeroGrad();
    }
    assertEquals(List.of(), seen);
    p.sum().backward();
    p.sum().backward();
    p.sum().backward();
    sgd.step();
    assertEquals(1, seen.size());
    assertEquals("param 0", seen.get(0).paramName());
    assertEquals(3, seen.get(0).backwardPasses());
  }

  @Test
  void staleGradientCheckIsOffByDefaultAndValidated() {
    Tensor p = leaf(1);
    SGD sgd = new SGD(p, 0.1);
    List<StaleGradientWarning> seen = new ArrayList<>();
    sgd.addStaleGradientListener(seen::add);
    for (int i = 0; i < 3; i++) {
      p.sum().backward();
      sgd.step();
    }
    assertEquals(List.of(), seen);
    sgd.enableStaleGradientCheck(1);
    sgd.disableStaleGradientCheck();
    sgd.step();
    assertEquals(List.of(), seen);
    assertMessage("SGD.enableStaleGradientCheck: accumulationSteps must be at least 1, got 0",
        () -> sgd.enableStaleGradientCheck(0));
    assertMessage("SGD.setParameterNames: expected 1 names (one per parameter), got 2",
        () -> sgd.setParameterNames(List.of("a", "b")));
    assertEquals("param 0", sgd.parameterName(0));
  }

  @Test
  void printsLikePyTorch() {
    SGD sgd = new SGD(List.of(leaf(1)), SGD01.withMomentum(0.9));
    assertEquals("SGD (\nParameter Group 0\n    dampening: 0.0\n    lr: 0.1\n    maximize: false\n    momentum: 0.9\n"
        + "    nesterov: false\n    weight_decay: 0.0\n)", sgd.toString());
  }
}
