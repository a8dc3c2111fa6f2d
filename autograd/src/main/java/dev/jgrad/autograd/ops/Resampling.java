package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.access.TensorAccess.attach;
import static dev.jgrad.autograd.access.TensorAccess.dataOf;
import static dev.jgrad.autograd.access.TensorAccess.dataOffsetOf;
import static dev.jgrad.autograd.access.TensorAccess.doublesOf;
import static dev.jgrad.autograd.access.TensorAccess.edgeOf;
import static dev.jgrad.autograd.access.TensorAccess.fresh;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;
import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.autograd.Node;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.storage.Shapes;
import dev.jgrad.autograd.storage.SizeLimits;
import java.util.Arrays;

/**
 * Resampling of the spatial dims: PyTorch's {@code F.interpolate} in modes nearest (1-D and 2-D), linear (1-D) and
 * bilinear (2-D), and {@code pixel_shuffle} / {@code pixel_unshuffle}.
 *
 * <p>Each interpolation is a fixed linear map from input to output, computed from per-dim tables (source indices
 * and, for the linear modes, their two weights) built once per call with PyTorch's float arithmetic, so the
 * sampled positions are bit-for-bit PyTorch's. The rule is the adjoint map (scatter with the same weights); the two
 * are each other's derivative.
 */
public final class Resampling {
  private Resampling() {}

  /**
   * The source positions along one dim: out[o] = w0[o]·x[i0[o]] + w1[o]·x[i1[o]] (nearest: x[i0[o]]). A float64
   * input's weights are computed in double into v0, v1 (w0, w1 null), as PyTorch computes them in the scalar type.
   */
  record Axis(int in, int out, int[] i0, int[] i1, float[] w0, float[] w1, double[] v0, double[] v1) {
    /** PyTorch's nearest_idx: exact copies for out == in and out == 2·in, else ⌊o·scale⌋ in float. */
    static Axis nearest(int in, int out, Double scaleFactor) {
      int[] i0 = new int[out];
      float scale = computeScale(in, out, scaleFactor);
      for (int o = 0; o < out; o++) {
        i0[o] = out == in ? o : out == 2 * in ? o >> 1 : Math.min((int) Math.floor(o * scale), in - 1);
      }
      return new Axis(in, out, i0, null, null, null, null, null);
    }

    /**
     * PyTorch's compute_source_index_and_lambda (area_pixel_compute_source_index), in float, or in double for a
     * float64 input.
     */
    static Axis linear(int in, int out, boolean alignCorners, Double scaleFactor, boolean doubles) {
      if (doubles) {
        return linearDoubles(in, out, alignCorners, scaleFactor);
      }
      int[] i0 = new int[out];
      int[] i1 = new int[out];
      float[] w0 = new float[out];
      float[] w1 = new float[out];
      float scale = alignCorners ? (out > 1 ? (float) (in - 1) / (out - 1) : 0f) : computeScale(in, out, scaleFactor);
      for (int o = 0; o < out; o++) {
        if (out == in) {
          i0[o] = o;
          i1[o] = o;
          w0[o] = 1f;
          continue;
        }
        float real = alignCorners ? scale * o : Math.max(scale * (o + 0.5f) - 0.5f, 0f);
        i0[o] = (int) real;
        i1[o] = i0[o] + (i0[o] < in - 1 ? 1 : 0);
        w1[o] = Math.min(Math.max(real - i0[o], 0f), 1f);
        w0[o] = 1f - w1[o];
      }
      return new Axis(in, out, i0, i1, w0, w1, null, null);
    }

    /** {@link #linear} in double. */
    private static Axis linearDoubles(int in, int out, boolean alignCorners, Double scaleFactor) {
      int[] i0 = new int[out];
      int[] i1 = new int[out];
      double[] v0 = new double[out];
      double[] v1 = new double[out];
      double scale = alignCorners ? (out > 1 ? (double) (in - 1) / (out - 1) : 0)
          : scaleFactor != null && scaleFactor > 0 ? 1.0 / scaleFactor : (double) in / out;
      for (int o = 0; o < out; o++) {
        if (out == in) {
          i0[o] = o;
          i1[o] = o;
          v0[o] = 1;
          continue;
        }
        double real = alignCorners ? scale * o : Math.max(scale * (o + 0.5) - 0.5, 0);
        i0[o] = (int) real;
        i1[o] = i0[o] + (i0[o] < in - 1 ? 1 : 0);
        v1[o] = Math.min(Math.max(real - i0[o], 0), 1);
        v0[o] = 1 - v1[o];
      }
      return new Axis(in, out, i0, i1, null, null, v0, v1);
    }

    /** 1/scale_factor when one was given (the scale_factor path), else in/out, in float as PyTorch. */
    private static float computeScale(int in, int out, Double scaleFactor) {
      return scaleFactor != null && scaleFactor > 0 ? (float) (1.0 / scaleFactor) : (float) in / out;
    }

    boolean linear() {
      return w0 != null || v0 != null;
    }
  }

  /** One interpolation: the planes of [n, c, ...] and a height axis (null for 1-D) and a width axis. */
  record Plan(String name, int[] inShape, int[] outShape, int planes, Axis h, Axis w) {
    int inPlane() {
      return (h == null ? 1 : h.in) * w.in;
    }

    int outPlane() {
      return (h == null ? 1 : h.out) * w.out;
    }
  }

  /**
   * F.interpolate for 3-D (1-D spatial) and 4-D (2-D spatial) input; exactly one of {@code size} and
   * {@code scaleFactor} is given, one value per spatial dim. {@code alignCorners} is null when not given.
   */
  public static Tensor interpolate(Tensor x, int[] size, double[] scaleFactor, String mode, Boolean alignCorners) {
    int nd = shapeOf(x).length;
    boolean known = Arrays.asList("nearest", "linear", "bilinear").contains(mode);
    checkArgument(known && (nd == 3 || nd == 4), "interpolate: Input Error: Only 3D, 4D and 5D input Tensors "
        + "supported (got %sD) for the modes: nearest | linear | bilinear (got %s); jgrad implements 3D and 4D input",
        nd, mode);
    checkArgument(size == null || scaleFactor == null, "interpolate: only one of size or scale_factor should be defined");
    checkArgument(size != null || scaleFactor != null, "interpolate: either size or scale_factor should be defined");
    checkArgument(alignCorners == null || !mode.equals("nearest"), "interpolate: align_corners option can only be set "
        + "with the interpolating modes: linear | bilinear | bicubic | trilinear");
    checkArgument(!mode.equals("bilinear") || nd == 4, "interpolate: Got %sD input, but bilinear mode needs 4D input",
        nd);
    checkArgument(!mode.equals("linear") || nd == 3, "interpolate: Got %sD input, but linear mode needs 3D input", nd);
    int dims = nd - 2;
    int[] in = Arrays.copyOfRange(shapeOf(x), 2, nd);
    checkArgument(size == null || size.length == dims, "interpolate: Input and output must have the same number of "
        + "spatial dimensions, but got input with spatial dimensions of %s and output size of %s. Please provide input "
        + "tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.", Shapes.str(in),
        Arrays.toString(size));
    checkArgument(scaleFactor == null || scaleFactor.length == dims, "interpolate: Input and scale_factor must have "
        + "the same number of spatial dimensions, but got input with spatial dimensions of %s and scale_factor of "
        + "shape %s. Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) "
        + "format.", Shapes.str(in), Arrays.toString(scaleFactor));
    long[] out = new long[dims];
    for (int i = 0; i < dims; i++) {
      // Python's math.floor(float(in) * scale_factor), in double.
      out[i] = size != null ? size[i] : (long) Math.floor(in[i] * scaleFactor[i]);
    }
    if (Arrays.stream(in).anyMatch(v -> v <= 0) || Arrays.stream(out).anyMatch(v -> v <= 0)) {
      throw new IllegalArgumentException(dims == 2
          ? "interpolate: Input and output sizes should be greater than 0, but got input (H: " + in[0] + ", W: " + in[1]
              + ") output (H: " + out[0] + ", W: " + out[1] + ")"
          : "interpolate: Input and output sizes should be greater than 0, but got input (W: " + in[0]
              + ") and output (W: " + out[0] + ")");
    }
    int[] outShape = SizeLimits.shape("interpolate", shapeOf(x)[0], shapeOf(x)[1], out[0], dims == 2 ? out[1] : 1);
    if (dims == 1) {
      outShape = new int[] {outShape[0], outShape[1], outShape[2]};
    }
    boolean corners = alignCorners != null && alignCorners;
    Axis[] axes = new Axis[dims];
    for (int i = 0; i < dims; i++) {
      Double scale = scaleFactor == null ? null : scaleFactor[i];
      axes[i] = mode.equals("nearest") ? Axis.nearest(in[i], (int) out[i], scale)
          : Axis.linear(in[i], (int) out[i], corners, scale, x.dtype() == DType.FLOAT64);
    }
    String kind = mode.equals("nearest") ? "Nearest" : dims == 1 ? "Linear" : "Bilinear";
    Plan plan = new Plan("Upsample" + kind + dims + "DBackward1", shapeOf(x).clone(), outShape,
        shapeOf(x)[0] * shapeOf(x)[1], dims == 2 ? axes[0] : null, axes[dims - 1]);
    return resample(x, plan);
  }

  private static Tensor resample(Tensor x, Plan p) {
    Tensor r = x.dtype() == DType.FLOAT64 ? fresh(resampleDoubles(x, p), p.outShape.clone())
        : fresh(resampleFloats(x, p), p.outShape.clone(), DType.FLOAT32);
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new ResampleNode(x, p, false));
    }
    return r;
  }

  private static float[] resampleFloats(Tensor x, Plan p) {
    float[] out = SizeLimits.allocate("interpolate", p.outShape);
    float[] xd = dataOf(x);
    int xo = dataOffsetOf(x);
    int inPlane = p.inPlane();
    int outPlane = p.outPlane();
    Axis w = p.w;
    int oh = p.h == null ? 1 : p.h.out;
    for (int n = 0; n < p.planes; n++) {
      int src = xo + n * inPlane;
      for (int oy = 0; oy < oh; oy++) {
        int row0 = src + (p.h == null ? 0 : p.h.i0[oy] * w.in);
        int dst = n * outPlane + oy * w.out;
        if (!w.linear()) {
          for (int ox = 0; ox < w.out; ox++) {
            out[dst + ox] = xd[row0 + w.i0[ox]];
          }
        } else if (p.h == null) {
          for (int ox = 0; ox < w.out; ox++) {
            out[dst + ox] = xd[row0 + w.i0[ox]] * w.w0[ox] + xd[row0 + w.i1[ox]] * w.w1[ox];
          }
        } else {
          // PyTorch's order: the width pass inside each of the two rows, then the height pass.
          int row1 = src + p.h.i1[oy] * w.in;
          float h0 = p.h.w0[oy];
          float h1 = p.h.w1[oy];
          for (int ox = 0; ox < w.out; ox++) {
            float t0 = xd[row0 + w.i0[ox]] * w.w0[ox] + xd[row0 + w.i1[ox]] * w.w1[ox];
            float t1 = xd[row1 + w.i0[ox]] * w.w0[ox] + xd[row1 + w.i1[ox]] * w.w1[ox];
            out[dst + ox] = t0 * h0 + t1 * h1;
          }
        }
      }
    }
    return out;
  }

  /** {@link #resampleFloats} over doubles, with the plan's double weights. */
  private static double[] resampleDoubles(Tensor x, Plan p) {
    double[] out = SizeLimits.allocateDoubles("interpolate", p.outShape);
    double[] xd = doublesOf(x);
    int xo = dataOffsetOf(x);
    Axis w = p.w;
    int oh = p.h == null ? 1 : p.h.out;
    for (int n = 0; n < p.planes; n++) {
      int src = xo + n * p.inPlane();
      for (int oy = 0; oy < oh; oy++) {
        int row0 = src + (p.h == null ? 0 : p.h.i0[oy] * w.in);
        int dst = n * p.outPlane() + oy * w.out;
        if (!w.linear()) {
          for (int ox = 0; ox < w.out; ox++) {
            out[dst + ox] = xd[row0 + w.i0[ox]];
          }
        } else if (p.h == null) {
          for (int ox = 0; ox < w.out; ox++) {
            out[dst + ox] = xd[row0 + w.i0[ox]] * w.v0[ox] + xd[row0 + w.i1[ox]] * w.v1[ox];
          }
        } else {
          int row1 = src + p.h.i1[oy] * w.in;
          double h0 = p.h.v0[oy];
          double h1 = p.h.v1[oy];
          for (int ox = 0; ox < w.out; ox++) {
            double t0 = xd[row0 + w.i0[ox]] * w.v0[ox] + xd[row0 + w.i1[ox]] * w.v1[ox];
            double t1 = xd[row1 + w.i0[ox]] * w.v0[ox] + xd[row1 + w.i1[ox]] * w.v1[ox];
            out[dst + ox] = t0 * h0 + t1 * h1;
          }
        }
      }
    }
    return out;
  }

  /** The adjoint of {@link #resample}: each output gradient added back onto its sources with their weights. */
  private static Tensor resampleGrad(Tensor g, Plan p) {
    Tensor r = g.dtype() == DType.FLOAT64 ? fresh(resampleGradDoubles(g, p), p.inShape.clone())
        : fresh(resampleGradFloats(g, p), p.inShape.clone(), DType.FLOAT32);
    if (g.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new ResampleNode(g, p, true));
    }
    return r;
  }

  private static float[] resampleGradFloats(Tensor g, Plan p) {
    float[] gx = SizeLimits.allocate("interpolate backward", p.inShape);
    float[] gd = dataOf(g);
    int go = dataOffsetOf(g);
    int inPlane = p.inPlane();
    int outPlane = p.outPlane();
    Axis w = p.w;
    int oh = p.h == null ? 1 : p.h.out;
    for (int n = 0; n < p.planes; n++) {
      int dstBase = n * inPlane;
      for (int oy = 0; oy < oh; oy++) {
        int src = go + n * outPlane + oy * w.out;
        int row0 = dstBase + (p.h == null ? 0 : p.h.i0[oy] * w.in);
        if (!w.linear()) {
          for (int ox = 0; ox < w.out; ox++) {
            gx[row0 + w.i0[ox]] += gd[src + ox];
          }
          continue;
        }
        float h0 = p.h == null ? 1f : p.h.w0[oy];
        float h1 = p.h == null ? 0f : p.h.w1[oy];
        int row1 = p.h == null ? row0 : dstBase + p.h.i1[oy] * w.in;
        for (int ox = 0; ox < w.out; ox++) {
          float v = gd[src + ox];
          gx[row0 + w.i0[ox]] += h0 * w.w0[ox] * v;
          gx[row0 + w.i1[ox]] += h0 * w.w1[ox] * v;
          if (p.h != null) {
            gx[row1 + w.i0[ox]] += h1 * w.w0[ox] * v;
            gx[row1 + w.i1[ox]] += h1 * w.w1[ox] * v;
          }
        }
      }
    }
    return gx;
  }

  /** {@link #resampleGradFloats} over doubles. */
  private static double[] resampleGradDoubles(Tensor g, Plan p) {
    double[] gx = SizeLimits.allocateDoubles("interpolate backward", p.inShape);
    double[] gd = doublesOf(g);
    int go = dataOffsetOf(g);
    Axis w = p.w;
    int oh = p.h == null ? 1 : p.h.out;
    for (int n = 0; n < p.planes; n++) {
      int dstBase = n * p.inPlane();
      for (int oy = 0; oy < oh; oy++) {
        int src = go + n * p.outPlane() + oy * w.out;
        int row0 = dstBase + (p.h == null ? 0 : p.h.i0[oy] * w.in);
        if (!w.linear()) {
          for (int ox = 0; ox < w.out; ox++) {
            gx[row0 + w.i0[ox]] += gd[src + ox];
          }
          continue;
        }
        double h0 = p.h == null ? 1 : p.h.v0[oy];
        double h1 = p.h == null ? 0 : p.h.v1[oy];
        int row1 = p.h == null ? row0 : dstBase + p.h.i1[oy] * w.in;
        for (int ox = 0; ox < w.out; ox++) {
          double v = gd[src + ox];
          gx[row0 + w.i0[ox]] += h0 * w.v0[ox] * v;
          gx[row0 + w.i1[ox]] += h0 * w.v1[ox] * v;
          if (p.h != null) {
            gx[row1 + w.i0[ox]] += h1 * w.v0[ox] * v;
            gx[row1 + w.i1[ox]] += h1 * w.v1[ox] * v;
          }
        }
      }
    }
    return gx;
  }

  /** resample and resampleGrad are linear and adjoint: each one's rule is the other. */
  static final class ResampleNode extends Node {
    final Plan plan;
    final boolean adjoint;

    ResampleNode(Tensor input, Plan plan, boolean adjoint) {
      super(edgeOf(input));
      this.plan = plan;
      this.adjoint = adjoint;
    }

    @Override
    public String name() {
      return adjoint ? plan.name.replace("Backward1", "BackwardBackward1") : plan.name;
    }

    @Override
    protected Tensor[] apply(Tensor grad) {
      return new Tensor[] {adjoint ? resample(grad, plan) : resampleGrad(grad, plan)};
    }
  }

  // ------------------------------------------------------------------ pixel shuffle

  /**
   * [*, c·r², h, w] to [*, c, h·r, w·r]: out[.., ch, y·r + i, x·r + j] = in[.., ch·r² + i·r + j, y, x]
   * (PixelShuffleBackward0; the rule is pixel_unshuffle).
   */
  public static Tensor pixelShuffle(Tensor x, int r) {
    int nd = shapeOf(x).length;
    checkArgument(nd >= 3, "pixel_shuffle: pixel_shuffle expects input to have at least 3 dimensions, but got input "
        + "with %s dimension(s)", nd);
    checkArgument(r > 0, "pixel_shuffle: pixel_shuffle expects a positive upscale_factor, but got %s", r);
    int c = shapeOf(x)[nd - 3];
    checkArgument(c % (r * r) == 0, "pixel_shuffle: pixel_shuffle expects its input's 'channel' dimension to be "
        + "divisible by the square of upscale_factor, but input.size(-3)=%s is not divisible by %s", c, r * r);
    int h = shapeOf(x)[nd - 2];
    int w = shapeOf(x)[nd - 1];
    int[] split = concat(shapeOf(x), nd - 3, c / (r * r), r, r, h, w);
    int[] out = concat(shapeOf(x), nd - 3, c / (r * r), h * r, w * r);
    return shuffle(x, split, permutation(nd - 3, 0, 3, 1, 4, 2), out, r, true);
  }

  /** The inverse of {@link #pixelShuffle}: [*, c, h·r, w·r] to [*, c·r², h, w] (PixelUnshuffleBackward0). */
  public static Tensor pixelUnshuffle(Tensor x, int r) {
    int nd = shapeOf(x).length;
    checkArgument(nd >= 3, "pixel_unshuffle: pixel_unshuffle expects input to have at least 3 dimensions, but got "
        + "input with %s dimension(s)", nd);
    checkArgument(r > 0, "pixel_unshuffle: pixel_unshuffle expects a positive downscale_factor, but got %s", r);
    int c = shapeOf(x)[nd - 3];
    int h = shapeOf(x)[nd - 2];
    int w = shapeOf(x)[nd - 1];
    checkArgument(h % r == 0, "pixel_unshuffle: pixel_unshuffle expects height to be divisible by downscale_factor, "
        + "but input.size(-2)=%s is not divisible by %s", h, r);
    checkArgument(w % r == 0, "pixel_unshuffle: pixel_unshuffle expects width to be divisible by downscale_factor, "
        + "but input.size(-1)=%s is not divisible by %s", w, r);
    int[] split = concat(shapeOf(x), nd - 3, c, h / r, r, w / r, r);
    int[] out = concat(shapeOf(x), nd - 3, c * r * r, h / r, w / r);
    return shuffle(x, split, permutation(nd - 3, 0, 2, 4, 1, 3), out, r, false);
  }

  /** The lead dims of {@code shape} followed by {@code tail}. */
  private static int[] concat(int[] shape, int lead, int... tail) {
    int[] r = Arrays.copyOf(shape, lead + tail.length);
    System.arraycopy(tail, 0, r, lead, tail.length);
    return r;
  }

  /** The identity over the lead dims, then {@code tail} shifted past them. */
  private static int[] permutation(int lead, int... tail) {
    int[] r = new int[lead + tail.length];
    for (int i = 0; i < lead; i++) {
      r[i] = i;
    }
    for (int i = 0; i < tail.length; i++) {
      r[lead + i] = lead + tail[i];
    }
    return r;
  }

  private static Tensor shuffle(Tensor x, int[] split, int[] perm, int[] outShape, int r, boolean up) {
    SizeLimits.numel(up ? "pixel_shuffle" : "pixel_unshuffle", outShape);
    Tensor permuted = Views.permute(Views.reshape(x.detach(), split), perm);
    Tensor out = Elements.tensor(Elements.copy(permuted), outShape, x.dtype());
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(out, new ShuffleNode(x, r, up));
    }
    return out;
  }

  /** pixel_shuffle and pixel_unshuffle are permutations and each other's inverse: each one's rule is the other. */
  static final class ShuffleNode extends Node {
    final int r;
    final boolean up;

    ShuffleNode(Tensor input, int r, boolean up) {
      super(edgeOf(input));
      this.r = r;
      this.up = up;
    }

    @Override
    public String name() {
      return up ? "PixelShuffleBackward0" : "PixelUnshuffleBackward0";
    }

    @Override
    protected Tensor[] apply(Tensor grad) {
      return new Tensor[] {up ? pixelUnshuffle(grad, r) : pixelShuffle(grad, r)};
    }
  }
}
