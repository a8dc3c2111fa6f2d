package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertClose;
import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.ValuesAndIndices;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AdaptiveAvgPool2d and AdaptiveMaxPool2d. */
class AdaptivePooling2dTest {
  private static final Golden CONV = Golden.of("conv.txt");

  @Test
  void forwardAndGradientsMatchTorch() {
    CONV.checkLayer("aap2d_none", new AdaptiveAvgPool2d(3, null), 1e-5, 1e-5);
    CONV.checkLayer("aap2d_overlap", new AdaptiveAvgPool2d(4), 1e-5, 1e-5);
    CONV.checkLayer("aap2d_unbatched", new AdaptiveAvgPool2d(2, 3), 1e-5, 1e-5);
    CONV.checkLayer("amp2d", new AdaptiveMaxPool2d(3, 4, false), 1e-5, 1e-5);
    CONV.checkLayer("amp2d_none", new AdaptiveMaxPool2d(null, 2, true), 1e-5, 1e-5);
  }

  @Test
  void maxIndicesAreTorchs() {
    ValuesAndIndices r = new AdaptiveMaxPool2d(3, 4, true).forwardWithIndices(CONV.tensor("amp2d.x"));
    assertEquals(DType.INT64, r.indices().dtype());
    assertClose("indices", CONV.tensor("amp2d.indices"), r.indices(), 0, 0);
    assertClose("values", CONV.tensor("amp2d.y"), r.values(), 0, 0);
  }

  @Test
  void reprsAreTorchs() {
    assertEquals(CONV.string("repr.aap2d"), new AdaptiveAvgPool2d(3).toString());
    assertEquals(CONV.string("repr.aap2d_none"), new AdaptiveAvgPool2d(3, null).toString());
    assertEquals(CONV.string("repr.amp2d"), new AdaptiveMaxPool2d(2).toString());
    assertEquals(CONV.string("repr.amp2d_pair"), new AdaptiveMaxPool2d(2, 3, true).toString());
  }

  @Test
  void globalAveragePoolingAndEmptyOutput() {
    Tensor x = Tensor.arange(24.0).reshape(2, 3, 2, 2);
    assertArrayEquals(new float[] {1.5f, 5.5f, 9.5f, 13.5f, 17.5f, 21.5f}, new AdaptiveAvgPool2d(1).forward(x).toArray());
    assertArrayEquals(new int[] {2, 3, 0, 0}, Functional.adaptiveAvgPool2d(x, 0).shape());
  }

  @Test
  void errorsUseTorchsPhrases() {
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> new AdaptiveAvgPool2d(2).forward(Tensor.zeros(5))).getMessage(),
        "adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [5]");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> new AdaptiveMaxPool2d(2).forward(Tensor.zeros(5))).getMessage(),
        "adaptive_max_pool2d(): Expected 3D or 4D tensor, but got [5]");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> new AdaptiveAvgPool2d(2).forward(Tensor.zeros(1, 2, 0, 3))).getMessage(),
        "Expected input to have non-zero size for non-batch dimensions, but input has sizes [1, 2, 0, 3] with "
            + "dimension 2 being empty");
    assertContains(assertThrows(IllegalArgumentException.class, () -> new AdaptiveAvgPool2d(-1)).getMessage(),
        "elements of output_size must be greater than or equal to 0 but received {-1, -1}");
  }

  @Test
  void gradcheckFirstAndSecondOrder() {
    Tensor.manualSeed(9);
    Tensor x = Tensor.randn(1, 2, 5, 7).requiresGrad_(true);
    GradCheck.check(in -> Functional.adaptiveAvgPool2d(in.get(0), 3, 4), x);
    GradCheck.check(in -> Functional.adaptiveMaxPool2d(in.get(0), 2, 3), x);
    Tensor g = Tensor.randn(1, 2, 3, 4).requiresGrad_(true);
    Tensor gx = Autograd.grad(List.of(Functional.adaptiveAvgPool2d(x, 3, 4)), List.of(x), List.of(g), true, true,
        false).get(0);
    assertEquals("AdaptiveAvgPool2DBackwardBackward0", gx.gradFn().name());
    GradCheck.check(in -> Autograd.enableGrad(() -> Autograd.grad(List.of(Functional.adaptiveAvgPool2d(x, 3, 4)),
        List.of(x), List.of(in.get(0)), true, true, false).get(0)), g);
  }
}
