package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class UnflattenTest {
  @Test
  void matchesTorch() {
    LayerCase.of("unflatten", () -> new Unflatten(1, 2, 3)).check();
    LayerCase.of("unflatten_infer", () -> new Unflatten(-1, 2, -1)).check();
  }

  @Test
  void errors() {
    IllegalArgumentException sizes =
        assertThrows(IllegalArgumentException.class, () -> new Unflatten(1, 2, 4).forward(Tensor.zeros(2, 3)));
    assertContains(sizes.getMessage(), "Provided sizes [2, 4] don't multiply up to the size of dim 1 (3)");
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> new Unflatten(1));
    assertContains(empty.getMessage(), "sizes must be non-empty");
  }
}
