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
import dev.jgrad.autograd.kernels.UnaryOp;
import dev.jgrad.autograd.storage.Shapes;
import java.util.function.IntToDoubleFunction;

/**
 * Vector p-norms over all elements or any set of dims ({@code x.norm(p, dims, keepDim)}): (Σ|x|^p)^(1/p), the
 * count of non-zeros for p = 0, max|x| for p = inf and min|x| for p = -inf. Accumulated in double.
 */
public final class Norms {
  private Norms() {}

  public static Tensor norm(Tensor x, double p, int[] dims, boolean keepDim) {
    checkArgument(x.dtype().isFloatingPoint(),
        "norm: expected a floating point tensor as input, got %s", x.dtype().torchName());
    checkArgument(!Double.isNaN(p), "norm: p must be a number, got NaN");
    boolean[] mask = Reductions.reduceMask(x, dims == null || dims.length == 0 ? null : dims, "norm");
    int[] outShape = Reductions.reducedShape(shapeOf(x), mask, keepDim);
    int outCount = Shapes.numel(outShape);
    int n = x.numel();
    int run = outCount == 0 ? 0 : n / outCount;
    Tensor r;
    if (x.dtype() == DType.FLOAT64) {
      double[] moved = n == 0 ? new double[0] : Reductions.reducedLastDoubles(x, mask);
      double[] out = new double[outCount];
      for (int o = 0; o < outCount; o++) {
        out[o] = norm(i -> moved[i], o * run, run, p);
      }
      r = fresh(out, outShape);
    } else {
      float[] moved = n == 0 ? new float[0] : Reductions.reducedLast(x, mask);
      float[] out = new float[outCount];
      for (int o = 0; o < outCount; o++) {
        out[o] = (float) norm(i -> moved[i], o * run, run, p);
      }
      r = fresh(out, outShape, DType.FLOAT32);
    }
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new NormBackward(x, r, p, mask, keepDim));
    }
    return r;
  }

  /** The p-norm of elements {@code off .. off + n - 1} of {@code v}, read as doubles (float32 or float64 data). */
  private static double norm(IntToDoubleFunction v, int off, int n, double p) {
    double acc;
    if (p == Double.POSITIVE_INFINITY || p == Double.NEGATIVE_INFINITY) {
      boolean max = p > 0;
      acc = max ? 0 : Double.POSITIVE_INFINITY;
      for (int i = off; i < off + n; i++) {
        double a = Math.abs(v.applyAsDouble(i));
        if (Double.isNaN(a)) {
          return a;
        }
        acc = max ? Math.max(acc, a) : Math.min(acc, a);
      }
      return acc;
    }
    acc = 0;
    if (p == 0) {
      for (int i = off; i < off + n; i++) {
        acc += v.applyAsDouble(i) != 0 ? 1 : 0;
      }
      return acc;
    }
    if (p == 2) {
      for (int i = off; i < off + n; i++) {
        double e = v.applyAsDouble(i);
        acc += e * e;
      }
      return Math.sqrt(acc);
    }
    if (p == 1) {
      for (int i = off; i < off + n; i++) {
        acc += Math.abs(v.applyAsDouble(i));
      }
      return acc;
    }
    for (int i = off; i < off + n; i++) {
      acc += Math.pow(Math.abs(v.applyAsDouble(i)), p);
    }
    return Math.pow(acc, 1.0 / p);
  }

  /** PyTorch's norm_backward, case by case; every rule is 0 where the norm is 0. */
  static final class NormBackward extends Node {
    final double p;
    final boolean[] mask;
    final boolean keepDim;

    NormBackward(Tensor x, Tensor out, double p, boolean[] mask, boolean keepDim) {
      super(edgeOf(x));
      this.p = p;
      this.mask = mask;
      this.keepDim = keepDim;
      save(x, out);
    }

    @Override
    public String name() {
      return "NormBackward1";
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor x = saved(0);
      int[] shape = shapeOf(x);
      Tensor norm = Reductions.expandBack(saved(1), shape, mask, keepDim);
      Tensor ge = Reductions.expandBack(g, shape, mask, keepDim);
      Tensor r;
      if (p == 0) {
        r = Tensor.zerosLike(x);
      } else if (p == 1) {
        r = x.sign().mul(ge);
      } else if (p == 2) {
        r = x.mul(Pointwise.maskedFill(ge.div(norm), norm.eq(0), 0f));
      } else if (Double.isInfinite(p)) {
        // The gradient of max|x| is shared evenly by every element that attains it (NaNs count as attaining it).
        Tensor abs = x.abs();
        Tensor hits = abs.eq(norm).to(g.dtype()).add(Pointwise.unary(UnaryOp.ISNAN, abs, 0, 0).to(g.dtype()))
            .clamp(0, 1);
        Tensor count = Reductions.expandBack(hits.sum(Statistics.maskDims(mask), keepDim), shape, mask, keepDim);
        r = x.sign().mul(ge.div(count).mul(hits));
      } else {
        Tensor scaled = p < 2 ? x.sign().mul(x.abs().pow(p - 1)) : x.mul(x.abs().pow(p - 2));
        r = scaled.mul(Pointwise.maskedFill(ge.div(norm.pow(p - 1)), norm.eq(0), 0f));
      }
      return new Tensor[] {r};
    }
  }
}
