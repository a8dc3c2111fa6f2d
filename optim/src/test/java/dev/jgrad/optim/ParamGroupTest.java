package dev.jgrad.optim;

import static dev.jgrad.optim.OptimizerCases.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParamGroupTest {

  @Test
  void setLrTakesAnyRateAndKeepsTheOtherOptions() {
    SGD sgd = new SGD(List.of(Tensor.ones(1).requiresGrad_(true)), SGD.Options.defaults().withMomentum(0.9));
    ParamGroup<SGD.Options> g = sgd.paramGroup(0);
    g.setLr(0.5);
    assertEquals(0.5, g.lr());
    assertEquals(0.9, g.options().momentum());
    g.setLr(-0.5);                                 // unchecked, as PyTorch's group['lr'] = -0.5
    assertEquals(-0.5, g.lr());
    assertEquals(0.9, g.options().momentum());
  }

  @Test
  void setOptionsValidatesTheType() {
    SGD sgd = new SGD(List.of(Tensor.ones(1).requiresGrad_(true)), 0.1);
    @SuppressWarnings({"unchecked", "rawtypes"})
    ParamGroup<ParamGroup.Options> raw = (ParamGroup) sgd.paramGroup(0);
    assertMessage("ParamGroup.setOptions: expected SGD.Options, got Adam.Options",
        () -> raw.setOptions(Adam.Options.defaults()));
    assertMessage("SGD: Nesterov momentum requires a momentum and zero dampening (momentum 0.0, dampening 0.0)",
        () -> sgd.paramGroup(0).setOptions(sgd.paramGroup(0).options().withNesterov(true)));
  }

  @Test
  void initialLrIsUnsetUntilASchedulerSetsIt() {
    SGD sgd = new SGD(List.of(Tensor.ones(1).requiresGrad_(true)), 0.1);
    ParamGroup<SGD.Options> g = sgd.paramGroup(0);
    assertFalse(g.initialLr().isPresent());
    new ExponentialLR(sgd, 0.5);
    assertEquals(0.1, g.initialLr().getAsDouble());
    assertTrue(g.toString().startsWith("ParamGroup{lr=0.1, momentum=0.0"), g.toString());
  }

  @Test
  void paramsAreAnUnmodifiableCopy() {
    Tensor p = Tensor.ones(1).requiresGrad_(true);
    SGD sgd = new SGD(List.of(p), 0.1);
    assertEquals(List.of(p), sgd.paramGroup(0).params());
    assertThrows(UnsupportedOperationException.class, () -> sgd.paramGroup(0).params().add(p));
  }
}
