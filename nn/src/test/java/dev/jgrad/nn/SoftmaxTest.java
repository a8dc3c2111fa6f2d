package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class SoftmaxTest {
  private static final Golden LAYERS = Golden.of("layers.txt");
  private static final Golden REPR = Golden.of("repr.txt");

  @Test
  void matchesTorchAlongTheGivenDim() {
    LAYERS.checkLayer("softmax", new Softmax(1));
    assertEquals(REPR.string("repr.softmax"), new Softmax(1).toString());
    Tensor rows = Functional.softmax(Tensor.of(new float[] {1000f, 0f, -1000f, 3f}, 2, 2), 1).sum(1);
    assertEquals(1f, rows.get(0), 1e-6);
    assertEquals(1f, rows.get(1), 1e-6);
  }
}
