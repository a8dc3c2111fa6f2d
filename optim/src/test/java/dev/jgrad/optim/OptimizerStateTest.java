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
    assertMessage("OptimizerState.fromTensors: cannot read p.param_groups.0.lr = 'fast': Unrecognized token 'fast': "
        + "was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
        () -> OptimizerState.fromTensors(Map.of(),
        Map.of("p.param_groups.0.lr", "fast", "p.param_groups.0.params", "[0]"), "p."));
    assertMessage("OptimizerState.fromTensors: cannot read p.param_groups.0.lr = '{\"a\": 1}' (expected a number, "
        + "true/false, [a, b], a string or null)", () -> OptimizerState.fromTensors(Map.of(),
        Map.of("p.param_groups.0.lr", "{\"a\": 1}", "p.param_groups.0.params", "[0]"), "p."));
    assertMessage("OptimizerState.fromTensors: p.param_groups.0.params = '[0.5]' must be a list of parameter "
        + "indices such as [0, 1]", () -> OptimizerState.fromTensors(Map.of(),
        Map.of("p.param_groups.0.params", "[0.5]"), "p."));
    String truncated = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> OptimizerState.fromTensors(Map.of(), Map.of("p.param_groups.0.params", "[0, 0"), "p.")).getMessage();
    org.junit.jupiter.api.Assertions.assertTrue(truncated.startsWith("OptimizerState.fromTensors: cannot read "
        + "p.param_groups.0.params = '[0, 0': Unexpected end-of-input"), truncated);
    assertMessage("OptimizerState.fromTensors: missing param_groups.1.params in the metadata",
        () -> OptimizerState.fromTensors(Map.of(),
            Map.of("param_groups.0.params", "[0]", "param_groups.2.params", "[1]"), ""));
    assertMessage("OptimizerState.fromTensors: cannot read the index in key 'state.x.step'",
        () -> OptimizerState.fromTensors(Map.of("state.x.step", Tensor.scalar(1)), Map.of(), ""));
    assertMessage("OptimizerState: hyperparameter 'lr' must be a Double, Boolean, List<Double>, String or null, "
        + "got Object", () -> new OptimizerState.GroupState(Map.of("lr", new Object()), List.of(0)));
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

  @Test
  void hyperparametersReadBackBitForBitAndNonFiniteOnesAreRefused() {
    java.util.Random r = new java.util.Random(3);
    List<Double> values = new java.util.ArrayList<>(List.of(-0.0, Double.MIN_VALUE, Double.MAX_VALUE,
        Math.nextDown(Double.MIN_NORMAL), 0.1, 1e-8));
    for (int i = 0; i < 200; i++) {
      double d = Double.longBitsToDouble(r.nextLong());
      if (Double.isFinite(d)) {
        values.add(d);
      }
      values.add((double) Float.intBitsToFloat(r.nextInt() & 0x7f7fffff));
    }
    Map<String, Object> hyper = new LinkedHashMap<>();
    hyper.put("lr", values.get(0));
    hyper.put("betas", values);
    hyper.put("amsgrad", true);
    OptimizerState s = new OptimizerState(List.of(new OptimizerState.GroupState(hyper, List.of(0, 1))), Map.of());
    OptimizerState back = OptimizerState.fromTensors(Map.of(), s.toMetadata("o."), "o.");
    @SuppressWarnings("unchecked")
    List<Double> read = (List<Double>) back.paramGroups().get(0).hyperparameters().get("betas");
    for (int i = 0; i < values.size(); i++) {
      assertEquals(Double.doubleToRawLongBits(values.get(i)), Double.doubleToRawLongBits(read.get(i)),
          "value " + values.get(i));
    }
    assertEquals(Double.doubleToRawLongBits(-0.0),
        Double.doubleToRawLongBits((Double) back.paramGroups().get(0).hyperparameters().get("lr")));
    assertEquals(List.of(0, 1), back.paramGroups().get(0).params());

    Map<String, Object> bad = new LinkedHashMap<>(hyper);
    bad.put("eps", Double.NaN);
    OptimizerState nan = new OptimizerState(List.of(new OptimizerState.GroupState(bad, List.of(0))), Map.of());
    assertMessage("OptimizerState.toMetadata: o.param_groups.0.eps is NaN, which JSON cannot hold",
        () -> nan.toMetadata("o."));
  }

  /** Every tensor and hyperparameter of the optimizer's state, as bits. */
  private static List<Object> snapshot(Optimizer opt) {
    OptimizerState s = opt.stateDict();
    List<Object> out = new java.util.ArrayList<>();
    s.toTensors("").forEach((k, v) -> {
      out.add(k);
      out.add(List.of(java.util.Arrays.toString(v.shape())));
      for (float f : v.toArray()) {
        out.add(Float.floatToRawIntBits(f));
      }
    });
    out.add(s.toMetadata(""));
    return out;
  }

  @Test
  void aRefusedLoadLeavesTheOptimizerExactlyAsItWas() {
    List<Tensor> params = ReferenceProblem.LINEAR_REGRESSION.newParameters();
    Adam adam = trainedAdam(params, 3);
    List<Object> before = snapshot(adam);
    List<float[]> weights = params.stream().map(Tensor::toArray).toList();
    OptimizerState good = adam.stateDict();

    OptimizerState sgd = new SGD(params, 0.1).stateDict();
    OptimizerState oneGroup = new Adam(params, 0.1).stateDict();
    Adam other = new Adam(List.of(params.get(0), Tensor.zeros(2).requiresGrad_(true)), 0.1);
    other.addParamGroup(List.of(params.get(1)));
    OptimizerState swappedSizes = other.stateDict();
    Map<Integer, Map<String, Tensor>> missing = new java.util.TreeMap<>(good.state());
    Map<String, Tensor> first = new LinkedHashMap<>(missing.get(0));
    first.remove("exp_avg_sq");
    missing.put(0, first);
    OptimizerState missingKey = new OptimizerState(good.paramGroups(), missing);
    Map<Integer, Map<String, Tensor>> reshaped = new java.util.TreeMap<>(good.state());
    Map<String, Tensor> second = new LinkedHashMap<>(reshaped.get(1));
    second.put("exp_avg", Tensor.zeros(7));
    reshaped.put(1, second);
    OptimizerState badShape = new OptimizerState(good.paramGroups(), reshaped);

    for (OptimizerState wrong : List.of(sgd, oneGroup, swappedSizes, missingKey, badShape)) {
      org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(wrong));
      assertEquals(before, snapshot(adam));
      for (int i = 0; i < params.size(); i++) {
        assertArrayEquals(weights.get(i), params.get(i).toArray());
      }
    }
  }
}
