package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class TanhTest {
  private static final Golden LAYERS = Golden.of("layers.txt");
  private static final Golden REPR = Golden.of("repr.txt");

  @Test
  void matchesTorch() {
    LAYERS.checkLayer("tanh", new Tanh());
    assertEquals(REPR.string("repr.tanh"), new Tanh().toString());
    assertEquals((float) Math.tanh(0.5), Functional.tanh(Tensor.of(0.5f)).item(), 1e-7);
  }
}
