package dev.jgrad.optim;

import static dev.jgrad.optim.OptimizerCases.assertMessage;
import static dev.jgrad.optim.OptimizerCases.params;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class AdadeltaTest {
  private static final Adadelta.Options D = Adadelta.Options.defaults();

  @TestFactory
  Stream<DynamicTest> matchesPyTorchTrajectories() {
    return OptimizerCases.referenceTrajectories("Adadelta");
  }

  @TestFactory
  Stream<DynamicTest> resumesFromAStateDictSavedMidRun() {
    return OptimizerCases.resumedTrajectories("Adadelta");
  }

  @TestFactory
  Stream<DynamicTest> stateDictHasPyTorchsLayoutAndValues() {
    return OptimizerCases.pytorchStateDicts("Adadelta");
  }

  @TestFactory
  Stream<DynamicTest> passesTheContract() {
    return OptimizerCases.contract(p -> new Adadelta(p, D.withRho(0.5).withWeightDecay(0.1)));
  }

  @Test
  void validationMessages() {
    assertMessage("Adadelta: Invalid learning rate: -1.0", () -> new Adadelta(params(), -1));
    assertMessage("Adadelta: Invalid rho value: 1.5", () -> new Adadelta(params(), D.withRho(1.5)));
    assertMessage("Adadelta: Invalid epsilon value: -1.0", () -> new Adadelta(params(), D.withEps(-1)));
    assertMessage("Adadelta: Invalid weight_decay value: -1.0", () -> new Adadelta(params(), D.withWeightDecay(-1)));
  }

  @Test
  void optionsRoundTripThroughTheirMap() {
    Adadelta.Options o = D.withRho(0.5).withEps(1e-4).withWeightDecay(0.1).withMaximize(true);
    assertEquals(o, Adadelta.Options.fromMap(o.toMap()));
    assertEquals(D, Adadelta.Options.fromMap(java.util.Map.of("foreach", true))); 
  }

  @Test
  void printsLikePyTorch() {
    assertEquals("Adadelta (\nParameter Group 0\n    eps: 1.0E-6\n    lr: 1.0\n    maximize: false\n    rho: 0.9\n    weight_decay: 0.0\n)", new Adadelta(params(), D).toString());
  }
}
