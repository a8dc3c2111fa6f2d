package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class LocalResponseNormTest {
  @Test
  void matchesTorchFor3dTo5dInputs() {
    LayerCase.of("lrn", () -> new LocalResponseNorm(2, 0.5, 0.75, 1.0)).check();
    LayerCase.of("lrn_4d", () -> new LocalResponseNorm(3, 0.1, 0.5, 2.0)).check();
    LayerCase.of("lrn_5d", () -> new LocalResponseNorm(4, 1.0, 0.75, 1.0)).check();
    LayerCase.of("lrn_default", () -> new LocalResponseNorm(2)).check();
  }

  @Test
  void passesGradCheck() {
    Tensor x = Tensor.randn(2, 4, 3).requiresGrad_(true);
    assertTrue(GradCheck.check(in -> Functional.localResponseNorm(in.get(0), 3, 0.5, 0.75, 1.0), x).passed());
  }

  @Test
  void errors() {
    IllegalArgumentException rank =
        assertThrows(IllegalArgumentException.class, () -> new LocalResponseNorm(2).forward(Tensor.zeros(2, 3)));
    assertContains(rank.getMessage(), "Expected 3D or higher dimensionality input (got 2 dimensions)");
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> new LocalResponseNorm(0));
    assertContains(size.getMessage(), "size must be positive, got 0");
  }
}
