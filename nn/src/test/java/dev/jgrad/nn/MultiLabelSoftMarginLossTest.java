package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MultiLabelSoftMarginLossTest {
  private static final Golden G = Golden.of("more_losses.txt");
  private static final Tensor W = Tensor.of(0.5f, 1.0f, 2.0f, 0.1f, 1.5f);

  @ParameterizedTest
  @EnumSource(value = Reduction.class, names = {"MEAN", "SUM", "NONE"})
  void valuesGradientsAndGradFnMatchTorch(Reduction r) {
    G.checkCase("mlsm_" + r.torchName(), in -> new MultiLabelSoftMarginLoss(r).forward(in[0], in[1]));
    G.checkCase("mlsm_weight_" + r.torchName(), in -> new MultiLabelSoftMarginLoss(W, r).forward(in[0], in[1]));
  }

  @Test
  void unbatched() {
    G.checkCase("mlsm_unbatched", in -> Functional.multilabelSoftMarginLoss(in[0], in[1], null, Reduction.NONE));
  }

  @Test
  void gradcheck() {
    Tensor x = Tensor.randn(2, 3).requiresGrad_(true);
    Tensor y = Tensor.rand(2, 3).requiresGrad_(true);
    GradCheck.check(in -> Functional.multilabelSoftMarginLoss(in.get(0), in.get(1), Tensor.of(1f, 2f, 0.5f),
        Reduction.NONE), x, y);
  }

  @Test
  void messagesAndRepr() {
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.multilabelSoftMarginLoss(Tensor.zeros(3, 4), Tensor.ones(3, 4), Tensor.ones(5),
            Reduction.MEAN)).getMessage(), "must match the size of tensor");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.multilabelSoftMarginLoss(Tensor.scalar(1f), Tensor.scalar(1f))).getMessage(),
        "multilabelSoftMarginLoss: expected an input of shape [C] or [N, C], got a 0-dim tensor");
    assertEquals("MultiLabelSoftMarginLoss()", new MultiLabelSoftMarginLoss(W, Reduction.SUM).toString());
    assertEquals(5, new MultiLabelSoftMarginLoss(W, Reduction.SUM).weight().numel());
  }

  @Test
  void reprIsPyTorchs() {
    assertEquals(G.string("repr.MultiLabelSoftMarginLoss"), new MultiLabelSoftMarginLoss(W, Reduction.MEAN).toString());
  }
}
