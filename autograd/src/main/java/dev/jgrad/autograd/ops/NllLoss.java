package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.access.TensorAccess.attach;
import static dev.jgrad.autograd.access.TensorAccess.dataOf;
import static dev.jgrad.autograd.access.TensorAccess.dataOffsetOf;
import static dev.jgrad.autograd.access.TensorAccess.doublesOf;
import static dev.jgrad.autograd.access.TensorAccess.edgeOf;
import static dev.jgrad.autograd.access.TensorAccess.fresh;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.autograd.Node;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.kernels.Kernels;
import dev.jgrad.autograd.storage.Shapes;

/**
 * The negative log-likelihood of class-index targets as one forward loop and one node ({@code NllLossBackward0},
 * PyTorch's name), behind {@link Fused#nllLoss}. It computes exactly what the composition gather → ×weight → neg →
 * where(kept, ·, 0) → sum/mean computes, rounding included, and its backward gives the same gradient: at each kept
 * target position {@code 0 + (-g')·w_y} in the target's class slot (g' the incoming gradient, divided by the
 * total weight for the mean), zeros elsewhere.
 */
final class NllLoss {
  private NllLoss() {}

  static final int NONE = 0;
  static final int MEAN = 1;
  static final int SUM = 2;

  /**
   * @param logp [C], [N, C] or [N, C, d1, ...]
   * @param targets one class per target position in row-major order, -1 where ignored (already validated)
   * @param weights one weight per class (float32 values held exactly for a float32 input), or null
   */
  static Tensor forward(Tensor logp, int[] targets, double[] weights, int reduction) {
    Layout l = new Layout(logp);
    if (logp.dtype() == DType.FLOAT64) {
      return forwardDouble(logp, l, targets, weights, reduction);
    }
    float[] d = dataOf(logp);
    int off = dataOffsetOf(logp);
    float[] losses = new float[targets.length];
    float total = 0f;
    for (int t = 0; t < targets.length; t++) {
      int y = targets[t];
      if (y >= 0) {
        float w = weights == null ? 1f : (float) weights[y];
        losses[t] = -(d[off + l.position(t, y)] * w);
        total += w;
      }
    }
    Tensor r;
    if (reduction == NONE) {
      r = fresh(losses, l.targetShape, DType.FLOAT32);
    } else {
      float sum = losses.length == 0 ? 0f : Kernels.get().sum(losses, 0, losses.length);
      // A mean over nothing (every position ignored) is NaN, as in PyTorch; its gradient stays zero.
      float value = reduction == SUM ? sum : total == 0f ? sum + Float.NaN : sum / total;
      r = fresh(new float[] {value}, Shapes.SCALAR, DType.FLOAT32);
    }
    if (logp.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new Backward(logp, targets, weights, reduction, total));
    }
    return r;
  }

  /** The float64 forward: the same formula in double (weights, losses, total weight and sum). */
  private static Tensor forwardDouble(Tensor logp, Layout l, int[] targets, double[] weights, int reduction) {
    double[] d = doublesOf(logp);
    int off = dataOffsetOf(logp);
    double[] losses = new double[targets.length];
    double total = 0;
    double sum = 0;
    for (int t = 0; t < targets.length; t++) {
      int y = targets[t];
      if (y >= 0) {
        double w = weights == null ? 1 : weights[y];
        losses[t] = -(d[off + l.position(t, y)] * w);
        total += w;
        sum += losses[t];
      }
    }
    Tensor r = reduction == NONE ? fresh(losses, l.targetShape)
        : fresh(new double[] {reduction == SUM ? sum : total == 0 ? sum + Double.NaN : sum / total}, Shapes.SCALAR);
    if (logp.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new Backward(logp, targets, weights, reduction, total));
    }
    return r;
  }

  /** Where target position t and class c live in the row-major [outer, C, inner] view of the input. */
  private static final class Layout {
    final int[] inShape;
    final int[] targetShape;
    final int classDim;
    final int classes;
    final int inner;

    Layout(Tensor logp) {
      inShape = shapeOf(logp);
      classDim = inShape.length == 1 ? 0 : 1;
      classes = inShape[classDim];
      int in = 1;
      for (int k = 2; k < inShape.length; k++) {
        in *= inShape[k];
      }
      inner = in;
      targetShape = Shapes.withoutDim(inShape, classDim);
    }

    int position(int t, int c) {
      int o = t / inner;
      return (o * classes + c) * inner + (t - o * inner);
    }
  }

  static final class Backward extends Node {
    private final int[] targets;
    private final double[] weights;
    private final int reduction;
    private final double total;
    private final Layout layout;

    Backward(Tensor logp, int[] targets, double[] weights, int reduction, double total) {
      super(edgeOf(logp));
      this.targets = targets;
      this.weights = weights;
      this.reduction = reduction;
      this.total = total;
      this.layout = new Layout(logp);
    }

    @Override
    public String name() {
      return "NllLossBackward0";
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      if (GradMode.isEnabled()) {
        return new Tensor[] {differentiable(g)};
      }
      if (g.dtype() == DType.FLOAT64) {
        return new Tensor[] {directDouble(g)};
      }
      float[] gd = dataOf(g);
      int go = dataOffsetOf(g);
      float gs = reduction == NONE ? 0f : reduction == SUM || total == 0f ? gd[go] : gd[go] / (float) total;
      float[] out = new float[Shapes.numel(layout.inShape)];
      for (int t = 0; t < targets.length; t++) {
        int y = targets[t];
        if (y >= 0 && !(reduction == MEAN && total == 0f)) {
          float gt = reduction == NONE ? gd[go + t] : gs;
          out[layout.position(t, y)] = 0f + (-gt) * (weights == null ? 1f : (float) weights[y]);
        }
      }
      return new Tensor[] {fresh(out, layout.inShape, DType.FLOAT32)};
    }

    private Tensor directDouble(Tensor g) {
      double[] gd = doublesOf(g);
      int go = dataOffsetOf(g);
      double gs = reduction == NONE ? 0 : reduction == SUM || total == 0 ? gd[go] : gd[go] / total;
      double[] out = new double[Shapes.numel(layout.inShape)];
      for (int t = 0; t < targets.length; t++) {
        int y = targets[t];
        if (y >= 0 && !(reduction == MEAN && total == 0)) {
          double gt = reduction == NONE ? gd[go + t] : gs;
          out[layout.position(t, y)] = -gt * (weights == null ? 1 : weights[y]);
        }
      }
      return fresh(out, layout.inShape.clone());
    }

    /** The same gradient as differentiable ops of g, for double backward ({@code createGraph}). */
    private Tensor differentiable(Tensor g) {
      int n = targets.length;
      float[] index = new float[n];
      double[] w = new double[n];
      float[] keep = new float[n];
      for (int t = 0; t < n; t++) {
        int y = targets[t];
        if (y >= 0) {
          index[t] = y;
          w[t] = weights == null ? 1 : weights[y];
          keep[t] = 1f;
        }
      }
      int[] ts = layout.targetShape;
      Tensor gt = reduction == NONE ? g
          : (reduction == MEAN && total != 0 ? g.div(total) : g).expand(ts.clone());
      if (reduction == MEAN && total == 0) {
        keep = new float[n];
      }
      Tensor kept = fresh(keep, ts, DType.BOOL);
      Tensor src = Pointwise.where(kept, gt, Tensor.zeros(g.dtype())).neg().mul(Tensor.of(w, ts, g.dtype()));
      int[] indexShape = layout.inShape.clone();
      indexShape[layout.classDim] = 1;
      Tensor idx = fresh(index, indexShape, DType.INT64);
      return Indexing.scatterAdd(Tensor.zeros(g.dtype(), layout.inShape), layout.classDim, idx, src.unsqueeze(layout.classDim));
    }
  }
}
