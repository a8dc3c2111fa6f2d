package dev.jgrad.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.storage.Shapes;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fused hot paths: in-place elementwise updates (zero-copy, one version bump, in-place checks) and the fused
 * negative log-likelihood, whose values and gradients must equal, bit for bit, those of the composition of ops it
 * replaces (including double backward). Also the other fused backward rules (relu, log-softmax) against their
 * unfused form, and the layout of a linear layer's weight gradient.
 */
class FusedTest {

  private static Tensor randn(long seed, int... shape) {
    return Tensor.randn(new Generator(seed), shape);
  }

  // ---------------------------------------------------------------- in-place updates

  @Test
  void updateWritesTheParameterInPlaceAndBumpsItsVersionOnce() {
    Tensor w = Tensor.of(1f, 2f, 3f).requiresGrad_(true);
    Tensor view = w.detach();   // shares w's storage
    Tensor g = Tensor.of(10f, 20f, 30f);
    int before = w.version();
    try (var s = Autograd.noGrad()) {
      Fused.update(w, g, (p, po, gr, go, n) -> {
        assertEquals(3, n);
        for (int i = 0; i < n; i++) {
          p[po + i] -= 0.1f * gr[go + i];
        }
      });
    }
    assertArrayEquals(new float[] {0f, 0f, 0f}, w.toArray());
    assertArrayEquals(w.toArray(), view.toArray(), "the update is in the shared storage");
    assertEquals(before + 1, w.version());
    assertArrayEquals(new float[] {10f, 20f, 30f}, g.toArray(), "the gradient is only read");
  }

  @Test
  void updateOfStridedTensorsSeesRowMajorValues() {
    Tensor base = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor param = base.t();                                 // [3, 2], strided
    Tensor grad = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).t();
    Fused.update(param, grad, (p, po, g, go, n) -> {
      for (int i = 0; i < n; i++) {
        p[po + i] = p[po + i] * 10 + g[go + i];
      }
    });
    // param[i][j] = base[j][i] * 10 + grad[i][j]
    assertArrayEquals(new float[] {11, 22, 33, 44, 55, 66}, base.toArray());
  }

  @Test
  void updateIsCheckedLikeAnInPlaceOp() {
    Tensor w = Tensor.ones(3).requiresGrad_(true);
    Fused.Update nothing = (p, po, g, go, n) -> { };
    IllegalStateException leaf = assertThrows(IllegalStateException.class,
        () -> Fused.update(w, Tensor.ones(3), nothing));
    assertTrue(leaf.getMessage().startsWith("Fused.update: a leaf Variable that requires grad is being used in an "
        + "in-place operation"), leaf.getMessage());
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> Fused.update(Tensor.ones(3), Tensor.ones(4), nothing));
    assertEquals("Fused.update: grad shape [4] does not match param shape [3]", shape.getMessage());
    IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class,
        () -> Fused.update(Tensor.ones(3), Tensor.arange(3L), nothing));
    assertTrue(dtype.getMessage().contains("expected float32 param and grad"), dtype.getMessage());
    IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class,
        () -> Fused.update(Tensor.ones(1).expand(3), Tensor.ones(3), nothing));
    assertTrue(overlap.getMessage().contains("more than one element of the written-to tensor"), overlap.getMessage());
  }

  // ---------------------------------------------------------------- nll loss

  /** The composition Fused.nllLoss replaces: gather, × weight, neg, where(kept, ·, 0), then the reduction. */
  private static Tensor unfusedNll(Tensor logp, int[] y, float[] w, String reduction) {
    int n = y.length;
    float[] index = new float[n];
    float[] weights = new float[n];
    float[] keep = new float[n];
    float total = 0f;
    for (int i = 0; i < n; i++) {
      if (y[i] >= 0) {
        index[i] = y[i];
        weights[i] = w == null ? 1f : w[y[i]];
        keep[i] = 1f;
        total += weights[i];
      }
    }
    int classDim = logp.dim() == 1 ? 0 : 1;
    int[] indexShape = logp.shape();
    indexShape[classDim] = 1;
    int[] targetShape = Shapes.withoutDim(logp.shape(), classDim);
    Tensor picked = logp.gather(classDim, Tensor.of(index, indexShape).to(DType.INT64)).squeeze(classDim);
    Tensor losses = picked.mul(Tensor.of(weights, targetShape)).neg();
    Tensor kept = Tensor.where(Tensor.of(keep, targetShape).to(DType.BOOL), losses, 0.0);
    switch (reduction) {
      case "none": return kept;
      case "sum": return kept.sum();
      default: return total == 0f ? kept.sum().add(Float.NaN) : kept.sum().div(total);
    }
  }

  private static void assertSameNll(long seed, int[] shape, int[] y, float[] w, String reduction) {
    String what = java.util.Arrays.toString(shape) + " " + reduction + (w == null ? "" : " weighted");
    Tensor x1 = randn(seed, shape).requiresGrad_(true);
    Tensor x2 = x1.detach().clone().requiresGrad_(true);
    int classDim = shape.length == 1 ? 0 : 1;
    Tensor fused = Fused.nllLoss(x1.logSoftmax(classDim), y, w, reduction);
    Tensor plain = unfusedNll(x2.logSoftmax(classDim), y, w, reduction);
    assertArrayEquals(plain.toArray(), fused.toArray(), what + ": value");
    assertArrayEquals(plain.shape(), fused.shape(), what + ": shape");
    assertEquals("NllLossBackward0", fused.gradFn().name());
    Tensor seedGrad = randn(seed + 1, fused.shape());
    fused.backward(seedGrad);
    plain.backward(seedGrad);
    assertArrayEquals(x2.grad().toArray(), x1.grad().toArray(), what + ": gradient");
  }

  @Test
  void nllLossMatchesTheCompositionToTheBit() {
    float[] w = {0.5f, 2f, 1.25f, 3f};
    int[] y = {3, 0, -1, 2, 1, 1, -1};
    for (String r : new String[] {"none", "mean", "sum"}) {
      assertSameNll(10, new int[] {7, 4}, y, null, r);
      assertSameNll(11, new int[] {7, 4}, y, w, r);
      assertSameNll(12, new int[] {4}, new int[] {2}, w, r);                       // unbatched
      assertSameNll(13, new int[] {2, 4, 3}, new int[] {0, 3, -1, 1, 2, 2}, w, r);  // spatial [N, C, d]
      assertSameNll(14, new int[] {3, 4}, new int[] {-1, -1, -1}, null, r);       // every position ignored
    }
    Tensor allIgnored = Fused.nllLoss(Tensor.zeros(2, 3), new int[] {-1, -1}, (float[]) null, "mean");
    assertTrue(Float.isNaN(allIgnored.item()));
  }

  @Test
  void nllLossDoubleBackwardMatchesTheComposition() {
    float[] w = {1.5f, 0.5f, 2f};
    int[] y = {2, -1, 0, 1};
    Tensor x1 = randn(20, 4, 3).requiresGrad_(true);
    Tensor x2 = x1.detach().clone().requiresGrad_(true);
    Tensor g1 = Autograd.grad(List.of(Fused.nllLoss(x1.logSoftmax(1), y, w, "mean")), List.of(x1), true).get(0);
    Tensor g2 = Autograd.grad(List.of(unfusedNll(x2.logSoftmax(1), y, w, "mean")), List.of(x2), true).get(0);
    assertArrayEquals(g2.toArray(), g1.toArray());
    g1.mul(g1).sum().backward();
    g2.mul(g2).sum().backward();
    assertArrayEquals(x2.grad().toArray(), x1.grad().toArray());
  }

  @Test
  void nllLossChecksItsArguments() {
    Tensor logp = Tensor.zeros(2, 3);
    assertEquals("Fused.nllLoss: expected 2 targets for an input of shape [2, 3], got 3",
        assertThrows(IllegalArgumentException.class, () -> Fused.nllLoss(logp, new int[3], (float[]) null, "mean"))
            .getMessage());
    assertTrue(assertThrows(IndexOutOfBoundsException.class,
        () -> Fused.nllLoss(logp, new int[] {0, 3}, (float[]) null, "sum")).getMessage().contains("Target 3 is out of bounds"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Fused.nllLoss(logp, new int[2], new float[2], "sum")).getMessage().contains("weight tensor should be"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Fused.nllLoss(logp, new int[2], (float[]) null, "avg")).getMessage().contains("not a valid value for reduction"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Fused.nllLoss(Tensor.scalar(1f), new int[0], (float[]) null, "sum")).getMessage().contains("expected a float32"));
  }

  // ---------------------------------------------------------------- fused backward rules

  /** Gradient of sum(f(x) · seed) through the fused rule (plain backward) and the composition (createGraph). */
  private static void assertFusedRuleMatches(java.util.function.UnaryOperator<Tensor> f, Tensor xValues) {
    Tensor seed = randn(99, xValues.shape());
    Tensor x1 = xValues.clone().requiresGrad_(true);
    f.apply(x1).backward(seed);
    Tensor x2 = xValues.clone().requiresGrad_(true);
    // createGraph runs every rule with grad mode on, which takes the unfused composition.
    f.apply(x2).backward(seed, true, true);
    assertArrayEquals(x2.grad().toArray(), x1.grad().toArray());
  }

  @Test
  void reluAndLogSoftmaxFusedRulesEqualTheirCompositions() {
    Tensor x = randn(5, 9, 37);
    float[] v = x.toArray();
    v[0] = 0f;
    v[1] = -0f;
    v[2] = Float.NaN;
    Tensor special = Tensor.of(v, 9, 37);
    assertFusedRuleMatches(Tensor::relu, special);
    assertFusedRuleMatches(t -> t.logSoftmax(1), x);
    assertFusedRuleMatches(t -> t.logSoftmax(-1), randn(6, 37));
    assertFusedRuleMatches(t -> t.logSoftmax(0), randn(7, 5, 3));   // not the last dim: the unfused rule only
  }

  @Test
  void linearWeightGradientIsContiguousAndCorrect() {
    // mm_mat2_backward computes the gradient of the transposed weight as (gᵀ·x)ᵀ, so it reaches w contiguous.
    Tensor x = randn(1, 5, 3);
    Tensor w = randn(2, 4, 3).requiresGrad_(true);
    Tensor b = randn(3, 4).requiresGrad_(true);
    Tensor g = randn(4, 5, 4);
    x.linear(w, b).backward(g);
    assertTrue(w.grad().isContiguous());
    float[] want = new float[12];
    for (int o = 0; o < 4; o++) {
      for (int i = 0; i < 3; i++) {
        double s = 0;
        for (int n = 0; n < 5; n++) {
          s += (double) g.get(n, o) * x.get(n, i);
        }
        want[o * 3 + i] = (float) s;
      }
    }
    float[] got = w.grad().toArray();
    for (int k = 0; k < 12; k++) {
      assertEquals(want[k], got[k], 1e-5f * (1 + Math.abs(want[k])));
    }
    assertArrayEquals(g.sum(0, false).toArray(), b.grad().toArray());
    assertNull(x.grad());
    assertFalse(w.grad().requiresGrad());
  }
}
