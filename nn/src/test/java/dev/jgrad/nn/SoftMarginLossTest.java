package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SoftMarginLossTest {
  private static final Golden G = Golden.of("more_losses.txt");

  @ParameterizedTest
  @EnumSource(value = Reduction.class, names = {"MEAN", "SUM", "NONE"})
  void valuesGradientsAndGradFnMatchTorch(Reduction r) {
    G.checkCase("soft_margin_" + r.torchName(), in -> new SoftMarginLoss(r).forward(in[0], in[1]));
  }

  @Test
  void targetBroadcasts() {
    G.checkCase("soft_margin_broadcast", in -> Functional.softMarginLoss(in[0], in[1], Reduction.NONE));
  }

  @Test
  void staysFiniteWherePyTorchOverflows() {
    Tensor x = Tensor.of(100f, -100f).requiresGrad_(true);
    Tensor l = Functional.softMarginLoss(x, Tensor.of(-1f, 1f), Reduction.NONE);
    assertEquals(100f, l.get(0));
    assertEquals(100f, l.get(1));
    l.sum().backward();
    assertEquals(1f, x.grad().get(0));
    assertEquals(-1f, x.grad().get(1));
  }

  @Test
  void gradcheckIncludingDoubleBackward() {
    Tensor x = Tensor.randn(2, 3).requiresGrad_(true);
    Tensor y = Tensor.of(new float[] {1, -1, 1, -1, -1, 1}, 2, 3);
    GradCheck.check(in -> Functional.softMarginLoss(in.get(0), y), x);
    // the backward is written with tensor ops, so its own gradient is checked too
    GradCheck.check(in -> Autograd.enableGrad(() -> {
      Tensor xi = in.get(0);
      Tensor g = Autograd.grad(List.of(Functional.softMarginLoss(xi, y, Reduction.SUM)), List.of(xi), true).get(0);
      return g.mul(g).sum();
    }), x);
  }

  @Test
  void messagesAndRepr() {
    Tensor x = Tensor.zeros(3, 4);
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.softMarginLoss(x, Tensor.ones(3, 5))).getMessage(),
        "softMarginLoss", "The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 1");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.softMarginLoss(x, Tensor.ones(3, 4).requiresGrad_(true))).getMessage(),
        "is not differentiable with respect to argument 'target'");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.softMarginLoss(Tensor.zeros(3).to(dev.jgrad.autograd.DType.INT64), Tensor.ones(3)))
        .getMessage(), "softMarginLoss: expected a float32 or float64 input, got torch.int64");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.softMarginLoss(Tensor.zeros(3), Tensor.ones(2, 3))).getMessage(),
        "target of shape [2, 3] does not broadcast to the input shape [3]");
    assertEquals("SoftMarginLoss()", new SoftMarginLoss().toString());
  }

  @Test
  void reprIsPyTorchs() {
    assertEquals(G.string("repr.SoftMarginLoss"), new SoftMarginLoss().toString());
  }
}
