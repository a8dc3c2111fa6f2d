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

/** Functional.pad's modes and the 2-D padding layers (ZeroPad2d, ConstantPad2d, ReflectionPad2d, ReplicationPad2d). */
class PaddingTest {
  private static final Golden CONV = Golden.of("conv.txt");

  @Test
  void layersMatchTorch() {
    CONV.checkLayer("zeropad", new ZeroPad2d(1, 2, 0, 3), 1e-5, 1e-5);
    CONV.checkLayer("zeropad_crop", new ZeroPad2d(-1, 2, 1, -1), 1e-5, 1e-5);
    CONV.checkLayer("constpad", new ConstantPad2d(2, 3.5), 1e-5, 1e-5);
    CONV.checkLayer("reflpad", new ReflectionPad2d(1, 2, 3, 0), 1e-5, 1e-5);
    CONV.checkLayer("reflpad_unbatched", new ReflectionPad2d(2), 1e-5, 1e-5);
    CONV.checkLayer("reppad", new ReplicationPad2d(2, 0, 1, 3), 1e-5, 1e-5);
  }

  @Test
  void functionalModesMatchTorch() {
    CONV.checkFunction("pad_reflect_1d", x -> Functional.pad(x, new int[] {2, 3}, "reflect"));
    CONV.checkFunction("pad_reflect_1d_neg", x -> Functional.pad(x, new int[] {-1, 2}, "reflect"));
    CONV.checkFunction("pad_replicate_1d", x -> Functional.pad(x, new int[] {4, 1}, "replicate"));
    CONV.checkFunction("pad_circular_1d", x -> Functional.pad(x, new int[] {2, 5}, "circular"));
    CONV.checkFunction("pad_circular_1d_neg", x -> Functional.pad(x, new int[] {-2, 3}, "circular"));
    CONV.checkFunction("pad_reflect_3d", x -> Functional.pad(x, new int[] {1, 2, 2, 1, 0, 2}, "reflect"));
    CONV.checkFunction("pad_replicate_3d", x -> Functional.pad(x, new int[] {1, 0, 2, 2, 1, 1}, "replicate"));
    CONV.checkFunction("pad_circular_2d", x -> Functional.pad(x, new int[] {1, 2, 3, 0}, "circular"));
    CONV.checkFunction("pad_circular_3d", x -> Functional.pad(x, new int[] {1, 1, 0, 2, 1, 0}, "circular"));
    CONV.checkFunction("pad_constant_value", x -> Functional.pad(x, new int[] {1, 0, 0, 2, 1, 1}, "constant", -2));
  }

  @Test
  void reprsAreTorchs() {
    assertEquals(CONV.string("repr.zeropad"), new ZeroPad2d(2).toString());
    assertEquals(CONV.string("repr.zeropad4"), new ZeroPad2d(1, 2, 3, 4).toString());
    assertEquals(CONV.string("repr.constpad"), new ConstantPad2d(1, 3.5).toString());
    assertEquals(CONV.string("repr.constpad4"), new ConstantPad2d(new int[] {1, 0, 2, 0}, -1.0).toString());
    assertEquals(CONV.string("repr.reflpad"), new ReflectionPad2d(2).toString());
    assertEquals(CONV.string("repr.reppad"), new ReplicationPad2d(1, 0, 2, 0).toString());
  }

  @Test
  void reflectionExample() {
    Tensor x = Tensor.of(new float[] {1, 2, 3}, 1, 3);
    assertArrayEquals(new float[] {3, 2, 1, 2, 3, 2}, Functional.pad(x, new int[] {2, 1}, "reflect").toArray());
    assertArrayEquals(new float[] {1, 1, 1, 2, 3, 3}, Functional.pad(x, new int[] {2, 1}, "replicate").toArray());
  }

  @Test
  void errorsUseTorchsPhrases() {
    Tensor x = Tensor.zeros(1, 2, 5, 5);
    Tensor x1 = Tensor.zeros(1, 2, 5);
    assertContains(message(() -> Functional.pad(x, new int[] {1, 2, 3}, "reflect")),
        "Padding length must be divisible by 2");
    assertContains(message(() -> Functional.pad(x1, new int[] {1, 1, 1, 1, 1, 1, 1, 1}, "constant")),
        "Padding length too large");
    assertContains(message(() -> Functional.pad(x, new int[] {1, 1}, "reflect")),
        "Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now", "[1, 2, 5, 5]");
    assertContains(message(() -> Functional.pad(x, new int[] {1, 1}, "mirror")), "Unrecognised padding mode mirror");
    assertContains(message(() -> Functional.pad(x1, new int[] {1, 1}, "reflect", 2.0)),
        "Padding mode \"reflect\" doesn't take in value argument");
    assertContains(message(() -> Functional.pad(x1, new int[] {5, 1}, "reflect")),
        "Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (5, 1) at "
            + "dimension 2 of input [1, 2, 5]");
    assertContains(message(() -> Functional.pad(x, new int[] {0, 0, 1, 5}, "reflect")),
        "Argument #6: Padding size should be less than the corresponding input dimension, but got: padding (1, 5) at "
            + "dimension 2");
    assertContains(message(() -> Functional.pad(x1, new int[] {-3, -3}, "replicate")),
        "input (W: 5) is too small. Calculated output W: -1");
    assertContains(message(() -> Functional.pad(Tensor.zeros(2, 0, 3), new int[] {1, 1}, "replicate")),
        "Expected 2D or 3D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, "
            + "but got: [2, 0, 3]");
    assertContains(message(() -> Functional.pad(x, new int[] {6, 1, 0, 0}, "circular")),
        "Padding value causes wrapping around more than once");
    assertContains(message(() -> new ReflectionPad2d(3).forward(Tensor.zeros(1, 3, 3))),
        "Padding size should be less than the corresponding input dimension");
  }

  private static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void gradcheckFirstAndSecondOrder() {
    Tensor.manualSeed(21);
    Tensor x = Tensor.randn(1, 2, 3, 4).requiresGrad_(true);
    for (String mode : new String[] {"reflect", "replicate", "circular"}) {
      GradCheck.check(in -> Functional.pad(in.get(0), new int[] {2, 1, 1, 2}, mode), x);
    }
    Tensor g = Tensor.randn(1, 2, 6, 7).requiresGrad_(true);
    Tensor gx = Autograd.grad(List.of(Functional.pad(x, new int[] {2, 1, 1, 2}, "reflect")), List.of(x), List.of(g),
        true, true, false).get(0);
    assertEquals("ReflectionPad2DBackwardBackward0", gx.gradFn().name());
    GradCheck.check(in -> Autograd.enableGrad(() -> Autograd.grad(List.of(Functional.pad(x, new int[] {2, 1, 1, 2},
        "replicate")), List.of(x), List.of(in.get(0)), true, true, false).get(0)), g);
  }
}
