package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TripletMarginLossTest {
  private static final Golden G = Golden.of("more_losses.txt");

  @ParameterizedTest
  @EnumSource(value = Reduction.class, names = {"MEAN", "SUM", "NONE"})
  void valuesGradientsAndGradFnMatchTorch(Reduction r) {
    G.checkCase("triplet_" + r.torchName(),
        in -> new TripletMarginLoss(2.0, 2.0, 1e-6, false, r).forward(in[0], in[1], in[2]));
  }

  @Test
  void swapOtherNormsAndUnbatched() {
    G.checkCase("triplet_swap_p1",
        in -> Functional.tripletMarginLoss(in[0], in[1], in[2], 1.5, 1.0, 1e-4, true, Reduction.NONE));
    G.checkCase("triplet_p3",
        in -> Functional.tripletMarginLoss(in[0], in[1], in[2], 3.0, 3.0, 1e-6, false, Reduction.NONE));
    G.checkCase("triplet_unbatched", in -> new TripletMarginLoss(4.0).forward(in[0], in[1], in[2]));
  }

  @Test
  void gradcheck() {
    Tensor a = Tensor.randn(2, 3).requiresGrad_(true);
    Tensor p = Tensor.randn(2, 3).requiresGrad_(true);
    Tensor n = Tensor.randn(2, 3).requiresGrad_(true);
    GradCheck.check(in -> Functional.tripletMarginLoss(in.get(0), in.get(1), in.get(2), 10.0, 2.0, 1e-6, true,
        Reduction.NONE), a, p, n);
  }

  @Test
  void messagesAndRepr() {
    Tensor x = Tensor.zeros(3, 4);
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.tripletMarginLoss(x, x, Tensor.zeros(4))).getMessage(),
        "All inputs should have same dimension but got 2D, 2D and 1D inputs.");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.tripletMarginLoss(x, x, Tensor.zeros(3, 5))).getMessage(),
        "must match the size of tensor");
    Tensor s = Tensor.scalar(1f);
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.tripletMarginLoss(s, s, s)).getMessage(), "expected inputs of shape [D] or [N, D]");
    TripletMarginLoss l = new TripletMarginLoss();
    assertEquals("TripletMarginLoss()", l.toString());
    assertEquals(1.0, l.margin());
    assertEquals(2.0, l.p());
    assertEquals(1e-6, l.eps());
    assertEquals(false, l.swap());
  }

  @Test
  void reprIsPyTorchs() {
    assertEquals(G.string("repr.TripletMarginLoss"),
        new TripletMarginLoss(2.0, 1.0, 1e-4, true, Reduction.MEAN).toString());
  }
}
