package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class MaxPool2dTest {
  private static final Golden LAYERS = Golden.of("layers.txt");
  private static final Golden REPR = Golden.of("repr.txt");

  @Test
  void matchesTorchIncludingTiesPaddingCeilAndDilation() {
    LAYERS.checkLayer("max_pool", new MaxPool2d(2)); // ties: the gradient goes to the first maximum only
    LAYERS.checkLayer("max_pool_pad", new MaxPool2d(3, 2, 1));
    LAYERS.checkLayer("max_pool_ceil", new MaxPool2d(new int[] {2, 2}, null, new int[] {0, 0}, new int[] {1, 1},
        true));
    LAYERS.checkLayer("max_pool_dilation", new MaxPool2d(new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 0},
        new int[] {2, 2}, false));
  }

  @Test
  void errors() {
    IllegalArgumentException pad = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(3, 3, 2));
    assertContains(pad.getMessage(), "pad should be at most half of kernel size, but got pad=2 and kernel_size=3");
    assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(3).forward(Tensor.zeros(1, 3, 2, 2)));
  }

  @Test
  void windowErrorsNameTheLayerInTorchsWords() {
    // torch 1.13 raises these in forward; the phrases are its pooling checks'
    IllegalArgumentException kernel = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(0, 1, 0));
    assertContains(kernel.getMessage(), "MaxPool2d: kernel size should be greater than zero, but got kH: 0 kW: 0");
    IllegalArgumentException stride = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2, -1, 0));
    assertContains(stride.getMessage(), "MaxPool2d: stride should be greater than zero, but got dH: -1 dW: -1");
    IllegalArgumentException pad = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2, 2, -1));
    assertContains(pad.getMessage(), "MaxPool2d: pad must be non-negative, but got pad: -1");
    IllegalArgumentException dilation = assertThrows(IllegalArgumentException.class,
        () -> new MaxPool2d(new int[] {2, 2}, null, new int[] {0, 0}, new int[] {0, 1}, false));
    assertContains(dilation.getMessage(),
        "MaxPool2d: dilation should be greater than zero, but got dilationH: 0 dilationW: 1");
    IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
        () -> new MaxPool2d(new int[] {2}, null, new int[] {0, 0}, new int[] {1, 1}, false));
    assertContains(rank.getMessage(), "MaxPool2d: kernel_size must be two integers {height, width}, got [2]");
  }

  @Test
  void shapesAndRepr() {
    assertArrayEquals(new int[] {1, 3, 14, 14}, new MaxPool2d(2).forward(Tensor.zeros(1, 3, 28, 28)).shape());
    assertArrayEquals(new int[] {1, 1, 3, 3}, Functional.maxPool2d(Tensor.zeros(1, 1, 5, 5), new int[] {2, 2},
        new int[] {2, 2}, new int[] {0, 0}, new int[] {1, 1}, true).shape());
    assertEquals(REPR.string("repr.max_pool"), new MaxPool2d(2).toString());
    assertEquals(REPR.string("repr.max_pool_opts"), new MaxPool2d(new int[] {2, 3}, new int[] {1, 1},
        new int[] {1, 1}, new int[] {2, 2}, true).toString());
    assertEquals(REPR.string("repr.max_pool_ints"), new MaxPool2d(3, 1, 1).toString());
  }
}
