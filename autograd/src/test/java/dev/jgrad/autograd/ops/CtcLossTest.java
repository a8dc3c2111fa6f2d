package dev.jgrad.autograd.ops;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CTC node against the definition: the loss is −log of the summed probability of every frame-wise path that
 * collapses (repeats merged, then blanks dropped) to the target, enumerated by brute force here.
 */
class CtcLossTest {

  /** −log Σ_{paths collapsing to target} Π_t p[t, path_t] over all C^T paths, in double. */
  private static double bruteForce(float[] lp, int steps, int n, int c, int b, int[] target, int blank) {
    double total = 0;
    int paths = (int) Math.pow(c, steps);
    for (int code = 0; code < paths; code++) {
      int[] path = new int[steps];
      int rest = code;
      double logp = 0;
      for (int t = 0; t < steps; t++) {
        path[t] = rest % c;
        rest /= c;
        logp += lp[(t * n + b) * c + path[t]];
      }
      List<Integer> collapsed = new ArrayList<>();
      for (int t = 0; t < steps; t++) {
        if (path[t] != blank && (t == 0 || path[t] != path[t - 1])) {
          collapsed.add(path[t]);
        }
      }
      boolean same = collapsed.size() == target.length;
      for (int k = 0; same && k < target.length; k++) {
        same = collapsed.get(k) == target[k];
      }
      if (same) {
        total += Math.exp(logp);
      }
    }
    return -Math.log(total);
  }

  @Test
  void lossIsTheSumOverAlignments() {
    int steps = 5;
    int n = 3;
    int c = 4;
    Tensor lp = Tensor.randn(new Generator(7), steps, n, c).logSoftmax(2);
    int[][] targets = {{1, 1, 2}, {3}, {2, 1}};
    int blank = 0;
    int[] flat = {1, 1, 2, 3, 2, 1};
    int[] offsets = {0, 3, 4};
    int[] tl = {3, 1, 2};
    int[] il = {5, 5, 4};
    Tensor loss = Fused.ctcLoss(lp, flat, offsets, tl, il, blank, false);
    float[] v = lp.toArray();
    for (int b = 0; b < n; b++) {
      double want = bruteForce(sliceSteps(v, il[b], n, c), il[b], n, c, b, targets[b], blank);
      assertEquals(want, loss.get(b), 1e-5 * Math.abs(want), "sample " + b);
    }
  }

  private static float[] sliceSteps(float[] lp, int steps, int n, int c) {
    return java.util.Arrays.copyOf(lp, steps * n * c);
  }

  @Test
  void impossibleTargetsAreInfiniteAndZeroInfinityZeroesTheirGradient() {
    Tensor lp = Tensor.randn(new Generator(8), 3, 1, 3).logSoftmax(2).detach().requiresGrad_(true);
    // [1, 1, 2] needs 4 frames (a blank between the repeated 1s)
    Tensor loss = Fused.ctcLoss(lp, new int[] {1, 1, 2}, new int[] {0}, new int[] {3}, new int[] {3}, 0, true);
    assertEquals(Float.POSITIVE_INFINITY, loss.get(0));
    assertEquals("CtcLossBackward0", loss.gradFn().name());
    loss.backward(Tensor.ones(1));
    for (float g : lp.grad().toArray()) {
      assertEquals(0f, g);
    }
  }

  @Test
  void checksItsArguments() {
    Tensor lp = Tensor.zeros(4, 2, 3);
    int[] two = {0, 1};
    int[] ones = {1, 1};
    int[] fours = {4, 4};
    assertMessage(() -> Fused.ctcLoss(Tensor.zeros(4, 3), two, two, ones, fours, 0, false), "[T, N, C]", "[4, 3]");
    assertMessage(() -> Fused.ctcLoss(lp, new int[] {1, 2}, two, ones, fours, 3, false),
        "blank must be in label range");
    assertMessage(() -> Fused.ctcLoss(lp, new int[] {1, 2}, two, ones, new int[] {4}, 0, false), "expected 2");
    assertMessage(() -> Fused.ctcLoss(lp, new int[] {1, 2}, two, ones, new int[] {5, 4}, 0, false),
        "input length 5 of sample 0 is outside [0, 4]");
    assertMessage(() -> Fused.ctcLoss(lp, new int[] {1, 2}, two, new int[] {1, 2}, fours, 0, false),
        "the targets of sample 1 lie outside the 2 labels");
    assertMessage(() -> Fused.ctcLoss(lp, new int[] {1, 0}, two, ones, fours, 0, false),
        "label 0 of sample 1 is outside [0, 3) or blank");
  }

  private static void assertMessage(Runnable call, String... fragments) {
    String m = assertThrows(IllegalArgumentException.class, call::run).getMessage();
    for (String f : fragments) {
      assertTrue(m.contains(f), () -> "expected '" + f + "' in: " + m);
    }
  }
}
