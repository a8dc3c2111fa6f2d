package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class FlattenTest {
  private static final Golden LAYERS = Golden.of("layers.txt");
  private static final Golden REPR = Golden.of("repr.txt");

  @Test
  void matchesTorch() {
    LAYERS.checkLayer("flatten", new Flatten());
    LAYERS.checkLayer("flatten_0_1", new Flatten(0, 1));
    assertEquals(REPR.string("repr.flatten"), new Flatten().toString());
    assertEquals(REPR.string("repr.flatten_0_2"), new Flatten(0, 2).toString());
    org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {2, 48},
        Functional.flatten(Tensor.zeros(2, 3, 4, 4), 1, -1).shape());
  }
}
