package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SmoothL1LossTest {
  private static final Golden LOSSES = Golden.of("losses.txt");

  @ParameterizedTest
  @EnumSource(value = Reduction.class, names = {"MEAN", "SUM", "NONE"})
  void valuesAndGradientsMatchTorch(Reduction r) {
    LOSSES.checkLoss("smooth_l1_" + r.name().toLowerCase(Locale.ROOT), new SmoothL1Loss(r, 1.0)::forward);
  }

  @Test
  void betaVariantsAndTheBoundary() {
    LOSSES.checkLoss("smooth_l1_beta2", new SmoothL1Loss(Reduction.NONE, 2.0)::forward);
    LOSSES.checkLoss("smooth_l1_beta0", new SmoothL1Loss(Reduction.NONE, 0.0)::forward); // L1
    LOSSES.checkLoss("smooth_l1_edges", new SmoothL1Loss(Reduction.NONE, 1.0)::forward); // |d| = β exactly
    assertEquals(1.0, new SmoothL1Loss().beta());
    assertContains(assertThrows(IllegalArgumentException.class, () -> new SmoothL1Loss(-1)).getMessage(),
        "does not support negative values for beta");
  }
}
