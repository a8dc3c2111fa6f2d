package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Functional#scaledDotProductAttention} against PyTorch 2's formula, computed with torch 1.13 by
 * tools/gen_attention_golden.py.
 */
class FunctionalAttentionTest {
  private static final Golden G = MultiheadAttentionTest.G;

  @ParameterizedTest
  @ValueSource(strings = {"sdpa_4d", "sdpa_3d_float", "sdpa_bool", "sdpa_causal", "sdpa_causal_rect"})
  void matchesTorch(String c) {
    Tensor q = G.tensor(c + ".q").requiresGrad_(true);
    Tensor k = G.tensor(c + ".k").requiresGrad_(true);
    Tensor v = G.tensor(c + ".v").requiresGrad_(true);
    Tensor out = Functional.scaledDotProductAttention(q, k, v, G.optional(c, "mask"), 0.0, c.contains("causal"));
    Golden.assertClose(c + ".out", G.tensor(c + ".out"), out, 1e-4, 1e-5);
    out.mul(G.tensor(c + ".g_out")).sum().backward();
    Golden.assertClose(c + ".grad.q", G.tensor(c + ".grad.q"), q.grad(), 1e-4, 1e-5);
    Golden.assertClose(c + ".grad.k", G.tensor(c + ".grad.k"), k.grad(), 1e-4, 1e-5);
    Golden.assertClose(c + ".grad.v", G.tensor(c + ".grad.v"), v.grad(), 1e-4, 1e-5);
  }

  @Test
  void boolMaskMarksThePositionsThatTakePart() {
    Tensor q = Tensor.randn(1, 2, 4);
    Tensor k = Tensor.randn(1, 3, 4);
    Tensor v = Tensor.randn(1, 3, 4);
    Tensor keep = Tensor.of(new float[] {1, 1, 0}, 3).to(DType.BOOL);
    Tensor expected = Functional.scaledDotProductAttention(q, k.narrow(1, 0, 2), v.narrow(1, 0, 2), null, 0, false);
    Golden.assertClose("kept keys only", expected, Functional.scaledDotProductAttention(q, k, v, keep, 0, false),
        1e-6, 1e-6);
  }

  @Test
  void twoDimensionalInputsAndDropout() {
    Tensor q = Tensor.randn(3, 4);
    Tensor out = Functional.scaledDotProductAttention(q, q, q, null, 0.0, true);
    assertArrayEquals(new int[] {3, 4}, out.shape());
    Golden.assertClose("first row attends to itself", q.narrow(0, 0, 1), out.narrow(0, 0, 1), 1e-6, 1e-6);
    Tensor.manualSeed(0);
    Tensor dropped = Functional.scaledDotProductAttention(q, q, q, null, 1.0, false);
    Golden.assertClose("p = 1 drops every weight", Tensor.zeros(3, 4), dropped, 0, 0);
  }

  @Test
  void gradcheck() {
    Tensor.manualSeed(1);
    Tensor q = Tensor.randn(2, 3, 4).requiresGrad_(true);
    Tensor k = Tensor.randn(2, 5, 4).requiresGrad_(true);
    Tensor v = Tensor.randn(2, 5, 3).requiresGrad_(true);
    Tensor mask = Tensor.randn(3, 5).requiresGrad_(true);
    GradCheck.check(t -> Functional.scaledDotProductAttention(t.get(0), t.get(1), t.get(2), t.get(3), 0, false),
        List.of(q, k, v, mask));
  }

  @Test
  void messages() {
    Tensor q = Tensor.randn(2, 3, 4);
    Tensor k = Tensor.randn(2, 5, 4);
    Golden.assertContains(assertThrows(IllegalArgumentException.class, () -> Functional.scaledDotProductAttention(q,
        k, k, Tensor.zeros(3, 5), 0, true)).getMessage(), "Explicit attn_mask should not be set when is_causal=True");
    Golden.assertContains(assertThrows(IllegalArgumentException.class, () -> Functional.scaledDotProductAttention(q,
        Tensor.randn(2, 5, 3), k, null, 0, false)).getMessage(), "query [2, 3, 4], key [2, 5, 3], value [2, 5, 4]");
    Golden.assertContains(assertThrows(IllegalArgumentException.class, () -> Functional.scaledDotProductAttention(q,
        Tensor.randn(5, 4), k, null, 0, false)).getMessage(), "same number of dims");
    Golden.assertContains(assertThrows(IllegalArgumentException.class, () -> Functional.scaledDotProductAttention(q,
        k, k, Tensor.zeros(3, 5).to(DType.INT64), 0, false)).getMessage(),
        "Only float, byte, and bool types are supported for attn_mask, not torch.int64");
    Golden.assertContains(assertThrows(IllegalArgumentException.class, () -> Functional.scaledDotProductAttention(q,
        k, k, null, -0.5, false)).getMessage(), "dropout probability has to be between 0 and 1, but got -0.5");
  }
}
