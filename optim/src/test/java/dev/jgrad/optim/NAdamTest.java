package dev.jgrad.optim;

import static dev.jgrad.optim.OptimizerCases.assertMessage;
import static dev.jgrad.optim.OptimizerCases.params;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class NAdamTest {
  private static final NAdam.Options D = NAdam.Options.defaults();

  @TestFactory
  Stream<DynamicTest> matchesPyTorchTrajectories() {
    return OptimizerCases.referenceTrajectories("NAdam");
  }

  @TestFactory
  Stream<DynamicTest> resumesFromAStateDictSavedMidRun() {
    return OptimizerCases.resumedTrajectories("NAdam");
  }

  @TestFactory
  Stream<DynamicTest> stateDictHasPyTorchsLayoutAndValues() {
    return OptimizerCases.pytorchStateDicts("NAdam");
  }

  @TestFactory
  Stream<DynamicTest> passesTheContract() {
    return OptimizerCases.contract(p -> new NAdam(p, D.withWeightDecay(0.1).withMomentumDecay(0.1)));
  }

  @Test
  void validationMessages() {
    assertMessage("NAdam: Invalid learning rate: -1.0", () -> new NAdam(params(), -1));
    assertMessage("NAdam: Invalid epsilon value: -1.0", () -> new NAdam(params(), D.withEps(-1)));
    assertMessage("NAdam: Invalid beta parameter at index 0: 1.0", () -> new NAdam(params(), D.withBetas(1, 0.999)));
    assertMessage("NAdam: Invalid beta parameter at index 1: 1.5", () -> new NAdam(params(), D.withBetas(0.9, 1.5)));
    assertMessage("NAdam: Invalid weight_decay value: -1.0", () -> new NAdam(params(), D.withWeightDecay(-1)));
    assertMessage("NAdam: Invalid momentum_decay value: -1.0", () -> new NAdam(params(), D.withMomentumDecay(-1)));
  }

  @Test
  void optionsRoundTripThroughTheirMap() {
    NAdam.Options o = D.withBetas(0.8, 0.99).withEps(1e-6).withWeightDecay(0.1).withMomentumDecay(0.01);
    assertEquals(o, NAdam.Options.fromMap(o.toMap()));
    assertEquals(D, NAdam.Options.fromMap(java.util.Map.of("foreach", true))); 
    assertEquals(0.8, o.cycledMomentum());
    assertEquals(o.withBetas(0.7, 0.99), o.withCycledMomentum(0.7));
  }

  @Test
  void printsLikePyTorch() {
    assertEquals("NAdam (\nParameter Group 0\n    betas: [0.9, 0.999]\n    eps: 1.0E-8\n    lr: 0.002\n    momentum_decay: 0.004\n    weight_decay: 0.0\n)", new NAdam(params(), D).toString());
  }
}
