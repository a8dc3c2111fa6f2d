package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class LayerNormTest {
  private static final Golden LAYERS = Golden.of("layers.txt");
  private static final Golden REPR = Golden.of("repr.txt");

  @Test
  void matchesTorchWithAndWithoutAffine() {
    LAYERS.checkLayer("layer_norm", new LayerNorm(4), 1e-5, 1e-5, "weight", "bias");
    LAYERS.checkLayer("layer_norm_2d", new LayerNorm(new int[] {3, 4}, 1e-5, false), 1e-5, 1e-5);
    LAYERS.checkLayer("layer_norm_eps", new LayerNorm(new int[] {2, 3}, 0.1, true), 1e-5, 1e-5, "weight", "bias");
  }

  @Test
  void initialisesToOnesAndZeros() {
    LayerNorm ln = new LayerNorm(3);
    assertArrayEquals(new float[] {1, 1, 1}, ln.weight().toArray());
    assertArrayEquals(new float[3], ln.bias().toArray());
    assertNull(new LayerNorm(new int[] {3}, 1e-5, false).weight());
    assertEquals(1e-5, ln.eps());
  }

  @Test
  void wrongTrailingShapeFails() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(3).forward(Tensor.zeros(2, 4)));
    assertContains(e.getMessage(), "Given normalized_shape=[3], expected input with shape [*, 3], but got input of "
        + "size [2, 4]");
  }

  @Test
  void normalizedShapeIsCheckedAsInTorch() {
    IllegalArgumentException empty =
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(new int[0], 1e-5, true));
    assertContains(empty.getMessage(), "Expected normalized_shape to be at least 1-dimensional",
        "normalized_shape = []");
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> new LayerNorm(2, -1));
    assertContains(negative.getMessage(), "Trying to create tensor with negative dimension -1: [2, -1]");
    // torch: nn.LayerNorm(0) is a valid (empty) layer, and its output of a [2, 0] input is [2, 0]
    LayerNorm zero = new LayerNorm(0);
    assertEquals("LayerNorm((0,), eps=1e-05, elementwise_affine=True)", zero.toString());
    assertArrayEquals(new int[] {2, 0}, zero.forward(Tensor.zeros(2, 0)).shape());
  }

  @Test
  void reprMatchesTorch() {
    assertEquals(REPR.string("repr.layer_norm"), new LayerNorm(4).toString());
    assertEquals(REPR.string("repr.layer_norm_2d"), new LayerNorm(new int[] {3, 4}, 1e-6, false).toString());
  }
}
