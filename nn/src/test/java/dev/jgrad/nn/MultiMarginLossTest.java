package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MultiMarginLossTest {
  private static final Golden G = Golden.of("more_losses.txt");
  private static final Tensor W = Tensor.of(0.5f, 1.0f, 2.0f, 0.1f, 1.5f);

  @ParameterizedTest
  @EnumSource(value = Reduction.class, names = {"MEAN", "SUM", "NONE"})
  void valuesGradientsAndGradFnMatchTorch(Reduction r) {
    G.checkCase("mm_" + r.torchName(), in -> new MultiMarginLoss(1, 1.0, null, r).forward(in[0], in[1]));
    G.checkCase("mm_p2_weight_" + r.torchName(), in -> new MultiMarginLoss(2, 0.7, W, r).forward(in[0], in[1]));
  }

  @Test
  void unbatched() {
    G.checkCase("mm_unbatched", in -> Functional.multiMarginLoss(in[0], in[1], 1, 1.0, null, Reduction.NONE));
    G.checkCase("mm_unbatched_1d_target",
        in -> Functional.multiMarginLoss(in[0], in[1], 1, 2.0, null, Reduction.NONE));
  }

  @Test
  void gradcheck() {
    Tensor x = Tensor.of(new float[] {0.1f, 0.9f, -0.4f, 1.7f, 0.35f, -1.2f}, 2, 3).requiresGrad_(true);
    Tensor y = Tensor.ofLongs(2, 0);
    GradCheck.check(in -> Functional.multiMarginLoss(in.get(0), y, 2, 1.0, Tensor.of(1f, 2f, 3f), Reduction.NONE), x);
    GradCheck.check(in -> Functional.multiMarginLoss(in.get(0), y), x);
  }

  @Test
  void messagesAndRepr() {
    Tensor x = Tensor.zeros(3, 4);
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.multiMarginLoss(x, Tensor.ofLongs(1, 2))).getMessage(), "inconsistent target size, got: [2]");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.multiMarginLoss(x, Tensor.ofLongs(1, 2, 4))).getMessage(), "target out of range");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.multiMarginLoss(x, Tensor.ofLongs(1, 2, -1))).getMessage(), "target out of range");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.multiMarginLoss(x, Tensor.ofLongs(1, 2, 3), 1, 1, Tensor.ones(3), Reduction.MEAN))
        .getMessage(), "inconsistent weight size, expected 4 but got [3]");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> new MultiMarginLoss(1, 1, Tensor.ones(1, 4), Reduction.MEAN)).getMessage(),
        "weight must be one-dimensional");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> new MultiMarginLoss(3, 1, null, Reduction.MEAN)).getMessage(), "only p == 1 and p == 2 supported");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.multiMarginLoss(Tensor.zeros(2, 3, 4), Tensor.ofLongs(1, 2))).getMessage(),
        "Expected non-empty vector or matrix with optional 0-dim batch size, but got: [2, 3, 4]");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.multiMarginLoss(x, Tensor.of(1f, 2f, 3f))).getMessage(),
        "expected scalar type Long but found Float");
    MultiMarginLoss l = new MultiMarginLoss(2, 0.5, W, Reduction.SUM);
    assertEquals("MultiMarginLoss()", l.toString());
    assertEquals(2, l.p());
    assertEquals(0.5, l.margin());
  }

  @Test
  void reprIsPyTorchs() {
    assertEquals(G.string("repr.MultiMarginLoss"), new MultiMarginLoss(2, 0.7, W, Reduction.MEAN).toString());
  }
}
