package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HingeEmbeddingLossTest {
  private static final Golden G = Golden.of("more_losses.txt");

  @ParameterizedTest
  @EnumSource(value = Reduction.class, names = {"MEAN", "SUM", "NONE"})
  void valuesGradientsAndGradFnMatchTorch(Reduction r) {
    G.checkCase("hinge_" + r.torchName(), in -> new HingeEmbeddingLoss(1.0, r).forward(in[0], in[1]));
  }

  @Test
  void otherTargetsTakeBothTerms() {
    G.checkCase("hinge_margin_other_targets", in -> Functional.hingeEmbeddingLoss(in[0], in[1], 0.5, Reduction.NONE));
  }

  @Test
  void gradcheck() {
    Tensor x = Tensor.of(0.3f, 2f, -0.7f, 1.4f).requiresGrad_(true);
    GradCheck.check(in -> Functional.hingeEmbeddingLoss(in.get(0), Tensor.of(1f, -1f, -1f, 1f)), x);
  }

  @Test
  void messagesAndRepr() {
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.hingeEmbeddingLoss(Tensor.zeros(3, 4), Tensor.ones(3, 5))).getMessage(),
        "must match the size of tensor");
    assertEquals("HingeEmbeddingLoss()", new HingeEmbeddingLoss(2).toString());
    assertEquals(1.0, new HingeEmbeddingLoss().margin());
  }

  @Test
  void reprIsPyTorchs() {
    assertEquals(G.string("repr.HingeEmbeddingLoss"), new HingeEmbeddingLoss(2.0).toString());
  }
}
