package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The margin-loss nodes behind {@link Fused}: values by hand, grad_fn names, gradients that are linear in the
 * upstream gradient (so double backward reaches it), and the entry points' argument checks.
 */
class MarginLossTest {

  @Test
  void multiMarginByHand() {
    // row 0: target 1, x = [0.2, 0.5, 0.9]: z = 1 − 0.5 + 0.2 = 0.7 and 1 − 0.5 + 0.9 = 1.4 → (0.7 + 1.4) / 3
    Tensor x = Tensor.of(new float[] {0.2f, 0.5f, 0.9f}, 1, 3).requiresGrad_(true);
    Tensor loss = Fused.multiMarginLoss(x, new int[] {1}, 1, 1.0, null, "sum", new int[] {1});
    assertEquals(2.1f / 3, loss.item(), 1e-6);
    assertEquals("MultiMarginLossBackward0", loss.gradFn().name());
    loss.backward();
    assertArrayEquals(new float[] {1f / 3, -2f / 3, 1f / 3}, x.grad().toArray(), 1e-6f);
  }

  @Test
  void multilabelMarginByHand() {
    // targets {2}: pairs (2, 0): 1 − 1 + 0 = 0 (not > 0), (2, 1): 1 − 1 + 0.5 = 0.5 → 0.5 / 3
    Tensor x = Tensor.of(0f, 0.5f, 1f).requiresGrad_(true);
    Tensor loss = Fused.multilabelMarginLoss(x, new int[] {2, -1, 0}, "mean", new int[0]);
    assertEquals(0.5f / 3, loss.item(), 1e-6);
    assertEquals("MultilabelMarginLossBackward0", loss.gradFn().name());
    loss.backward();
    assertArrayEquals(new float[] {0f, 1f / 3, -1f / 3}, x.grad().toArray(), 1e-6f);
  }

  @Test
  void softMarginDoubleBackwardAndUpstreamGradient() {
    Tensor x = Tensor.of(0.3f, -1.2f).requiresGrad_(true);
    Tensor y = Tensor.of(1f, 1f);
    Tensor loss = Fused.softMarginLoss(x, y, "sum");
    assertEquals("SoftMarginLossBackward0", loss.gradFn().name());
    Tensor g = Autograd.grad(List.of(loss), List.of(x), true).get(0);
    // d/dx log(1 + e^{−x}) = −σ(−x); second derivative σ(x)·σ(−x)
    float s0 = (float) (1 / (1 + Math.exp(-0.3)));
    assertEquals(-(1 - s0), g.get(0), 1e-6);
    Tensor gg = Autograd.grad(List.of(g.sum()), List.of(x), false).get(0);
    assertEquals(s0 * (1 - s0), gg.get(0), 1e-6);
  }

  @Test
  void coefficientNodesAreLinearInTheUpstreamGradient() {
    Tensor x = Tensor.of(new float[] {0.2f, 0.5f, 0.9f, 1f, 0f, 0f}, 2, 3).requiresGrad_(true);
    Tensor losses = Fused.multiMarginLoss(x, new int[] {1, 0}, 2, 1.0, new float[] {1, 2, 3}, "none", new int[] {2});
    Tensor up = Tensor.of(2f, -1f).requiresGrad_(true);
    Tensor gx = Autograd.grad(List.of(losses), List.of(x), List.of(up), true, true, false).get(0);
    // column 0 of row 0 is a non-target class with z = 1 − 0.5 + 0.2: coefficient 2·z·w_1/C
    Tensor dUp = Autograd.grad(List.of(gx.select(1, 0).sum()), List.of(up), false).get(0);
    assertEquals(2 * 0.7f * 2 / 3, dUp.get(0), 1e-6);
    assertEquals(0f, dUp.get(1), 1e-6);   // row 1: margins 1 − 1 + 0 = 0, no active term
  }

  @Test
  void checksItsArguments() {
    Tensor x = Tensor.zeros(2, 3);
    assertMessage(IllegalArgumentException.class, () -> Fused.softMarginLoss(x, Tensor.zeros(3), "mean"),
        "target shape [3] differs from input shape [2, 3]");
    assertMessage(IllegalArgumentException.class, () -> Fused.softMarginLoss(x, x, "batchmean"),
        "batchmean is not a valid value for reduction");
    assertMessage(IllegalArgumentException.class,
        () -> Fused.multiMarginLoss(x, new int[] {0}, 1, 1, null, "mean", new int[] {1}), "one target per row");
    assertMessage(IllegalArgumentException.class,
        () -> Fused.multiMarginLoss(x, new int[] {0, 1}, 3, 1, null, "mean", new int[] {2}),
        "only p == 1 and p == 2 supported");
    assertMessage(IllegalArgumentException.class,
        () -> Fused.multiMarginLoss(x, new int[] {0, 1}, 1, 1, new float[2], "mean", new int[] {2}),
        "expected 3 weights, got 2");
    assertMessage(IndexOutOfBoundsException.class,
        () -> Fused.multiMarginLoss(x, new int[] {0, 3}, 1, 1, null, "mean", new int[] {2}),
        "target 3 at position 1 is outside [0, 3)");
    assertMessage(IllegalArgumentException.class,
        () -> Fused.multilabelMarginLoss(x, new int[3], "mean", new int[] {2}), "expected 6 targets, got 3");
    assertMessage(IndexOutOfBoundsException.class,
        () -> Fused.multilabelMarginLoss(x, new int[] {0, -2, 0, 0, 0, 0}, "mean", new int[] {2}),
        "target -2 at position 1 is outside [-1, 3)");
  }

  private static void assertMessage(Class<? extends RuntimeException> type, Runnable call, String fragment) {
    String m = assertThrows(type, call::run).getMessage();
    assertTrue(m.contains(fragment), () -> "expected '" + fragment + "' in: " + m);
  }
}
