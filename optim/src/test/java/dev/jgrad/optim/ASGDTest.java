package dev.jgrad.optim;

import static dev.jgrad.optim.OptimizerCases.assertMessage;
import static dev.jgrad.optim.OptimizerCases.params;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ASGDTest {
  private static final ASGD.Options D = ASGD.Options.defaults();

  @TestFactory
  Stream<DynamicTest> matchesPyTorchTrajectories() {
    return OptimizerCases.referenceTrajectories("ASGD");
  }

  @TestFactory
  Stream<DynamicTest> resumesFromAStateDictSavedMidRun() {
    return OptimizerCases.resumedTrajectories("ASGD");
  }

  @TestFactory
  Stream<DynamicTest> stateDictHasPyTorchsLayoutAndValues() {
    return OptimizerCases.pytorchStateDicts("ASGD");
  }

  @TestFactory
  Stream<DynamicTest> passesTheContract() {
    return OptimizerCases.contract(p -> new ASGD(p, D.withT0(2).withWeightDecay(0.1)));
  }

  @Test
  void validationMessages() {
    assertMessage("ASGD: Invalid learning rate: -1.0", () -> new ASGD(params(), -1));
    assertMessage("ASGD: Invalid weight_decay value: -1.0", () -> new ASGD(params(), D.withWeightDecay(-1)));
  }

  @Test
  void optionsRoundTripThroughTheirMap() {
    ASGD.Options o = D.withLambd(0.01).withAlpha(0.5).withT0(10).withWeightDecay(0.1).withMaximize(true);
    assertEquals(o, ASGD.Options.fromMap(o.toMap()));
    assertEquals(D, ASGD.Options.fromMap(java.util.Map.of("foreach", true))); 
  }

  @Test
  void printsLikePyTorch() {
    assertEquals("ASGD (\nParameter Group 0\n    alpha: 0.75\n    lambd: 1.0E-4\n    lr: 0.01\n    maximize: false\n    t0: 1000000.0\n    weight_decay: 0.0\n)", new ASGD(params(), D).toString());
  }
}
