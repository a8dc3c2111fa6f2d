package dev.jgrad.optim;

import static dev.jgrad.optim.OptimizerCases.assertMessage;
import static dev.jgrad.optim.OptimizerCases.assertVector;
import static dev.jgrad.optim.OptimizerCases.params;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.Tensor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class AdamWTest {
  private static final AdamW.Options D = AdamW.Options.defaults();

  @TestFactory
  Stream<DynamicTest> matchesPyTorchTrajectories() {
    return OptimizerCases.referenceTrajectories("AdamW");
  }

  @TestFactory
  Stream<DynamicTest> passesTheContract() {
    return OptimizerCases.contract(p -> new AdamW(p, 0.01));
  }

  @Test
  void conformanceVectors() {
    assertVector(new double[][] {{0.8990000005, -1.898000001, 2.8970000002},
        {0.7982695339, -1.7965258629, 2.7941794946}, {0.6979336602, -1.6959376287, 2.6915918915}},
        p -> new AdamW(p, 0.1));
    assertVector(new double[][] {{0.8900000005, -1.880000001, 2.8700000002},
        {0.7812873176, -1.7617351946, 2.7413997426}, {0.6739870518, -1.6456563125, 2.6142548134}},
        p -> new AdamW(p, D.withLr(0.1).withWeightDecay(0.1)));
  }

  @Test
  void decayIsDecoupledAndFollowsTheCurrentLr() {
    Tensor p = Tensor.of(1f).requiresGrad_(true);
    AdamW adamw = new AdamW(List.of(p), D.withLr(0.1).withWeightDecay(0.5));
    p.setGrad(Tensor.of(0f));                    // a zero gradient: only the decay moves p
    adamw.step();
    assertEquals(0.95f, p.item(), 1e-7);
    adamw.paramGroup(0).setLr(0.2);
    adamw.step();
    assertEquals(0.95f * 0.9f, p.item(), 1e-7);
    assertEquals(0.0f, adamw.stateDict().state().get(0).get("exp_avg").item(), "the decay never reaches the moments");
  }

  @Test
  void defaultWeightDecayIsOneHundredth() {
    assertEquals(1e-2, D.weightDecay());
    assertEquals(1e-3, D.lr());
  }

  @Test
  void validationMessages() {
    assertMessage("AdamW: Invalid learning rate: -0.1", () -> new AdamW(params(), -0.1));
    assertMessage("AdamW: Invalid epsilon value: -1.0", () -> new AdamW(params(), D.withEps(-1)));
    assertMessage("AdamW: Invalid beta parameter at index 0: -0.1", () -> new AdamW(params(), D.withBetas(-0.1, 0.9)));
    assertMessage("AdamW: Invalid beta parameter at index 1: 1.0", () -> new AdamW(params(), D.withBetas(0.9, 1.0)));
    assertMessage("AdamW: Invalid weight_decay value: -0.01", () -> new AdamW(params(), D.withWeightDecay(-0.01)));
  }

  @Test
  void optionsRoundTripThroughTheirMap() {
    AdamW.Options o = D.withLr(0.2).withBetas(0.5, 0.6).withAmsgrad(true);
    assertEquals(o, AdamW.Options.fromMap(o.toMap()));
  }
}
