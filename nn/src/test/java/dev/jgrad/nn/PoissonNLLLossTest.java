package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PoissonNLLLossTest {
  private static final Golden G = Golden.of("more_losses.txt");

  @ParameterizedTest
  @EnumSource(value = Reduction.class, names = {"MEAN", "SUM", "NONE"})
  void valuesGradientsAndGradFnMatchTorch(Reduction r) {
    String red = r.torchName();
    G.checkCase("poisson_" + red, in -> new PoissonNLLLoss(true, false, 1e-8, r).forward(in[0], in[1]));
    G.checkCase("poisson_full_" + red, in -> Functional.poissonNllLoss(in[0], in[1], true, true, 1e-8, r));
    G.checkCase("poisson_linear_" + red, in -> Functional.poissonNllLoss(in[0], in[1], false, false, 1e-3, r));
  }

  @Test
  void stirlingTermOnlyAboveOne() {
    G.checkCase("poisson_full_small_counts",
        in -> Functional.poissonNllLoss(in[0], in[1], true, true, 1e-8, Reduction.NONE));
  }

  @Test
  void gradcheck() {
    Tensor x = Tensor.randn(2, 3).requiresGrad_(true);
    Tensor y = Tensor.rand(2, 3).mul(4).add(1.5).requiresGrad_(true);
    GradCheck.check(in -> Functional.poissonNllLoss(in.get(0), in.get(1), true, true, 1e-8, Reduction.SUM), x, y);
    Tensor rate = Tensor.rand(2, 3).add(0.5).requiresGrad_(true);
    GradCheck.check(in -> Functional.poissonNllLoss(in.get(0), in.get(1), false, false, 1e-8, Reduction.MEAN), rate,
        y);
  }

  @Test
  void defaultsAndRepr() {
    PoissonNLLLoss l = new PoissonNLLLoss();
    assertEquals(true, l.logInput());
    assertEquals(false, l.full());
    assertEquals(1e-8, l.eps());
    assertEquals("PoissonNLLLoss()", l.toString());
    Tensor x = Tensor.of(0.5f);
    Tensor y = Tensor.of(2f);
    assertEquals(Functional.poissonNllLoss(x, y).item(), l.forward(x, y).item());
    Golden.assertContains(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> l.forward(Tensor.zeros(3, 4), Tensor.zeros(3, 5))).getMessage(),
        "The size of tensor a (5) must match the size of tensor b (4) at non-singleton dimension 1");
  }

  @Test
  void reprIsPyTorchs() {
    assertEquals(G.string("repr.PoissonNLLLoss"), new PoissonNLLLoss(false, true, 1e-3, Reduction.MEAN).toString());
  }
}
