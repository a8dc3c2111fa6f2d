package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class SigmoidTest {
  private static final Golden LAYERS = Golden.of("layers.txt");
  private static final Golden REPR = Golden.of("repr.txt");

  @Test
  void matchesTorch() {
    LAYERS.checkLayer("sigmoid", new Sigmoid());
    assertEquals(REPR.string("repr.sigmoid"), new Sigmoid().toString());
    assertEquals(0.5f, Functional.sigmoid(Tensor.of(0f)).item());
  }
}
