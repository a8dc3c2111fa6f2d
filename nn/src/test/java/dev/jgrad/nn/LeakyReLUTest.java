package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class LeakyReLUTest {
  private static final Golden LAYERS = Golden.of("layers.txt");
  private static final Golden REPR = Golden.of("repr.txt");

  @Test
  void matchesTorchWithTheSlopeAsGradientAtZero() {
    LAYERS.checkLayer("leaky_relu", new LeakyReLU(0.2));
    LAYERS.checkLayer("leaky_relu_default", new LeakyReLU());
    assertEquals(0.01, new LeakyReLU().negativeSlope());
    assertEquals(REPR.string("repr.leaky_relu"), new LeakyReLU().toString());
    assertEquals(REPR.string("repr.leaky_relu_0p2"), new LeakyReLU(0.2).toString());
    assertEquals(-0.4f, Functional.leakyRelu(Tensor.of(-2f), 0.2).item(), 1e-7);
  }
}
