package dev.jgrad.autograd.ops;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;
import static dev.jgrad.autograd.access.TensorAccess.storageOf;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.storage.Shapes;
import java.util.Arrays;

/**
 * Fused hot-path operations: one loop and at most one node where a composition of ops would allocate and record
 * several. {@link #nllLoss} is the loss behind cross-entropy; {@link #update} lets an elementwise rule (an
 * optimizer's update) rewrite a tensor's values straight in its storage, with no copy of the parameter or the
 * gradient in the usual case of contiguous float tensors. An update counts as one in-place op on the parameter: it
 * is checked like {@code param.copy_(...)} (so under grad mode a leaf that requires grad is refused, exactly as
 * PyTorch refuses {@code w.sub_(...)} outside {@code torch.no_grad()}) and bumps its version counter once.
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
    check(param, grad, "Fused.update");
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
    int nd = shapeOf(logProbs).length;
    if (nd == 0 || logProbs.dtype() != DType.FLOAT32) {
      throw new IllegalArgumentException(
          "Fused.nllLoss: expected a float32 input of shape [C], [N, C] or [N, C, d1, ...], got "
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
    return NllLoss.forward(logProbs, targets.clone(), classWeights == null ? null : classWeights.clone(), r);
  }

  private static void check(Tensor param, Tensor grad, String op) {
    checkArgument(param.dtype() == DType.FLOAT32 && grad.dtype() == DType.FLOAT32,
        "%s: expected float32 param and grad, got %s and %s", op, param.dtype().torchName(), grad.dtype().torchName());
    if (!Arrays.equals(shapeOf(param), shapeOf(grad))) {
      throw new IllegalArgumentException(
          op + ": grad shape " + Shapes.str(shapeOf(grad)) + " does not match param shape "
              + Shapes.str(shapeOf(param)));
    }
    InPlace.check(param, op, false);
  }
}
