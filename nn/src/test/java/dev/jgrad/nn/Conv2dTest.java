package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static dev.jgrad.nn.Golden.assertExact;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class Conv2dTest {
  private static final Golden INIT = Golden.of("init.txt");
  private static final Golden LAYERS = Golden.of("layers.txt");
  private static final Golden REPR = Golden.of("repr.txt");

  @Test
  void forwardAndGradientsMatchTorch() {
    LAYERS.checkLayer("conv", new Conv2d(3, 4, 3, 2, 1), 1e-5, 1e-5, "weight", "bias");
    LAYERS.checkLayer("conv_plain", new Conv2d(2, 3, new int[] {2, 3}, new int[] {1, 1}, new int[] {0, 0},
        new int[] {1, 1}, 1, true), 1e-5, 1e-5, "weight", "bias");
    LAYERS.checkLayer("conv_groups_dilation", new Conv2d(4, 6, new int[] {3, 3}, new int[] {1, 2},
        new int[] {2, 1}, new int[] {2, 2}, 2, false), 1e-5, 1e-5, "weight");
    LAYERS.checkLayer("conv_unbatched", new Conv2d(2, 2, 2), 1e-5, 1e-5, "weight", "bias");
  }

  @Test
  void seededInitIsTorchs() {
    Tensor.manualSeed(3);
    Conv2d c = new Conv2d(2, 3, 3);
    assertExact("conv weight", INIT.tensor("conv_2_3_3.weight"), c.weight());
    assertExact("conv bias", INIT.tensor("conv_2_3_3.bias"), c.bias());
    Tensor.manualSeed(4);
    Conv2d g = new Conv2d(4, 6, new int[] {2, 3}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 2, true);
    assertExact("groups weight", INIT.tensor("conv_groups.weight"), g.weight());
    assertExact("groups bias", INIT.tensor("conv_groups.bias"), g.bias());
    assertArrayEquals(new int[] {6, 2, 2, 3}, g.weight().shape());
  }

  @Test
  void errorsNameChannelsAndSizes() {
    IllegalArgumentException ch = assertThrows(IllegalArgumentException.class,
        () -> new Conv2d(3, 2, 3).forward(Tensor.zeros(1, 2, 5, 5)));
    assertContains(ch.getMessage(), "expected input[1, 2, 5, 5] to have 3 channels, but got 2 channels instead");
    IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
        () -> new Conv2d(3, 2, 3).forward(Tensor.zeros(1, 3, 2, 2)));
    assertContains(small.getMessage(), "Kernel size can't be greater than actual input size");
    assertContains(assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, new int[] {3, 3},
        new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 2, true)).getMessage(),
        "in_channels must be divisible by groups");
  }

  @Test
  void outputSizeAndRepr() {
    assertArrayEquals(new int[] {2, 8, 28, 28}, new Conv2d(1, 8, 3, 1, 1).forward(Tensor.zeros(2, 1, 28, 28)).shape());
    assertEquals(REPR.string("repr.conv"), new Conv2d(1, 4, 3).toString());
    assertEquals(REPR.string("repr.conv_opts"), new Conv2d(2, 4, new int[] {3, 5}, new int[] {2, 2},
        new int[] {1, 1}, new int[] {2, 2}, 2, false).toString());
    assertNull(new Conv2d(1, 1, new int[] {1, 1}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1, false)
        .bias());
  }
}
