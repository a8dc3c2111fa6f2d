package dev.jgrad.optim.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ReferenceCaseTest {

  @Test
  void loadsEveryCaseWithItsHeader() {
    List<ReferenceCase> all = ReferenceCase.all();
    assertEquals((29 + 26) * 3, all.size());
    Set<String> optimizers = new TreeSet<>();
    for (ReferenceCase c : all) {
      optimizers.add(c.optimizer());
      assertEquals(100, c.steps(), c.name());
      assertEquals(1e-5, c.rtol(), c.name());
      assertTrue(c.name().endsWith("/" + c.problem().name().toLowerCase()), c.name());
    }
    assertEquals(Set.of("Adagrad", "Adam", "AdamW", "RMSprop", "SGD", "Adamax", "NAdam", "RAdam", "Adadelta",
        "ASGD", "Rprop"), optimizers);
    assertEquals(24, ReferenceCase.forOptimizer("SGD").size());
  }

  @Test
  void parsesOptionsWithTheirTypes() {
    ReferenceCase c = ReferenceCase.named("adam_betas_eps/rosenbrock");
    assertEquals(0.02, c.options().get("lr"));
    assertEquals(List.of(0.8, 0.99), c.options().get("betas"));
    assertEquals(false, c.options().get("amsgrad"));
    assertEquals(ReferenceProblem.ROSENBROCK, c.problem());
    assertEquals("Adam", c.newOptimizer(c.problem().newParameters()).getClass().getSimpleName());
  }

  @Test
  void maximizeCasesRunOnTheNegatedProblem() {
    assertTrue(ReferenceCase.named("sgd_maximize/quadratic_bowl").negate());
    assertTrue(!ReferenceCase.named("sgd/quadratic_bowl").negate());
  }

  @Test
  void unknownNameFails() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReferenceCase.named("nope"));
    assertTrue(e.getMessage().contains("no case named 'nope'"));
  }

  @Test
  void everyBuiltInCaseMatchesPyTorchBitForBit() {
    StringBuilder report = new StringBuilder();
    for (ReferenceCase c : ReferenceCase.all()) {
      Trajectory.Comparison cmp = OptimizerConformance.assertMatchesReference(c);
      report.append(c.name()).append(": ").append(cmp).append('\n');
    }
    System.out.println(report);
  }
}
