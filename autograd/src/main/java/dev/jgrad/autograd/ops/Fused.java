package dev.jgrad.autograd.ops;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;
import static dev.jgrad.autograd.access.TensorAccess.storageOf;


import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.kernels.Dtypes;
import dev.jgrad.autograd.storage.Shapes;
import java.util.Arrays;

/**
 * Fused hot-path operations: one loop and at most one node where a composition of ops would allocate and record
 * several. {@link #nllLoss} is the loss behind cross-entropy; {@link #softMarginLoss}, {@link #multiMarginLoss},
 * {@link #multilabelMarginLoss} and {@link #ctcLoss} are the losses PyTorch computes with nodes of their own;
 * {@link #update} lets an elementwise rule (an optimizer's update) rewrite a tensor's values straight in its storage,
 * with no copy of the parameter or the gradient in the usual case of contiguous float tensors. An update counts as
 * one in-place op on the parameter: it is checked like {@code param.copy_(...)} (so under grad mode a leaf that
 * requires grad is refused, exactly as PyTorch refuses {@code w.sub_(...)} outside {@code torch.no_grad()}) and bumps
 * its version counter once.
 *
 * <pre>{@code
 * try (var g = Autograd.noGrad()) {
 *   Fused.update(w, w.grad(), (p, po, gr, go, n) -> {                        // w -= 0.01 * sign(w.grad())
 *     for (int i = 0; i < n; i++) p[po + i] -= 0.01f * Math.signum(gr[go + i]);
 *   });
 * }
 * }</pre>
 */
public final class Fused {
  private Fused() {}

  /**
   * An elementwise in-place update over {@code n} values: {@code param[paramOffset + i]} is read and written,
   * {@code grad[gradOffset + i]} only read, for {@code i} in {@code [0, n)} in row-major order.
   */
  @FunctionalInterface
  public interface Update {
    void apply(float[] param, int paramOffset, float[] grad, int gradOffset, int n);
  }

  /**
   * Runs {@code body} on the values of {@code param} and {@code grad} (same shape) and writes the result into
   * {@code param} in place. Contiguous tensors are passed without copying; a strided parameter or gradient, or a
   * gradient sharing the parameter's storage, goes through a row-major copy, so {@code body} always sees the
   * values in row-major order.
   *
   * @throws IllegalArgumentException if the shapes differ, either tensor is not float32, or the parameter has
   *     overlapping elements (an expanded view)
   * @throws IllegalStateException under grad mode, for a leaf that requires grad (as every in-place op)
   */
  public static void update(Tensor param, Tensor grad, Update body) {
    check(param, grad, DType.FLOAT32, "Fused.update");
    int n = param.numel();
    float[] g;
    int go;
    if (grad.isContiguous() && storageOf(grad) != storageOf(param)) {
      g = storageOf(grad).data;
      go = grad.storageOffset();
    } else {
      g = grad.toArray();
      go = 0;
    }
    if (param.isContiguous()) {
      body.apply(storageOf(param).data, param.storageOffset(), g, go, n);
    } else {
      float[] p = param.toArray();
      body.apply(p, 0, g, go, n);
      Strided.write(p, 0, param);
    }
    storageOf(param).bumpVersion();
  }

  /** {@link Update} over float64 values. */
  @FunctionalInterface
  public interface DoubleUpdate {
    void apply(double[] param, int paramOffset, double[] grad, int gradOffset, int n);
  }

  /**
   * {@link #update} for float64 {@code param} and {@code grad}: the same checks, copies and version bump.
   *
   * @throws IllegalArgumentException if the shapes differ, either tensor is not float64, or the parameter has
   *     overlapping elements
   * @throws IllegalStateException under grad mode, for a leaf that requires grad
   */
  public static void updateDoubles(Tensor param, Tensor grad, DoubleUpdate body) {
    check(param, grad, DType.FLOAT64, "Fused.updateDoubles");
    int n = param.numel();
    double[] g;
    int go;
    if (grad.isContiguous() && storageOf(grad) != storageOf(param)) {
      g = storageOf(grad).doubles;
      go = grad.storageOffset();
    } else {
      g = grad.toDoubleArray();
      go = 0;
    }
    if (param.isContiguous()) {
      body.apply(storageOf(param).doubles, param.storageOffset(), g, go, n);
    } else {
      double[] p = param.toDoubleArray();
      body.apply(p, 0, g, go, n);
      Strided.write(p, 0, param);
    }
    storageOf(param).bumpVersion();
  }

  /**
   * The negative log-likelihood loss of class-index targets (PyTorch's {@code nll_loss}) as one node,
   * {@code NllLossBackward0}: {@code loss[t] = -w[y_t] · logProbs[.., y_t, ..]} at each target position t, and 0 where
   * {@code y_t == -1} (ignored); {@code "sum"} adds the losses, {@code "mean"} divides that sum by the total weight of
   * the positions kept (NaN when every position is ignored, with a zero gradient), {@code "none"} returns them in the
   * target's shape. Values and gradients are those of the gather / multiply / select composition, to the bit.
   *
   * <pre>{@code
   * Tensor logp = logits.logSoftmax(1);                                   // [N, C]
   * Tensor loss = Fused.nllLoss(logp, new int[] {2, 0, 1}, null, "mean");  // N = 3
   * }</pre>
   *
   * @param logProbs float32 of shape [C], [N, C] or [N, C, d1, ...]
   * @param targets one class in [0, C) per target position ([], [N] or [N, d1, ...], row-major), or -1 to ignore it
   * @param classWeights C weights (constants: no gradient flows to them), or null for all 1
   * @param reduction {@code "none"}, {@code "mean"} or {@code "sum"}
   * @throws IllegalArgumentException for a 0-dim or non-float input, a wrong number of targets or weights, or an
   *     unknown reduction
   * @throws IndexOutOfBoundsException for a target outside [-1, C)
   */
  public static Tensor nllLoss(Tensor logProbs, int[] targets, float[] classWeights, String reduction) {
    if (logProbs.dtype() != DType.FLOAT32) {
      throw new IllegalArgumentException(
          "Fused.nllLoss: expected a float32 input of shape [C], [N, C] or [N, C, d1, ...], got "
              + logProbs.dtype().torchName() + " " + Shapes.str(shapeOf(logProbs)));
    }
    double[] w = null;
    if (classWeights != null) {
      w = new double[classWeights.length];
      for (int c = 0; c < w.length; c++) {
        w[c] = classWeights[c];
      }
    }
    return nllLoss(logProbs, targets, w, reduction);
  }

  /**
   * {@link #nllLoss(Tensor, int[], float[], String)} for a float32 or float64 input, with the class weights as a
   * tensor of the input's dtype ([C], or null for all 1), so float64 weights keep their precision.
   *
   * @throws IllegalArgumentException also when the weights' dtype is not the input's (PyTorch's "expected scalar
   *     type Double but found Float")
   */
  public static Tensor nllLoss(Tensor logProbs, int[] targets, Tensor classWeights, String reduction) {
    if (!logProbs.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "Fused.nllLoss: expected a floating point input of shape [C], [N, C] or [N, C, d1, ...], got "
              + logProbs.dtype().torchName() + " " + Shapes.str(shapeOf(logProbs)));
    }
    if (classWeights != null) {
      Dtypes.checkSameDtype("Fused.nllLoss", logProbs.dtype(), classWeights.dtype());
    }
    return nllLoss(logProbs, targets, classWeights == null ? null : classWeights.contiguous().toDoubleArray(),
        reduction);
  }

  private static Tensor nllLoss(Tensor logProbs, int[] targets, double[] classWeights, String reduction) {
    int nd = shapeOf(logProbs).length;
    if (nd == 0) {
      throw new IllegalArgumentException(
          "Fused.nllLoss: expected a float32 or float64 input of shape [C], [N, C] or [N, C, d1, ...], got "
              + logProbs.dtype().torchName() + " " + Shapes.str(shapeOf(logProbs)));
    }
    int classDim = nd == 1 ? 0 : 1;
    int classes = shapeOf(logProbs)[classDim];
    int positions = Shapes.numel(Shapes.withoutDim(shapeOf(logProbs), classDim));
    if (targets.length != positions) {
      throw new IllegalArgumentException(
          "Fused.nllLoss: expected " + positions + " targets for an input of shape " + Shapes.str(shapeOf(logProbs))
              + ", got " + targets.length);
    }
    if (classWeights != null && classWeights.length != classes) {
      throw new IllegalArgumentException(
          "Fused.nllLoss: weight tensor should be defined either for all " + classes
              + " classes or no classes but got " + classWeights.length + " weights");
    }
    for (int t = 0; t < targets.length; t++) {
      if (targets[t] < -1 || targets[t] >= classes) {
        throw new IndexOutOfBoundsException(
            "Fused.nllLoss: Target " + targets[t] + " is out of bounds: expected a class in [0, " + classes
                + ") or -1 (ignored) at position " + t);
      }
    }
    int r;
    switch (reduction) {
      case "none": r = NllLoss.NONE; break;
      case "mean": r = NllLoss.MEAN; break;
      case "sum": r = NllLoss.SUM; break;
      default:
        throw new IllegalArgumentException(
            "Fused.nllLoss: " + reduction + " is not a valid value for reduction (expected none, mean or sum)");
    }
    return NllLoss.forward(logProbs, targets.clone(), classWeights, r);
  }

  /**
   * PyTorch's {@code soft_margin_loss}, log(1 + e^{−x·y}) reduced, as one node ({@code SoftMarginLossBackward0}).
   * The target is a constant.
   *
   * @param target of the input's shape
   * @param reduction {@code "none"}, {@code "mean"} or {@code "sum"}
   */
  public static Tensor softMarginLoss(Tensor input, Tensor target, String reduction) {
    checkArgument(Arrays.equals(shapeOf(input), shapeOf(target)),
        "Fused.softMarginLoss: target shape %s differs from input shape %s", Shapes.str(shapeOf(target)),
        Shapes.str(shapeOf(input)));
    return MarginLoss.softMargin(input, target, reductionCode("Fused.softMarginLoss", reduction));
  }

  /**
   * PyTorch's {@code multi_margin_loss} as one node ({@code MultiMarginLossBackward0}): per row
   * Σ_{i≠y} w_y·max(0, margin − x_y + x_i)^p / C.
   *
   * @param input float32 [C] or [N, C]
   * @param targets one class in [0, C) per row
   * @param p 1 or 2
   * @param weight C class weights (constants), or null
   * @param noneShape the shape of the unreduced result, {@code [N]} or {@code []}
   */
  public static Tensor multiMarginLoss(Tensor input, int[] targets, int p, double margin, float[] weight,
      String reduction, int[] noneShape) {
    String op = "Fused.multiMarginLoss";
    int dim = checkRows(op, input, targets.length);
    checkArgument(p == 1 || p == 2, "%s: only p == 1 and p == 2 supported, got %s", op, p);
    checkArgument(weight == null || weight.length == dim, "%s: expected %s weights, got %s", op, dim,
        weight == null ? 0 : weight.length);
    checkClasses(op, targets, 0, dim);
    return MarginLoss.multiMargin(input, targets.clone(), p, (float) margin, weight == null ? null : weight.clone(),
        reductionCode(op, reduction), noneShape);
  }

  /**
   * PyTorch's {@code multilabel_margin_loss} as one node ({@code MultilabelMarginLossBackward0}): per row
   * Σ_{j target} Σ_{i not target} max(0, 1 − (x_j − x_i)) / C, a row's targets being its entries before the first
   * −1.
   *
   * @param input float32 or float64 [C] or [N, C]
   * @param targets N·C entries in [−1, C), row-major
   * @param noneShape the shape of the unreduced result, {@code [N]} or {@code []}
   */
  public static Tensor multilabelMarginLoss(Tensor input, int[] targets, String reduction, int[] noneShape) {
    String op = "Fused.multilabelMarginLoss";
    checkArgument(input.dtype().isFloatingPoint(), "%s: expected a float32 or float64 input, got %s", op,
        input.dtype().torchName());
    checkArgument(targets.length == input.numel(), "%s: expected %s targets, got %s", op, input.numel(),
        targets.length);
    checkClasses(op, targets, -1, shapeOf(input).length == 0 ? 1 : shapeOf(input)[shapeOf(input).length - 1]);
    return MarginLoss.multilabelMargin(input, targets.clone(), reductionCode(op, reduction), noneShape);
  }

  /**
   * PyTorch's {@code _ctc_loss}: the per-sample negative log-likelihood [N] of the targets under all CTC alignments
   * of {@code logProbs}, with its node ({@code CtcLossBackward0}); see {@link CtcLoss}. With {@code zeroInfinity} the
   * gradient of a sample whose loss is infinite is zero (the caller replaces the loss itself).
   *
   * @param logProbs float32 or float64 [T, N, C], log-softmax over C
   * @param targets the labels of every sample, in [0, C) and not {@code blank}
   * @param offsets where each sample's labels start in {@code targets}
   * @param targetLengths N lengths
   * @param inputLengths N lengths in [0, T]
   */
  public static Tensor ctcLoss(Tensor logProbs, int[] targets, int[] offsets, int[] targetLengths,
      int[] inputLengths, int blank, boolean zeroInfinity) {
    String op = "Fused.ctcLoss";
    checkArgument(shapeOf(logProbs).length == 3 && logProbs.dtype().isFloatingPoint(),
        "%s: expected float32 or float64 log-probabilities [T, N, C], got %s %s", op, logProbs.dtype().torchName(),
        Shapes.str(shapeOf(logProbs)));
    int n = shapeOf(logProbs)[1];
    checkArgument(blank >= 0 && blank < shapeOf(logProbs)[2], "%s: blank must be in label range, got %s", op, blank);
    checkArgument(offsets.length == n && targetLengths.length == n && inputLengths.length == n,
        "%s: expected %s offsets, target lengths and input lengths", op, n);
    for (int b = 0; b < n; b++) {
      checkArgument(inputLengths[b] >= 0 && inputLengths[b] <= shapeOf(logProbs)[0],
          "%s: input length %s of sample %s is outside [0, %s]", op, inputLengths[b], b, shapeOf(logProbs)[0]);
      checkArgument(targetLengths[b] >= 0 && offsets[b] >= 0 && offsets[b] + targetLengths[b] <= targets.length,
          "%s: the targets of sample %s lie outside the %s labels", op, b, targets.length);
      for (int k = offsets[b]; k < offsets[b] + targetLengths[b]; k++) {
        checkArgument(targets[k] >= 0 && targets[k] < shapeOf(logProbs)[2] && targets[k] != blank,
            "%s: label %s of sample %s is outside [0, %s) or blank", op, targets[k], b, shapeOf(logProbs)[2]);
      }
    }
    return CtcLoss.forward(logProbs, targets.clone(), offsets.clone(), targetLengths.clone(), inputLengths.clone(),
        blank, zeroInfinity);
  }

  /**
   * {@code softmax(scores + mask, -1)} in one op and one node (attention's masked softmax), with the values and
   * gradients of that composition; {@code mask} (float32) broadcasts to {@code scores}.
   *
   * @throws IllegalArgumentException if a tensor is not float32, the scores have no dims, or the mask does not
   *     broadcast to the scores' shape
   */
  public static Tensor maskedSoftmax(Tensor scores, Tensor mask) {
    return MaskedSoftmax.forward(scores, mask);
  }

  private static int checkRows(String op, Tensor input, int rows) {
    checkArgument(input.dtype() == DType.FLOAT32 && shapeOf(input).length <= 2 && rows > 0 && input.numel() > 0
        && input.numel() % rows == 0 && (shapeOf(input).length < 2 || shapeOf(input)[0] == rows),
        "%s: expected a float32 input [C] or [N, C] with one target per row, got %s %s and %s targets", op,
        input.dtype().torchName(), Shapes.str(shapeOf(input)), rows);
    return input.numel() / rows;
  }

  private static void checkClasses(String op, int[] targets, int low, int classes) {
    for (int i = 0; i < targets.length; i++) {
      if (targets[i] < low || targets[i] >= classes) {
        throw new IndexOutOfBoundsException(op + ": target " + targets[i] + " at position " + i + " is outside ["
            + low + ", " + classes + ")");
      }
    }
  }

  private static int reductionCode(String op, String reduction) {
    switch (reduction) {
      case "none": return NllLoss.NONE;
      case "mean": return NllLoss.MEAN;
      case "sum": return NllLoss.SUM;
      default:
        throw new IllegalArgumentException(
            op + ": " + reduction + " is not a valid value for reduction (expected none, mean or sum)");
    }
  }

  private static void check(Tensor param, Tensor grad, DType dtype, String op) {
    // A plain test rather than checkArgument: this runs on every parameter at every optimizer step, where the
    // three message arguments (two of them computed) would be evaluated and packed into an array each time.
    if (param.dtype() != dtype || grad.dtype() != dtype) {
      throw new IllegalArgumentException(op + ": expected " + dtype.torchName().substring("torch.".length())
          + " param and grad, got "
          + param.dtype().torchName()
          + " and " + grad.dtype().torchName());
    }
    if (!Arrays.equals(shapeOf(param), shapeOf(grad))) {
      throw new IllegalArgumentException(
          op + ": grad shape " + Shapes.str(shapeOf(grad)) + " does not match param shape "
              + Shapes.str(shapeOf(param)));
    }
    InPlace.check(param, op, false);
  }
}
