package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static dev.jgrad.nn.Golden.assertExact;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearTest {
  private static final Golden INIT = Golden.of("init.txt");
  private static final Golden LAYERS = Golden.of("layers.txt");
  private static final Golden REPR = Golden.of("repr.txt");

  @Test
  void seededInitIsTorchsBitForBit() {
    Tensor.manualSeed(0);
    Linear fc = new Linear(3, 2);
    assertExact("weight", INIT.tensor("linear_3_2.weight"), fc.weight());
    assertExact("bias", INIT.tensor("linear_3_2.bias"), fc.bias());
    // The values the issue quotes, as printed.
    assertEquals(INIT.string("linear_3_2.weight_repr"), fc.weight().toString());
    assertContains(fc.weight().toString(), "[[-0.0043,  0.3097, -0.4752]", "[-0.4249, -0.2224,  0.1548]]");
    assertContains(fc.bias().toString(), "tensor([-0.0114,  0.4578], requires_grad=True)");

    Tensor.manualSeed(2);
    Linear noBias = new Linear(5, 3, false);
    assertExact("nobias", INIT.tensor("linear_nobias.weight"), noBias.weight());
    assertNull(noBias.bias());
  }

  @Test
  void forwardAndGradientsMatchTorch() {
    LAYERS.checkLayer("linear", new Linear(3, 2), "weight", "bias");
    LAYERS.checkLayer("linear_batched", new Linear(3, 2), "weight", "bias");
    LAYERS.checkLayer("linear_nobias", new Linear(3, 5, false), "weight");
  }

  @Test
  void shapeMismatchNamesBothMatrices() {
    Linear fc = new Linear(3, 2);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> fc.forward(Tensor.zeros(4, 5)));
    assertContains(e.getMessage(), "linear:", "mat1 and mat2 shapes cannot be multiplied (4x5 and 3x2)");
  }

  @Test
  void negativeSizeIsRefusedInTorchsWords() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Linear(-1, 2));
    assertContains(e.getMessage(), "Linear(in_features=-1, out_features=2)",
        "Trying to create tensor with negative dimension -1: [2, -1]");
  }

  @Test
  void parametersAndRepr() {
    Linear fc = new Linear(4, 16);
    assertEquals(List.of("weight", "bias"), List.copyOf(fc.namedParameters().keySet()));
    assertArrayEquals(new int[] {16, 4}, fc.weight().shape());
    assertEquals(4, fc.inFeatures());
    assertEquals(16, fc.outFeatures());
    assertEquals(REPR.string("repr.linear"), fc.toString());
    assertEquals(REPR.string("repr.linear_nobias"), new Linear(3, 2, false).toString());
    // A 1-D input works like PyTorch's ([in] -> [out]).
    assertArrayEquals(new int[] {16}, fc.forward(Tensor.zeros(4)).shape());
  }
}
