package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class LogSoftmaxTest {
  private static final Golden LAYERS = Golden.of("layers.txt");
  private static final Golden REPR = Golden.of("repr.txt");

  @Test
  void matchesTorchAlongTheGivenDim() {
    LAYERS.checkLayer("log_softmax", new LogSoftmax(0));
    assertEquals(REPR.string("repr.log_softmax"), new LogSoftmax(-1).toString());
    assertEquals(-2000f, Functional.logSoftmax(Tensor.of(1000f, -1000f), 0).get(1), 1e-3);
  }
}
