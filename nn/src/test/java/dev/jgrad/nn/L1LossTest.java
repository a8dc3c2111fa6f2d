package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.Tensor;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class L1LossTest {
  private static final Golden LOSSES = Golden.of("losses.txt");

  @ParameterizedTest
  @EnumSource(value = Reduction.class, names = {"MEAN", "SUM", "NONE"})
  void valuesAndGradientsMatchTorchIncludingZeroDifferences(Reduction r) {
    LOSSES.checkLoss("l1_" + r.name().toLowerCase(Locale.ROOT), new L1Loss(r)::forward);
  }

  @Test
  void documentedVectorAndBroadcastTarget() {
    assertEquals(1.375f, new L1Loss().forward(Tensor.of(0f, 0.5f, 2f, -3f), Tensor.zeros(4)).item());
    // A [3, 1] target against a [3] input broadcasts to [3, 3] (with a warning), as in PyTorch: 11/9.
    assertEquals(11f / 9f, new L1Loss().forward(Tensor.of(1f, 2f, 3f), Tensor.of(new float[] {0, 1, 2}, 3, 1)).item(),
        1e-6f);
  }
}
