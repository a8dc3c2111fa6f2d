package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Tensor;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MSELossTest {
  private static final Golden LOSSES = Golden.of("losses.txt");

  @ParameterizedTest
  @EnumSource(Reduction.class)
  void valuesAndGradientsMatchTorch(Reduction r) {
    LOSSES.checkLoss("mse_" + r.name().toLowerCase(Locale.ROOT), new MSELoss(r)::forward);
  }

  @Test
  void documentedVectorAndDefaults() {
    assertEquals(3.3125f, new MSELoss().forward(Tensor.of(0f, 0.5f, 2f, -3f), Tensor.zeros(4)).item());
    assertEquals(Reduction.MEAN, new MSELoss().reduction());
    assertEquals("MSELoss()", new MSELoss().toString());
    assertEquals(Golden.of("repr.txt").string("repr.mse"), new MSELoss().toString());
  }

  @Test
  void targetShapeOrDtypeMismatchFailsInsteadOfBroadcasting() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MSELoss().forward(Tensor.zeros(4, 1), Tensor.zeros(4)));
    assertContains(e.getMessage(), "mseLoss:", "target size [4]", "input size [4, 1]", "same size");
    IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
        () -> new MSELoss().forward(Tensor.zeros(2), Tensor.ofLongs(1, 0)));
    assertContains(t.getMessage(), "floating point target", "torch.int64");
    assertThrows(IllegalArgumentException.class, () -> new MSELoss(null));
  }
}
