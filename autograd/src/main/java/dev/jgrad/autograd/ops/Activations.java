package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.access.TensorAccess.attach;
import static dev.jgrad.autograd.access.TensorAccess.edgeOf;
import static dev.jgrad.autograd.access.TensorAccess.fresh;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;
import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.autograd.Node;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.storage.Shapes;
import java.util.Arrays;
import java.util.List;

/**
 * The activations that are not one elementwise table row: GLU (two halves of a dim), PReLU (a learnt slope per
 * channel) and RReLU (random slopes in training). Each has one node with PyTorch's grad_fn name; the rules are
 * written with Tensor ops, so they can be differentiated again.
 */
public final class Activations {
  private Activations() {}

  // ------------------------------------------------------------------ glu

  /**
   * {@code a · sigmoid(b)} for the halves a, b of {@code dim}.
   *
   * @throws IllegalArgumentException for a 0-dim input or an odd size of {@code dim}
   */
  public static Tensor glu(Tensor x, int dim) {
    checkArgument(shapeOf(x).length > 0, "glu: glu does not support scalars because halving size must be even");
    int d = Shapes.dim(dim, shapeOf(x).length, "glu");
    int size = shapeOf(x)[d];
    checkArgument(size % 2 == 0, "glu: Halving dimension must be even, but dimension %s is size %s (input shape %s)",
        d, size, Shapes.str(shapeOf(x)));
    Tensor r;
    try (Autograd.Scope s = Autograd.noGrad()) {
      r = gluOf(x.detach(), d).contiguous();
    }
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new GluBackward(x, d));
    }
    return r;
  }

  private static Tensor gluOf(Tensor x, int d) {
    int h = shapeOf(x)[d] / 2;
    return x.narrow(d, 0, h).mul(x.narrow(d, h, h).sigmoid());
  }

  static final class GluBackward extends Node {
    final int dim;

    GluBackward(Tensor x, int dim) {
      super(edgeOf(x));
      this.dim = dim;
      save(x);
    }

    @Override
    public String name() {
      return "GluBackward0";
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor x = saved(0);
      int h = shapeOf(x)[dim] / 2;
      Tensor a = x.narrow(dim, 0, h);
      Tensor s = x.narrow(dim, h, h).sigmoid();
      Tensor ga = g.mul(s);
      Tensor gb = g.mul(a).mul(s.mul(s.rsub(1)));
      return new Tensor[] {Tensor.cat(List.of(ga, gb), dim)};
    }
  }

  // ------------------------------------------------------------------ prelu

  /**
   * {@code x > 0 ? x : w · x} with one slope (weight of one element) or one per channel (dim 1).
   *
   * @throws IllegalArgumentException for a weight of more than one dim, or a slope count that is neither 1 nor the
   *     channel count
   */
  public static Tensor prelu(Tensor x, Tensor w) {
    checkArgument(shapeOf(w).length <= 1, "prelu: Expected `weight` to be a scalar or 1D tensor, but got ndim = %s",
        shapeOf(w).length);
    int channels = shapeOf(x).length >= 2 ? shapeOf(x)[1] : 1;
    int slopes = w.numel();
    checkArgument(slopes == 1 || slopes == channels, "prelu: Mismatch of parameter numbers and input channel size. "
        + "Found parameter numbers = %s and channel size = %s. (input shape %s)", slopes, channels,
        Shapes.str(shapeOf(x)));
    Tensor r;
    try (Autograd.Scope s = Autograd.noGrad()) {
      Tensor xd = x.detach();
      Tensor slope = broadcastSlope(w.detach(), shapeOf(x).length);
      r = Tensor.where(xd.gt(0), xd, slope.mul(xd)).contiguous();
    }
    boolean needs = (x.requiresGrad() || w.requiresGrad()) && GradMode.isEnabled();
    if (needs) {
      attach(r, new PreluBackward(x, w));
    }
    return r;
  }

  /** The weight viewed so that it broadcasts along dim 1 of an input with {@code nd} dims (a 0-dim for one slope). */
  private static Tensor broadcastSlope(Tensor w, int nd) {
    if (w.numel() == 1) {
      return w.reshape();
    }
    int[] shape = new int[nd - 1];
    Arrays.fill(shape, 1);
    shape[0] = w.numel();
    return w.reshape(shape);
  }

  static final class PreluBackward extends Node {
    final int[] weightShape;

    PreluBackward(Tensor x, Tensor w) {
      super(edgeOf(x), edgeOf(w));
      this.weightShape = shapeOf(w).clone();
      save(x, w);
    }

    @Override
    public String name() {
      return "PreluBackward0";
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor x = saved(0);
      Tensor slope = broadcastSlope(saved(1), shapeOf(x).length);
      Tensor pos = x.gt(0).to(g.dtype());
      Tensor neg = pos.rsub(1);
      Tensor gx = next[0] == null ? null : g.mul(pos.add(neg.mul(slope)));
      Tensor gw = null;
      if (next[1] != null) {
        gw = Reductions.sumTo(g.mul(x).mul(neg), shapeOf(slope)).reshape(weightShape);
      }
      return new Tensor[] {gx, gw};
    }
  }

  // ------------------------------------------------------------------ rrelu

  /**
   * Randomised leaky ReLU: in training each non-positive element is multiplied by its own slope drawn from
   * U(lower, upper) ({@code generator}'s double-precision uniform, in row-major order, only for those elements, as
   * PyTorch's CPU kernel draws); otherwise the fixed slope {@code (lower + upper) / 2}.
   *
   * @throws IllegalArgumentException if {@code lower > upper}
   */
  public static Tensor rrelu(Tensor x, double lower, double upper, boolean training, Generator generator) {
    checkArgument(lower <= upper, "rrelu: Lower bound should be less than or equal to the upper bound (lower %s, "
        + "upper %s)", lower, upper);
    // In double: exact for float32 inputs, whose products are rounded to float once at the end.
    boolean dbl = x.dtype() == DType.FLOAT64;
    double[] in = x.toDoubleArray();
    double[] noise = new double[in.length];
    if (training) {
      int negatives = 0;
      for (double v : in) {
        negatives += v <= 0 ? 1 : 0;
      }
      double[] draws = new double[negatives];
      // PyTorch converts the bounds to float before handing them to the double distribution.
      generator.uniformDouble(draws, 0, negatives, (float) lower, (float) upper);
      for (int i = 0, k = 0; i < in.length; i++) {
        noise[i] = in[i] <= 0 ? (dbl ? draws[k++] : (float) draws[k++]) : 1;
      }
    } else {
      double slope = dbl ? (lower + upper) / 2 : (float) ((lower + upper) / 2);
      for (int i = 0; i < in.length; i++) {
        noise[i] = in[i] > 0 ? 1 : slope;
      }
    }
    double[] out = new double[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = in[i] > 0 ? in[i] : in[i] * noise[i];
    }
    Tensor r = inDtype(out, shapeOf(x).clone(), dbl);
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new RreluBackward(x, inDtype(noise, shapeOf(x).clone(), dbl)));
    }
    return r;
  }

  /** Float64 values as a float64 tensor, or rounded once to a float32 one. */
  private static Tensor inDtype(double[] v, int[] shape, boolean dbl) {
    if (dbl) {
      return fresh(v, shape);
    }
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return fresh(f, shape, DType.FLOAT32);
  }

  static final class RreluBackward extends Node {
    RreluBackward(Tensor x, Tensor noise) {
      super(edgeOf(x));
      save(noise);
    }

    @Override
    public String name() {
      return "RreluWithNoiseBackward0";
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      return new Tensor[] {g.mul(saved(0))};
    }
  }
}
