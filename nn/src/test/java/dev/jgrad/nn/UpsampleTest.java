package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Functional.interpolate and the Upsample layer. */
class UpsampleTest {
  private static final Golden CONV = Golden.of("conv.txt");

  @Test
  void interpolateMatchesTorch() {
    CONV.checkFunction("up_nearest_x2", x -> Functional.interpolate(x, null, new double[] {2}, "nearest", null));
    CONV.checkFunction("up_nearest_size", x -> Functional.interpolate(x, new int[] {7, 3}, null, "nearest", null));
    CONV.checkFunction("up_nearest_scale",
        x -> Functional.interpolate(x, null, new double[] {1.7, 0.6}, "nearest", null));
    CONV.checkFunction("up_nearest_1d", x -> Functional.interpolate(x, new int[] {11}, null, "nearest", null));
    CONV.checkFunction("up_bilinear", x -> Functional.interpolate(x, new int[] {7, 8}, null, "bilinear", null));
    CONV.checkFunction("up_bilinear_ac", x -> Functional.interpolate(x, new int[] {7, 8}, null, "bilinear", true));
    CONV.checkFunction("up_bilinear_scale",
        x -> Functional.interpolate(x, null, new double[] {1.5}, "bilinear", null));
    CONV.checkFunction("up_bilinear_scale2",
        x -> Functional.interpolate(x, null, new double[] {2.3, 0.7}, "bilinear", false));
    CONV.checkFunction("up_bilinear_down_ac",
        x -> Functional.interpolate(x, new int[] {3, 1}, null, "bilinear", true));
    CONV.checkFunction("up_bilinear_same_h", x -> Functional.interpolate(x, new int[] {4, 9}, null, "bilinear", null));
    CONV.checkFunction("up_linear", x -> Functional.interpolate(x, new int[] {9}, null, "linear", null));
    CONV.checkFunction("up_linear_ac_scale",
        x -> Functional.interpolate(x, null, new double[] {2.5}, "linear", true));
    CONV.checkLayer("upsample_layer", new Upsample(null, new double[] {2}, "bilinear", true), 1e-5, 1e-5);
  }

  @Test
  void reprsAreTorchs() {
    assertEquals(CONV.string("repr.upsample"), new Upsample(2).toString());
    assertEquals(CONV.string("repr.upsample_size"), new Upsample(new int[] {3, 4}, null, "bilinear", true).toString());
    assertEquals(CONV.string("repr.upsample_size1"), new Upsample(new int[] {5}, null, "nearest", null).toString());
    assertEquals(CONV.string("repr.upsample_scales"),
        new Upsample(null, new double[] {2, 1.5}, "bilinear", null).toString());
  }

  @Test
  void nearestDoublesEachPixel() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
    assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, new Upsample(2).forward(x).toArray());
  }

  @Test
  void errorsUseTorchsPhrases() {
    Tensor x = Tensor.zeros(1, 2, 5, 5);
    assertContains(message(() -> Functional.interpolate(x, new int[] {3}, new double[] {2}, "nearest", null)),
        "only one of size or scale_factor should be defined");
    assertContains(message(() -> new Upsample(null, null, "nearest", null).forward(x)),
        "either size or scale_factor should be defined");
    assertContains(message(() -> Functional.interpolate(x, new int[] {3}, null, "nearest", true)),
        "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear");
    assertContains(message(() -> Functional.interpolate(Tensor.zeros(1, 2, 5), new int[] {3}, null, "bilinear",
        null)), "Got 3D input, but bilinear mode needs 4D input");
    assertContains(message(() -> Functional.interpolate(x, new int[] {3}, null, "linear", null)),
        "Got 4D input, but linear mode needs 3D input");
    assertContains(message(() -> Functional.interpolate(x, new int[] {3}, null, "bicubic", null)),
        "Input Error: Only 3D, 4D and 5D input Tensors supported (got 4D)", "(got bicubic)");
    assertContains(message(() -> Functional.interpolate(x, new int[] {3, 4, 5}, null, "nearest", null)),
        "Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of "
            + "[5, 5] and output size of [3, 4, 5]");
    assertContains(message(() -> Functional.interpolate(x, null, new double[] {0.1}, "nearest", null)),
        "Input and output sizes should be greater than 0, but got input (H: 5, W: 5) output (H: 0, W: 0)");
  }

  private static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void gradcheckFirstAndSecondOrder() {
    Tensor.manualSeed(31);
    Tensor x = Tensor.randn(1, 2, 3, 4).requiresGrad_(true);
    GradCheck.check(in -> Functional.interpolate(in.get(0), new int[] {5, 7}, null, "bilinear", null), x);
    GradCheck.check(in -> Functional.interpolate(in.get(0), new int[] {4, 6}, null, "bilinear", true), x);
    GradCheck.check(in -> Functional.interpolate(in.get(0), null, new double[] {1.5}, "nearest", null), x);
    Tensor g = Tensor.randn(1, 2, 5, 7).requiresGrad_(true);
    Tensor gx = Autograd.grad(List.of(Functional.interpolate(x, new int[] {5, 7}, null, "bilinear", null)),
        List.of(x), List.of(g), true, true, false).get(0);
    assertEquals("UpsampleBilinear2DBackwardBackward1", gx.gradFn().name());
    GradCheck.check(in -> Autograd.enableGrad(() -> Autograd.grad(List.of(Functional.interpolate(x, new int[] {5, 7},
        null, "bilinear", null)), List.of(x), List.of(in.get(0)), true, true, false).get(0)), g);
  }
}
