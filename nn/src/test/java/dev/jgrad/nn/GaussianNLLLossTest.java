package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GaussianNLLLossTest {
  private static final Golden G = Golden.of("more_losses.txt");

  @ParameterizedTest
  @EnumSource(value = Reduction.class, names = {"MEAN", "SUM", "NONE"})
  void valuesGradientsAndGradFnMatchTorch(Reduction r) {
    String red = r.torchName();
    // one variance is 1e-8, below eps: clamped in the value, its gradient taken at eps
    G.checkCase("gaussian_" + red, in -> new GaussianNLLLoss(false, 1e-6, r).forward(in[0], in[1], in[2]));
    G.checkCase("gaussian_full_" + red, in -> Functional.gaussianNllLoss(in[0], in[1], in[2], true, 1e-3, r));
  }

  @Test
  void oneVariancePerRow() {
    G.checkCase("gaussian_var_row",
        in -> Functional.gaussianNllLoss(in[0], in[1], in[2], false, 1e-6, Reduction.NONE));
    G.checkCase("gaussian_var_col",
        in -> Functional.gaussianNllLoss(in[0], in[1], in[2], false, 1e-6, Reduction.SUM));
  }

  @Test
  void gradcheck() {
    Tensor x = Tensor.randn(3, 2).requiresGrad_(true);
    Tensor y = Tensor.randn(3, 2).requiresGrad_(true);
    Tensor v = Tensor.rand(3).add(0.5).requiresGrad_(true);
    GradCheck.check(in -> Functional.gaussianNllLoss(in.get(0), in.get(1), in.get(2)), x, y, v);
  }

  @Test
  void messagesAndRepr() {
    Tensor x = Tensor.zeros(3, 4);
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.gaussianNllLoss(x, x, Tensor.ones(3, 2))).getMessage(),
        "gaussianNllLoss", "var is of incorrect size", "[3, 2]", "[3, 4]");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.gaussianNllLoss(x, x, Tensor.ones(3, 4).neg())).getMessage(),
        "var has negative entry/entries");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.gaussianNllLoss(x, Tensor.zeros(3, 5), Tensor.ones(3, 4))).getMessage(),
        "must match the size of tensor");
    assertEquals("GaussianNLLLoss()", new GaussianNLLLoss().toString());
    assertEquals(1e-6, new GaussianNLLLoss().eps());
  }

  @Test
  void reprIsPyTorchs() {
    assertEquals(G.string("repr.GaussianNLLLoss"), new GaussianNLLLoss(true, 1e-3, Reduction.MEAN).toString());
  }
}
