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

class RMSpropTest {
  private static final RMSprop.Options D = RMSprop.Options.defaults();

  @TestFactory
  Stream<DynamicTest> matchesPyTorchTrajectories() {
    return OptimizerCases.referenceTrajectories("RMSprop");
  }

  @TestFactory
  Stream<DynamicTest> passesTheContract() {
    return OptimizerCases.contract(p -> new RMSprop(p, D.withCentered(true).withMomentum(0.5)));
  }

  @Test
  void conformanceVectors() {
    assertVector(new double[][] {{0.900000005, -1.90000001, 2.9000000025}, {0.8309433328, -1.8329179753, 2.8300103565},
        {0.7753494501, -1.779982282, 2.7731733151}}, p -> new RMSprop(p, 0.01));
    assertVector(new double[][] {{0.8994962235, -1.8994962286, 2.899496221},
        {0.7392987575, -1.7413059928, 2.7383509831}, {0.5406780304, -1.5496501846, 2.5365637777}},
        p -> new RMSprop(p, D.withLr(0.01).withCentered(true).withMomentum(0.9)));
  }

  @Test
  void stateHoldsOnlyTheBuffersInUse() {
    Tensor p = Tensor.of(1f).requiresGrad_(true);
    RMSprop plain = new RMSprop(List.of(p), 0.01);
    p.setGrad(Tensor.of(1f));
    plain.step();
    assertEquals(List.of("step", "square_avg"), List.copyOf(plain.stateDict().state().get(0).keySet()));
    plain.paramGroup(0).setOptions(plain.paramGroup(0).options().withCentered(true).withMomentum(0.9));
    plain.step();
    assertEquals(List.of("step", "square_avg", "momentum_buffer", "grad_avg"),
        List.copyOf(plain.stateDict().state().get(0).keySet()));
  }

  @Test
  void validationMessages() {
    assertMessage("RMSprop: Invalid learning rate: -0.1", () -> new RMSprop(params(), -0.1));
    assertMessage("RMSprop: Invalid epsilon value: -1.0", () -> new RMSprop(params(), D.withEps(-1)));
    assertMessage("RMSprop: Invalid momentum value: -0.9", () -> new RMSprop(params(), D.withMomentum(-0.9)));
    assertMessage("RMSprop: Invalid weight_decay value: -1.0", () -> new RMSprop(params(), D.withWeightDecay(-1)));
    assertMessage("RMSprop: Invalid alpha value: -0.5", () -> new RMSprop(params(), D.withAlpha(-0.5)));
  }

  @Test
  void optionsRoundTripThroughTheirMap() {
    RMSprop.Options o = D.withAlpha(0.9).withEps(1e-6).withWeightDecay(0.1).withMomentum(0.5).withCentered(true)
        .withMaximize(true);
    assertEquals(o, RMSprop.Options.fromMap(o.toMap()));
    assertEquals(0.5, o.cycledMomentum());
  }
}
