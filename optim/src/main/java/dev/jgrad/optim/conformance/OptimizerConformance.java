package dev.jgrad.optim.conformance;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.OptimizerState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The optimizer conformance kit: contract checks that any {@link Optimizer} implementation should pass, and
 * PyTorch reference trajectories ({@link ReferenceCase}) for the built-in optimizers on the {@link
 * ReferenceProblem}s. Plain Java with no test-framework dependency: a failed check throws {@link AssertionError},
 * which every test runner reports as a failure.
 *
 * <pre>{@code
 * // JUnit 5: one dynamic test per contract check of your optimizer
 * @TestFactory
 * Stream<DynamicTest> contract() {
 *   return OptimizerConformance.contractChecks(params -> new MyOptimizer(params, 0.1)).stream()
 *       .map(c -> DynamicTest.dynamicTest(c.name(), c::run));
 * }
 *
 * @Test
 * void rejectsNegativeLr() {
 *   OptimizerConformance.assertRejects("Invalid learning rate: -0.1",
 *       () -> new MyOptimizer(ReferenceProblem.QUADRATIC_BOWL.newParameters(), -0.1));
 * }
 * }</pre>
 *
 * <p>The factory is called with fresh parameters each time and must return a new optimizer over exactly those
 * parameters, in one group, with a non-zero learning rate.
 */
public final class OptimizerConformance {
  private OptimizerConformance() {}

  /** Builds the optimizer under test over the given parameters. */
  @FunctionalInterface
  public interface Factory {
    Optimizer create(List<Tensor> params);
  }

  /**
   * One named check.
   *
   * @param name what it checks, e.g. {@code "step() skips parameters whose grad is null"}
   * @param body throws {@link AssertionError} on failure
   */
  public record Check(String name, Runnable body) {
    /** Runs the check, prefixing any failure with its name. */
    public void run() {
      try {
        body.run();
      } catch (AssertionError e) {
        throw new AssertionError(name + ": " + e.getMessage(), e);
      } catch (RuntimeException e) {
        throw new AssertionError(name + ": unexpected " + e, e);
      }
    }
  }

  /** Every contract check for the optimizer that {@code factory} builds. */
  public static List<Check> contractChecks(Factory factory) {
    Objects.requireNonNull(factory, "factory");
    List<Check> checks = new ArrayList<>();
    checks.add(new Check("rejects an empty parameter list", () -> assertRejects(
        "optimizer got an empty parameter list", () -> factory.create(List.of()))));
    checks.add(new Check("rejects a parameter listed twice", () -> {
      Tensor p = Tensor.ones(2).requiresGrad_(true);
      assertRejects("duplicate parameters", () -> factory.create(List.of(p, p)));
    }));
    checks.add(new Check("rejects a parameter in two groups", () -> {
      Tensor p = Tensor.ones(2).requiresGrad_(true);
      Optimizer opt = factory.create(List.of(p));
      assertRejects("some parameters appear in more than one parameter group",
          () -> opt.addParamGroup(List.of(p)));
      check(opt.paramGroups().size() == 1, "a rejected group must not be added");
    }));
    checks.add(new Check("rejects a non-leaf tensor", () -> {
      Tensor p = Tensor.ones(2).requiresGrad_(true);
      assertRejects("can't optimize a non-leaf Tensor", () -> factory.create(List.of(p.mul(2))));
    }));
    checks.add(new Check("accepts a frozen tensor and skips it while its grad is null", () -> {
      Tensor frozen = Tensor.ones(2);
      Tensor p = Tensor.ones(2).requiresGrad_(true);
      Optimizer opt = factory.create(List.of(frozen, p));
      p.setGrad(Tensor.ones(2));
      opt.step();
      check(frozen.get(0) == 1f && frozen.get(1) == 1f, "a parameter without grad must not change: " + frozen);
    }));
    checks.add(new Check("step() runs under no-grad and keeps parameters leaves", () -> {
      List<Tensor> params = ReferenceProblem.LINEAR_REGRESSION.newParameters();
      Optimizer opt = factory.create(params);
      ReferenceProblem.LINEAR_REGRESSION.setGradients(params, false);
      opt.step();
      check(Autograd.isGradEnabled(), "grad mode must be restored after step()");
      for (Tensor p : params) {
        check(p.isLeaf() && p.gradFn() == null && p.requiresGrad(), "a parameter is no longer a leaf: " + p);
      }
    }));
    checks.add(new Check("step() moves parameters that have a gradient", () -> {
      List<Tensor> params = ReferenceProblem.QUADRATIC_BOWL.newParameters();
      float[] before = params.get(0).toArray();
      Optimizer opt = factory.create(params);
      ReferenceProblem.QUADRATIC_BOWL.setGradients(params, false);
      opt.step();
      check(!Arrays.equals(before, params.get(0).toArray()), "the parameter did not change");
    }));
    checks.add(new Check("step() does not change gradients", () -> {
      List<Tensor> params = ReferenceProblem.LINEAR_REGRESSION.newParameters();
      Optimizer opt = factory.create(params);
      ReferenceProblem.LINEAR_REGRESSION.setGradients(params, false);
      List<Tensor> grads = new ArrayList<>();
      List<float[]> values = new ArrayList<>();
      for (Tensor p : params) {
        grads.add(p.grad());
        values.add(p.grad().toArray());
      }
      opt.step();
      opt.step();
      for (int i = 0; i < params.size(); i++) {
        check(params.get(i).grad() == grads.get(i), "step() replaced the grad tensor of parameter " + i);
        check(Arrays.equals(values.get(i), params.get(i).grad().toArray()),
            "step() changed the grad values of parameter " + i);
      }
    }));
    checks.add(new Check("step() skips parameters whose grad is null (no update, no state)", () -> {
      List<Tensor> params = ReferenceProblem.LINEAR_REGRESSION.newParameters();
      Optimizer opt = factory.create(params);
      float[] bias = params.get(1).toArray();
      for (int i = 0; i < 3; i++) {
        opt.zeroGrad();
        ReferenceProblem.LINEAR_REGRESSION.setGradients(params, false);
        params.get(1).setGrad(null);
        opt.step();
      }
      check(Arrays.equals(bias, params.get(1).toArray()), "a parameter without grad was updated");
      check(!opt.stateDict().state().containsKey(1), "state was created for a parameter without grad");
    }));
    checks.add(new Check("a zero grad is a real step, unlike a null grad", () -> {
      List<Tensor> params = ReferenceProblem.QUADRATIC_BOWL.newParameters();
      Optimizer opt = factory.create(params);
      ReferenceProblem.QUADRATIC_BOWL.setGradients(params, false);
      opt.step();
      params.get(0).setGrad(Tensor.zerosLike(params.get(0)));
      opt.step();
      check(opt.stateDict().state().containsKey(0), "no state after steps with a gradient");
    }));
    checks.add(new Check("zeroGrad() sets grads to null", () -> {
      List<Tensor> params = ReferenceProblem.LINEAR_REGRESSION.newParameters();
      Optimizer opt = factory.create(params);
      ReferenceProblem.LINEAR_REGRESSION.setGradients(params, false);
      opt.zeroGrad();
      for (Tensor p : params) {
        check(p.grad() == null, "grad is not null after zeroGrad()");
      }
    }));
    checks.add(new Check("zeroGrad(false) zeroes grads in place", () -> {
      List<Tensor> params = ReferenceProblem.LINEAR_REGRESSION.newParameters();
      Optimizer opt = factory.create(params);
      ReferenceProblem.LINEAR_REGRESSION.setGradients(params, false);
      Tensor g = params.get(0).grad();
      opt.zeroGrad(false);
      check(params.get(0).grad() == g, "zeroGrad(false) replaced the grad tensor");
      for (Tensor p : params) {
        for (float v : p.grad().toArray()) {
          check(v == 0f, "grad not zero after zeroGrad(false): " + p.grad());
        }
      }
    }));
    checks.add(new Check("step(closure) runs the closure with grad enabled and returns its loss", () -> {
      List<Tensor> params = ReferenceProblem.QUADRATIC_BOWL.newParameters();
      Optimizer opt = factory.create(params);
      float[] before = params.get(0).toArray();
      Tensor[] seen = new Tensor[1];
      Tensor returned;
      try (var g = Autograd.noGrad()) {
        returned = opt.step(() -> {
          check(Autograd.isGradEnabled(), "the closure ran with grad disabled");
          opt.zeroGrad();
          Tensor loss = ReferenceProblem.QUADRATIC_BOWL.lossTensor(params);
          loss.backward();
          seen[0] = loss;
          return loss;
        });
      }
      check(returned == seen[0], "step(closure) did not return the closure's loss");
      check(!Arrays.equals(before, params.get(0).toArray()), "step(closure) did not update the parameter");
    }));
    checks.add(new Check("stateDict round trip resumes identically", () -> stateDictRoundTrip(factory)));
    checks.add(new Check("loadStateDict rejects a different group count or size", () -> {
      Optimizer two = factory.create(ReferenceProblem.LINEAR_REGRESSION.newParameters());
      OptimizerState saved = two.stateDict();
      Optimizer one = factory.create(ReferenceProblem.QUADRATIC_BOWL.newParameters());
      assertRejects("doesn't match the size of optimizer's group", () -> one.loadStateDict(saved));
      Optimizer grouped = factory.create(List.of(Tensor.ones(1).requiresGrad_(true)));
      grouped.addParamGroup(List.of(Tensor.ones(1).requiresGrad_(true)));
      assertRejects("different number of parameter groups", () -> grouped.loadStateDict(saved));
    }));
    checks.add(new Check("the learning rate of a group can be changed", () -> {
      Optimizer opt = factory.create(ReferenceProblem.QUADRATIC_BOWL.newParameters());
      double lr = opt.paramGroups().get(0).lr();
      opt.paramGroups().get(0).setLr(lr / 2);
      check(opt.paramGroups().get(0).lr() == lr / 2, "setLr had no effect");
      check(Double.valueOf(lr / 2).equals(opt.stateDict().paramGroups().get(0).hyperparameters().get("lr")),
          "stateDict does not show the new lr");
      opt.paramGroups().get(0).setLr(-1);        // unchecked, as a scheduler's write in PyTorch
      check(opt.paramGroups().get(0).lr() == -1, "setLr must take a rate below zero");
    }));
    checks.add(new Check("counts backward passes since zeroGrad", () -> {
      List<Tensor> params = ReferenceProblem.QUADRATIC_BOWL.newParameters();
      Optimizer opt = factory.create(params);
      ReferenceProblem.QUADRATIC_BOWL.lossTensor(params).backward();
      ReferenceProblem.QUADRATIC_BOWL.lossTensor(params).backward();
      check(opt.backwardPassesSinceZeroGrad(0) == 2, "expected 2, got " + opt.backwardPassesSinceZeroGrad(0));
      opt.zeroGrad();
      check(opt.backwardPassesSinceZeroGrad(0) == 0, "not reset by zeroGrad()");
    }));
    return checks;
  }

  /** Runs every contract check and throws one {@link AssertionError} listing all failures. */
  public static void verifyContract(Factory factory) {
    List<String> failures = new ArrayList<>();
    for (Check c : contractChecks(factory)) {
      try {
        c.run();
      } catch (AssertionError e) {
        failures.add(e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new AssertionError(failures.size() + " contract check(s) failed:\n  " + String.join("\n  ", failures));
    }
  }

  private static void stateDictRoundTrip(Factory factory) {
    ReferenceProblem problem = ReferenceProblem.LINEAR_REGRESSION;
    List<Tensor> a = problem.newParameters();
    Optimizer optA = factory.create(a);
    for (int i = 0; i < 5; i++) {
      stepOnce(optA, problem, a, false);
    }
    OptimizerState saved = optA.stateDict();
    Map<String, Tensor> savedFlat = saved.toTensors("");
    List<Tensor> b = problem.newParameters();
    try (var g = Autograd.noGrad()) {
      for (int i = 0; i < a.size(); i++) {
        b.get(i).copy_(a.get(i));
      }
    }
    Optimizer optB = factory.create(b);
    optB.loadStateDict(saved);
    for (int i = 0; i < 5; i++) {
      stepOnce(optA, problem, a, false);
      stepOnce(optB, problem, b, false);
      for (int k = 0; k < a.size(); k++) {
        check(Arrays.equals(a.get(k).toArray(), b.get(k).toArray()),
            "after loadStateDict, step " + (i + 1) + " differs for parameter " + k + ": " + a.get(k) + " vs "
                + b.get(k));
      }
    }
    savedFlat.forEach((key, t) -> check(Arrays.equals(t.toArray(), saved.toTensors("").get(key).toArray()),
        "stepping changed the saved state '" + key + "' (stateDict must return copies)"));
    check(optB.stateDict().toTensors("").keySet().equals(optA.stateDict().toTensors("").keySet()),
        "state keys differ after the round trip");
  }

  private static void stepOnce(Optimizer opt, ReferenceProblem problem, List<Tensor> params, boolean negate) {
    opt.zeroGrad();
    problem.setGradients(params, negate);
    opt.step();
  }

  /**
   * Runs {@code steps} steps of the optimizer on {@code problem} (zeroGrad, exact gradients, step), recording the
   * parameters after each.
   */
  public static Trajectory run(Factory factory, ReferenceProblem problem, int steps, boolean negate) {
    List<Tensor> params = problem.newParameters();
    Optimizer opt = factory.create(params);
    float[][] rows = new float[steps][];
    for (int s = 0; s < steps; s++) {
      stepOnce(opt, problem, params, negate);
      rows[s] = flatten(params);
    }
    return new Trajectory(problem, rows);
  }

  /** Runs the built-in optimizer of {@code c} on its problem, as PyTorch did. */
  public static Trajectory run(ReferenceCase c) {
    return run(c::newOptimizer, c.problem(), c.steps(), c.negate());
  }

  /**
   * Runs the case and compares with PyTorch's trajectory under the case's tolerances.
   *
   * @return the comparison (for reporting the error actually reached)
   * @throws AssertionError naming the first step and element out of tolerance
   */
  public static Trajectory.Comparison assertMatchesReference(ReferenceCase c) {
    return assertMatches(c, run(c));
  }

  /**
   * Compares a trajectory with the case's PyTorch trajectory.
   *
   * @throws AssertionError naming the first step and element out of tolerance
   */
  public static Trajectory.Comparison assertMatches(ReferenceCase c, Trajectory actual) {
    Trajectory.Comparison cmp = actual.compareTo(c.expected(), c.rtol(), c.atol());
    if (!cmp.matches()) {
      throw new AssertionError(c.name() + " (" + c.optimizer() + " " + c.options() + "): " + cmp + "; rtol "
          + c.rtol() + ", atol " + c.atol());
    }
    return cmp;
  }

  /**
   * Checks that {@code action} throws an {@link IllegalArgumentException} whose message contains {@code
   * expectedMessagePart} (e.g. PyTorch's {@code "Invalid learning rate: -0.1"}).
   *
   * @throws AssertionError when nothing, or something else, is thrown
   */
  public static void assertRejects(String expectedMessagePart, Runnable action) {
    try {
      action.run();
    } catch (IllegalArgumentException e) {
      if (e.getMessage() == null || !e.getMessage().contains(expectedMessagePart)) {
        throw new AssertionError(
            "expected a message containing \"" + expectedMessagePart + "\", got \"" + e.getMessage() + "\"", e);
      }
      return;
    } catch (RuntimeException e) {
      throw new AssertionError("expected IllegalArgumentException(\"" + expectedMessagePart + "\"), got " + e, e);
    }
    throw new AssertionError("expected IllegalArgumentException(\"" + expectedMessagePart + "\"), nothing thrown");
  }

  private static float[] flatten(List<Tensor> params) {
    int n = 0;
    for (Tensor p : params) {
      n += p.numel();
    }
    float[] out = new float[n];
    int at = 0;
    for (Tensor p : params) {
      float[] v = p.toArray();
      System.arraycopy(v, 0, out, at, v.length);
      at += v.length;
    }
    return out;
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }
}
