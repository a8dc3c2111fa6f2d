package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.ops.Fused;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.kernels.Dtypes;
import java.util.Arrays;

/**
 * The margin and embedding losses behind {@link Functional}. Where PyTorch 1.13 composes tensor ops (cosine
 * embedding, margin ranking, hinge embedding, triplet, multi-label soft margin) this composes the same ops, so
 * gradients of every input and grad_fn names follow; where PyTorch has a kernel of its own (soft margin, multi-margin,
 * multi-label margin) this calls the matching {@link Fused} node.
 */
final class MarginLosses {
  private MarginLosses() {}

  /** PyTorch's EPSILON added to the squared magnitudes. */
  private static final double COSINE_EPS = 1e-12;

  /** 1 − cos(x₁, x₂) where y = 1, max(0, cos − margin) where y = −1, 0 for any other y. */
  static Tensor cosineEmbedding(Tensor input1, Tensor input2, Tensor target, double margin, Reduction r) {
    String op = "cosineEmbeddingLoss";
    r.plain(op);
    int td = target.dim();
    checkArgument(td <= 1, "%s: 0D or 1D target tensor expected, multi-target not supported (target shape %s)", op,
        Arrays.toString(target.shape()));
    checkArgument(input1.dim() == td + 1 && input2.dim() == td + 1,
        "%s: %sD target tensor expects %sD input tensors, but found inputs with sizes %s and %s.", op, td, td + 1,
        Arrays.toString(input1.shape()), Arrays.toString(input2.shape()));
    Tensor prodSum = input1.mul(input2).sum(td);
    Tensor mag1 = input1.mul(input1).sum(td).add(COSINE_EPS);
    Tensor mag2 = input2.mul(input2).sum(td).add(COSINE_EPS);
    Tensor cos = prodSum.div(mag1.mul(mag2).sqrt());
    Tensor pos = Tensor.where(target.eq(1), cos.rsub(1), 0.0);
    Tensor neg = Tensor.where(target.eq(-1), cos.sub(margin).clampMin(0), 0.0);
    return r.apply(pos.add(neg));
  }

  /** max(0, −y·(x₁ − x₂) + margin); the target is differentiable too. */
  static Tensor marginRanking(Tensor input1, Tensor input2, Tensor target, double margin, Reduction r) {
    String op = "marginRankingLoss";
    r.plain(op);
    checkArgument(input1.dim() == input2.dim() && input1.dim() == target.dim(),
        "%s: margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: %s, input2: "
            + "%s, target: %s", op, Arrays.toString(input1.shape()), Arrays.toString(input2.shape()),
        Arrays.toString(target.shape()));
    return r.apply(target.neg().mul(input1.sub(input2)).add(margin).clampMin(0));
  }

  /** x where y = 1, max(0, margin − x) where y = −1 (both terms for any other y, as PyTorch). */
  static Tensor hingeEmbedding(Tensor input, Tensor target, double margin, Reduction r) {
    String op = "hingeEmbeddingLoss";
    r.plain(op);
    Tensor marginClamp = input.rsub(margin).clampMin(0);
    Tensor outMargin = Tensor.where(target.ne(1), marginClamp, 0.0);
    Tensor outSelf = Tensor.where(target.ne(-1), input, 0.0);
    return r.apply(outMargin.add(outSelf));
  }

  /**
   * max(0, margin + d(a, p) − d(a, n)) with d the p-norm of (x₁ − x₂ + ε) over the last dim; {@code swap} uses
   * min(d(a, n), d(p, n)) as the negative distance.
   */
  static Tensor tripletMargin(Tensor anchor, Tensor positive, Tensor negative, double margin, double p, double eps,
      boolean swap, Reduction r) {
    String op = "tripletMarginLoss";
    r.plain(op);
    checkArgument(anchor.dim() == positive.dim() && positive.dim() == negative.dim(),
        "%s: All inputs should have same dimension but got %sD, %sD and %sD inputs. (shapes %s, %s, %s)", op,
        anchor.dim(), positive.dim(), negative.dim(), Arrays.toString(anchor.shape()),
        Arrays.toString(positive.shape()), Arrays.toString(negative.shape()));
    checkArgument(anchor.dim() > 0, "%s: expected inputs of shape [D] or [N, D], got 0-dim tensors", op);
    Tensor distPos = pairwiseDistance(anchor, positive, p, eps);
    Tensor distNeg = pairwiseDistance(anchor, negative, p, eps);
    if (swap) {
      distNeg = distNeg.minimum(pairwiseDistance(positive, negative, p, eps));
    }
    return r.apply(distPos.add(margin).sub(distNeg).clampMin(0));
  }

  /** PyTorch's pairwise_distance: ‖x₁ − x₂ + ε‖_p over the last dim. */
  private static Tensor pairwiseDistance(Tensor x1, Tensor x2, double p, double eps) {
    return x1.sub(x2).add(eps).norm(p, Math.max(x1.dim(), x2.dim()) - 1, false);
  }

  /** log(1 + e^{−x·y}), computed stably (finite where PyTorch's overflows); the target gets no gradient. */
  static Tensor softMargin(Tensor input, Tensor target, Reduction r) {
    String op = "softMarginLoss";
    r.plain(op);
    checkArgument(input.dtype() == DType.FLOAT32 || input.dtype() == DType.FLOAT64,
        "%s: expected a float32 or float64 input, got %s", op, input.dtype().torchName());
    checkArgument(!(target.requiresGrad() && Autograd.isGradEnabled()), "%s: The function 'soft_margin_loss' is not "
        + "differentiable with respect to argument 'target'. This input cannot have requires_grad True.", op);
    checkBroadcastsTo(op, target, input.shape());
    if (input.dtype() == DType.FLOAT64) {
      // PyTorch's log1p(exp(−x·y)) in double, as Tensor ops (the float32 kernel's overflow guard is float32's).
      return r.apply(input.mul(target.expand(input.shape())).neg().exp().log1p());
    }
    return Fused.softMarginLoss(input, target.to(DType.FLOAT32).expand(input.shape()), r.torchName());
  }

  /**
   * The float64 multi-margin losses per row, as Tensor ops in PyTorch's order: Σ_{j≠y} max(0, (margin − x_y) +
   * x_j)^p · w_y, divided by the number of classes.
   */
  private static Tensor multiMarginDouble(String op, Tensor input, int[] t, int p, double margin, Tensor weight,
      int rows, int dim) {
    if (weight != null) {
      Dtypes.checkSameDtype(op, input.dtype(), weight.dtype());
    }
    Tensor x = input.reshape(rows, dim);
    long[] y = new long[rows];
    float[] other = new float[rows * dim];
    for (int i = 0; i < rows; i++) {
      y[i] = t[i];
      java.util.Arrays.fill(other, i * dim, i * dim + dim, 1f);
      other[i * dim + t[i]] = 0f;
    }
    Tensor idx = Tensor.ofLongs(y);
    Tensor z = x.gather(1, idx.unsqueeze(1)).neg().add(margin).add(x).clamp(0, Double.POSITIVE_INFINITY);
    if (p == 2) {
      z = z.mul(z);
    }
    if (weight != null) {
      z = z.mul(weight.indexSelect(0, idx).unsqueeze(1));
    }
    return Tensor.where(Tensor.of(other, rows, dim).to(DType.BOOL), z, 0.0).sum(1, false).div(dim);
  }

  /** PyTorch's broadcasting message when {@code t} does not expand to {@code shape}. */
  private static void checkBroadcastsTo(String op, Tensor t, int[] shape) {
    int[] s = t.shape();
    checkArgument(s.length <= shape.length, "%s: target of shape %s does not broadcast to the input shape %s", op,
        Arrays.toString(s), Arrays.toString(shape));
    for (int i = 1; i <= s.length; i++) {
      int a = shape[shape.length - i];
      int b = s[s.length - i];
      checkArgument(b == 1 || b == a, "%s: The size of tensor a (%s) must match the size of tensor b (%s) at "
          + "non-singleton dimension %s (input %s, target %s)", op, a, b, shape.length - i, Arrays.toString(shape),
          Arrays.toString(s));
    }
  }

  /**
   * −(y·log σ(x) + (1 − y)·log σ(−x)) per class (times the class weight), averaged over the classes (the last dim):
   * one loss per sample.
   */
  static Tensor multilabelSoftMargin(Tensor input, Tensor target, Tensor weight, Reduction r) {
    String op = "multilabelSoftMarginLoss";
    r.plain(op);
    checkArgument(input.dim() > 0, "%s: expected an input of shape [C] or [N, C], got a 0-dim tensor", op);
    // log σ(x) = −softplus(−x)
    Tensor loss = target.mul(input.neg().softplus()).add(target.rsub(1).mul(input.softplus()));
    if (weight != null) {
      loss = loss.mul(weight);
    }
    int classDim = input.dim() - 1;
    return r.apply(loss.sum(classDim).div(input.size(classDim)));
  }

  /** One node: see {@link Fused#multilabelMarginLoss}. Targets: int64 of the input's shape, −1 ending each row. */
  static Tensor multilabelMargin(Tensor input, Tensor target, Reduction r) {
    String op = "multilabelMarginLoss";
    r.plain(op);
    int nd = input.dim();
    checkArgument((nd == 2 && input.size(1) != 0) || (nd == 1 && input.size(0) != 0) || nd == 0,
        "%s: Expected non-empty vector or matrix with optional 0-dim batch size, but got: %s", op,
        Arrays.toString(input.shape()));
    checkLongTarget(op, target);
    int dim = nd == 0 ? 1 : input.size(nd - 1);
    boolean ok = nd <= 1 ? target.dim() <= 1 && target.numel() == dim
        : target.dim() == 2 && target.size(0) == input.size(0) && target.size(1) == dim;
    checkArgument(ok, "%s: inconsistent size %s for argument #2 'target' (input shape %s)", op,
        Arrays.toString(target.shape()), Arrays.toString(input.shape()));
    int[] t = indices(target);
    for (int v : t) {
      checkArgument(v >= -1 && v < dim, "%s: argument #2 'target' is out of range: %s is not in [-1, %s)", op, v, dim);
    }
    int[] noneShape = target.dim() <= 1 ? new int[0] : new int[] {input.size(0)};
    return Fused.multilabelMarginLoss(input, t, r.torchName(), noneShape);
  }

  /** One node: see {@link Fused#multiMarginLoss}. Target: int64 class per row, [N] (or [] / [1] for a [C] input). */
  static Tensor multiMargin(Tensor input, Tensor target, int p, double margin, Tensor weight, Reduction r) {
    String op = "multiMarginLoss";
    r.plain(op);
    checkArgument(p == 1 || p == 2, "%s: only p == 1 and p == 2 supported, got p=%s", op, p);
    checkArgument(weight == null || weight.dim() == 1, "%s: weight must be one-dimensional, got shape %s", op,
        weight == null ? null : Arrays.toString(weight.shape()));
    int nd = input.dim();
    checkArgument((nd == 2 && input.size(1) != 0) || (nd == 1 && input.size(0) != 0) || nd == 0,
        "%s: Expected non-empty vector or matrix with optional 0-dim batch size, but got: %s", op,
        Arrays.toString(input.shape()));
    checkLongTarget(op, target);
    int rows = nd <= 1 ? 1 : input.size(0);
    int dim = nd == 0 ? 1 : input.size(nd - 1);
    checkArgument(target.dim() <= 1 && target.numel() == rows,
        "%s: inconsistent target size, got: %s (expected %s targets for input shape %s)", op,
        Arrays.toString(target.shape()), rows, Arrays.toString(input.shape()));
    checkArgument(weight == null || weight.numel() == dim, "%s: inconsistent weight size, expected %s but got %s", op,
        dim, weight == null ? null : Arrays.toString(weight.shape()));
    int[] t = indices(target);
    for (int v : t) {
      checkArgument(v >= 0 && v < dim, "%s: target out of range: %s is not in [0, %s)", op, v, dim);
    }
    int[] noneShape = target.dim() > 0 ? new int[] {rows} : new int[0];
    if (input.dtype() == DType.FLOAT64) {
      return r.apply(multiMarginDouble(op, input, t, p, margin, weight, rows, dim).reshape(noneShape));
    }
    return Fused.multiMarginLoss(input, t, p, margin, weight == null ? null : weight.toArray(), r.torchName(),
        noneShape);
  }

  private static void checkLongTarget(String op, Tensor target) {
    checkArgument(target.dtype() == DType.INT64, "%s: expected scalar type Long but found %s (target shape %s)", op,
        target.dtype() == DType.FLOAT32 ? "Float" : target.dtype().torchName(), Arrays.toString(target.shape()));
  }

  private static int[] indices(Tensor target) {
    long[] v = target.toLongArray();
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v[i]));
    }
    return out;
  }
}
