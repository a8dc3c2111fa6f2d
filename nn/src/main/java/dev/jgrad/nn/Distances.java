package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * Cosine similarity, pairwise distance and p-normalisation, behind {@link Functional#cosineSimilarity},
 * {@link Functional#pairwiseDistance} and {@link Functional#normalize}: ATen 1.13's compositions, op for op, so
 * values, gradients and the handling of tiny norms are PyTorch's.
 */
final class Distances {
  private Distances() {}

  /**
   * ATen's cosine_similarity: both inputs broadcast, each normalised by its L2 norm along {@code dim} with the
   * squared norm clamped at eps² outside the graph (so a tiny norm divides by eps, while the gradient still flows
   * through the norm), then the products summed along {@code dim}.
   */
  static Tensor cosineSimilarity(Tensor x1, Tensor x2, int dim, double eps) {
    int[] common = broadcastShape("cosineSimilarity", x1, x2);
    Tensor a = x1.expand(common);
    Tensor b = x2.expand(common);
    Tensor normA = clampedNorm(a, dim, eps);
    Tensor normB = clampedNorm(b, dim, eps);
    return a.div(normA).mul(b.div(normB)).sum(dim, false);
  }

  private static Tensor clampedNorm(Tensor t, int dim, double eps) {
    Tensor squared = t.pow(2).sum(dim, true);
    try (Autograd.Scope s = Autograd.noGrad()) {
      squared.clamp_(eps * eps, Double.POSITIVE_INFINITY);
    }
    return squared.sqrt();
  }

  /** ATen's pairwise_distance: the p-norm of x1 − x2 + eps over the last dim of the broadcast result. */
  static Tensor pairwiseDistance(Tensor x1, Tensor x2, double p, double eps, boolean keepdim) {
    broadcastShape("pairwiseDistance", x1, x2);
    int innermost = Math.max(x1.dim(), x2.dim()) - 1;
    return x1.sub(x2).add(eps).norm(p, innermost, keepdim);
  }

  /** F.normalize: input / max(‖input‖_p along dim, eps). */
  static Tensor normalize(Tensor input, double p, int dim, double eps) {
    return input.div(input.norm(p, dim, true).clampMin(eps).expandAs(input));
  }

  /** The broadcast shape of two tensors, failing with PyTorch's phrase named for {@code op}. */
  private static int[] broadcastShape(String op, Tensor x1, Tensor x2) {
    int[] a = x1.shape();
    int[] b = x2.shape();
    int n = Math.max(a.length, b.length);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int sa = i - (n - a.length) >= 0 ? a[i - (n - a.length)] : 1;
      int sb = i - (n - b.length) >= 0 ? b[i - (n - b.length)] : 1;
      checkArgument(sa == sb || sa == 1 || sb == 1, "%s: The size of tensor a (%s) must match the size of tensor b "
          + "(%s) at non-singleton dimension %s (shapes %s and %s)", op, sa, sb, i, Arrays.toString(a),
          Arrays.toString(b));
      out[i] = sa == 1 ? sb : sa;
    }
    return out;
  }
}
