package dev.jgrad.optim;

import static dev.jgrad.optim.OptimizerCases.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.optim.conformance.ReferenceProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimizerStateTest {

  private static Adam trainedAdam(List<Tensor> params, int steps) {
    Adam adam = new Adam(List.of(params.get(0)), Adam.Options.defaults().withLr(0.05).withAmsgrad(true));
    adam.addParamGroup(List.of(params.get(1)), adam.defaults().withLr(0.01));
    new StepLR(adam, 3);
    for (int i = 0; i < steps; i++) {
      adam.zeroGrad();
      ReferenceProblem.LINEAR_REGRESSION.setGradients(params, false);
      adam.step();
    }
    return adam;
  }

  @Test
  void flattensToNamedTensorsAndMetadata() {
    Adam adam = trainedAdam(ReferenceProblem.LINEAR_REGRESSION.newParameters(), 2);
    OptimizerState s = adam.stateDict();
    LinkedHashMap<String, Tensor> tensors = s.toTensors("optimizer.");
    assertEquals(List.of("optimizer.state.0.step", "optimizer.state.0.exp_avg", "optimizer.state.0.exp_avg_sq",
        "optimizer.state.0.max_exp_avg_sq", "optimizer.state.1.step", "optimizer.state.1.exp_avg",
        "optimizer.state.1.exp_avg_sq", "optimizer.state.1.max_exp_avg_sq"), List.copyOf(tensors.keySet()));
    assertArrayEquals(new int[] {1, 2}, tensors.get("optimizer.state.0.exp_avg").shape());
    Map<String, String> meta = s.toMetadata("optimizer.");
    assertEquals("0.05", meta.get("optimizer.param_groups.0.lr"));
    assertEquals("[0.9, 0.999]", meta.get("optimizer.param_groups.0.betas"));
    assertEquals("true", meta.get("optimizer.param_groups.1.amsgrad"));
    assertEquals("0.01", meta.get("optimizer.param_groups.1.initial_lr"));
    assertEquals("[1]", meta.get("optimizer.param_groups.1.params"));
  }

  @Test
  void readsBackAndResumesIdentically() {
    List<Tensor> a = ReferenceProblem.LINEAR_REGRESSION.newParameters();
    Adam adamA = trainedAdam(a, 4);
    OptimizerState s = adamA.stateDict();
    Map<String, Tensor> tensors = new LinkedHashMap<>(s.toTensors("opt."));
    tensors.put("model.weight", Tensor.ones(3));          // other entries of the same file are ignored
    Map<String, String> meta = new LinkedHashMap<>(s.toMetadata("opt."));
    meta.put("epoch", "7");
    OptimizerState back = OptimizerState.fromTensors(tensors, meta, "opt.");
    assertEquals(s.paramGroups(), back.paramGroups());

    List<Tensor> b = ReferenceProblem.LINEAR_REGRESSION.newParameters();
    try (var g = dev.jgrad.autograd.Autograd.noGrad()) {
      for (int i = 0; i < a.size(); i++) {
        b.get(i).copy_(a.get(i));
      }
    }
    Adam adamB = new Adam(List.of(b.get(0)), 0.5);
    adamB.addParamGroup(List.of(b.get(1)));
    adamB.loadStateDict(back);
    for (int step = 0; step < 10; step++) {
      for (Object[] run : new Object[][] {{adamA, a}, {adamB, b}}) {
        Adam opt = (Adam) run[0];
        @SuppressWarnings("unchecked")
        List<Tensor> ps = (List<Tensor>) run[1];
        opt.zeroGrad();
        ReferenceProblem.LINEAR_REGRESSION.setGradients(ps, false);
        opt.step();
      }
      for (int i = 0; i < a.size(); i++) {
        assertArrayEquals(a.get(i).toArray(), b.get(i).toArray(), "step " + step);
      }
    }
  }

  @Test
  void namesWhatItCannotRead() {
    assertMessage("OptimizerState.fromTensors: cannot read p.param_groups.0.lr = 'fast' (expected a number, "
        + "true/false or [a, b])", () -> OptimizerState.fromTensors(Map.of(),
        Map.of("p.param_groups.0.lr", "fast", "p.param_groups.0.params", "[0]"), "p."));
    assertMessage("OptimizerState.fromTensors: missing param_groups.1.params in the metadata",
        () -> OptimizerState.fromTensors(Map.of(),
            Map.of("param_groups.0.params", "[0]", "param_groups.2.params", "[1]"), ""));
    assertMessage("OptimizerState.fromTensors: cannot read the index in key 'state.x.step'",
        () -> OptimizerState.fromTensors(Map.of("state.x.step", Tensor.scalar(1)), Map.of(), ""));
    assertMessage("OptimizerState: hyperparameter 'lr' must be a Double, Boolean or List<Double>, got String",
        () -> new OptimizerState.GroupState(Map.of("lr", "x"), List.of(0)));
    assertMessage("OptimizerState: state names must not contain '.', got 'a.b'",
        () -> new OptimizerState(List.of(), Map.of(0, Map.of("a.b", Tensor.scalar(1)))));
  }

  @Test
  void copiesItsTensors() {
    Tensor t = Tensor.of(1f, 2f);
    OptimizerState s = new OptimizerState(List.of(), Map.of(0, Map.of("buf", t)));
    t.add_(1);
    assertArrayEquals(new float[] {1f, 2f}, s.state().get(0).get("buf").toArray());
    assertEquals(1.0, new OptimizerState.GroupState(Map.of("lr", 1), List.of()).hyperparameters().get("lr"));
  }
}
