package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class InstanceNormTest {
  @Test
  void matchesTorchWithAndWithoutRunningStats() {
    LayerCase.of("in1d", () -> new InstanceNorm1d(3)).check();
    LayerCase.of("in1d_affine_track", () -> new InstanceNorm1d(3, 1e-5, 0.1, true, true)).check();
    LayerCase.of("in1d_unbatched", () -> new InstanceNorm1d(3)).check();
    LayerCase.of("in2d", () -> new InstanceNorm2d(2, 1e-5, 0.1, true, false)).check();
    LayerCase.of("in2d_track", () -> new InstanceNorm2d(2, 1e-3, 0.3, false, true)).check();
  }

  @Test
  void withoutParametersOrBuffersTheChannelCountIsFree() {
    LayerCase.of("in1d_other_channels", () -> new InstanceNorm1d(3)).check();
  }

  @Test
  void passesGradCheck() {
    Tensor x = Tensor.randn(2, 3, 4).requiresGrad_(true);
    Tensor w = Tensor.randn(3).requiresGrad_(true);
    Tensor b = Tensor.randn(3).requiresGrad_(true);
    assertTrue(GradCheck.check(in -> Functional.instanceNorm(in.get(0), null, null, in.get(1), in.get(2), true,
        0.1, 1e-5), x, w, b).passed());
  }

  @Test
  void errors() {
    IllegalArgumentException rank =
        assertThrows(IllegalArgumentException.class, () -> new InstanceNorm1d(3).forward(Tensor.zeros(2, 3, 4, 4)));
    assertContains(rank.getMessage(), "expected 2D or 3D input (got 4D input)");
    IllegalArgumentException rank2 =
        assertThrows(IllegalArgumentException.class, () -> new InstanceNorm2d(3).forward(Tensor.zeros(2, 3)));
    assertContains(rank2.getMessage(), "expected 3D or 4D input (got 2D input)");
    IllegalArgumentException spatial =
        assertThrows(IllegalArgumentException.class, () -> new InstanceNorm1d(3).forward(Tensor.zeros(2, 3, 1)));
    assertContains(spatial.getMessage(), "Expected more than 1 spatial element when training, got input size "
        + "[2, 3, 1]");
    IllegalArgumentException weight = assertThrows(IllegalArgumentException.class,
        () -> new InstanceNorm1d(3, 1e-5, 0.1, true, false).forward(Tensor.zeros(2, 4, 5)));
    assertContains(weight.getMessage(), "weight should contain 8 elements not 6");
    IllegalArgumentException stats = assertThrows(IllegalArgumentException.class,
        () -> Functional.instanceNorm(Tensor.zeros(2, 3, 4), null, null, null, null, false, 0.1, 1e-5));
    assertContains(stats.getMessage(), "Expected running_mean and running_var to be defined when use_input_stats "
        + "is false");
  }

  @Test
  void reprAndDefaults() {
    assertEquals(LayerCase.NORM.string("repr.in2d_opts"), new InstanceNorm2d(4, 0.001, 0.2, true, true).toString());
    InstanceNorm1d norm = new InstanceNorm1d(5);
    assertEquals(null, norm.weight());
    assertEquals(null, norm.runningMean());
  }
}
