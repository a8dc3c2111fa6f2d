package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class IdentityTest {
  private static final Golden LAYERS = Golden.of("layers.txt");
  private static final Golden REPR = Golden.of("repr.txt");

  @Test
  void returnsItsInput() {
    LAYERS.checkLayer("flatten_0_1", new Sequential(new Identity(), new Flatten(0, 1)));
    Tensor x = Tensor.of(1f, 2f);
    assertTrue(new Identity().forward(x) == x);
    assertEquals(REPR.string("repr.identity"), new Identity().toString());
  }
}
