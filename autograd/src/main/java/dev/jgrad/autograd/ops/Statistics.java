package dev.jgrad.autograd.ops;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.jgrad.autograd.access.TensorAccess.attach;
import static dev.jgrad.autograd.access.TensorAccess.edgeOf;
import static dev.jgrad.autograd.access.TensorAccess.fresh;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.autograd.Node;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.storage.Shapes;
import java.util.function.IntToDoubleFunction;

/**
 * Variance and standard deviation over any set of dims, with PyTorch's {@code correction}: the sum of squared
 * deviations is divided by {@code max(0, N - correction)} (N = number of reduced elements), so correction 1 is the
 * unbiased estimator (PyTorch's default) and 0 the biased one. Fewer elements than the correction give inf or NaN,
 * as in PyTorch.
 */
public final class Statistics {
  private Statistics() {}

  /** The two statistics: the op's label (its Tensor method, which starts its messages) and PyTorch's grad_fn. */
  public enum VarOp {
    VAR("var", "VarBackward0"),
    STD("std", "StdBackward0");

    final String label;
    final String gradFn;

    VarOp(String label, String gradFn) {
      this.label = label;
      this.gradFn = gradFn;
    }
  }

  /**
   * @param dims the dims to reduce; null or empty reduces all of them
   * @param family {@code STD} for the standard deviation (sqrt of the variance)
   */
  public static Tensor var(Tensor x, int[] dims, double correction, boolean keepDim, VarOp family) {
    String op = family.label;
    boolean std = family == VarOp.STD;
    checkArgument(x.dtype().isFloatingPoint(),
        "%s: std and var only support floating point and complex dtypes, got %s", op, x.dtype().torchName());
    boolean[] mask = Reductions.reduceMask(x, dims == null || dims.length == 0 ? null : dims, op);
    int[] outShape = Reductions.reducedShape(shapeOf(x), mask, keepDim);
    int outCount = Shapes.numel(outShape);
    int n = 1;
    for (int i = 0; i < shapeOf(x).length; i++) {
      if (mask[i]) {
        n *= shapeOf(x)[i];
      }
    }
    double dof = Math.max(0.0, n - correction);
    Tensor r;
    if (x.dtype() == DType.FLOAT64) {
      double[] moved = x.numel() == 0 ? new double[0] : Reductions.reducedLastDoubles(x, mask);
      double[] out = new double[outCount];
      for (int o = 0; o < outCount; o++) {
        out[o] = finish(squaredDeviations(i -> moved[i], o * n, n), dof, std);
      }
      r = fresh(out, outShape);
    } else {
      float[] moved = x.numel() == 0 ? new float[0] : Reductions.reducedLast(x, mask);
      float[] out = new float[outCount];
      for (int o = 0; o < outCount; o++) {
        out[o] = (float) finish(squaredDeviations(i -> moved[i], o * n, n), dof, std);
      }
      r = fresh(out, outShape, DType.FLOAT32);
    }
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new VarBackward(x, r, mask, keepDim, dof, family));
    }
    return r;
  }

  /**
   * d var / dx = 2 (x - mean) / dof; d std / dx = (x - mean) / (dof · std), taken as 0 where std is 0 (PyTorch
   * masks that case). The mean is recomputed from the saved input with Tensor ops so the rule is differentiable.
   */
  static final class VarBackward extends Node {
    final boolean[] mask;
    final boolean keepDim;
    final double dof;
    final VarOp op;

    VarBackward(Tensor x, Tensor out, boolean[] mask, boolean keepDim, double dof, VarOp op) {
      super(edgeOf(x));
      this.mask = mask;
      this.keepDim = keepDim;
      this.dof = dof;
      this.op = op;
      save(x, op == VarOp.STD ? out : null);
    }

    @Override
    public String name() {
      return op.gradFn;
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor x = saved(0);
      int[] dims = maskDims(mask);
      Tensor centered = x.sub(x.mean(dims, true));
      if (op == VarOp.VAR) {
        return new Tensor[] {Reductions.expandBack(g, shapeOf(x), mask, keepDim).mul(centered).mul(2.0 / dof)};
      }
      Tensor s = saved(1);
      Tensor gs = Pointwise.maskedFill(g.div(s.mul(2)), s.eq(0), 0f);
      return new Tensor[] {Reductions.expandBack(gs, shapeOf(x), mask, keepDim).mul(centered).mul(2.0 / dof)};
    }
  }

  /** Two passes in double: the mean first, then the squared deviations (no catastrophic cancellation). */
  private static double squaredDeviations(IntToDoubleFunction v, int base, int n) {
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += v.applyAsDouble(base + i);
    }
    mean /= n;
    double ss = 0;
    for (int i = 0; i < n; i++) {
      double dev = v.applyAsDouble(base + i) - mean;
      ss += dev * dev;
    }
    return ss;
  }

  private static double finish(double squaredDeviations, double dof, boolean std) {
    double v = squaredDeviations / dof;
    return std ? Math.sqrt(v) : v;
  }

  static int[] maskDims(boolean[] mask) {
    int count = 0;
    for (boolean m : mask) {
      if (m) {
        count++;
      }
    }
    int[] dims = new int[count];
    for (int i = 0, k = 0; i < mask.length; i++) {
      if (mask[i]) {
        dims[k++] = i;
      }
    }
    return dims;
  }
}
