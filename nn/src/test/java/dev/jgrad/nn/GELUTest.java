package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class GELUTest {
  private static final Golden LAYERS = Golden.of("layers.txt");
  private static final Golden REPR = Golden.of("repr.txt");

  @Test
  void exactAndTanhFormsMatchTorch() {
    LAYERS.checkLayer("gelu", new GELU());
    LAYERS.checkLayer("gelu_tanh", new GELU("tanh"));
    assertEquals(REPR.string("repr.gelu"), new GELU().toString());
    assertEquals(REPR.string("repr.gelu_tanh"), new GELU("tanh").toString());
    Golden.assertContains(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new GELU("fast")).getMessage(), "approximate argument must be either none or tanh", "fast");
  }
}
