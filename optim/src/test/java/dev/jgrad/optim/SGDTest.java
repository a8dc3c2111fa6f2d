package dev.jgrad.optim;

import static dev.jgrad.optim.OptimizerCases.assertMessage;
import static dev.jgrad.optim.OptimizerCases.assertVector;
import static dev.jgrad.optim.OptimizerCases.params;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jgrad.autograd.Tensor;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class SGDTest {
  private static final SGD.Options D = SGD.Options.defaults();

  @TestFactory
  Stream<DynamicTest> matchesPyTorchTrajectories() {
    return OptimizerCases.referenceTrajectories("SGD");
  }

  @TestFactory
  Stream<DynamicTest> passesTheContract() {
    return OptimizerCases.contract(p -> new SGD(p, D.withLr(0.1).withMomentum(0.9)));
  }

  @Test
  void conformanceVectors() {
    assertVector(new double[][] {{0.8, -1.9, 2.6}, {0.62, -1.81, 2.24}, {0.458, -1.729, 1.916}},
        p -> new SGD(p, 0.1));
    assertVector(new double[][] {{0.8, -1.9, 2.6}, {0.44, -1.72, 1.88}, {-0.028, -1.486, 0.944}},
        p -> new SGD(p, D.withLr(0.1).withMomentum(0.9)));
    assertVector(new double[][] {{0.8, -1.9, 2.6}, {0.53, -1.765, 2.06}, {0.2105, -1.60525, 1.421}},
        p -> new SGD(p, D.withLr(0.1).withMomentum(0.9).withDampening(0.5)));
    assertVector(new double[][] {{0.62, -1.81, 2.24}, {0.1502, -1.5751, 1.3004}, {-0.345358, -1.327321, 0.309284}},
        p -> new SGD(p, D.withLr(0.1).withMomentum(0.9).withNesterov(true)));
    assertVector(new double[][] {{0.799, -1.898, 2.597}, {0.618301, -1.806302, 2.234703},
        {0.455852599, -1.723865498, 1.908997997}}, p -> new SGD(p, D.withLr(0.1).withWeightDecay(0.01)));
    assertVector(new double[][] {{1.2, -2.1, 3.4}, {1.42, -2.21, 3.84}, {1.662, -2.331, 4.324}},
        p -> new SGD(p, D.withLr(0.1).withMaximize(true)));
  }

  @Test
  void weightDecayEntersTheMomentumBuffer() {
    Tensor p = Tensor.of(1f).requiresGrad_(true);
    SGD sgd = new SGD(List.of(p), D.withLr(0.1).withMomentum(0.9).withWeightDecay(0.1));
    p.setGrad(Tensor.of(0.5f));
    sgd.step();
    assertEquals(0.6f, sgd.stateDict().state().get(0).get("momentum_buffer").item(), 1e-7);
  }

  @Test
  void nullGradSkipsWhileZeroGradStillMoves() {
    for (boolean setToNone : new boolean[] {true, false}) {
      Tensor p = Tensor.of(1f).requiresGrad_(true);
      SGD sgd = new SGD(List.of(p), D.withLr(0.1).withMomentum(0.9).withWeightDecay(0.1));
      p.setGrad(Tensor.of(1f));
      sgd.step();
      sgd.zeroGrad(setToNone);
      sgd.step();
      assertEquals(setToNone ? 0.89 : 0.7821, p.item(), 1e-6, "setToNone " + setToNone);
    }
  }

  @Test
  void noMomentumMeansNoBuffer() {
    Tensor p = Tensor.of(1f, 2f).requiresGrad_(true);
    SGD sgd = new SGD(p, 0.5);
    p.setGrad(Tensor.of(1f, 1f));
    sgd.step();
    assertArrayEquals(new float[] {0.5f, 1.5f}, p.toArray());
    assertEquals(Map.of(), sgd.stateDict().state().get(0));
  }

  @Test
  void momentumTurnedOnLaterStartsFromTheGradient() {
    Tensor p = Tensor.of(0f).requiresGrad_(true);
    SGD sgd = new SGD(p, 1.0);
    p.setGrad(Tensor.of(1f));
    sgd.step();
    sgd.paramGroup(0).setOptions(sgd.paramGroup(0).options().withMomentum(0.9));
    sgd.step();
    assertEquals(-2f, p.item());                 // the buffer starts as the gradient
    sgd.step();
    assertEquals(-3.9f, p.item(), 1e-6);         // buffer 0.9 * 1 + 1
  }

  @Test
  void validationMessages() {
    assertMessage("SGD: Invalid learning rate: -0.1", () -> new SGD(params(), -0.1));
    assertMessage("SGD: Invalid learning rate: NaN", () -> new SGD(params(), Double.NaN));
    assertMessage("SGD: Invalid momentum value: -1.0", () -> new SGD(params(), D.withMomentum(-1)));
    assertMessage("SGD: Invalid weight_decay value: -1.0", () -> new SGD(params(), D.withWeightDecay(-1)));
    assertMessage("SGD: Invalid dampening value: NaN", () -> new SGD(params(), D.withDampening(Double.NaN)));
    assertMessage("SGD: Nesterov momentum requires a momentum and zero dampening (momentum 0.0, dampening 0.0)",
        () -> new SGD(params(), D.withNesterov(true)));
    assertMessage("SGD: Nesterov momentum requires a momentum and zero dampening (momentum 0.9, dampening 0.1)",
        () -> new SGD(params(), D.withNesterov(true).withMomentum(0.9).withDampening(0.1)));
    assertMessage("SGD: optimizer got an empty parameter list", () -> new SGD(List.of(), 0.1));
  }

  @Test
  void optionsRoundTripThroughTheirMap() {
    SGD.Options o = D.withLr(0.3).withMomentum(0.5).withDampening(0.1).withWeightDecay(0.01).withMaximize(true);
    assertEquals(o, SGD.Options.fromMap(o.toMap()));
    assertEquals(List.of("lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize"),
        List.copyOf(o.toMap().keySet()));
    assertEquals(D.withLr(0.5), SGD.Options.fromMap(Map.of("lr", 0.5, "foreach", false)));
    assertMessage("SGD.Options.fromMap: unknown option 'momentun' (expected one of "
        + SGD.Options.fromMap(Map.of()).toMap().keySet().stream().sorted().toList() + ")",
        () -> SGD.Options.fromMap(Map.of("momentun", 0.9)));
  }

  @Test
  void defaultsAreTyped() {
    SGD sgd = new SGD(params(), D.withLr(0.2));
    assertEquals(0.2, sgd.defaults().lr());
    assertEquals(1e-3, D.lr());
    assertFalse(D.nesterov());
    assertNull(sgd.paramGroup(0).params().get(0).grad());
  }
}
