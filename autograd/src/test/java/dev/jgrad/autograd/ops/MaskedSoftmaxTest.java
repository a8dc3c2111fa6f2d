package dev.jgrad.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fused masked softmax against the composition it replaces, {@code scores.add(mask).softmax(-1)}, bit for bit. */
class MaskedSoftmaxTest {

  @Test
  void valuesAndGradientsAreThoseOfTheComposition() {
    Generator gen = new Generator(7);
    int[][] masks = {{5, 6}, {2, 1, 1, 6}, {2, 3, 5, 6}, {6}, {2, 3, 1, 1}};
    for (int[] maskShape : masks) {
      Tensor scores = Tensor.randn(gen, 2, 3, 5, 6).requiresGrad_(true);
      Tensor mask = Tensor.randn(gen, maskShape).requiresGrad_(true);
      Tensor g = Tensor.randn(gen, 2, 3, 5, 6);
      Tensor fused = Fused.maskedSoftmax(scores, mask);
      Tensor plain = scores.add(mask).softmax(-1);
      assertArrayEquals(plain.toArray(), fused.toArray(), "values, mask " + java.util.Arrays.toString(maskShape));
      List<Tensor> a = Autograd.grad(List.of(fused), List.of(scores, mask),
          dev.jgrad.autograd.GradOptions.defaults().withGradOutputs(List.of(g)));
      List<Tensor> b = Autograd.grad(List.of(plain), List.of(scores, mask),
          dev.jgrad.autograd.GradOptions.defaults().withGradOutputs(List.of(g)));
      assertArrayEquals(b.get(0).toArray(), a.get(0).toArray(), "grad of the scores");
      assertArrayEquals(b.get(1).toArray(), a.get(1).toArray(), "grad of the mask");
      assertArrayEquals(maskShape, a.get(1).shape());
    }
  }

  @Test
  void aTransposedScoresViewAndAFullyMaskedRowBehaveAsTheComposition() {
    Tensor scores = Tensor.randn(new Generator(8), 4, 3).t();
    Tensor mask = Tensor.zeros(3, 4);
    mask.narrow(0, 1, 1).fill_(Double.NEGATIVE_INFINITY);
    float[] fused = Fused.maskedSoftmax(scores, mask).toArray();
    assertArrayEquals(scores.add(mask).softmax(-1).toArray(), fused);
    assertTrue(Float.isNaN(fused[4]), "a row masked everywhere is NaN, as PyTorch's softmax of -inf");
  }

  @Test
  void secondOrderGradientsFollowTheComposition() {
    Tensor scores = Tensor.randn(new Generator(9), 2, 4).requiresGrad_(true);
    Tensor mask = Tensor.randn(new Generator(10), 4);
    GradCheck.Result r = GradCheck.gradgradcheck(in -> Fused.maskedSoftmax(in.get(0), mask), List.of(scores));
    assertTrue(r.passed(), r.toString());
  }

  @Test
  void badInputsAreRefused() {
    String m = assertThrows(IllegalArgumentException.class,
        () -> Fused.maskedSoftmax(Tensor.zeros(2, 3), Tensor.zeros(2, 4))).getMessage();
    assertTrue(m.contains("maskedSoftmax"), m);
    m = assertThrows(IllegalArgumentException.class,
        () -> Fused.maskedSoftmax(Tensor.zeros(2, 3), Tensor.zeros(4, 2, 3))).getMessage();
    assertTrue(m.contains("maskedSoftmax: the mask [4, 2, 3] does not broadcast to the scores [2, 3]"), m);
    assertEquals("SoftmaxBackward0",
        Fused.maskedSoftmax(Tensor.zeros(2, 3).requiresGrad_(true), Tensor.zeros(3)).gradFn().name());
  }
}
