package dev.jgrad.optim;

import static dev.jgrad.optim.OptimizerCases.assertMessage;
import static dev.jgrad.optim.OptimizerCases.params;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SparseAdamTest {
  private static final SparseAdam.Options D = SparseAdam.Options.defaults();

  @Test
  void refusesADenseGradientWithPyTorchsMessageBeforeAnythingChanges() {
    Tensor frozen = Tensor.of(5f);
    Tensor w = Tensor.of(new float[] {1f, 2f, 3f, 4f}, 2, 2).requiresGrad_(true);
    SparseAdam opt = new SparseAdam(List.of(frozen, w), 0.1);
    opt.step();                                         // no gradient anywhere: nothing to refuse
    w.setGrad(Tensor.ones(2, 2));
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, opt::step);
    assertTrue(e.getMessage().startsWith(
        "SparseAdam does not support dense gradients, please consider Adam instead (param 1, shape [2, 2]"),
        e.getMessage());
    assertTrue(e.getMessage().contains("jgrad has no sparse gradients: use Adam or AdamW"), e.getMessage());
    assertArrayEquals(new float[] {1f, 2f, 3f, 4f}, w.toArray());
    assertTrue(opt.stateDict().state().isEmpty(), "no state for a refused step");
  }

  @Test
  void refusesSavedState() {
    SparseAdam opt = new SparseAdam(params(), D);
    OptimizerState fromPyTorch = new OptimizerState(List.of(new OptimizerState.GroupState(D.toMap(), List.of(0))),
        Map.of(0, Map.of("step", Tensor.scalar(1f))));
    assertMessage("SparseAdam.loadStateDict: state of parameter 0 ([step]) cannot be used: "
        + "jgrad has no sparse gradients, so SparseAdam never steps; load it into Adam instead",
        () -> opt.loadStateDict(fromPyTorch));
  }

  @Test
  void validationMessages() {
    assertMessage("SparseAdam: Invalid learning rate: 0.0", () -> new SparseAdam(params(), 0));
    assertMessage("SparseAdam: Invalid epsilon value: 0.0", () -> new SparseAdam(params(), D.withEps(0)));
    assertMessage("SparseAdam: Invalid beta parameter at index 0: 1.0",
        () -> new SparseAdam(params(), D.withBetas(1, 0.999)));
    assertMessage("SparseAdam: Invalid beta parameter at index 1: -0.1",
        () -> new SparseAdam(params(), D.withBetas(0.9, -0.1)));
  }

  @Test
  void optionsRoundTripThroughTheirMapAndPrint() {
    SparseAdam.Options o = D.withBetas(0.8, 0.99).withEps(1e-6).withMaximize(true).withLr(0.5);
    assertEquals(o, SparseAdam.Options.fromMap(o.toMap()));
    assertEquals(List.of("lr", "betas", "eps", "maximize"), List.copyOf(D.toMap().keySet()));
    assertEquals(D, SparseAdam.Options.fromMap(Map.of()));
    assertEquals("SparseAdam (\nParameter Group 0\n    betas: [0.9, 0.999]\n    eps: 1.0E-8\n    lr: 0.001\n"
        + "    maximize: false\n)", new SparseAdam(params(), D).toString());
  }
}
