package dev.jgrad.optim;

import static dev.jgrad.optim.OptimizerCases.assertMessage;
import static dev.jgrad.optim.OptimizerCases.params;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class RAdamTest {
  private static final RAdam.Options D = RAdam.Options.defaults();

  @TestFactory
  Stream<DynamicTest> matchesPyTorchTrajectories() {
    return OptimizerCases.referenceTrajectories("RAdam");
  }

  @TestFactory
  Stream<DynamicTest> resumesFromAStateDictSavedMidRun() {
    return OptimizerCases.resumedTrajectories("RAdam");
  }

  @TestFactory
  Stream<DynamicTest> stateDictHasPyTorchsLayoutAndValues() {
    return OptimizerCases.pytorchStateDicts("RAdam");
  }

  @TestFactory
  Stream<DynamicTest> passesTheContract() {
    return OptimizerCases.contract(p -> new RAdam(p, D.withLr(0.01).withWeightDecay(0.1)));
  }

  @Test
  void validationMessages() {
    assertMessage("RAdam: Invalid learning rate: -1.0", () -> new RAdam(params(), -1));
    assertMessage("RAdam: Invalid epsilon value: -1.0", () -> new RAdam(params(), D.withEps(-1)));
    assertMessage("RAdam: Invalid beta parameter at index 0: -0.1", () -> new RAdam(params(), D.withBetas(-0.1, 0.999)));
    assertMessage("RAdam: Invalid beta parameter at index 1: 1.0", () -> new RAdam(params(), D.withBetas(0.9, 1)));
    assertMessage("RAdam: Invalid weight_decay value: -1.0", () -> new RAdam(params(), D.withWeightDecay(-1)));
  }

  @Test
  void optionsRoundTripThroughTheirMap() {
    RAdam.Options o = D.withBetas(0.8, 0.99).withEps(1e-6).withWeightDecay(0.1);
    assertEquals(o, RAdam.Options.fromMap(o.toMap()));
    assertEquals(D, RAdam.Options.fromMap(java.util.Map.of("foreach", true))); 
    assertEquals(0.8, o.cycledMomentum());
    assertEquals(o.withBetas(0.7, 0.99), o.withCycledMomentum(0.7));
  }

  @Test
  void printsLikePyTorch() {
    assertEquals("RAdam (\nParameter Group 0\n    betas: [0.9, 0.999]\n    eps: 1.0E-8\n    lr: 0.001\n    weight_decay: 0.0\n)", new RAdam(params(), D).toString());
  }
}
