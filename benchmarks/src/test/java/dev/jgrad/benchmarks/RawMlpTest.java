package dev.jgrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawMlpTest {
  @Test
  void parametersAreWeightThenBiasPerLayerWithNnLinearShapesAndBounds() {
    RawMlp mlp = new RawMlp(new Generator(0), 4, 16, 3);
    List<Tensor> p = mlp.parameters();
    assertEquals(4, p.size());
    assertArrayEquals(new int[] {16, 4}, p.get(0).shape());
    assertArrayEquals(new int[] {16}, p.get(1).shape());
    assertArrayEquals(new int[] {3, 16}, p.get(2).shape());
    assertArrayEquals(new int[] {3}, p.get(3).shape());
    for (float v : p.get(0).toArray()) {
      assertTrue(Math.abs(v) <= 0.5f, "weight of layer 1 outside +-1/sqrt(4): " + v);
    }
    for (Tensor t : p) {
      assertTrue(t.requiresGrad() && t.isLeaf());
    }
  }

  @Test
  void forwardIsLinearReluLinear() {
    RawMlp mlp = new RawMlp(new Generator(0), 2, 3, 1);
    List<Tensor> p = mlp.parameters();
    float[] w1 = p.get(0).toArray();
    float[] b1 = p.get(1).toArray();
    float[] w2 = p.get(2).toArray();
    float[] b2 = p.get(3).toArray();
    float[] x = {0.5f, -1.5f};
    double out = b2[0];
    for (int j = 0; j < 3; j++) {
      double h = b1[j] + w1[j * 2] * x[0] + w1[j * 2 + 1] * x[1];
      out += w2[j] * Math.max(h, 0);
    }
    assertEquals(out, mlp.forward(Tensor.of(x, 1, 2)).item(), 1e-6);
  }

  @Test
  void crossEntropyMatchesTheFormula() {
    Tensor logits = Tensor.of(new float[] {1f, 2f, 3f, 0f, 0f, 5f}, 2, 3);
    Tensor oneHot = RawMlp.oneHot(new long[] {2, 0}, 3);
    assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0}, oneHot.toArray());
    double row0 = -(3 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)));
    double row1 = -(0 - Math.log(2 + Math.exp(5)));
    assertEquals((row0 + row1) / 2, RawMlp.crossEntropy(logits, oneHot).item(), 1e-5);
  }

  @Test
  void rejectsASingleSize() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RawMlp(new Generator(0), 4));
    assertTrue(e.getMessage().startsWith("RawMlp"), e.getMessage());
  }
}
