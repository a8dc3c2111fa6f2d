package dev.jgrad.optim;

import static dev.jgrad.optim.OptimizerCases.assertMessage;
import static dev.jgrad.optim.OptimizerCases.params;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class AdamaxTest {
  private static final Adamax.Options D = Adamax.Options.defaults();

  @TestFactory
  Stream<DynamicTest> matchesPyTorchTrajectories() {
    return OptimizerCases.referenceTrajectories("Adamax");
  }

  @TestFactory
  Stream<DynamicTest> resumesFromAStateDictSavedMidRun() {
    return OptimizerCases.resumedTrajectories("Adamax");
  }

  @TestFactory
  Stream<DynamicTest> stateDictHasPyTorchsLayoutAndValues() {
    return OptimizerCases.pytorchStateDicts("Adamax");
  }

  @TestFactory
  Stream<DynamicTest> passesTheContract() {
    return OptimizerCases.contract(p -> new Adamax(p, D.withWeightDecay(0.1).withBetas(0.8, 0.99)));
  }

  @Test
  void validationMessages() {
    assertMessage("Adamax: Invalid learning rate: -1.0", () -> new Adamax(params(), -1));
    assertMessage("Adamax: Invalid epsilon value: -1.0", () -> new Adamax(params(), D.withEps(-1)));
    assertMessage("Adamax: Invalid beta parameter at index 0: 1.0", () -> new Adamax(params(), D.withBetas(1, 0.999)));
    assertMessage("Adamax: Invalid beta parameter at index 1: -0.5", () -> new Adamax(params(), D.withBetas(0.9, -0.5)));
    assertMessage("Adamax: Invalid weight_decay value: -1.0", () -> new Adamax(params(), D.withWeightDecay(-1)));
  }

  @Test
  void optionsRoundTripThroughTheirMap() {
    Adamax.Options o = D.withBetas(0.8, 0.99).withEps(1e-6).withWeightDecay(0.1).withMaximize(true);
    assertEquals(o, Adamax.Options.fromMap(o.toMap()));
    assertEquals(D, Adamax.Options.fromMap(java.util.Map.of("foreach", true))); 
    assertEquals(0.8, o.cycledMomentum());
    assertEquals(o.withBetas(0.7, 0.99), o.withCycledMomentum(0.7));
  }

  @Test
  void printsLikePyTorch() {
    assertEquals("Adamax (\nParameter Group 0\n    betas: [0.9, 0.999]\n    eps: 1.0E-8\n    lr: 0.002\n    maximize: false\n    weight_decay: 0.0\n)", new Adamax(params(), D).toString());
  }
}
