package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Tensor;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class L1LossTest {
  private static final Golden LOSSES = Golden.of("losses.txt");

  @ParameterizedTest
  @EnumSource(Reduction.class)
  void valuesAndGradientsMatchTorchIncludingZeroDifferences(Reduction r) {
    LOSSES.checkLoss("l1_" + r.name().toLowerCase(Locale.ROOT), new L1Loss(r)::forward);
  }

  @Test
  void documentedVectorAndShapeCheck() {
    assertEquals(1.375f, new L1Loss().forward(Tensor.of(0f, 0.5f, 2f, -3f), Tensor.zeros(4)).item());
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> new L1Loss().forward(Tensor.zeros(3), Tensor.zeros(3, 1))).getMessage(), "l1Loss:", "[3, 1]", "[3]");
  }
}
