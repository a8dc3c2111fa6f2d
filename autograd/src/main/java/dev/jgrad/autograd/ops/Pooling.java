package dev.jgrad.autograd.ops;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.jgrad.autograd.access.TensorAccess.attach;
import static dev.jgrad.autograd.access.TensorAccess.dataOf;
import static dev.jgrad.autograd.access.TensorAccess.dataOffsetOf;
import static dev.jgrad.autograd.access.TensorAccess.edgeOf;
import static dev.jgrad.autograd.access.TensorAccess.fresh;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;
import static dev.jgrad.autograd.access.TensorAccess.storageOf;


import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.autograd.Node;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.ValuesAndIndices;
import dev.jgrad.autograd.storage.Shapes;
import dev.jgrad.autograd.storage.SizeLimits;
import java.util.Arrays;

/**
 * 2-D max and average pooling over [n, c, h, w] (or unbatched [c, h, w]) input, floor mode (PyTorch's default
 * {@code ceil_mode=False}).
 *
 * <p>Max pooling records the flat index (ih·w + iw) of each window's maximum, as PyTorch does; its rule scatters
 * the gradient to those indices. Average pooling and its adjoint ("spread each output gradient evenly over its
 * window") are each other's derivative, so both pools can be differentiated twice.
 */
public final class Pooling {
  private Pooling() {}

  static final class Geometry {
    final int n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow;
    /** False for unbatched [c, h, w] input, pooled as one sample and kept 3-D (PyTorch pools it natively). */
    final boolean batched;

    Geometry(int[] x, int[] kernel, int[] stride, int[] padding, int[] dilation) {
      this.batched = x.length == 4;
      int b = batched ? 1 : 0;
      this.n = batched ? x[0] : 1;
      this.c = x[b];
      this.h = x[b + 1];
      this.w = x[b + 2];
      this.kh = kernel[0];
      this.kw = kernel[1];
      this.sh = stride[0];
      this.sw = stride[1];
      this.ph = padding[0];
      this.pw = padding[1];
      this.dh = dilation[0];
      this.dw = dilation[1];
      this.oh = outSize(h, ph, dh, kh, sh);
      this.ow = outSize(w, pw, dw, kw, sw);
    }

    /**
     * One output size, computed in long and clamped to [-1, Integer.MAX_VALUE]: a negative size is reported as too
     * small, a size above the limit by the output's size check; an int computation could wrap round to either.
     */
    private static int outSize(int in, int pad, int dilation, int kernel, int stride) {
      long size = Math.floorDiv((long) in + 2L * pad - (long) dilation * (kernel - 1) - 1, stride) + 1;
      return (int) Math.max(-1, Math.min(size, Integer.MAX_VALUE));
    }

    int[] inShape() {
      return batched ? new int[] {n, c, h, w} : new int[] {c, h, w};
    }

    int[] outShape() {
      return batched ? new int[] {n, c, oh, ow} : new int[] {c, oh, ow};
    }
  }

  /** Validates like PyTorch's pool2d_shape_check; returns the geometry of 4-D input x. */
  private static Geometry geometry(String op, Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation) {
    Conv.checkPairs(op, kernel, stride, padding, dilation);
    if (kernel[0] <= 0 || kernel[1] <= 0) {
      throw new IllegalArgumentException(
          op + ": kernel size should be greater than zero, but got kH: " + kernel[0] + " kW: " + kernel[1]);
    }
    if (stride[0] <= 0 || stride[1] <= 0) {
      throw new IllegalArgumentException(
          op + ": stride should not be zero (or negative), but got " + Arrays.toString(stride));
    }
    if (dilation[0] <= 0 || dilation[1] <= 0) {
      throw new IllegalArgumentException(
          op + ": dilation should be greater than zero, but got dilationH: " + dilation[0] + " dilationW: "
              + dilation[1]);
    }
    for (int i = 0; i < 2; i++) {
      if (padding[i] < 0 || padding[i] > kernel[i] / 2) {
        throw new IllegalArgumentException(
            op + ": pad should be at most half of kernel size, but got pad=" + padding[i] + " and kernel_size="
                + kernel[i]);
      }
    }
    int nd = shapeOf(x).length;
    if (shapeOf(x)[nd - 1] == 0 || shapeOf(x)[nd - 2] == 0 || shapeOf(x)[nd - 3] == 0) {
      throw new IllegalArgumentException(
          op + ": Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:"
              + Shapes.str(shapeOf(x)));
    }
    Geometry g = new Geometry(shapeOf(x), kernel, stride, padding, dilation);
    if (g.oh < 1 || g.ow < 1) {
      throw new IllegalArgumentException(
          op + ": Given input size: (" + g.c + "x" + g.h + "x" + g.w + "). Calculated output size: (" + g.c + "x"
              + Math.max(g.oh, 0) + "x" + Math.max(g.ow, 0) + "). Output size is too small");
    }
    SizeLimits.numel(op, g.outShape());
    return g;
  }

  private static void checkRank(String op, Tensor x) {
    if (shapeOf(x).length != 3 && shapeOf(x).length != 4) {
      throw new IllegalArgumentException(
          op + ": non-empty 3D or 4D (batch mode) tensor expected for input, got shape " + Shapes.str(shapeOf(x)));
    }
  }

  // ------------------------------------------------------------------ max pool

  public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation) {
    checkRank("maxPool2d", x);
    Geometry g = geometry("maxPool2d", x, kernel, stride, padding, dilation);
    int planes = g.n * g.c;
    int l = g.oh * g.ow;
    long[] idx = SizeLimits.allocateLongs("maxPool2d (indices)", g.outShape());
    Tensor r = x.dtype() == DType.FLOAT64 ? fresh(PoolingDoubles.maxPool(x, g, idx), g.outShape())
        : fresh(maxPool(x, g, idx), g.outShape(), x.dtype());
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new MaxPoolBackward("MaxPool2DWithIndicesBackward0", x, fresh(idx, g.outShape()),
          planes, g.h * g.w, l));
    }
    return r;
  }

  /** The float32 max pool: values returned, flat indices (ih·w + iw) written into {@code idx}. */
  private static float[] maxPool(Tensor x, Geometry g, long[] idx) {
    int planes = g.n * g.c;
    int l = g.oh * g.ow;
    float[] out = SizeLimits.allocate("maxPool2d", g.outShape());
    float[] xd = dataOf(x);
    int xo = dataOffsetOf(x);
    for (int p = 0; p < planes; p++) {
      int plane = xo + p * g.h * g.w;
      for (int oh = 0; oh < g.oh; oh++) {
        int hs = oh * g.sh - g.ph;
        int he = Math.min(hs + (g.kh - 1) * g.dh + 1, g.h);
        while (hs < 0) {
          hs += g.dh;
        }
        for (int ow = 0; ow < g.ow; ow++) {
          int ws = ow * g.sw - g.pw;
          int we = Math.min(ws + (g.kw - 1) * g.dw + 1, g.w);
          while (ws < 0) {
            ws += g.dw;
          }
          // PyTorch's rule: a later NaN replaces the max; the index starts at the first valid tap.
          int best = hs * g.w + ws;
          float max = Float.NEGATIVE_INFINITY;
          for (int ih = hs; ih < he; ih += g.dh) {
            for (int iw = ws; iw < we; iw += g.dw) {
              float v = xd[plane + ih * g.w + iw];
              if (v > max || Float.isNaN(v)) {
                max = v;
                best = ih * g.w + iw;
              }
            }
          }
          int o = p * l + oh * g.ow + ow;
          out[o] = max;
          idx[o] = best;
        }
      }
    }
    return out;
  }

  /** Sends each output gradient to the input element its window's maximum came from (repeats add up). */
  static final class MaxPoolBackward extends Node {
    final String name;
    final int[] inShape;
    final int planes;
    final int hw;
    final int l;

    MaxPoolBackward(String name, Tensor x, Tensor indices, int planes, int hw, int l) {
      super(edgeOf(x));
      this.name = name;
      this.inShape = shapeOf(x).clone();
      this.planes = planes;
      this.hw = hw;
      this.l = l;
      save(indices);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    protected Tensor[] apply(Tensor grad) {
      Tensor idx = saved(0);
      if (GradMode.isEnabled()) {
        // Under createGraph: scatterAdd is differentiable in the gradient (its rule is a gather).
        Tensor flat = Indexing.scatterAdd(Tensor.zeros(grad.dtype(), planes, hw), 1, idx.reshape(planes, l),
            grad.reshape(planes, l));
        return new Tensor[] {flat.view(inShape)};
      }
      if (grad.dtype() == DType.FLOAT64) {
        return new Tensor[] {fresh(PoolingDoubles.maxPoolGrad(grad, storageOf(idx).longs(), planes, hw, l),
            inShape.clone())};
      }
      float[] gd = dataOf(grad);
      int go = dataOffsetOf(grad);
      long[] id = storageOf(idx).longs();
      float[] gx = new float[planes * hw];
      for (int p = 0; p < planes; p++) {
        for (int i = 0; i < l; i++) {
          gx[p * hw + (int) id[p * l + i]] += gd[go + p * l + i];
        }
      }
      return new Tensor[] {fresh(gx, inShape.clone(), DType.FLOAT32)};
    }
  }

  // ------------------------------------------------------------------ average pool

  public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
    checkRank("avgPool2d", x);
    Geometry g = geometry("avgPool2d", x, kernel, stride, padding, new int[] {1, 1});
    return avgPool(x, g, countIncludePad);
  }

  /**
   * The divisor of output (oh, ow): the window size counted within the padded input when countIncludePad, or
   * only the real input elements otherwise (PyTorch's avg_pool2d).
   */
  static int divisor(Geometry g, int oh, int ow, boolean countIncludePad) {
    int hs = oh * g.sh - g.ph;
    int ws = ow * g.sw - g.pw;
    int he = Math.min(hs + g.kh, g.h + g.ph);
    int we = Math.min(ws + g.kw, g.w + g.pw);
    if (countIncludePad) {
      return (he - hs) * (we - ws);
    }
    return (Math.min(he, g.h) - Math.max(hs, 0)) * (Math.min(we, g.w) - Math.max(ws, 0));
  }

  static Tensor avgPool(Tensor x, Geometry g, boolean countIncludePad) {
    Tensor r = x.dtype() == DType.FLOAT64 ? fresh(PoolingDoubles.avgPool(x, g, countIncludePad), g.outShape())
        : fresh(avgPoolFloats(x, g, countIncludePad), g.outShape(), DType.FLOAT32);
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new AvgPoolNode("AvgPool2DBackward0", x, g, countIncludePad, false));
    }
    return r;
  }

  private static float[] avgPoolFloats(Tensor x, Geometry g, boolean countIncludePad) {
    int planes = g.n * g.c;
    int l = g.oh * g.ow;
    float[] out = SizeLimits.allocate("avgPool2d", g.outShape());
    float[] xd = dataOf(x);
    int xo = dataOffsetOf(x);
    for (int p = 0; p < planes; p++) {
      int plane = xo + p * g.h * g.w;
      for (int oh = 0; oh < g.oh; oh++) {
        int hs = Math.max(oh * g.sh - g.ph, 0);
        int he = Math.min(oh * g.sh - g.ph + g.kh, g.h);
        for (int ow = 0; ow < g.ow; ow++) {
          int ws = Math.max(ow * g.sw - g.pw, 0);
          int we = Math.min(ow * g.sw - g.pw + g.kw, g.w);
          float sum = 0f;
          for (int ih = hs; ih < he; ih++) {
            for (int iw = ws; iw < we; iw++) {
              sum += xd[plane + ih * g.w + iw];
            }
          }
          out[p * l + oh * g.ow + ow] = sum / divisor(g, oh, ow, countIncludePad);
        }
      }
    }
    return out;
  }

  /** The adjoint of {@link #avgPool}: each output gradient spread evenly (÷ divisor) over its window. */
  static Tensor avgPoolGrad(Tensor gy, Geometry g, boolean countIncludePad) {
    Tensor r = gy.dtype() == DType.FLOAT64 ? fresh(PoolingDoubles.avgPoolGrad(gy, g, countIncludePad), g.inShape())
        : fresh(avgPoolGradFloats(gy, g, countIncludePad), g.inShape(), DType.FLOAT32);
    if (gy.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new AvgPoolNode("AvgPool2DBackwardBackward0", gy, g, countIncludePad, true));
    }
    return r;
  }

  private static float[] avgPoolGradFloats(Tensor gy, Geometry g, boolean countIncludePad) {
    int planes = g.n * g.c;
    int l = g.oh * g.ow;
    int hw = g.h * g.w;
    float[] gx = new float[planes * hw];
    float[] gd = dataOf(gy);
    int go = dataOffsetOf(gy);
    for (int p = 0; p < planes; p++) {
      int plane = p * hw;
      for (int oh = 0; oh < g.oh; oh++) {
        int hs = Math.max(oh * g.sh - g.ph, 0);
        int he = Math.min(oh * g.sh - g.ph + g.kh, g.h);
        for (int ow = 0; ow < g.ow; ow++) {
          int ws = Math.max(ow * g.sw - g.pw, 0);
          int we = Math.min(ow * g.sw - g.pw + g.kw, g.w);
          float v = gd[go + p * l + oh * g.ow + ow] / divisor(g, oh, ow, countIncludePad);
          for (int ih = hs; ih < he; ih++) {
            for (int iw = ws; iw < we; iw++) {
              gx[plane + ih * g.w + iw] += v;
            }
          }
        }
      }
    }
    return gx;
  }

  /** avgPool and avgPoolGrad are linear and adjoint to each other: each one's rule is the other. */
  static final class AvgPoolNode extends Node {
    final String name;
    final Geometry g;
    final boolean countIncludePad;
    final boolean adjoint;

    AvgPoolNode(String name, Tensor input, Geometry g, boolean countIncludePad, boolean adjoint) {
      super(edgeOf(input));
      this.name = name;
      this.g = g;
      this.countIncludePad = countIncludePad;
      this.adjoint = adjoint;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    protected Tensor[] apply(Tensor grad) {
      return new Tensor[] {adjoint ? avgPool(grad, g, countIncludePad) : avgPoolGrad(grad, g, countIncludePad)};
    }
  }

  // ------------------------------------------------------------------ adaptive pools

  /**
   * The sizes of an adaptive pool over [n, c, h, w] or [c, h, w]: output (oh, ow), window of output i along a dim
   * of size in: [⌊i·in/out⌋, ⌈(i + 1)·in/out⌉), as PyTorch's start_index / end_index.
   */
  record Adaptive(int[] inShape, int[] outShape, int planes, int h, int w, int oh, int ow) {
    static Adaptive of(String op, Tensor x, int[] outputSize) {
      int nd = shapeOf(x).length;
      checkArgument(nd == 3 || nd == 4, "%s(): Expected 3D or 4D tensor, but got %s", op, Shapes.str(shapeOf(x)));
      checkArgument(outputSize.length == 2, "%s: output_size must be 2, got %s", op, Arrays.toString(outputSize));
      checkArgument(outputSize[0] >= 0 && outputSize[1] >= 0,
          "%s: elements of output_size must be greater than or equal to 0 but received {%s, %s}", op, outputSize[0],
          outputSize[1]);
      for (int d = nd - 3; d < nd; d++) {
        checkArgument(shapeOf(x)[d] > 0, "%s(): Expected input to have non-zero size for non-batch dimensions, but input "
            + "has sizes %s with dimension %s being empty", op, Shapes.str(shapeOf(x)), d);
      }
      int[] out = shapeOf(x).clone();
      out[nd - 2] = outputSize[0];
      out[nd - 1] = outputSize[1];
      SizeLimits.numel(op, out);
      int planes = (nd == 4 ? shapeOf(x)[0] : 1) * shapeOf(x)[nd - 3];
      return new Adaptive(shapeOf(x).clone(), out, planes, shapeOf(x)[nd - 2], shapeOf(x)[nd - 1], outputSize[0],
          outputSize[1]);
    }

    static int start(int o, int in, int out) {
      return (int) ((long) o * in / out);
    }

    static int end(int o, int in, int out) {
      return (int) (((long) (o + 1) * in + out - 1) / out);
    }
  }

  /** Mean over each adaptive window (sum / kh / kw, PyTorch's order of operations). */
  public static Tensor adaptiveAvgPool2d(Tensor x, int[] outputSize) {
    return adaptiveAvg(x, Adaptive.of("adaptive_avg_pool2d", x, outputSize));
  }

  private static Tensor adaptiveAvg(Tensor x, Adaptive a) {
    Tensor r = x.dtype() == DType.FLOAT64 ? fresh(PoolingDoubles.adaptiveAvg(x, a), a.outShape.clone())
        : fresh(adaptiveAvgFloats(x, a), a.outShape.clone(), DType.FLOAT32);
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new AdaptiveAvgNode("AdaptiveAvgPool2DBackward0", x, a, false));
    }
    return r;
  }

  private static float[] adaptiveAvgFloats(Tensor x, Adaptive a) {
    float[] out = SizeLimits.allocate("adaptive_avg_pool2d", a.outShape);
    float[] xd = dataOf(x);
    int xo = dataOffsetOf(x);
    for (int p = 0; p < a.planes; p++) {
      int plane = xo + p * a.h * a.w;
      for (int oy = 0; oy < a.oh; oy++) {
        int h0 = Adaptive.start(oy, a.h, a.oh);
        int h1 = Adaptive.end(oy, a.h, a.oh);
        for (int ox = 0; ox < a.ow; ox++) {
          int w0 = Adaptive.start(ox, a.w, a.ow);
          int w1 = Adaptive.end(ox, a.w, a.ow);
          float sum = 0f;
          for (int ih = h0; ih < h1; ih++) {
            for (int iw = w0; iw < w1; iw++) {
              sum += xd[plane + ih * a.w + iw];
            }
          }
          out[(p * a.oh + oy) * a.ow + ox] = sum / (h1 - h0) / (w1 - w0);
        }
      }
    }
    return out;
  }

  /** The adjoint of {@link #adaptiveAvg}: each output gradient / kh / kw added over its window. */
  private static Tensor adaptiveAvgGrad(Tensor gy, Adaptive a) {
    Tensor r = gy.dtype() == DType.FLOAT64 ? fresh(PoolingDoubles.adaptiveAvgGrad(gy, a), a.inShape.clone())
        : fresh(adaptiveAvgGradFloats(gy, a), a.inShape.clone(), DType.FLOAT32);
    if (gy.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new AdaptiveAvgNode("AdaptiveAvgPool2DBackwardBackward0", gy, a, true));
    }
    return r;
  }

  private static float[] adaptiveAvgGradFloats(Tensor gy, Adaptive a) {
    float[] gx = SizeLimits.allocate("adaptive_avg_pool2d backward", a.inShape);
    float[] gd = dataOf(gy);
    int go = dataOffsetOf(gy);
    for (int p = 0; p < a.planes; p++) {
      int plane = p * a.h * a.w;
      for (int oy = 0; oy < a.oh; oy++) {
        int h0 = Adaptive.start(oy, a.h, a.oh);
        int h1 = Adaptive.end(oy, a.h, a.oh);
        for (int ox = 0; ox < a.ow; ox++) {
          int w0 = Adaptive.start(ox, a.w, a.ow);
          int w1 = Adaptive.end(ox, a.w, a.ow);
          float v = gd[go + (p * a.oh + oy) * a.ow + ox] / (h1 - h0) / (w1 - w0);
          for (int ih = h0; ih < h1; ih++) {
            for (int iw = w0; iw < w1; iw++) {
              gx[plane + ih * a.w + iw] += v;
            }
          }
        }
      }
    }
    return gx;
  }

  /** adaptiveAvg and adaptiveAvgGrad are linear and adjoint: each one's rule is the other. */
  static final class AdaptiveAvgNode extends Node {
    final String name;
    final Adaptive a;
    final boolean adjoint;

    AdaptiveAvgNode(String name, Tensor input, Adaptive a, boolean adjoint) {
      super(edgeOf(input));
      this.name = name;
      this.a = a;
      this.adjoint = adjoint;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    protected Tensor[] apply(Tensor grad) {
      return new Tensor[] {adjoint ? adaptiveAvg(grad, a) : adaptiveAvgGrad(grad, a)};
    }
  }

  /**
   * Max over each adaptive window and the int64 flat index (ih·w + iw) of the first maximum (a NaN wins, as in
   * PyTorch). The gradient goes to those indices (AdaptiveMaxPool2DBackward0).
   */
  public static ValuesAndIndices adaptiveMaxPool2d(Tensor x, int[] outputSize) {
    Adaptive a = Adaptive.of("adaptive_max_pool2d", x, outputSize);
    long[] idx = SizeLimits.allocateLongs("adaptive_max_pool2d (indices)", a.outShape);
    Tensor r = x.dtype() == DType.FLOAT64 ? fresh(PoolingDoubles.adaptiveMax(x, a, idx), a.outShape.clone())
        : fresh(adaptiveMax(x, a, idx), a.outShape.clone(), x.dtype());
    Tensor indices = fresh(idx, a.outShape.clone());
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new MaxPoolBackward("AdaptiveMaxPool2DBackward0", x, indices, a.planes, a.h * a.w, a.oh * a.ow));
    }
    return new ValuesAndIndices(r, indices);
  }

  private static float[] adaptiveMax(Tensor x, Adaptive a, long[] idx) {
    float[] out = SizeLimits.allocate("adaptive_max_pool2d", a.outShape);
    float[] xd = dataOf(x);
    int xo = dataOffsetOf(x);
    for (int p = 0; p < a.planes; p++) {
      int plane = xo + p * a.h * a.w;
      for (int oy = 0; oy < a.oh; oy++) {
        int h0 = Adaptive.start(oy, a.h, a.oh);
        int h1 = Adaptive.end(oy, a.h, a.oh);
        for (int ox = 0; ox < a.ow; ox++) {
          int w0 = Adaptive.start(ox, a.w, a.ow);
          int w1 = Adaptive.end(ox, a.w, a.ow);
          int best = h0 * a.w + w0;
          float max = Float.NEGATIVE_INFINITY;
          for (int ih = h0; ih < h1; ih++) {
            for (int iw = w0; iw < w1; iw++) {
              float v = xd[plane + ih * a.w + iw];
              if (v > max || Float.isNaN(v)) {
                max = v;
                best = ih * a.w + iw;
              }
            }
          }
          int o = (p * a.oh + oy) * a.ow + ox;
          out[o] = max;
          idx[o] = best;
        }
      }
    }
    return out;
  }
}
