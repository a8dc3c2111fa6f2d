package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Tensor;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BCEWithLogitsLossTest {
  private static final Golden LOSSES = Golden.of("losses.txt");

  @ParameterizedTest
  @EnumSource(value = Reduction.class, names = {"MEAN", "SUM", "NONE"})
  void valuesAndGradientsMatchTorch(Reduction r) {
    String red = "_" + r.name().toLowerCase(Locale.ROOT);
    LOSSES.checkLoss("bcel" + red, new BCEWithLogitsLoss(r)::forward);
    String name = "bcel_weight_pos" + red;
    LOSSES.checkLoss(name, new BCEWithLogitsLoss(LOSSES.tensor(name + ".weight"), LOSSES.tensor(name + ".pos_weight"),
        r)::forward);
  }

  @Test
  void largeLogitsStayFiniteAndPosWeightScalesPositives() {
    LOSSES.checkLoss("bcel_stability", new BCEWithLogitsLoss(Reduction.NONE)::forward); // 100, 0.6931, 100
    LOSSES.checkLoss("bcel_pos_only",
        new BCEWithLogitsLoss().withPosWeight(LOSSES.tensor("bcel_pos_only.pos_weight"))::forward);
    // One positive with pos_weight 3 costs three times as much as without.
    Tensor x = Tensor.of(0.3f);
    float plain = new BCEWithLogitsLoss().forward(x, Tensor.of(1f)).item();
    assertEquals(3 * plain, new BCEWithLogitsLoss().withPosWeight(Tensor.of(3f)).forward(x, Tensor.of(1f)).item(),
        1e-6);
  }

  @Test
  void errorsAndRepr() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BCEWithLogitsLoss().forward(Tensor.zeros(3, 1), Tensor.zeros(3)));
    assertContains(e.getMessage(), "Target size [3] must be the same as input size [3, 1]");
    assertThrows(IllegalArgumentException.class,
        () -> new BCEWithLogitsLoss().withPosWeight(Tensor.ones(4)).forward(Tensor.zeros(2, 3), Tensor.zeros(2, 3)));
    assertEquals(Golden.of("repr.txt").string("repr.bce_logits"), new BCEWithLogitsLoss().toString());
  }
}
