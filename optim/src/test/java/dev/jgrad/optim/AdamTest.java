package dev.jgrad.optim;

import static dev.jgrad.optim.OptimizerCases.assertMessage;
import static dev.jgrad.optim.OptimizerCases.assertVector;
import static dev.jgrad.optim.OptimizerCases.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class AdamTest {
  private static final Adam.Options D = Adam.Options.defaults();

  @TestFactory
  Stream<DynamicTest> matchesPyTorchTrajectories() {
    return OptimizerCases.referenceTrajectories("Adam");
  }

  @TestFactory
  Stream<DynamicTest> passesTheContract() {
    return OptimizerCases.contract(p -> new Adam(p, D.withLr(0.01).withAmsgrad(true)));
  }

  @Test
  void conformanceVectors() {
    double[][] adam = {{0.9000000005, -1.900000001, 2.9000000002}, {0.8001664866, -1.8004122297, 2.8000739953},
        {0.7006233928, -1.7015862745, 2.7002738447}};
    assertVector(adam, p -> new Adam(p, 0.1));
    assertVector(adam, p -> new Adam(p, D.withLr(0.1).withAmsgrad(true)));   // v never decreases here
    assertVector(new double[][] {{0.9000000005, -1.9000000008, 2.9000000002},
        {0.8001763067, -1.8003653058, 2.8000759313}, {0.7006609506, -1.701398914, 2.7002810808}},
        p -> new Adam(p, D.withLr(0.1).withWeightDecay(0.1)));
  }

  @Test
  void amsgradKeepsTheMaxOfTheRawSecondMoment() {
    Tensor p = Tensor.of(0f).requiresGrad_(true);
    Adam adam = new Adam(List.of(p), D.withLr(0.1).withAmsgrad(true));
    for (float g : new float[] {10f, 0.1f, 0.1f, 0.1f}) {
      p.setGrad(Tensor.of(g));
      adam.step();
    }
    // PyTorch (o2.py, float64): -0.26461321342483246; a max over bias-corrected v would give -0.200471.
    assertEquals(-0.26461321342483246, p.item(), 1e-6);
    Map<String, Tensor> state = adam.stateDict().state().get(0);
    assertEquals(List.of("step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"), List.copyOf(state.keySet()));
    assertEquals(4f, state.get("step").item());
    assertTrue(state.get("max_exp_avg_sq").item() > state.get("exp_avg_sq").item());
  }

  @Test
  void validationMessages() {
    assertMessage("Adam: Invalid learning rate: -0.1", () -> new Adam(params(), -0.1));
    assertMessage("Adam: Invalid epsilon value: -1.0E-8", () -> new Adam(params(), D.withEps(-1e-8)));
    assertMessage("Adam: Invalid beta parameter at index 0: 1.0", () -> new Adam(params(), D.withBetas(1.0, 0.9)));
    assertMessage("Adam: Invalid beta parameter at index 1: -0.5",
        () -> new Adam(params(), D.withBetas(0.9, -0.5)));
    assertMessage("Adam: Invalid weight_decay value: -0.1", () -> new Adam(params(), D.withWeightDecay(-0.1)));
  }

  @Test
  void optionsRoundTripThroughTheirMap() {
    Adam.Options o = D.withBetas(0.8, 0.99).withEps(1e-6).withWeightDecay(0.1).withAmsgrad(true).withMaximize(true);
    assertEquals(o, Adam.Options.fromMap(o.toMap()));
    assertEquals(List.of(0.8, 0.99), o.toMap().get("betas"));
    assertEquals(o, Adam.Options.fromMap(Map.of("lr", 1e-3, "betas", new double[] {0.8, 0.99}, "eps", 1e-6,
        "weight_decay", 0.1, "amsgrad", true, "maximize", true)));
    assertMessage("Adam.Options.fromMap: option 'betas' must be a pair of numbers, got [0.9]",
        () -> Adam.Options.fromMap(Map.of("betas", List.of(0.9))));
    assertMessage("Adam.Options.fromMap: option 'amsgrad' must be true or false, got 1",
        () -> Adam.Options.fromMap(Map.of("amsgrad", 1)));
  }

  @Test
  void beta1IsTheCycledMomentum() {
    Adam.Options o = D.withBetas(0.9, 0.98);
    assertEquals(0.9, o.cycledMomentum());
    assertEquals(D.withBetas(0.85, 0.98), o.withCycledMomentum(0.85));
  }
}
