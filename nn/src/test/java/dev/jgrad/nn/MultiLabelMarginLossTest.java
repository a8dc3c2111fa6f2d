package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MultiLabelMarginLossTest {
  private static final Golden G = Golden.of("more_losses.txt");

  /** Rows with a repeated label and with every class a target (loss 0) are in the fixture. */
  @ParameterizedTest
  @EnumSource(value = Reduction.class, names = {"MEAN", "SUM", "NONE"})
  void valuesGradientsAndGradFnMatchTorch(Reduction r) {
    G.checkCase("mlm_" + r.torchName(), in -> new MultiLabelMarginLoss(r).forward(in[0], in[1]));
  }

  @Test
  void unbatched() {
    G.checkCase("mlm_unbatched", in -> Functional.multilabelMarginLoss(in[0], in[1], Reduction.NONE));
  }

  @Test
  void gradcheck() {
    Tensor x = Tensor.of(new float[] {0.1f, 0.9f, -0.4f, 1.7f, 0.35f, -1.2f}, 2, 3).requiresGrad_(true);
    Tensor y = Tensor.ofLongs(2, -1, 0, 0, 1, -1).view(2, 3);
    GradCheck.check(in -> Functional.multilabelMarginLoss(in.get(0), y, Reduction.NONE), x);
  }

  @Test
  void messagesAndRepr() {
    Tensor x = Tensor.zeros(3, 4);
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.multilabelMarginLoss(x, Tensor.ofLongs(1, 2, 1, 2, 0, 0).view(3, 2))).getMessage(),
        "inconsistent size [3, 2] for argument #2 'target'");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.multilabelMarginLoss(x, Tensor.ofLongs(1, 2, 4, -1).expand(3, 4))).getMessage(),
        "argument #2 'target' is out of range", "4");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.multilabelMarginLoss(x, Tensor.ofLongs(1, 2, -2, -1).expand(3, 4))).getMessage(),
        "argument #2 'target' is out of range");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.multilabelMarginLoss(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 3, 4))).getMessage(),
        "Expected non-empty vector or matrix with optional 0-dim batch size, but got: [2, 3, 4]");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.multilabelMarginLoss(x, Tensor.zeros(3, 4))).getMessage(),
        "expected scalar type Long but found Float");
    assertEquals("MultiLabelMarginLoss()", new MultiLabelMarginLoss().toString());
  }

  @Test
  void reprIsPyTorchs() {
    assertEquals(G.string("repr.MultiLabelMarginLoss"), new MultiLabelMarginLoss().toString());
  }
}
