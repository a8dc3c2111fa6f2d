package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class GroupNormTest {
  @Test
  void matchesTorch() {
    LayerCase.of("gn", () -> new GroupNorm(2, 4)).check();
    LayerCase.of("gn_4d", () -> new GroupNorm(3, 6, 1e-3, true)).check();
    LayerCase.of("gn_noaffine", () -> new GroupNorm(1, 4, 1e-5, false)).check();
  }

  @Test
  void initialisesToOnesAndZerosAndHasTorchsNode() {
    GroupNorm gn = new GroupNorm(2, 4);
    assertArrayEquals(new float[] {1, 1, 1, 1}, gn.weight().toArray());
    assertArrayEquals(new float[4], gn.bias().toArray());
    assertEquals("NativeGroupNormBackward0", gn.forward(Tensor.randn(2, 4, 3)).gradFn().name());
    assertEquals(LayerCase.NORM.string("repr.gn_opts"), new GroupNorm(3, 6, 0.01, false).toString());
  }

  @Test
  void passesGradCheck() {
    Tensor x = Tensor.randn(2, 4, 3).requiresGrad_(true);
    Tensor w = Tensor.randn(4).requiresGrad_(true);
    Tensor b = Tensor.randn(4).requiresGrad_(true);
    assertTrue(GradCheck.check(in -> Functional.groupNorm(in.get(0), 2, in.get(1), in.get(2), 1e-5), x, w, b)
        .passed());
  }

  @Test
  void errors() {
    IllegalArgumentException divisible = assertThrows(IllegalArgumentException.class, () -> new GroupNorm(2, 3));
    assertContains(divisible.getMessage(), "num_channels must be divisible by num_groups", "num_channels=3",
        "num_groups=2");
    IllegalArgumentException input = assertThrows(IllegalArgumentException.class,
        () -> Functional.groupNorm(Tensor.zeros(2, 3, 4), 2, null, null, 1e-5));
    assertContains(input.getMessage(), "Expected number of channels in input to be divisible by num_groups, but got "
        + "input of shape [2, 3, 4] and num_groups=2");
    IllegalArgumentException channels =
        assertThrows(IllegalArgumentException.class, () -> new GroupNorm(2, 4).forward(Tensor.zeros(2, 6, 3)));
    assertContains(channels.getMessage(), "Expected weight to be a vector of size equal to the number of channels "
        + "in input, but got weight of shape [4] and input of shape [2, 6, 3]");
    IllegalArgumentException one =
        assertThrows(IllegalArgumentException.class, () -> new GroupNorm(2, 2).forward(Tensor.zeros(1, 2)));
    assertContains(one.getMessage(), "Expected more than 1 value per channel when training, got input size [1, 2]");
  }
}
