package dev.jgrad.autograd.ops;

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
    float[] out = SizeLimits.allocate("maxPool2d", g.outShape());
    float[] idx = SizeLimits.allocate("maxPool2d (indices)", g.outShape());
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
    Tensor r = fresh(out, g.outShape(), x.dtype());
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new MaxPoolBackward(x, fresh(idx, g.outShape(), DType.INT64), g));
    }
    return r;
  }

  /** Sends each output gradient to the input element its window's maximum came from (repeats add up). */
  static final class MaxPoolBackward extends Node {
    final Geometry g;

    MaxPoolBackward(Tensor x, Tensor indices, Geometry g) {
      super(edgeOf(x));
      this.g = g;
      save(indices);
    }

    @Override
    public String name() {
      return "MaxPool2DWithIndicesBackward0";
    }

    @Override
    protected Tensor[] apply(Tensor grad) {
      Tensor idx = saved(0);
      int planes = g.n * g.c;
      int l = g.oh * g.ow;
      int hw = g.h * g.w;
      if (GradMode.isEnabled()) {
        // Under createGraph: scatterAdd is differentiable in the gradient (its rule is a gather).
        Tensor flat = Indexing.scatterAdd(Tensor.zeros(planes, hw), 1, idx.reshape(planes, l),
            grad.reshape(planes, l));
        return new Tensor[] {flat.view(g.inShape())};
      }
      float[] gd = dataOf(grad);
      int go = dataOffsetOf(grad);
      float[] id = storageOf(idx).data;
      float[] gx = new float[planes * hw];
      for (int p = 0; p < planes; p++) {
        for (int i = 0; i < l; i++) {
          gx[p * hw + (int) id[p * l + i]] += gd[go + p * l + i];
        }
      }
      return new Tensor[] {fresh(gx, g.inShape(), DType.FLOAT32)};
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
  private static int divisor(Geometry g, int oh, int ow, boolean countIncludePad) {
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
    Tensor r = fresh(out, g.outShape(), DType.FLOAT32);
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new AvgPoolNode("AvgPool2DBackward0", x, g, countIncludePad, false));
    }
    return r;
  }

  /** The adjoint of {@link #avgPool}: each output gradient spread evenly (÷ divisor) over its window. */
  static Tensor avgPoolGrad(Tensor gy, Geometry g, boolean countIncludePad) {
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
    Tensor r = fresh(gx, g.inShape(), DType.FLOAT32);
    if (gy.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new AvgPoolNode("AvgPool2DBackwardBackward0", gy, g, countIncludePad, true));
    }
    return r;
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
}
