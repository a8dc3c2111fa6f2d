package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class SiLUTest {
  private static final Golden LAYERS = Golden.of("layers.txt");
  private static final Golden REPR = Golden.of("repr.txt");

  @Test
  void matchesTorch() {
    LAYERS.checkLayer("silu", new SiLU());
    assertEquals(REPR.string("repr.silu"), new SiLU().toString());
    assertTrue(new SiLU().parameters().isEmpty());
  }
}
