package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

/** MaxPool1d, AvgPool1d and AdaptiveAvgPool1d (each the 2-D op over an unsqueezed height of 1, as in PyTorch). */
class Pooling1dTest {
  private static final Golden CONV = Golden.of("conv.txt");

  @Test
  void forwardAndGradientsMatchTorch() {
    CONV.checkLayer("maxpool1d", new MaxPool1d(2), 1e-5, 1e-5);
    CONV.checkLayer("maxpool1d_opts", new MaxPool1d(3, 2, 1, 2, true), 1e-5, 1e-5);
    CONV.checkLayer("maxpool1d_unbatched", new MaxPool1d(3, 1, 0, 1, false), 1e-5, 1e-5);
    CONV.checkLayer("avgpool1d", new AvgPool1d(3, 2, 1, false, false), 1e-5, 1e-5);
    CONV.checkLayer("avgpool1d_ceil", new AvgPool1d(2, null, 0, true, true), 1e-5, 1e-5);
    CONV.checkLayer("aap1d", new AdaptiveAvgPool1d(3), 1e-5, 1e-5);
    CONV.checkLayer("aap1d_unbatched", new AdaptiveAvgPool1d(4), 1e-5, 1e-5);
  }

  @Test
  void reprsAreTorchs() {
    assertEquals(CONV.string("repr.maxpool1d"), new MaxPool1d(2).toString());
    assertEquals(CONV.string("repr.maxpool1d_opts"), new MaxPool1d(3, 2, 1, 2, true).toString());
    assertEquals(CONV.string("repr.avgpool1d"), new AvgPool1d(2).toString());
    assertEquals(CONV.string("repr.avgpool1d_opts"), new AvgPool1d(3, 2, 1, false, false).toString());
    assertEquals(CONV.string("repr.aap1d"), new AdaptiveAvgPool1d(3).toString());
  }

  @Test
  void errorsUseTorchsPhrases() {
    Tensor x4 = Tensor.zeros(2, 3, 4, 5);
    assertContains(assertThrows(IllegalArgumentException.class, () -> new MaxPool1d(2).forward(x4)).getMessage(),
        "max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:"
            + "[2, 3, 4, 5]");
    assertContains(assertThrows(IllegalArgumentException.class, () -> new AvgPool1d(2).forward(x4)).getMessage(),
        "Expected 2 to 3 dimensions, but got 4-dimensional tensor for argument #1 'self'");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> new AdaptiveAvgPool1d(2).forward(Tensor.zeros(5))).getMessage(),
        "Expected 2 to 3 dimensions, but got 1-dimensional tensor for argument #1 'self' (while checking arguments "
            + "for adaptive_avg_pool1d)");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.maxPool1d(Tensor.zeros(1, 2, 5), 2, null, 2, 1, false)).getMessage(),
        "max_pool1d() padding should be at most half of kernel size, but got padding=2 and kernel_size=2");
    assertContains(assertThrows(IllegalArgumentException.class, () -> new AvgPool1d(2, 2, 2, false, true))
        .getMessage(), "pad should be at most half of kernel size");
  }

  @Test
  void gradcheck() {
    Tensor.manualSeed(3);
    Tensor x = Tensor.randn(2, 2, 7).requiresGrad_(true);
    GradCheck.check(in -> Functional.avgPool1d(in.get(0), 3, 2, 1, true, false), x);
    GradCheck.check(in -> Functional.adaptiveAvgPool1d(in.get(0), 4), x);
    GradCheck.check(in -> Functional.maxPool1d(in.get(0), 2, 1, 1, 2, false), x);
  }
}
