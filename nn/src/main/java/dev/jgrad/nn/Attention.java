package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.ops.Fused;
import java.util.Arrays;

/**
 * The arithmetic shared by {@link MultiheadAttention} and {@link Functional#scaledDotProductAttention}: masks turned
 * into one additive float mask, and the scaled dot product over a batch of heads with batched matrix products.
 */
final class Attention {
  private Attention() {}

  /**
   * softmax(q·kᵀ / √d + mask)·v over a batch of heads: q [B, L, d], k [B, S, d], v [B, S, dv] with B the product of
   * {@code batch}; an additive float mask broadcastable to the scores seen as [batch..., L, S], or null; dropout on
   * the weights when {@code dropoutP > 0}. Two batched products and one masked-softmax op (mask add and softmax in one pass
   * and one node, {@link Fused#maskedSoftmax}); the scale is applied to q, the
   * smaller operand, as PyTorch 1.13 does.
   *
   * @return the output [B, L, dv] and the weights [B, L, S]
   */
  static Tensor[] scaledDotProduct(Tensor q, Tensor k, Tensor v, Tensor mask, double dropoutP, int... batch) {
    Tensor scores = q.div(Math.sqrt(q.size(-1))).bmm(k.transpose(1, 2));
    Tensor weights;
    if (mask != null) {
      int[] shape = Arrays.copyOf(batch, batch.length + 2);
      shape[batch.length] = scores.size(1);
      shape[batch.length + 1] = scores.size(2);
      weights = Fused.maskedSoftmax(scores.view(shape), mask).view(scores.shape());
    } else {
      weights = scores.softmax(-1);
    }
    if (dropoutP > 0) {
      weights = Functional.dropout(weights, dropoutP, true);
    }
    return new Tensor[] {weights.bmm(v), weights};
  }

  /**
   * A bool mask as an additive float mask: −∞ at the positions left out, 0 elsewhere. {@code trueMeansMasked} is
   * MultiheadAttention's convention (True leaves the position out); false is scaled dot-product attention's (True
   * takes part).
   */
  static Tensor additive(Tensor boolMask, boolean trueMeansMasked) {
    Tensor zeros = Tensor.zeros(boolMask.shape());
    return zeros.maskedFill(trueMeansMasked ? boolMask : boolMask.eq(0), Double.NEGATIVE_INFINITY);
  }

  static boolean isBool(Tensor t) {
    return t.dtype() == DType.BOOL;
  }

  static String str(int... shape) {
    return Arrays.toString(shape);
  }

  /** Python's tuple text for a shape, as PyTorch's messages print expected shapes: {@code (3, 4)}. */
  static String tuple(int... shape) {
    return PyRepr.tuple(shape);
  }

  static void checkMaskDtype(String op, String what, Tensor mask) {
    checkArgument(mask.dtype() == DType.BOOL || mask.dtype().isFloatingPoint(),
        "%s: Only float, byte, and bool types are supported for %s, not %s (shape %s)", op, what,
        mask.dtype().torchName(), str(mask.shape()));
  }
}
