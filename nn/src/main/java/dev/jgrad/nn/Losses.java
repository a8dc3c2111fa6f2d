package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.kernels.Dtypes;
import dev.jgrad.autograd.ops.Fused;
import java.util.Arrays;
import java.util.logging.Logger;

/**
 * The loss functions behind {@link Functional} and the loss classes. Each follows PyTorch 1.13's ATen
 * implementation op for op, so values and gradients agree to float rounding.
 */
final class Losses {
  private Losses() {}

  // ---------------------------------------------------------------- regression

  static Tensor mse(Tensor input, Tensor target, Reduction r) {
    checkPair("mseLoss", input, target);
    Tensor d = input.sub(target);
    return r.plain("mseLoss").apply(d.mul(d));
  }

  static Tensor l1(Tensor input, Tensor target, Reduction r) {
    checkPair("l1Loss", input, target);
    return r.plain("l1Loss").apply(input.sub(target).abs());
  }

  /** 0.5·d²/β where |d| < β, else |d| − 0.5·β; β = 0 is the L1 loss (with PyTorch's gradient −1 at d = 0). */
  static Tensor smoothL1(Tensor input, Tensor target, Reduction r, double beta) {
    checkArgument(beta >= 0,
        "smoothL1Loss: smooth_l1_loss does not support negative values for beta, got beta=%s", beta);
    checkPair("smoothL1Loss", input, target);
    if (beta == 0) {
      // PyTorch's forward is then the L1 loss, but its backward kernel still tests d <= -β first, so the gradient at
      // d = 0 is -1 (not L1's 0). where(d > 0, d, -d) has exactly that value and gradient.
      Tensor d = input.sub(target);
      return r.plain("smoothL1Loss").apply(Tensor.where(d.gt(0), d, d.neg()));
    }
    Tensor z = input.sub(target).abs();
    Tensor quadratic = z.mul(z).mul(0.5).div(beta);
    Tensor linear = z.sub(0.5 * beta);
    return r.plain("smoothL1Loss").apply(pick(z, beta, quadratic, linear));
  }

  /** 0.5·d² where |d| < δ, else δ·(|d| − 0.5·δ). */
  static Tensor huber(Tensor input, Tensor target, Reduction r, double delta) {
    checkArgument(delta > 0,
        "huberLoss: huber_loss does not support non-positive values for delta, got delta=%s", delta);
    checkPair("huberLoss", input, target);
    Tensor z = input.sub(target).abs();
    return r.plain("huberLoss").apply(pick(z, delta, z.mul(z).mul(0.5), z.sub(0.5 * delta).mul(delta)));
  }

  /**
   * {@code z < bound ? a : b}, compared in float like the ATen kernels. {@code where} picks exactly, so the unpicked
   * branch adds nothing to the value or the gradient, even where it is infinite.
   */
  private static Tensor pick(Tensor z, double bound, Tensor a, Tensor b) {
    return Tensor.where(z.lt(bound), a, b);
  }

  private static void checkPair(String op, Tensor input, Tensor target) {
    checkArgument(target.dtype().isFloatingPoint(),
        "%s: expected a floating point target, got %s (convert it with target.to(DType.FLOAT32))",
        op, target.dtype().torchName());
    if (!Arrays.equals(input.shape(), target.shape())) {
      // As PyTorch: warn, then broadcast (so [N, 1] against [N] computes over [N, N], the classic silent bug the
      // warning is about); shapes that do not broadcast fail in the subtraction with the broadcasting error.
      LOG.warning(op + ": Using a target size " + Arrays.toString(target.shape()) + " that is different to the input "
          + "size " + Arrays.toString(input.shape()) + ". This will likely lead to incorrect results due to "
          + "broadcasting. Please ensure they have the same size.");
    }
  }

  /** Where the regression losses' shape-mismatch warning goes (PyTorch's UserWarning). */
  static final Logger LOG = Logger.getLogger("dev.jgrad.nn.Losses");

  // ---------------------------------------------------------------- classification

  /** The class-index target of a classification loss, validated against the input. */
  private static final class Classes {
    int outer;        // N (1 for an unbatched input)
    int classes;      // C
    int inner;        // ∏ d1..dk (1 for [N, C])
    int[] targetShape;
    int[] y;          // class per target position, -1 when ignored
  }

  private static Classes classes(String op, Tensor input, Tensor target, long ignoreIndex) {
    int[] in = input.shape();
    int[] tg = target.shape();
    if (target.dtype() != DType.INT64) {
      throw new IllegalArgumentException(op + ": expected scalar type Long but found " + typeName(target.dtype())
          + ": class-index targets must be int64 of shape " + Arrays.toString(expectedTarget(in))
          + (op.equals("crossEntropy") ? ", probability targets float32 of the input's shape " + Arrays.toString(in)
              : "") + ", got " + target.dtype().torchName() + " " + Arrays.toString(tg));
    }
    int[] expected = expectedTarget(in);
    if (!Arrays.equals(tg, expected)) {
      String why;
      if (in.length >= 2 && tg.length >= 1 && tg[0] != in[0]) {
        why = "Expected input batch_size (" + in[0] + ") to match target batch_size (" + tg[0] + ").";
      } else if (in.length <= 2 && tg.length > 1) {
        why = "0D or 1D target tensor expected, multi-target not supported.";
      } else {
        why = "Expected target size " + Arrays.toString(expected) + ", got " + Arrays.toString(tg) + ".";
      }
      throw new IllegalArgumentException(op + ": " + why + " (input shape " + Arrays.toString(in) + ", target shape "
          + Arrays.toString(tg) + ")");
    }
    Classes c = new Classes();
    c.outer = in.length == 1 ? 1 : in[0];
    c.classes = in.length == 1 ? in[0] : in[1];
    c.inner = 1;
    for (int d = 2; d < in.length; d++) {
      c.inner *= in[d];
    }
    c.targetShape = tg;
    long[] v = target.toLongArray();
    c.y = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      if (v[i] == ignoreIndex) {
        c.y[i] = -1;
      } else if (v[i] < 0 || v[i] >= c.classes) {
        throw new IndexOutOfBoundsException(op + ": Target " + v[i] + " is out of bounds: expected class indices in [0, "
            + c.classes + ") or ignoreIndex " + ignoreIndex + " (input shape " + Arrays.toString(in) + ")");
      } else {
        c.y[i] = (int) v[i];
      }
    }
    return c;
  }

  private static int[] expectedTarget(int[] in) {
    if (in.length <= 1) {
      return new int[0];
    }
    int[] out = new int[in.length - 1];
    out[0] = in[0];
    System.arraycopy(in, 2, out, 1, in.length - 2);
    return out;
  }

  private static String typeName(DType t) {
    return t.scalarTypeName();
  }

  private static void checkLogits(String op, Tensor input) {
    checkArgument(input.dim() != 0,
        "%s: expected an input of shape [C], [N, C] or [N, C, d1, ...], got a 0-dim tensor", op);
    checkArgument(input.dtype().isFloatingPoint(),
        "%s: expected a floating point input, got %s", op, input.dtype().torchName());
  }

  /**
   * The class weights checked against the input (C of them, the input's dtype: PyTorch's "expected scalar type Double
   * but found Float"), detached: they are constants (PyTorch does not differentiate through them); or null.
   */
  private static Tensor classWeights(String op, Tensor input, Tensor weight, int classes) {
    if (weight == null) {
      return null;
    }
    if (weight.dim() != 1 || weight.numel() != classes) {
      throw new IllegalArgumentException(op + ": weight tensor should be defined either for all " + classes
          + " classes or no classes but got weight tensor of shape: " + Arrays.toString(weight.shape()));
    }
    Dtypes.checkSameDtype(op, input.dtype(), weight.dtype());
    return weight.detach().contiguous();
  }

  /** The weight as a [1, C, 1, ...] view that broadcasts against the input (just [C] for an unbatched input). */
  private static Tensor weightView(Tensor w, int inputDims) {
    int[] shape = new int[inputDims];
    Arrays.fill(shape, 1);
    shape[inputDims == 1 ? 0 : 1] = w.numel();
    return w.reshape(shape);
  }

  static Tensor nll(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction r) {
    checkLogits("nllLoss", input);
    r.plain("nllLoss");
    Classes c = classes("nllLoss", input, target, ignoreIndex);
    return nllCore(input, c, classWeights("nllLoss", input, weight, c.classes), r);
  }

  /**
   * lₙ = −w_{yₙ}·logp[n, yₙ] (0 where ignored, by an exact select); MEAN divides the sum by Σ w_{yₙ} over the rows
   * kept. Class weights are constants, as in PyTorch. One fused node (NllLossBackward0, as in PyTorch) rather than
   * the gather / multiply / select / reduce composition it reproduces to the bit: on a small batch those five nodes
   * cost more than the layers.
   */
  private static Tensor nllCore(Tensor logp, Classes c, Tensor w, Reduction r) {
    return Fused.nllLoss(logp, c.y, w, r.torchName());
  }

  /**
   * MEAN as Σ/total. With nothing to average (every row ignored) the value is NaN, as in PyTorch, while the gradient
   * stays zero: adding NaN, unlike dividing by 0, does not poison the backward pass.
   */
  private static Tensor reduceWeighted(Tensor losses, Reduction r, double total) {
    switch (r) {
      case NONE:
        return losses;
      case SUM:
        return losses.sum();
      default:
        return total == 0 ? losses.sum().add(Float.NaN) : losses.sum().div(total);
    }
  }

  static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction r,
      double labelSmoothing) {
    String op = "crossEntropy";
    checkLogits(op, input);
    r.plain(op);
    checkArgument(labelSmoothing >= 0.0 && labelSmoothing <= 1.0,
        "%s: label_smoothing must be between 0.0 and 1.0. Got: %s", op, labelSmoothing);
    int classDim = input.dim() == 1 ? 0 : 1;
    int classes = input.size(classDim);
    Tensor w = classWeights(op, input, weight, classes);
    if (target.dtype().isFloatingPoint()) {
      if (!Arrays.equals(input.shape(), target.shape())) {
        throw new IllegalArgumentException(op + ": expected scalar type Long but found Float: probability targets must "
            + "have the input's shape " + Arrays.toString(input.shape()) + ", got " + Arrays.toString(target.shape())
            + "; class-index targets must be int64 of shape " + Arrays.toString(expectedTarget(input.shape())));
      }
      return probabilityTargets(input, target, w, r, labelSmoothing, classDim, classes);
    }
    Classes c = classes(op, input, target, ignoreIndex);
    Tensor logp = input.logSoftmax(classDim);
    Tensor nll = nllCore(logp, c, w, r);
    if (labelSmoothing == 0.0) {
      return nll;
    }
    // ε·(the loss against a uniform target), masked where ignored, reduced like the NLL term.
    Tensor smooth = (w == null ? logp : logp.mul(weightView(w, input.dim()))).sum(classDim).neg();
    float[] keep = new float[c.y.length];
    double[] wd = w == null ? null : w.toDoubleArray();
    // The total weight in the input's precision, as PyTorch accumulates it.
    boolean f64 = input.dtype() == DType.FLOAT64;
    double total = 0;
    for (int i = 0; i < keep.length; i++) {
      if (c.y[i] >= 0) {
        keep[i] = 1f;
        total = f64 ? total + (wd == null ? 1 : wd[c.y[i]]) : (float) total + (wd == null ? 1f : (float) wd[c.y[i]]);
      }
    }
    smooth = Tensor.where(Tensor.of(keep, c.targetShape).to(DType.BOOL), smooth, 0.0);
    Tensor ret = reduceWeighted(smooth, r, total);
    return nll.mul(1 - labelSmoothing).add(ret.mul(labelSmoothing / classes));
  }

  /** lₙ = −Σ_c w_c·y_{n,c}·log_softmax(x)_{n,c}; MEAN divides by N·∏dᵢ (not by the weights). */
  private static Tensor probabilityTargets(Tensor input, Tensor target, Tensor w, Reduction r, double smoothing,
      int classDim, int classes) {
    Tensor logp = input.logSoftmax(classDim);
    Tensor t = smoothing > 0 ? target.mul(1 - smoothing).add(smoothing / classes) : target;
    Tensor prod = logp.mul(t);
    if (w != null) {
      prod = prod.mul(weightView(w, input.dim()));
    }
    switch (r) {
      case NONE:
        return prod.sum(classDim).neg();
      case SUM:
        return prod.sum().neg();
      default:
        int rows = input.numel() / classes;
        return rows == 0 ? prod.sum().add(Float.NaN) : prod.sum().neg().div(rows);
    }
  }

  // ---------------------------------------------------------------- binary

  /**
   * −w·[y·max(log x, −100) + (1−y)·max(log(1−x), −100)]. PyTorch's gradient is not the derivative of the clamped
   * logs but w·(x−y)/max(x(1−x), 1e-12) (finite at x = 0 and 1), and −w·logit(x) for the target. Autograd cannot
   * derive that from any composition, so the value is computed directly and the gradients are attached with hooks
   * on zero-valued terms. Double backward through this loss is not supported.
   */
  static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction r) {
    String op = "binaryCrossEntropy";
    if (!Arrays.equals(input.shape(), target.shape())) {
      throw new IllegalArgumentException(op + ": Using a target size " + Arrays.toString(target.shape())
          + " that is different to the input size " + Arrays.toString(input.shape())
          + " is deprecated. Please ensure they have the same size.");
    }
    checkArgument(target.dtype().isFloatingPoint(),
        "%s: expected a floating point target, got %s", op, target.dtype().torchName());
    checkArgument(target.dtype() == input.dtype(), "%s: Found dtype %s but expected %s", op,
        target.dtype().scalarTypeName(), input.dtype().scalarTypeName());
    if (input.dtype() == DType.FLOAT64) {
      return binaryCrossEntropyDouble(op, input, target, weight, r);
    }
    float[] x = input.toArray();
    float[] y = target.toArray();
    float[] w = weight == null ? null : broadcastWeight(op, weight, input.shape()).toArray();
    int n = x.length;
    float[] loss = new float[n];
    float[] gx = new float[n];
    float[] gy = new float[n];
    for (int i = 0; i < n; i++) {
      float xi = x[i];
      float yi = y[i];
      if (!(xi >= 0f && xi <= 1f)) {
        throw new IllegalArgumentException(op + ": all elements of input should be between 0 and 1, got " + xi
            + " at flat index " + i + " (apply sigmoid first, or use binaryCrossEntropyWithLogits)");
      }
      float logX = Math.max((float) Math.log(xi), -100f);
      float log1mX = Math.max((float) Math.log1p(-xi), -100f);
      float wi = w == null ? 1f : w[i];
      loss[i] = ((yi - 1f) * log1mX - yi * logX) * wi;
      gx[i] = (xi - yi) / Math.max((1f - xi) * xi, 1e-12f) * wi;
      gy[i] = -(float) Math.log(xi / (1f - xi)) * wi;
    }
    Tensor out = Tensor.of(loss, input.shape());
    if (needsGrad(input)) {
      out = out.add(gradientCarrier(input, Tensor.of(gx, input.shape())));
    }
    if (needsGrad(target)) {
      out = out.add(gradientCarrier(target, Tensor.of(gy, input.shape())));
    }
    return r.plain(op).apply(out);
  }

  /** The float64 loss of {@link #binaryCrossEntropy}: the same formulas in double, with PyTorch's EPSILON 1e-12. */
  private static Tensor binaryCrossEntropyDouble(String op, Tensor input, Tensor target, Tensor weight, Reduction r) {
    double[] x = input.toDoubleArray();
    double[] y = target.toDoubleArray();
    double[] w = weight == null ? null : broadcastWeight(op, weight, input.shape()).toDoubleArray();
    int n = x.length;
    double[] loss = new double[n];
    double[] gx = new double[n];
    double[] gy = new double[n];
    for (int i = 0; i < n; i++) {
      double xi = x[i];
      double yi = y[i];
      if (!(xi >= 0 && xi <= 1)) {
        throw new IllegalArgumentException(op + ": all elements of input should be between 0 and 1, got " + xi
            + " at flat index " + i + " (apply sigmoid first, or use binaryCrossEntropyWithLogits)");
      }
      double wi = w == null ? 1 : w[i];
      loss[i] = ((yi - 1) * Math.max(Math.log1p(-xi), -100) - yi * Math.max(Math.log(xi), -100)) * wi;
      gx[i] = (xi - yi) / Math.max((1 - xi) * xi, 1e-12) * wi;
      gy[i] = -Math.log(xi / (1 - xi)) * wi;
    }
    int[] shape = input.shape();
    Tensor out = Tensor.of(loss, shape, DType.FLOAT64);
    if (needsGrad(input)) {
      out = out.add(gradientCarrier(input, Tensor.of(gx, shape, DType.FLOAT64)));
    }
    if (needsGrad(target)) {
      out = out.add(gradientCarrier(target, Tensor.of(gy, shape, DType.FLOAT64)));
    }
    return r.plain(op).apply(out);
  }

  private static boolean needsGrad(Tensor x) {
    return x.requiresGrad() && Autograd.isGradEnabled();
  }

  /**
   * A term whose value is exactly 0 and whose gradient with respect to {@code x} is the incoming gradient times
   * {@code factor}: {@code x − x.detach()} with a hook that rescales its gradient.
   */
  private static Tensor gradientCarrier(Tensor x, Tensor factor) {
    Tensor zero = x.sub(x.detach());
    zero.registerHook(g -> g.mul(factor));
    return zero;
  }

  private static Tensor broadcastWeight(String op, Tensor weight, int[] shape) {
    try {
      return weight.expand(shape);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(op + ": weight of shape " + Arrays.toString(weight.shape())
          + " is not broadcastable to the input shape " + Arrays.toString(shape), e);
    }
  }

  /**
   * PyTorch's stable form: (1−y)·x + L·(log(e^{−m} + e^{−x−m}) + m) with m = max(−x, 0) and L = 1 + (p−1)·y for a
   * positive weight p (L = 1 without), times the element weight. Logits of ±100 stay finite.
   */
  static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight,
      Reduction r) {
    String op = "binaryCrossEntropyWithLogits";
    if (!Arrays.equals(input.shape(), target.shape())) {
      throw new IllegalArgumentException(op + ": Target size " + Arrays.toString(target.shape())
          + " must be the same as input size " + Arrays.toString(input.shape()));
    }
    checkArgument(target.dtype().isFloatingPoint(),
        "%s: expected a floating point target, got %s", op, target.dtype().torchName());
    Tensor maxVal = input.neg().clamp(0, Double.POSITIVE_INFINITY);
    Tensor logTerm = maxVal.neg().exp().add(input.neg().sub(maxVal).exp()).log();
    Tensor loss;
    if (posWeight != null) {
      checkBroadcast(op, "pos_weight", posWeight, input.shape());
      Tensor logWeight = posWeight.sub(1).mul(target).add(1);
      loss = target.rsub(1).mul(input).add(logWeight.mul(logTerm.add(maxVal)));
    } else {
      loss = target.rsub(1).mul(input).add(maxVal).add(logTerm);
    }
    if (weight != null) {
      checkBroadcast(op, "weight", weight, input.shape());
      loss = loss.mul(weight);
    }
    return r.plain(op).apply(loss);
  }

  private static void checkBroadcast(String op, String what, Tensor t, int[] shape) {
    int[] s = t.shape();
    boolean ok = s.length <= shape.length;
    for (int i = 1; ok && i <= s.length; i++) {
      int a = s[s.length - i];
      ok = a == 1 || a == shape[shape.length - i];
    }
    if (!ok) {
      throw new IllegalArgumentException(op + ": " + what + " of shape " + Arrays.toString(s)
          + " is not broadcastable to the input shape " + Arrays.toString(shape));
    }
  }
}
