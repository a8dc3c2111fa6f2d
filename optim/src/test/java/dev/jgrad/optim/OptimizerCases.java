package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.optim.conformance.OptimizerConformance;
import dev.jgrad.optim.conformance.ReferenceCase;
import dev.jgrad.optim.conformance.Trajectory;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

/** Test support shared by the optimizer tests: the kit's checks as dynamic tests, and the reference problem's vectors. */
final class OptimizerCases {
  private OptimizerCases() {}

  /**
   * One dynamic test per PyTorch reference case of {@code optimizer} (3 problems × every option combination, 100
   * steps each). Each must be within the case's stated tolerance (rtol 1e-5, atol 1e-6) and, measured on this
   * code, is in fact bit-identical to PyTorch's float32 run: that is asserted too, so a change of operation order
   * shows up.
   */
  static Stream<DynamicTest> referenceTrajectories(String optimizer) {
    List<ReferenceCase> cases = ReferenceCase.forOptimizer(optimizer);
    assertEquals(false, cases.isEmpty(), "no reference cases for " + optimizer);
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      Trajectory.Comparison cmp = OptimizerConformance.assertMatchesReference(c);
      assertEquals(0.0, cmp.maxAbsError(), c.name() + " is within tolerance but not bit-identical: " + cmp);
    }));
  }

  /** The kit's contract checks as dynamic tests. */
  static Stream<DynamicTest> contract(OptimizerConformance.Factory factory) {
    return OptimizerConformance.contractChecks(factory).stream()
        .map(c -> DynamicTest.dynamicTest(c.name(), c::run));
  }

  /**
   * The reference problem: p0 = [1, -2, 3], loss 0.5·Σp² + Σp (grad p + 1); returns p after steps 1..n. The
   * table is float64; these runs are float32, so the tests compare to 2e-6.
   */
  static float[][] vector(Function<List<Tensor>, Optimizer> factory, int steps) {
    Tensor p = Tensor.of(1f, -2f, 3f).requiresGrad_(true);
    Optimizer opt = factory.apply(List.of(p));
    float[][] out = new float[steps][];
    for (int s = 0; s < steps; s++) {
      opt.zeroGrad();
      float[] v = p.toArray();
      float[] g = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        g[i] = v[i] + 1f;
      }
      p.setGrad(Tensor.of(g));
      opt.step();
      out[s] = p.toArray();
    }
    return out;
  }

  static void assertVector(double[][] expected, Function<List<Tensor>, Optimizer> factory) {
    float[][] actual = vector(factory, expected.length);
    for (int s = 0; s < expected.length; s++) {
      for (int i = 0; i < expected[s].length; i++) {
        assertEquals(expected[s][i], actual[s][i], 2e-6, "step " + (s + 1) + " element " + i);
      }
    }
  }

  /** Asserts an IllegalArgumentException with exactly {@code message}. */
  static void assertMessage(String message, Executable action) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
    assertEquals(message, e.getMessage());
  }

  static List<Tensor> params() {
    return List.of(Tensor.ones(2).requiresGrad_(true));
  }
}
