package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link Spatial}'s ops: PyTorch's grad_fn names for the op and for its gradient under createGraph, and
 * finite differences of the second derivative (values against PyTorch are in nn's golden tests).
 */
class SpatialTest {
  private static final int[] ONE = {1};

  /** The grad_fn of y = f(x), and of dL/dx = f'(x)ᵀ·g recorded with createGraph; then gradcheck of g ↦ dL/dx. */
  private static void check(UnaryOperator<Tensor> f, int[] xShape, String name, String backwardName) {
    Tensor x = Tensor.randn(xShape).requiresGrad_(true);
    Tensor y = f.apply(x);
    assertEquals(name, y.gradFn().name());
    Tensor g = Tensor.randn(y.shape()).requiresGrad_(true);
    Tensor gx = Autograd.grad(List.of(y), List.of(x), List.of(g), true, true, false).get(0);
    assertArrayEquals(xShape, gx.shape());
    if (backwardName != null) {
      assertEquals(backwardName, gx.gradFn().name());
    }
    GradCheck.check(in -> Autograd.enableGrad(
        () -> Autograd.grad(List.of(f.apply(x)), List.of(x), List.of(in.get(0)), true, true, false).get(0)), g);
  }

  @Test
  void linearOpsHaveTorchsNamesAndTheirAdjointAsRule() {
    Tensor.manualSeed(1);
    Tensor w1 = Tensor.randn(4, 1, 3);
    check(x -> Spatial.conv1d(x, w1, null, ONE, new int[] {2}, new int[] {2}, 2), new int[] {2, 2, 6},
        "ConvolutionBackward0", "ConvolutionBackwardBackward0");
    Tensor wt = Tensor.randn(2, 3, 2);
    check(x -> Spatial.convTranspose1d(x, wt, null, new int[] {2}, new int[] {1}, new int[] {1}, 1, ONE),
        new int[] {1, 2, 4}, "ConvolutionBackward0", "ConvolutionBackwardBackward0");
    check(x -> Spatial.pad(x, new int[] {1, 2, 2, 0}, "reflect", null), new int[] {1, 2, 3, 4},
        "ReflectionPad2DBackward0", "ReflectionPad2DBackwardBackward0");
    check(x -> Spatial.pad(x, new int[] {3, 1}, "replicate", null), new int[] {2, 3}, "ReplicationPad1DBackward0",
        "ReplicationPad1DBackwardBackward0");
    check(x -> Spatial.pad(x, new int[] {1, 0, 0, 1, 1, 1}, "reflect", null), new int[] {1, 2, 3, 3},
        "ReflectionPad3DBackward0", "ReflectionPad3DBackwardBackward0");
    check(x -> Spatial.adaptiveAvgPool2d(x, new int[] {2, 3}), new int[] {1, 2, 5, 4},
        "AdaptiveAvgPool2DBackward0", "AdaptiveAvgPool2DBackwardBackward0");
    check(x -> Spatial.interpolate(x, new int[] {5}, null, "nearest", null), new int[] {1, 2, 3},
        "UpsampleNearest1DBackward1", "UpsampleNearest1DBackwardBackward1");
    check(x -> Spatial.interpolate(x, null, new double[] {1.5}, "linear", true), new int[] {1, 2, 4},
        "UpsampleLinear1DBackward1", "UpsampleLinear1DBackwardBackward1");
    check(x -> Spatial.interpolate(x, new int[] {3, 5}, null, "nearest", null), new int[] {1, 1, 2, 3},
        "UpsampleNearest2DBackward1", "UpsampleNearest2DBackwardBackward1");
    check(x -> Spatial.pixelShuffle(x, 2), new int[] {1, 4, 2, 3}, "PixelShuffleBackward0", null);
    check(x -> Spatial.pixelUnshuffle(x, 2), new int[] {1, 1, 2, 4}, "PixelUnshuffleBackward0", null);
    check(x -> Spatial.adaptiveMaxPool2d(x, new int[] {2, 2}).values(), new int[] {1, 2, 4, 5},
        "AdaptiveMaxPool2DBackward0", null);
  }

  @Test
  void reflectReplicateAndCircularPickTheRightSources() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 4);
    assertArrayEquals(new float[] {3, 2, 1, 2, 3, 4, 3}, Spatial.pad(x, new int[] {2, 1}, "reflect", null).toArray());
    assertArrayEquals(new float[] {1, 1, 1, 2, 3, 4, 4}, Spatial.pad(x, new int[] {2, 1}, "replicate", null)
        .toArray());
    assertArrayEquals(new float[] {3, 4, 1, 2, 3, 4, 1}, Spatial.pad(x, new int[] {2, 1}, "circular", null)
        .toArray());
    // As PyTorch's slice copies: the right border repeats the start of the cropped result, not of the input.
    assertArrayEquals(new float[] {2, 3, 4, 2, 3}, Spatial.pad(x, new int[] {-1, 2}, "circular", null).toArray());
  }
}
