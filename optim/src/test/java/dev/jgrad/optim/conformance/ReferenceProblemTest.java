package dev.jgrad.optim.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferenceProblemTest {

  @Test
  void startingPointsAndLosses() {
    assertEquals(11.625, ReferenceProblem.QUADRATIC_BOWL.loss(ReferenceProblem.QUADRATIC_BOWL.newParameters()), 1e-12);
    assertEquals(12.5, ReferenceProblem.ROSENBROCK.loss(ReferenceProblem.ROSENBROCK.newParameters()), 1e-12);
    List<Tensor> lin = ReferenceProblem.LINEAR_REGRESSION.newParameters();
    assertArrayEquals(new int[] {1, 2}, lin.get(0).shape());
    assertArrayEquals(new int[] {1}, lin.get(1).shape());
    assertEquals(2, ReferenceProblem.LINEAR_REGRESSION.parameterCount());
  }

  @Test
  void closedFormGradientsAgreeWithAutograd() {
    for (ReferenceProblem problem : ReferenceProblem.values()) {
      List<Tensor> params = problem.newParameters();
      Tensor loss = problem.lossTensor(params);
      assertEquals(problem.loss(params), loss.item(), 1e-5 * Math.abs(problem.loss(params)), problem.name());
      loss.backward();
      float[][] exact = problem.gradients(ReferenceProblem.values(params), false);
      for (int i = 0; i < params.size(); i++) {
        float[] auto = params.get(i).grad().toArray();
        for (int k = 0; k < auto.length; k++) {
          assertEquals(exact[i][k], auto[k], 1e-5 * Math.max(1, Math.abs(exact[i][k])), problem + " " + i + "," + k);
        }
      }
    }
  }

  @Test
  void negateFlipsTheGradient() {
    List<Tensor> p = ReferenceProblem.ROSENBROCK.newParameters();
    ReferenceProblem.ROSENBROCK.setGradients(p, false);
    float[] g = p.get(0).grad().toArray();
    ReferenceProblem.ROSENBROCK.setGradients(p, true);
    assertArrayEquals(new float[] {-g[0], -g[1]}, p.get(0).grad().toArray());
    assertArrayEquals(new float[] {-155f, -50f}, g);   // d/dx = -2(2.5) - 400(-1.5)(-0.25), d/dy = 200(-0.25)
  }
}
