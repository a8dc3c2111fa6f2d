package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class ReLUTest {
  private static final Golden LAYERS = Golden.of("layers.txt");
  private static final Golden REPR = Golden.of("repr.txt");

  @Test
  void matchesTorchIncludingTheSubgradientAtZero() {
    LAYERS.checkLayer("relu", new ReLU());
    assertEquals(0f, Functional.relu(Tensor.of(-2f)).item());
    assertEquals(REPR.string("repr.relu"), new ReLU().toString());
    assertTrue(new ReLU().parameters().isEmpty());
  }
}
