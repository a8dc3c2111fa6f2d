package dev.jgrad.optim;

import static dev.jgrad.optim.OptimizerCases.assertMessage;
import static dev.jgrad.optim.OptimizerCases.params;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class RpropTest {
  private static final Rprop.Options D = Rprop.Options.defaults();

  @TestFactory
  Stream<DynamicTest> matchesPyTorchTrajectories() {
    return OptimizerCases.referenceTrajectories("Rprop");
  }

  @TestFactory
  Stream<DynamicTest> resumesFromAStateDictSavedMidRun() {
    return OptimizerCases.resumedTrajectories("Rprop");
  }

  @TestFactory
  Stream<DynamicTest> stateDictHasPyTorchsLayoutAndValues() {
    return OptimizerCases.pytorchStateDicts("Rprop");
  }

  @TestFactory
  Stream<DynamicTest> passesTheContract() {
    return OptimizerCases.contract(p -> new Rprop(p, D.withEtas(0.3, 1.5)));
  }

  @Test
  void validationMessages() {
    assertMessage("Rprop: Invalid learning rate: -1.0", () -> new Rprop(params(), -1));
    assertMessage("Rprop: Invalid eta values: 1.5, 1.2", () -> new Rprop(params(), D.withEtas(1.5, 1.2)));
    assertMessage("Rprop: Invalid eta values: 0.5, 1.0", () -> new Rprop(params(), D.withEtas(0.5, 1)));
    assertMessage("Rprop: Invalid eta values: 0.0, 1.2", () -> new Rprop(params(), D.withEtas(0, 1.2)));
  }

  @Test
  void optionsRoundTripThroughTheirMap() {
    Rprop.Options o = D.withEtas(0.3, 1.5).withStepSizes(1e-3, 1).withMaximize(true);
    assertEquals(o, Rprop.Options.fromMap(o.toMap()));
    assertEquals(D, Rprop.Options.fromMap(java.util.Map.of("foreach", true))); 
  }

  @Test
  void printsLikePyTorch() {
    assertEquals("Rprop (\nParameter Group 0\n    etas: [0.5, 1.2]\n    lr: 0.01\n    maximize: false\n    step_sizes: [1.0E-6, 50.0]\n)", new Rprop(params(), D).toString());
  }
}
