package dev.jgrad.optim;

import static dev.jgrad.optim.OptimizerCases.assertMessage;
import static dev.jgrad.optim.OptimizerCases.assertVector;
import static dev.jgrad.optim.OptimizerCases.params;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jgrad.autograd.Tensor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class AdagradTest {
  private static final Adagrad.Options D = Adagrad.Options.defaults();

  @TestFactory
  Stream<DynamicTest> matchesPyTorchTrajectories() {
    return OptimizerCases.referenceTrajectories("Adagrad");
  }

  @TestFactory
  Stream<DynamicTest> passesTheContract() {
    return OptimizerCases.contract(p -> new Adagrad(p, D.withLr(0.1).withLrDecay(0.01)));
  }

  @Test
  void conformanceVectors() {
    assertVector(new double[][] {{0.9, -1.9, 2.9}, {0.8311250538, -1.8331035269, 2.8301899864},
        {0.775821515, -1.7804561814, 2.77364333}}, p -> new Adagrad(p, 0.1));
    assertVector(new double[][] {{0.9012270403, -1.9046537411, 2.9003110427},
        {0.8555934953, -1.8611104026, 2.8538435089}, {0.8278180021, -1.8347109204, 2.8254832728}},
        p -> new Adagrad(p, D.withLr(0.1).withLrDecay(0.5).withInitialAccumulatorValue(0.1)));
  }

  @Test
  void sumStartsAtTheInitialAccumulatorValue() {
    Tensor p = Tensor.of(1f, 2f).requiresGrad_(true);
    Adagrad adagrad = new Adagrad(List.of(p), D.withInitialAccumulatorValue(0.25));
    assertFalse(adagrad.stateDict().state().containsKey(0), "state is created on the first step");
    p.setGrad(Tensor.of(0f, 1f));
    adagrad.step();
    assertArrayEquals(new float[] {0.25f, 1.25f}, adagrad.stateDict().state().get(0).get("sum").toArray());
    assertEquals(1f, adagrad.stateDict().state().get(0).get("step").item());
  }

  @Test
  void validationMessages() {
    assertMessage("Adagrad: Invalid learning rate: -0.1", () -> new Adagrad(params(), -0.1));
    assertMessage("Adagrad: Invalid lr_decay value: -1.0", () -> new Adagrad(params(), D.withLrDecay(-1)));
    assertMessage("Adagrad: Invalid weight_decay value: -1.0", () -> new Adagrad(params(), D.withWeightDecay(-1)));
    assertMessage("Adagrad: Invalid initial_accumulator_value value: -1.0",
        () -> new Adagrad(params(), D.withInitialAccumulatorValue(-1)));
    assertMessage("Adagrad: Invalid epsilon value: -1.0", () -> new Adagrad(params(), D.withEps(-1)));
  }

  @Test
  void optionsRoundTripThroughTheirMap() {
    Adagrad.Options o = D.withLr(0.2).withLrDecay(0.1).withWeightDecay(0.01).withInitialAccumulatorValue(0.5)
        .withEps(1e-6).withMaximize(true);
    assertEquals(o, Adagrad.Options.fromMap(o.toMap()));
    assertEquals(1e-10, D.eps());
  }
}
