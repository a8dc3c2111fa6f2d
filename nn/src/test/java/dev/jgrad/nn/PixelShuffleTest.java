package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

/** PixelShuffle and PixelUnshuffle. */
class PixelShuffleTest {
  private static final Golden CONV = Golden.of("conv.txt");

  @Test
  void forwardAndGradientsMatchTorch() {
    CONV.checkLayer("pixel_shuffle", new PixelShuffle(2), 0, 0);
    CONV.checkLayer("pixel_shuffle_5d", new PixelShuffle(3), 0, 0);
    CONV.checkLayer("pixel_unshuffle", new PixelUnshuffle(2), 0, 0);
  }

  @Test
  void unshuffleInvertsShuffle() {
    Tensor x = Tensor.arange(48.0).reshape(1, 12, 2, 2);
    Tensor up = new PixelShuffle(2).forward(x);
    assertArrayEquals(new int[] {1, 3, 4, 4}, up.shape());
    assertArrayEquals(x.toArray(), new PixelUnshuffle(2).forward(up).toArray());
  }

  @Test
  void reprsAndErrorsAreTorchs() {
    assertEquals(CONV.string("repr.pixel_shuffle"), new PixelShuffle(2).toString());
    assertEquals(CONV.string("repr.pixel_unshuffle"), new PixelUnshuffle(3).toString());
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> new PixelShuffle(2).forward(Tensor.zeros(1, 3, 2, 2))).getMessage(),
        "pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but "
            + "input.size(-3)=3 is not divisible by 4");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> new PixelShuffle(2).forward(Tensor.zeros(3, 2))).getMessage(),
        "pixel_shuffle expects input to have at least 3 dimensions, but got input with 2 dimension(s)");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> new PixelUnshuffle(2).forward(Tensor.zeros(1, 3, 3, 2))).getMessage(),
        "pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=3 is not divisible "
            + "by 2");
    assertContains(assertThrows(IllegalArgumentException.class, () -> new PixelShuffle(0)).getMessage(),
        "pixel_shuffle expects a positive upscale_factor, but got 0");
  }

  @Test
  void gradcheck() {
    Tensor.manualSeed(41);
    GradCheck.check(in -> Functional.pixelShuffle(in.get(0), 2), Tensor.randn(1, 8, 2, 3).requiresGrad_(true));
    GradCheck.check(in -> Functional.pixelUnshuffle(in.get(0), 2), Tensor.randn(2, 1, 4, 2).requiresGrad_(true));
  }
}
