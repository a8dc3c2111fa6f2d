package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MarginRankingLossTest {
  private static final Golden G = Golden.of("more_losses.txt");

  @ParameterizedTest
  @EnumSource(value = Reduction.class, names = {"MEAN", "SUM", "NONE"})
  void valuesGradientsOfAllThreeInputsAndGradFnMatchTorch(Reduction r) {
    G.checkCase("ranking_" + r.torchName(), in -> new MarginRankingLoss(0.3, r).forward(in[0], in[1], in[2]));
  }

  @Test
  void gradcheck() {
    Tensor a = Tensor.of(0.5f, -1f, 2f).requiresGrad_(true);
    Tensor b = Tensor.of(1.2f, 0.3f, -0.4f).requiresGrad_(true);
    Tensor y = Tensor.of(1f, -1f, 1f).requiresGrad_(true);
    GradCheck.check(in -> Functional.marginRankingLoss(in.get(0), in.get(1), in.get(2), 0.1, Reduction.SUM), a, b,
        y);
  }

  @Test
  void messagesAndRepr() {
    Tensor x = Tensor.zeros(3);
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.marginRankingLoss(x, x, Tensor.ones(3, 1))).getMessage(),
        "All input tensors should have same dimension but got sizes: input1: [3], input2: [3], target: [3, 1]");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.marginRankingLoss(x, Tensor.zeros(2), Tensor.ones(3))).getMessage(),
        "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0");
    assertEquals("MarginRankingLoss()", new MarginRankingLoss().toString());
    assertEquals(0.0, new MarginRankingLoss().margin());
  }

  @Test
  void reprIsPyTorchs() {
    assertEquals(G.string("repr.MarginRankingLoss"), new MarginRankingLoss(0.3).toString());
  }
}
