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
  private static final Golden CONV = Golden.of("conv.txt");
  private static final int[] ONE = {1, 1};

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

  @Test
  void stringPaddingAndPaddingModesMatchTorch() {
    String[] wb = {"weight", "bias"};
    CONV.checkLayer("c2_same_odd", new Conv2d(3, 4, 3, 1, "same", 1, 1, true, "zeros"), 1e-5, 1e-5, wb);
    CONV.checkLayer("c2_same_even", new Conv2d(2, 3, new int[] {4, 2}, ONE, "same", new int[] {1, 3}, 1, true,
        "zeros"), 1e-5, 1e-5, wb);
    CONV.checkLayer("c2_same_dil2", new Conv2d(2, 2, 4, 1, "same", 2, 1, false, "zeros"), 1e-5, 1e-5, "weight");
    CONV.checkLayer("c2_same_groups", new Conv2d(4, 6, new int[] {2, 3}, ONE, "same", ONE, 2, true, "zeros"), 1e-5,
        1e-5, wb);
    CONV.checkLayer("c2_same_unbatched", new Conv2d(2, 2, 2, 1, "same", 1, 1, true, "zeros"), 1e-5, 1e-5, wb);
    CONV.checkLayer("c2_valid", new Conv2d(2, 3, 3, 2, "valid", 1, 1, true, "zeros"), 1e-5, 1e-5, wb);
    CONV.checkLayer("c2_reflect", new Conv2d(2, 3, new int[] {3, 3}, ONE, new int[] {1, 2}, ONE, 1, true, "reflect"),
        1e-5, 1e-5, wb);
    CONV.checkLayer("c2_replicate", new Conv2d(2, 3, 3, 2, 1, 1, 1, true, "replicate"), 1e-5, 1e-5, wb);
    CONV.checkLayer("c2_circular", new Conv2d(2, 2, new int[] {3, 3}, ONE, new int[] {2, 1}, ONE, 1, true,
        "circular"), 1e-5, 1e-5, wb);
    CONV.checkLayer("c2_same_reflect", new Conv2d(2, 2, 4, 1, "same", 1, 1, true, "reflect"), 1e-5, 1e-5, wb);
    CONV.checkLayer("c2_big_groups", new Conv2d(6, 6, 3, 1, 2, 2, 6, true, "zeros"), 1e-5, 1e-5, wb);
  }

  @Test
  void seededInitWithStringPaddingIsTorchs() {
    Tensor.manualSeed(2);
    Conv2d c = new Conv2d(3, 8, 3, 1, "same", 2, 1, true, "reflect");
    assertExact("weight", CONV.tensor("init.conv2d_same.weight"), c.weight());
    assertExact("bias", CONV.tensor("init.conv2d_same.bias"), c.bias());
    assertExact("stream after init", CONV.tensor("init.conv2d_same.after"), Tensor.rand(2));
  }

  @Test
  void stringPaddingAndModeReprs() {
    assertEquals(CONV.string("repr.c2_same"), new Conv2d(3, 8, 3, 1, "same", 2, 1, true, "zeros").toString());
    assertEquals(CONV.string("repr.c2_valid"), new Conv2d(3, 8, 3, 1, "valid", 1, 1, true, "zeros").toString());
    assertEquals(CONV.string("repr.c2_reflect"), new Conv2d(3, 8, 3, 1, 1, 1, 1, true, "reflect").toString());
    assertEquals(CONV.string("repr.c2_circular_nobias"), new Conv2d(2, 4, new int[] {3, 1}, new int[] {2, 1},
        new int[] {1, 0}, ONE, 2, false, "circular").toString());
  }

  @Test
  void sameWithEvenKernelPadsTheEndLikeTorch() {
    // A 2x2 all-ones kernel with "same": the extra row and column go after the input, so out[i][j] sums x[i..i+1].
    Tensor x = Tensor.arange(9.0).reshape(1, 1, 3, 3).requiresGrad_(true);
    Tensor y = Functional.conv2d(x, Tensor.ones(1, 1, 2, 2), null, ONE, "same", ONE, 1);
    assertArrayEquals(new float[] {8, 12, 7, 20, 24, 13, 13, 15, 8}, y.toArray());
    assertEquals("ConvolutionBackward0", y.gradFn().name());
  }

  @Test
  void stringPaddingErrorsUseTorchsPhrases() {
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> new Conv2d(3, 8, 3, 2, "same", 1, 1, true, "zeros")).getMessage(),
        "padding='same' is not supported for strided convolutions");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> new Conv2d(3, 8, 3, 1, "foo", 1, 1, true, "zeros")).getMessage(),
        "Invalid padding string 'foo', should be one of {'valid', 'same'}");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> new Conv2d(3, 8, 3, 1, 0, 1, 1, true, "mirror")).getMessage(),
        "padding_mode must be one of {'replicate', 'zeros', 'reflect', 'circular'}, but got padding_mode='mirror'");
    Tensor x = Tensor.zeros(1, 2, 5, 5);
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.conv2d(x, Tensor.zeros(3, 2, 3, 3), null, new int[] {2, 2}, "same", ONE, 1)).getMessage(),
        "conv2d: padding='same' is not supported for strided convolutions", "[2, 2]");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.conv2d(x, Tensor.zeros(3, 2, 3, 3), null, ONE, "foo", ONE, 1)).getMessage(),
        "conv2d: Invalid padding string: 'foo'");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.conv2d(x, Tensor.zeros(3, 2, 3), null, ONE, "same", ONE, 1)).getMessage(),
        "Expected 4-dimensional weight for 4-dimensional input [1, 2, 5, 5], but got weight of size [3, 2, 3]");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.conv2d(x, Tensor.zeros(3, 2, 3, 3), null, new int[] {1}, new int[] {0, 0}, ONE, 1))
        .getMessage(), "expected stride to be a single integer value or a list of 2 values to match the convolution "
        + "dimensions, but got stride=[1]");
  }

  @Test
  void gradcheckSameEvenKernelWithGroups() {
    Tensor.manualSeed(5);
    Tensor x = Tensor.randn(1, 4, 4, 3).mul(0.5).requiresGrad_(true);
    Tensor w = Tensor.randn(4, 2, 2, 3).requiresGrad_(true);
    Tensor b = Tensor.randn(4).requiresGrad_(true);
    dev.jgrad.autograd.GradCheck.check(in -> Functional.conv2d(in.get(0), in.get(1), in.get(2), ONE, "same",
        new int[] {1, 2}, 2), x, w, b);
  }
}
