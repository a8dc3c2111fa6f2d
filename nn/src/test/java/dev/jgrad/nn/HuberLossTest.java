package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HuberLossTest {
  private static final Golden LOSSES = Golden.of("losses.txt");

  @ParameterizedTest
  @EnumSource(value = Reduction.class, names = {"MEAN", "SUM", "NONE"})
  void valuesAndGradientsMatchTorch(Reduction r) {
    LOSSES.checkLoss("huber_" + r.name().toLowerCase(Locale.ROOT), new HuberLoss(r, 1.0)::forward);
  }

  @Test
  void deltaTwoAndValidation() {
    LOSSES.checkLoss("huber_delta2", new HuberLoss(Reduction.NONE, 2.0)::forward);
    assertEquals(2.0, new HuberLoss(2.0).delta());
    assertContains(assertThrows(IllegalArgumentException.class, () -> new HuberLoss(0)).getMessage(),
        "does not support non-positive values for delta");
  }
}
