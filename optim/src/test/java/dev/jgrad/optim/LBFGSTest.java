package dev.jgrad.optim;

import static dev.jgrad.optim.OptimizerCases.assertMessage;
import static dev.jgrad.optim.OptimizerCases.params;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.optim.conformance.ReferenceProblem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class LBFGSTest {
  private static final LBFGS.Options D = LBFGS.Options.defaults();
  private static final float[][] X = {{0.5f, -1.0f}, {1.5f, 0.25f}, {-0.75f, 2.0f}, {2.0f, 1.0f},
      {-1.25f, -0.5f}, {0.0f, 1.5f}, {1.0f, -2.0f}, {-2.0f, 0.75f}};
  private static final float[] Y = {1.875f, 2.5f, -0.625f, 3.0f, -1.5f, -0.875f, 2.5f, -3.25f};

  /** A case of golden/optim/lbfgs.txt (tools/gen_optim2_golden.py). */
  record Case(String name, String problem, Map<String, Object> options, List<double[]> steps, int closures) {
    ReferenceProblem kitProblem() {
      return problem.equals("ROSENBROCK") ? ReferenceProblem.ROSENBROCK : ReferenceProblem.LINEAR_REGRESSION;
    }
  }

  static List<Case> cases() throws IOException {
    List<Case> out = new ArrayList<>();
    try (InputStream in = LBFGSTest.class.getResourceAsStream("/golden/optim/lbfgs.txt");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String name = null;
      String problem = null;
      Map<String, Object> options = new LinkedHashMap<>();
      List<double[]> steps = new ArrayList<>();
      String line;
      while ((line = r.readLine()) != null) {
        String[] t = line.split(" ");
        switch (t[0]) {
          case "case" -> name = t[1];
          case "problem" -> problem = t[1];
          case "options" -> {
            for (int i = 1; i < t.length; i++) {
              String[] kv = t[i].split("=");
              options.put(kv[0], kv[0].equals("line_search_fn") ? kv[1] : Double.valueOf(kv[1]));
            }
          }
          case "step" -> {
            double[] row = new double[t.length - 2];      // loss, func_evals, n_iter, params...
            for (int i = 2; i < t.length; i++) {
              row[i - 2] = Double.parseDouble(t[i]);
            }
            steps.add(row);
          }
          case "closures" -> {
            out.add(new Case(name, problem, options, steps, Integer.parseInt(t[1])));
            options = new LinkedHashMap<>();
            steps = new ArrayList<>();
          }
          default -> { }
        }
      }
    }
    return out;
  }

  /** The fixture's float32 loss: Rosenbrock, or the least-squares loss summed left to right times 1/8. */
  static float loss(String problem, List<Tensor> params) {
    float[] p = params.get(0).toArray();
    if (problem.equals("ROSENBROCK")) {
      float a = 1f - p[0];
      float d = p[1] - p[0] * p[0];
      return a * a + 100f * (d * d);
    }
    float b = params.get(1).item();
    float s = 0f;
    for (int i = 0; i < X.length; i++) {
      float r = ((X[i][0] * p[0] + X[i][1] * p[1]) + b) - Y[i];
      s = s + r * r;
    }
    return s * 0.125f;
  }

  private static Supplier<Tensor> closure(Case c, LBFGS opt, List<Tensor> params, int[] calls) {
    return () -> {
      calls[0]++;
      opt.zeroGrad();
      c.kitProblem().setGradients(params, false);
      return Tensor.scalar(loss(c.problem(), params));
    };
  }

  /** Asserts {@code actual} within 1e-5 relative (1e-6 absolute) of {@code expected}; returns the relative error. */
  private static double assertClose(double expected, double actual, String what) {
    assertTrue(Math.abs(actual - expected) <= 1e-5 * Math.abs(expected) + 1e-6,
        what + ": expected " + expected + ", got " + actual);
    return expected == actual ? 0 : Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-30);
  }

  @TestFactory
  Stream<DynamicTest> matchesPyTorchOnRosenbrockAndLeastSquares() throws IOException {
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      List<Tensor> params = c.kitProblem().newParameters();
      LBFGS opt = new LBFGS(params, LBFGS.Options.fromMap(c.options()));
      int[] calls = {0};
      double worst = 0;
      for (int s = 0; s < c.steps().size(); s++) {
        double[] want = c.steps().get(s);
        Tensor loss = opt.step(closure(c, opt, params, calls));
        String at = c.name() + " step " + (s + 1);
        worst = Math.max(worst, assertClose(want[0], loss.item(), at + " loss"));
        Map<String, Tensor> state = opt.stateDict().state().get(0);
        assertEquals((int) want[1], (int) state.get("func_evals").item(), at + " func_evals");
        assertEquals((int) want[2], (int) state.get("n_iter").item(), at + " n_iter");
        int k = 3;
        for (Tensor p : params) {
          for (float v : p.toArray()) {
            worst = Math.max(worst, assertClose(want[k++], v, at + " parameter " + (k - 4)));
          }
        }
      }
      assertEquals(c.closures(), calls[0], c.name() + " closure calls");
      System.out.println("LBFGS " + c.name() + ": largest relative difference from PyTorch " + worst);
    }));
  }

  @TestFactory
  Stream<DynamicTest> resumesFromAStateDictSavedMidRun() throws IOException {
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      List<Tensor> a = c.kitProblem().newParameters();
      LBFGS optA = new LBFGS(a, LBFGS.Options.fromMap(c.options()));
      int[] calls = {0};
      int half = c.steps().size() / 2;
      for (int s = 0; s < half; s++) {
        optA.step(closure(c, optA, a, calls));
      }
      OptimizerState saved = optA.stateDict();
      OptimizerState read = OptimizerState.fromTensors(saved.toTensors(""), saved.toMetadata(""), "");
      List<Tensor> b = c.kitProblem().newParameters();
      try (var g = Autograd.noGrad()) {
        for (int i = 0; i < b.size(); i++) {
          b.get(i).copy_(a.get(i));
        }
      }
      LBFGS optB = new LBFGS(b, D.withLr(123));
      optB.loadStateDict(read);
      assertEquals(optA.options().toMap(), optB.options().toMap());
      for (int s = half; s < c.steps().size(); s++) {
        optA.step(closure(c, optA, a, calls));
        optB.step(closure(c, optB, b, calls));
        for (int i = 0; i < a.size(); i++) {
          assertArrayEquals(a.get(i).toArray(), b.get(i).toArray(), c.name() + " step " + (s + 1));
        }
      }
    }));
  }

  @Test
  void stateHasPyTorchsKeysOnParameterZero() {
    List<Tensor> params = ReferenceProblem.LINEAR_REGRESSION.newParameters();
    LBFGS opt = new LBFGS(params, D.withMaxIter(4).withHistorySize(2));    // 3 curvature pairs, 2 kept
    int[] calls = {0};
    Case c = new Case("keys", "LEAST_SQUARES", Map.of(), List.of(), 0);
    opt.step(closure(c, opt, params, calls));
    Map<String, Tensor> state = opt.stateDict().state().get(0);
    assertEquals(List.of("func_evals", "n_iter", "d", "t", "old_dirs", "old_stps", "ro", "H_diag",
        "prev_flat_grad", "prev_loss"), List.copyOf(state.keySet()));
    assertEquals(1, opt.stateDict().state().size());
    assertArrayEquals(new int[] {2, 3}, state.get("old_dirs").shape());
    assertArrayEquals(new int[] {2}, state.get("ro").shape());
    assertEquals(List.of("lr", "max_iter", "max_eval", "tolerance_grad", "tolerance_change", "history_size",
        "line_search_fn"), List.copyOf(opt.stateDict().paramGroups().get(0).hyperparameters().keySet()));
    assertEquals(5.0, opt.stateDict().paramGroups().get(0).hyperparameters().get("max_eval"));   // 4 * 5 // 4
    LinkedHashMap<String, Tensor> withScratch = new LinkedHashMap<>(state);
    withScratch.put("al", Tensor.of(1f, 2f));                  // PyTorch's scratch list: accepted, not used
    LBFGS other = new LBFGS(ReferenceProblem.LINEAR_REGRESSION.newParameters(), D.withMaxIter(4).withHistorySize(2));
    other.loadStateDict(new OptimizerState(opt.stateDict().paramGroups(), Map.of(0, withScratch)));
    assertEquals(List.copyOf(state.keySet()), List.copyOf(other.stateDict().state().get(0).keySet()));
  }

  @Test
  void stepRunsTheClosureWithGradAndReturnsTheFirstLoss() {
    List<Tensor> params = ReferenceProblem.QUADRATIC_BOWL.newParameters();
    LBFGS opt = new LBFGS(params, D.withLineSearchFn("strong_wolfe"));
    List<Tensor> losses = new ArrayList<>();
    Tensor returned;
    try (var g = Autograd.noGrad()) {
      returned = opt.step(() -> {
        assertTrue(Autograd.isGradEnabled(), "the closure runs with grad enabled");
        opt.zeroGrad();
        Tensor loss = ReferenceProblem.QUADRATIC_BOWL.lossTensor(params);
        loss.backward();
        losses.add(loss);
        return loss;
      });
    }
    assertSame(losses.get(0), returned);
    assertTrue(losses.size() > 1, "L-BFGS evaluates again");
    assertEquals(ReferenceProblem.QUADRATIC_BOWL.loss(List.of(Tensor.of(-1f, -0.25f, -4f))),
        ReferenceProblem.QUADRATIC_BOWL.loss(params), 1e-5, "a quadratic is solved in one step");
    assertEquals(1, opt.stepCount());
  }

  @Test
  void refusals() {
    LBFGS opt = new LBFGS(params(), D);
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, opt::step);
    assertTrue(e.getMessage().startsWith("LBFGS.step() needs a closure"), e.getMessage());
    assertMessage("LBFGS doesn't support per-parameter options (parameter groups)",
        () -> opt.addParamGroup(List.of(Tensor.ones(1).requiresGrad_(true))));
    assertEquals(1, opt.paramGroups().size());
    assertMessage("LBFGS: only 'strong_wolfe' is supported, got 'backtracking'",
        () -> new LBFGS(params(), D.withLineSearchFn("backtracking")));
    assertMessage("LBFGS.Options.fromMap: option 'max_iter' must be an integer, got 2.5",
        () -> LBFGS.Options.fromMap(Map.of("max_iter", 2.5)));
    assertMessage("LBFGS.loadStateDict: state of parameter 0 needs 'd' of shape [2] (the parameters' total size), "
        + "got [3]", () -> opt.loadStateDict(new OptimizerState(
            List.of(new OptimizerState.GroupState(D.toMap(), List.of(0))),
            Map.of(0, Map.of("func_evals", Tensor.scalar(1), "n_iter", Tensor.scalar(1), "d", Tensor.ones(3))))));
  }

  @Test
  void optionsRoundTripThroughTheirMapAndPrint() {
    LBFGS.Options o = D.withLr(0.5).withMaxIter(8).withMaxEval(9).withToleranceGrad(1e-5).withToleranceChange(1e-7)
        .withHistorySize(4).withLineSearchFn("strong_wolfe");
    assertEquals(o, LBFGS.Options.fromMap(o.toMap()));
    assertEquals(25, D.resolvedMaxEval());
    assertEquals(10, D.withMaxIter(8).resolvedMaxEval());
    assertEquals(D.toMap(), LBFGS.Options.fromMap(D.toMap()).toMap());
    assertEquals("LBFGS (\nParameter Group 0\n    history_size: 100.0\n    line_search_fn: null\n    lr: 1.0\n"
        + "    max_eval: 25.0\n    max_iter: 20.0\n    tolerance_change: 1.0E-9\n    tolerance_grad: 1.0E-7\n)",
        new LBFGS(params(), D).toString());
  }
}
