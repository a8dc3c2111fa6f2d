package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class AvgPool2dTest {
  private static final Golden LAYERS = Golden.of("layers.txt");
  private static final Golden REPR = Golden.of("repr.txt");

  @Test
  void matchesTorchIncludingPaddingCountsAndCeilMode() {
    LAYERS.checkLayer("avg_pool", new AvgPool2d(2));
    LAYERS.checkLayer("avg_pool_pad", new AvgPool2d(3, 2, 1));
    LAYERS.checkLayer("avg_pool_pad_exclude", new AvgPool2d(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1},
        false, false));
    LAYERS.checkLayer("avg_pool_ceil", new AvgPool2d(new int[] {2, 2}, null, new int[] {0, 0}, true, true));
    LAYERS.checkLayer("avg_pool_unbatched", new AvgPool2d(new int[] {2, 3}, new int[] {1, 2}, new int[] {0, 0},
        false, true));
  }

  @Test
  void ceilModeWithPaddingUsesTorchsDivisor() {
    // 1x1x5x5 ones, kernel 2, stride 2, padding 1, ceil mode: PyTorch gives windows clipped at H + padding.
    Tensor y = Functional.avgPool2d(Tensor.ones(1, 1, 5, 5), new int[] {2, 2}, new int[] {2, 2}, new int[] {1, 1},
        true, true);
    assertArrayEquals(new int[] {1, 1, 3, 3}, y.shape());
    assertArrayEquals(new float[] {0.25f, 0.5f, 0.5f, 0.5f, 1f, 1f, 0.5f, 1f, 1f}, y.toArray(), 1e-6f);
  }

  @Test
  void errorsAndRepr() {
    IllegalArgumentException pad = assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(2, 2, 2));
    assertContains(pad.getMessage(), "pad should be at most half of kernel size");
    IllegalArgumentException kernel = assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(0, 1, 0));
    assertContains(kernel.getMessage(), "AvgPool2d: kernel size should be greater than zero, but got kH: 0 kW: 0");
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(2, 2, -1));
    assertContains(negative.getMessage(), "AvgPool2d: pad must be non-negative, but got pad: -1");
    assertEquals(REPR.string("repr.avg_pool"), new AvgPool2d(2).toString());
    assertEquals(REPR.string("repr.avg_pool_opts"), new AvgPool2d(3, 1, 1).toString());
  }
}
