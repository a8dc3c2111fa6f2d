package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static dev.jgrad.nn.Golden.assertExact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class BilinearTest {
  private static final Golden NORM = LayerCase.NORM;

  @Test
  void matchesTorch() {
    LayerCase.of("bilinear", () -> new Bilinear(3, 4, 2)).check((Bilinear m, java.util.List<Tensor> xs) ->
        m.forward(xs.get(0), xs.get(1)));
    LayerCase.of("bilinear_batched", () -> new Bilinear(3, 4, 5, false)).check((Bilinear m,
        java.util.List<Tensor> xs) -> m.forward(xs.get(0), xs.get(1)));
    LayerCase.checkFunction("bilinear_fn", xs -> Functional.bilinear(xs.get(0), xs.get(1), xs.get(2), xs.get(3)));
  }

  @Test
  void seededInitIsTorchs() {
    Tensor.manualSeed((long) NORM.number("seed.init_bilinear"));
    Bilinear b = new Bilinear(3, 4, 2);
    assertExact("weight", NORM.tensor("init.bilinear.weight"), b.weight());
    assertExact("bias", NORM.tensor("init.bilinear.bias"), b.bias());
    assertExact("after", NORM.tensor("init.bilinear.after"), Tensor.rand(2));
    assertEquals(NORM.string("repr.bilinear_nobias"), new Bilinear(2, 3, 4, false).toString());
  }

  @Test
  void passesGradCheck() {
    assertTrue(GradCheck.check(in -> Functional.bilinear(in.get(0), in.get(1), in.get(2), in.get(3)),
        Tensor.randn(3, 2).requiresGrad_(true), Tensor.randn(3, 3).requiresGrad_(true),
        Tensor.randn(2, 2, 3).requiresGrad_(true), Tensor.randn(2).requiresGrad_(true)).passed());
  }

  @Test
  void errors() {
    Bilinear b = new Bilinear(3, 4, 2);
    IllegalArgumentException dims =
        assertThrows(IllegalArgumentException.class, () -> b.forward(Tensor.zeros(5, 3), Tensor.zeros(4)));
    assertContains(dims.getMessage(), "bilinear(): input dimensions do not match: got 2 and 1");
    IllegalArgumentException batch =
        assertThrows(IllegalArgumentException.class, () -> b.forward(Tensor.zeros(5, 3), Tensor.zeros(4, 4)));
    assertContains(batch.getMessage(), "bilinear(): input batch dimensions do not match at dim 0: got 5 and 4");
    IllegalArgumentException in1 =
        assertThrows(IllegalArgumentException.class, () -> b.forward(Tensor.zeros(5, 2), Tensor.zeros(5, 4)));
    assertContains(in1.getMessage(), "bilinear(): input1 size does not match weight size: got 2 but expected 3");
    IllegalArgumentException in2 =
        assertThrows(IllegalArgumentException.class, () -> b.forward(Tensor.zeros(5, 3), Tensor.zeros(5, 5)));
    assertContains(in2.getMessage(), "bilinear(): input2 size does not match weight size: got 5 but expected 4");
    UnsupportedOperationException one =
        assertThrows(UnsupportedOperationException.class, () -> b.forward(Tensor.zeros(5, 3)));
    assertContains(one.getMessage(), "two inputs");
  }
}
