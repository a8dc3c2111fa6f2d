package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertClose;
import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BCELossTest {
  private static final Golden LOSSES = Golden.of("losses.txt");

  @ParameterizedTest
  @EnumSource(value = Reduction.class, names = {"MEAN", "SUM", "NONE"})
  void valuesAndGradientsMatchTorchIncludingTheClamp(Reduction r) {
    String red = "_" + r.name().toLowerCase(Locale.ROOT);
    LOSSES.checkLoss("bce" + red, new BCELoss(r)::forward); // x = 0, y = 1 costs 100 with gradient -1e12
    LOSSES.checkLoss("bce_weight" + red, new BCELoss(LOSSES.tensor("bce_weight" + red + ".weight"), r)::forward);
  }

  @Test
  void targetGradientIsMinusLogit() {
    Tensor x = LOSSES.tensor("bce_target_grad.x").requiresGrad_(true);
    Tensor y = LOSSES.tensor("bce_target_grad.target").requiresGrad_(true);
    Tensor out = new BCELoss().forward(x, y);
    assertClose("out", LOSSES.tensor("bce_target_grad.out"), out);
    out.backward();
    assertClose("grad_x", LOSSES.tensor("bce_target_grad.grad_x"), x.grad());
    assertClose("grad_target", LOSSES.tensor("bce_target_grad.grad_target"), y.grad()); // inf, 0, -inf
  }

  @Test
  void clampMakesCertainWrongAnswersCostOneHundred() {
    assertEquals(100f, new BCELoss().forward(Tensor.of(0f), Tensor.of(1f)).item());
    try (Autograd.Scope s = Autograd.noGrad()) {
      assertNull(new BCELoss().forward(Tensor.of(0.5f).requiresGrad_(true), Tensor.of(1f)).gradFn());
    }
  }

  @Test
  void errors() {
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
        () -> new BCELoss().forward(Tensor.of(0.5f, 1.5f), Tensor.of(1f, 0f)));
    assertContains(range.getMessage(), "all elements of input should be between 0 and 1", "1.5");
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> new BCELoss().forward(Tensor.zeros(3, 1), Tensor.zeros(3)));
    // torch 1.13's words (a ValueError, though they say deprecated)
    assertContains(shape.getMessage(), "Using a target size [3] that is different to the input size [3, 1] is "
        + "deprecated. Please ensure they have the same size.");
    assertThrows(IllegalArgumentException.class,
        () -> new BCELoss().withWeight(Tensor.ones(4)).forward(Tensor.zeros(3), Tensor.zeros(3)));
  }
}
