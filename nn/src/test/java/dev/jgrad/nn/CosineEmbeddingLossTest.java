package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CosineEmbeddingLossTest {
  private static final Golden G = Golden.of("more_losses.txt");

  @ParameterizedTest
  @EnumSource(value = Reduction.class, names = {"MEAN", "SUM", "NONE"})
  void valuesGradientsAndGradFnMatchTorch(Reduction r) {
    G.checkCase("cosine_" + r.torchName(), in -> new CosineEmbeddingLoss(-0.2, r).forward(in[0], in[1], in[2]));
  }

  @Test
  void unbatchedAndOtherTargets() {
    G.checkCase("cosine_unbatched", in -> Functional.cosineEmbeddingLoss(in[0], in[1], in[2], -0.5, Reduction.NONE));
    G.checkCase("cosine_other_targets", in -> Functional.cosineEmbeddingLoss(in[0], in[1], in[2], 0, Reduction.NONE));
  }

  @Test
  void gradcheck() {
    Tensor a = Tensor.randn(3, 4).requiresGrad_(true);
    Tensor b = Tensor.randn(3, 4).requiresGrad_(true);
    GradCheck.check(in -> Functional.cosineEmbeddingLoss(in.get(0), in.get(1), Tensor.of(1f, -1f, -1f), -0.9,
        Reduction.NONE), a, b);
  }

  @Test
  void messagesAndRepr() {
    Tensor x = Tensor.zeros(3, 4);
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.cosineEmbeddingLoss(x, x, Tensor.ones(3, 1))).getMessage(),
        "0D or 1D target tensor expected, multi-target not supported");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.cosineEmbeddingLoss(x, x, Tensor.scalar(1f))).getMessage(),
        "0D target tensor expects 1D input tensors, but found inputs with sizes [3, 4] and [3, 4].");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.cosineEmbeddingLoss(Tensor.zeros(4), Tensor.zeros(4), Tensor.ones(3))).getMessage(),
        "1D target tensor expects 2D input tensors, but found inputs with sizes [4] and [4].");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.cosineEmbeddingLoss(x, Tensor.zeros(3, 5), Tensor.ones(3))).getMessage(),
        "The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 1");
    assertEquals("CosineEmbeddingLoss()", new CosineEmbeddingLoss(0.5).toString());
    assertEquals(0.5, new CosineEmbeddingLoss(0.5).margin());
    assertEquals(Reduction.MEAN, new CosineEmbeddingLoss().reduction());
    assertThrows(NullPointerException.class, () -> new CosineEmbeddingLoss(0, null));
  }

  @Test
  void reprIsPyTorchs() {
    assertEquals(G.string("repr.CosineEmbeddingLoss"), new CosineEmbeddingLoss(0.5).toString());
  }
}
