package dev.jgrad.optim.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.ParamGroup;
import dev.jgrad.optim.SGD;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimizerConformanceTest {

  /** A user optimizer with a configurable defect, to prove the kit catches it. */
  static final class Faulty extends Optimizer {
    enum Defect { NONE, CHANGES_GRADS, DOES_NOTHING, FORGETS_STATE }

    private final Defect defect;

    Faulty(List<Tensor> params, Defect defect) {
      super(params, SGD.Options.defaults().withLr(0.1).withMomentum(0.9));
      this.defect = defect;
    }

    private static final class Velocity implements ParamState {
      float[] v;
      int[] shape;

      @Override
      public LinkedHashMap<String, Tensor> toTensors() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        if (v != null) {
          m.put("v", Tensor.of(v, shape));
        }
        return m;
      }
    }

    @Override
    protected ParamState newState(ParamGroup<?> group, Tensor param) {
      Velocity s = new Velocity();
      s.shape = param.shape();
      return s;
    }

    @Override
    protected ParamState restoreState(ParamGroup<?> group, int index, Tensor param, Map<String, Tensor> saved) {
      Velocity s = (Velocity) newState(group, param);
      if (defect != Defect.FORGETS_STATE) {
        s.v = savedTensor(saved, "v", index, param, false);
      }
      return s;
    }

    @Override
    protected void update(ParamGroup<?> group, Tensor param, Tensor grad, ParamState state) {
      if (defect == Defect.DOES_NOTHING) {
        return;
      }
      if (defect == Defect.CHANGES_GRADS) {
        grad.mul_(0.5);
      }
      Velocity s = (Velocity) state;
      float[] g = grad.toArray();
      float[] p = param.toArray();
      if (s.v == null) {
        s.v = new float[g.length];
      }
      for (int i = 0; i < g.length; i++) {
        s.v[i] = 0.9f * s.v[i] + g[i];
        p[i] -= (float) group.lr() * s.v[i];
      }
      writeValues(param, p);
    }

    @Override
    protected ParamGroup.Options optionsFromMap(Map<String, ?> hyperparameters) {
      return SGD.Options.fromMap(hyperparameters);
    }
  }

  @Test
  void aCorrectUserOptimizerPasses() {
    OptimizerConformance.verifyContract(p -> new Faulty(p, Faulty.Defect.NONE));
    assertEquals(17, OptimizerConformance.contractChecks(p -> new SGD(p, 0.1)).size());
  }

  @Test
  void catchesAnOptimizerThatChangesGradients() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> OptimizerConformance.verifyContract(p -> new Faulty(p, Faulty.Defect.CHANGES_GRADS)));
    assertTrue(e.getMessage().contains("step() does not change gradients: step() changed the grad values"),
        e.getMessage());
  }

  @Test
  void catchesAnOptimizerThatDoesNotMove() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> OptimizerConformance.verifyContract(p -> new Faulty(p, Faulty.Defect.DOES_NOTHING)));
    assertTrue(e.getMessage().contains("step() moves parameters that have a gradient: the parameter did not change"),
        e.getMessage());
  }

  @Test
  void catchesAnOptimizerThatLosesItsStateOnLoad() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> OptimizerConformance.verifyContract(p -> new Faulty(p, Faulty.Defect.FORGETS_STATE)));
    assertTrue(e.getMessage().contains("stateDict round trip resumes identically: after loadStateDict, step 1 "
        + "differs"), e.getMessage());
    assertTrue(e.getMessage().startsWith("1 contract check(s) failed"), e.getMessage());
  }

  @Test
  void assertRejectsChecksTypeAndMessage() {
    OptimizerConformance.assertRejects("Invalid learning rate: -0.1",
        () -> new SGD(ReferenceProblem.QUADRATIC_BOWL.newParameters(), -0.1));
    AssertionError wrongText = assertThrows(AssertionError.class, () -> OptimizerConformance.assertRejects(
        "momentum", () -> new SGD(ReferenceProblem.QUADRATIC_BOWL.newParameters(), -0.1)));
    assertTrue(wrongText.getMessage().startsWith("expected a message containing \"momentum\""));
    AssertionError nothing =
        assertThrows(AssertionError.class, () -> OptimizerConformance.assertRejects("x", () -> {}));
    assertTrue(nothing.getMessage().endsWith("nothing thrown"));
    AssertionError other = assertThrows(AssertionError.class, () -> OptimizerConformance.assertRejects("x", () -> {
      throw new IllegalStateException("boom");
    }));
    assertTrue(other.getMessage().contains("got java.lang.IllegalStateException: boom"), other.getMessage());
  }

  @Test
  void runRecordsEveryStepAndUserOptimizersCanBeComparedToReferences() {
    Trajectory t = OptimizerConformance.run(p -> new SGD(p, SGD.Options.defaults().withLr(0.1).withMomentum(0.9)),
        ReferenceProblem.QUADRATIC_BOWL, 100, false);
    assertEquals(100, t.steps());
    ReferenceCase ref = ReferenceCase.named("sgd_momentum/quadratic_bowl");
    assertTrue(OptimizerConformance.assertMatches(ref, t).matches());
    // Faulty(NONE) is Sutskever-free PyTorch momentum with lr 0.1: it matches too, to float rounding.
    Trajectory mine = OptimizerConformance.run(p -> new Faulty(p, Faulty.Defect.NONE), ref.problem(), 100, false);
    assertTrue(mine.compareTo(ref.expected(), 1e-5, 1e-6).matches());
    Trajectory wrong = OptimizerConformance.run(p -> new SGD(p, 0.1), ref.problem(), 100, false);
    AssertionError e = assertThrows(AssertionError.class, () -> OptimizerConformance.assertMatches(ref, wrong));
    assertTrue(e.getMessage().startsWith("sgd_momentum/quadratic_bowl (SGD {lr=0.1, momentum=0.9,"), e.getMessage());
    assertTrue(e.getMessage().contains("first mismatch at step 2"), e.getMessage());
  }

  @Test
  void checkNamesPrefixFailures() {
    OptimizerConformance.Check c = new OptimizerConformance.Check("demo", () -> {
      throw new IllegalArgumentException("bad");
    });
    AssertionError e = assertThrows(AssertionError.class, c::run);
    assertEquals("demo: unexpected java.lang.IllegalArgumentException: bad", e.getMessage());
  }
}
