package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Tensor;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NLLLossTest {
  private static final Golden LOSSES = Golden.of("losses.txt");

  @ParameterizedTest
  @EnumSource(value = Reduction.class, names = {"MEAN", "SUM", "NONE"})
  void valuesAndGradientsMatchTorch(Reduction r) {
    String red = "_" + r.name().toLowerCase(Locale.ROOT);
    LOSSES.checkLoss("nll" + red, new NLLLoss(r)::forward);
    String name = "nll_weight_ignore" + red;
    LOSSES.checkLoss(name, new NLLLoss(r).withWeight(LOSSES.tensor(name + ".weight")).withIgnoreIndex(7)::forward);
  }

  @Test
  void equalsCrossEntropyAfterLogSoftmax() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, -1, 0, 4}, 2, 3);
    Tensor y = Tensor.ofLongs(2, 0);
    assertEquals(Functional.crossEntropy(x, y).item(), new NLLLoss().forward(x.logSoftmax(1), y).item(), 1e-6);
  }

  @Test
  void errors() {
    IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class,
        () -> new NLLLoss().forward(Tensor.zeros(2, 3), Tensor.of(0f, 1f)));
    assertContains(dtype.getMessage(), "nllLoss:", "expected scalar type Long but found Float");
    assertContains(assertThrows(IndexOutOfBoundsException.class,
        () -> new NLLLoss().forward(Tensor.zeros(2, 3), Tensor.ofLongs(0, 3))).getMessage(), "Target 3 is out of bounds");
    assertThrows(IllegalArgumentException.class, () -> new NLLLoss().forward(Tensor.scalar(1f), Tensor.ofLongs(0)));
  }
}
