package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertClose;
import static dev.jgrad.nn.Golden.assertContains;
import static dev.jgrad.nn.Golden.assertExact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The structured initialisers against PyTorch (fixtures: tools/gen_init_golden.py). */
class InitStructuredTest {
  private static final Golden G = Golden.of("init_structured.txt");

  @Test
  void seededFillsDrawTorchsValuesInTorchsOrder() {
    Map<String, UnaryOperator<Tensor>> fills = new LinkedHashMap<>();
    fills.put("trunc_normal_default", Init::truncNormal_);
    fills.put("trunc_normal_shifted", t -> Init.truncNormal_(t, 0.5, 2.0, -1.0, 3.0));
    fills.put("trunc_normal_big", t -> Init.truncNormal_(t, 0.0, 0.02, -0.04, 0.04));
    fills.put("orthogonal_tall", Init::orthogonal_);
    fills.put("orthogonal_wide", Init::orthogonal_);
    fills.put("orthogonal_conv_gain", t -> Init.orthogonal_(t, 2.0));
    fills.put("orthogonal_square", Init::orthogonal_);
    fills.put("sparse", t -> Init.sparse_(t, 0.5));
    fills.put("sparse_std", t -> Init.sparse_(t, 0.3, 0.1));
    Tensor.manualSeed(0);
    fills.forEach((name, fill) -> {
      Tensor expected = G.tensor("fn." + name);
      Tensor t = Tensor.zeros(expected.shape());
      assertSame(t, fill.apply(t));
      // erfinv and the QR run in other float orders than torch's (glibc erff, LAPACK sgeqrf): a few ulp apart.
      assertClose(name, expected, t, 1e-5, 1e-6);
    });
    assertExact("after", G.tensor("after"), Tensor.rand(3));   // each fill consumed exactly torch's draws
  }

  @Test
  void truncatedNormalStaysInItsBoundsAndOrthogonalIsOrthonormal() {
    Tensor.manualSeed(1);
    Tensor t = Init.truncNormal_(Tensor.zeros(2000), 1.0, 3.0, -0.5, 0.5);
    assertTrue(t.min().item() >= -0.5f && t.max().item() <= 0.5f);
    Tensor q = Init.orthogonal_(Tensor.zeros(4, 9), 1.0);
    assertClose("Q Qᵀ", Tensor.eye(4), q.matmul(q.t()), 1e-5, 1e-5);
    Parameter p = new Parameter(Tensor.zeros(3, 3));
    Init.orthogonal_(p);   // in place on a leaf that requires grad: not recorded
    assertEquals(null, p.gradFn());
  }

  @Test
  void deterministicFillsMatchTorch() {
    assertExact("dirac_3d", G.tensor("fn.dirac_3d"), Init.dirac_(Tensor.ones(4, 2, 3)));
    assertExact("dirac_4d_groups", G.tensor("fn.dirac_4d_groups"), Init.dirac_(Tensor.ones(6, 3, 3, 3), 2));
    assertExact("dirac_5d", G.tensor("fn.dirac_5d"), Init.dirac_(Tensor.ones(2, 3, 1, 3, 2)));
    assertExact("eye_wide", G.tensor("fn.eye_wide"), Init.eye_(Tensor.ones(3, 5)));
    assertExact("eye_tall", G.tensor("fn.eye_tall"), Init.eye_(Tensor.ones(4, 2)));
    // A Dirac-initialised convolution passes its input through.
    Tensor x = Tensor.randn(1, 2, 5, 5);
    Tensor w = Init.dirac_(Tensor.zeros(2, 2, 3, 3));
    assertClose("identity conv", x, Functional.conv2d(x, w, null, new int[] {1, 1}, new int[] {1, 1},
        new int[] {1, 1}, 1), 0, 0);
  }

  @Test
  void gainsWithAParameterEqualTorchs() {
    assertEquals(G.number("gain.leaky_relu_0p3"), Init.calculateGain("leaky_relu", 0.3));
    assertEquals(G.number("gain.leaky_relu_0"), Init.calculateGain("leaky_relu", 0.0));
    assertEquals(G.number("gain.conv_transpose3d_5"), Init.calculateGain("conv_transpose3d", 5.0));
    assertEquals(G.number("gain.tanh_2"), Init.calculateGain("tanh", 2.0));
  }

  @Test
  void badArgumentsAreRefusedWithTorchsMessages() {
    assertContains(assertThrows(IllegalArgumentException.class, () -> Init.calculateGain("swish", 0.1))
        .getMessage(), G.string("err.gain_unknown"));
    assertContains(assertThrows(IllegalArgumentException.class, () -> Init.orthogonal_(Tensor.zeros(3)))
        .getMessage(), "orthogonal_", G.string("err.orthogonal_1d"), "[3]");
    assertContains(assertThrows(IllegalArgumentException.class, () -> Init.sparse_(Tensor.zeros(2, 2, 2), 0.5))
        .getMessage(), "sparse_", G.string("err.sparse_3d"), "[2, 2, 2]");
    assertContains(assertThrows(IllegalArgumentException.class, () -> Init.dirac_(Tensor.zeros(2, 2)))
        .getMessage(), "dirac_", G.string("err.dirac_2d"), "[2, 2]");
    assertContains(assertThrows(IllegalArgumentException.class, () -> Init.dirac_(Tensor.zeros(5, 2, 3), 2))
        .getMessage(), "dirac_", G.string("err.dirac_groups"), "size 5, groups 2");
    assertContains(assertThrows(IllegalArgumentException.class, () -> Init.eye_(Tensor.zeros(2, 2, 2)))
        .getMessage(), "eye_", G.string("err.eye_3d"), "[2, 2, 2]");
  }
}
