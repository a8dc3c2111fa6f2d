package dev.jgrad.autograd.ops;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.jgrad.autograd.access.TensorAccess.attach;
import static dev.jgrad.autograd.access.TensorAccess.dataOf;
import static dev.jgrad.autograd.access.TensorAccess.dataOffsetOf;
import static dev.jgrad.autograd.access.TensorAccess.edgeOf;
import static dev.jgrad.autograd.access.TensorAccess.fresh;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.autograd.Node;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.kernels.Kernels;
import dev.jgrad.autograd.storage.Shapes;
import dev.jgrad.autograd.storage.SizeLimits;
import java.util.Arrays;

/**
 * 2-D convolution (cross-correlation, as PyTorch) by im2col + gemm, with stride, zero padding, dilation and
 * groups.
 *
 * <p>Three bilinear ops close under differentiation, so every rule is one of them and double backward works:
 * <ul>
 *   <li>{@code conv(x, w)}: y[n, g] = W_g · im2col(x[n])_g;
 *   <li>{@code inputGrad(gy, w)} = the adjoint in x: col2im(W_gᵀ · gy[n, g]);
 *   <li>{@code weightGrad(x, gy)} = the adjoint in w: Σ_n gy[n, g] · im2col(x[n])_gᵀ.
 * </ul>
 * For y = conv(x, w): dx = inputGrad(gy, w), dw = weightGrad(x, gy). For gx = inputGrad(gy, w): d gy =
 * conv(ggx, w), d w = weightGrad(ggx, gy). For gw = weightGrad(x, gy): d x = inputGrad(gy, ggw), d gy =
 * conv(x, ggw). Each product goes through {@link Kernels#gemm} with transpose flags, never a materialised
 * transpose.
 */
public final class Conv {
  private Conv() {}

  /** Sizes of one convolution: input [n, c, h, w], weight [cout, c/groups, kh, kw], output [n, cout, oh, ow]. */
  static final class Geometry {
    final int n, c, h, w, cout, kh, kw, sh, sw, ph, pw, dh, dw, groups, oh, ow;

    Geometry(int[] x, int[] wt, int[] stride, int[] padding, int[] dilation, int groups) {
      this.n = x[0];
      this.c = x[1];
      this.h = x[2];
      this.w = x[3];
      this.cout = wt[0];
      this.kh = wt[2];
      this.kw = wt[3];
      this.sh = stride[0];
      this.sw = stride[1];
      this.ph = padding[0];
      this.pw = padding[1];
      this.dh = dilation[0];
      this.dw = dilation[1];
      this.groups = groups;
      int[] out = SizeLimits.shape("conv2d", n, cout, ((long) h + 2L * ph - (long) dh * (kh - 1) - 1) / sh + 1,
          ((long) w + 2L * pw - (long) dw * (kw - 1) - 1) / sw + 1);
      this.oh = out[2];
      this.ow = out[3];
    }

    int cg() {
      return c / groups;
    }

    int coutG() {
      return cout / groups;
    }

    /** Rows of one group's column matrix: cg · kh · kw. */
    int kg() {
      return cg() * kh * kw;
    }

    int l() {
      return oh * ow;
    }

    /** True when im2col would copy x unchanged (1×1 kernel, stride 1, no padding). */
    boolean identityCols() {
      return kh == 1 && kw == 1 && sh == 1 && sw == 1 && ph == 0 && pw == 0;
    }

    int[] inShape() {
      return new int[] {n, c, h, w};
    }

    int[] weightShape() {
      return new int[] {cout, cg(), kh, kw};
    }

    int[] outShape() {
      return new int[] {n, cout, oh, ow};
    }
  }

  /** The public conv2d: validates like PyTorch, accepts unbatched [c, h, w] input, adds the bias. */
  public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
      int groups) {
    int nd = shapeOf(x).length;
    if (nd != 3 && nd != 4) {
      throw new IllegalArgumentException(
          "conv2d: Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: "
              + Shapes.str(shapeOf(x)));
    }
    if (nd == 3) {
      return conv2d(x.unsqueeze(0), weight, bias, stride, padding, dilation, groups).squeeze(0);
    }
    if (shapeOf(weight).length != 4) {
      throw new IllegalArgumentException(
          "conv2d: Expected 4-dimensional weight for 4-dimensional input " + Shapes.str(shapeOf(x))
              + ", but got weight of size " + Shapes.str(shapeOf(weight)) + " instead");
    }
    checkPairs("conv2d", stride, padding, dilation);
    for (int s : stride) {
      if (s <= 0) {
        throw new IllegalArgumentException(
            "conv2d: non-positive stride is not supported, got " + Arrays.toString(stride));
      }
    }
    for (int p : padding) {
      if (p < 0) {
        throw new IllegalArgumentException(
            "conv2d: negative padding is not supported, got " + Arrays.toString(padding));
      }
    }
    for (int d : dilation) {
      if (d <= 0) {
        throw new IllegalArgumentException(
            "conv2d: non-positive dilation is not supported, got " + Arrays.toString(dilation));
      }
    }
    checkArgument(groups > 0, "conv2d: non-positive groups is not supported, got %s", groups);
    int[] ws = shapeOf(weight);
    if (ws[0] % groups != 0) {
      throw new IllegalArgumentException(
          "conv2d: Given groups=" + groups + ", expected weight to be divisible by " + groups + " at dimension 0, "
              + "but got weight of size " + Shapes.str(ws) + " instead");
    }
    if (shapeOf(x)[1] != ws[1] * groups) {
      throw new IllegalArgumentException(
          "conv2d: Given groups=" + groups + ", weight of size " + Shapes.str(ws) + ", expected input"
              + Shapes.str(shapeOf(x)) + " to have " + ws[1] * groups + " channels, but got " + shapeOf(x)[1]
              + " channels instead");
    }
    long padH = shapeOf(x)[2] + 2L * padding[0];
    long padW = shapeOf(x)[3] + 2L * padding[1];
    long effH = (long) dilation[0] * (ws[2] - 1) + 1;
    long effW = (long) dilation[1] * (ws[3] - 1) + 1;
    checkArgument(padH >= effH && padW >= effW,
        "conv2d: Calculated padded input size per channel: (%s x %s). Kernel size: (%s x %s). Kernel size can't be "
            + "greater than actual input size", padH, padW, effH, effW);
    if (bias != null && (shapeOf(bias).length != 1 || shapeOf(bias)[0] != ws[0])) {
      throw new IllegalArgumentException(
          "conv2d: Given weight of size " + Shapes.str(ws) + ", expected bias to be 1-dimensional with " + ws[0]
              + " elements, but got bias of size " + Shapes.str(shapeOf(bias)) + " instead");
    }
    Geometry geo = new Geometry(shapeOf(x), ws, stride, padding, dilation, groups);
    return conv(x, weight, bias, geo);
  }

  static void checkPairs(String op, int[]... pairs) {
    for (int[] p : pairs) {
      if (p.length != 2) {
        throw new IllegalArgumentException(
            op + ": expected a pair of values (height, width) per parameter, got " + Arrays.toString(p));
      }
    }
  }

  // ------------------------------------------------------------------ the three bilinear ops

  /** y = conv(x, w) (+ bias), recorded as ConvolutionBackward0. */
  static Tensor conv(Tensor x, Tensor weight, Tensor bias, Geometry geo) {
    float[] out = SizeLimits.allocate("conv2d", geo.outShape());
    float[] xd = dataOf(x);
    int xo = dataOffsetOf(x);
    float[] wd = dataOf(weight);
    int wo = dataOffsetOf(weight);
    int kg = geo.kg();
    int l = geo.l();
    int coutG = geo.coutG();
    int inPlane = geo.c * geo.h * geo.w;
    float[] cols = geo.identityCols() ? null : SizeLimits.allocate("conv2d (im2col columns)", geo.c, geo.kh, geo.kw, l);
    Kernels k = Kernels.get();
    if (l > 0 && kg > 0) {
      for (int n = 0; n < geo.n; n++) {
        float[] src = xd;
        int srcOff = xo + n * inPlane;
        if (cols != null) {
          im2col(xd, srcOff, geo, cols);
          src = cols;
          srcOff = 0;
        }
        for (int g = 0; g < geo.groups; g++) {
          k.gemm(false, false, coutG, l, kg, wd, wo + g * coutG * kg, kg, src, srcOff + g * kg * l, l, 0f, out,
              (n * geo.cout + g * coutG) * l, l);
        }
      }
    }
    if (bias != null && l > 0) {
      float[] b = bias.toArray();
      for (int n = 0; n < geo.n; n++) {
        for (int co = 0; co < geo.cout; co++) {
          int base = (n * geo.cout + co) * l;
          float bv = b[co];
          for (int i = 0; i < l; i++) {
            out[base + i] += bv;
          }
        }
      }
    }
    Tensor r = fresh(out, geo.outShape(), DType.FLOAT32);
    boolean needBias = bias != null && bias.requiresGrad();
    if ((x.requiresGrad() || weight.requiresGrad() || needBias) && GradMode.isEnabled()) {
      attach(r, new ConvBackward(x, weight, bias, geo));
    }
    return r;
  }

  /** dx of a convolution: col2im(W_gᵀ · gy[n, g]) for each sample and group. */
  static Tensor inputGrad(Tensor gy, Tensor weight, Geometry geo) {
    float[] gx = SizeLimits.allocate("conv2d backward", geo.inShape());
    float[] gd = dataOf(gy);
    int go = dataOffsetOf(gy);
    float[] wd = dataOf(weight);
    int wo = dataOffsetOf(weight);
    int kg = geo.kg();
    int l = geo.l();
    int coutG = geo.coutG();
    int inPlane = geo.c * geo.h * geo.w;
    boolean direct = geo.identityCols();
    float[] cols = direct ? null : SizeLimits.allocate("conv2d (im2col columns)", geo.c, geo.kh, geo.kw, l);
    Kernels k = Kernels.get();
    if (l > 0 && kg > 0 && coutG > 0) {
      for (int n = 0; n < geo.n; n++) {
        float[] dst = direct ? gx : cols;
        int dstOff = direct ? n * inPlane : 0;
        for (int g = 0; g < geo.groups; g++) {
          k.gemm(true, false, kg, l, coutG, wd, wo + g * coutG * kg, kg, gd, go + (n * geo.cout + g * coutG) * l, l,
              0f, dst, dstOff + g * kg * l, l);
        }
        if (!direct) {
          col2im(cols, geo, gx, n * inPlane);
        }
      }
    }
    Tensor r = fresh(gx, geo.inShape(), DType.FLOAT32);
    if ((gy.requiresGrad() || weight.requiresGrad()) && GradMode.isEnabled()) {
      attach(r, new InputGradBackward(gy, weight, geo));
    }
    return r;
  }

  /** dw of a convolution: Σ_n gy[n, g] · im2col(x[n])_gᵀ, accumulated by gemm with beta = 1. */
  static Tensor weightGrad(Tensor x, Tensor gy, Geometry geo) {
    float[] gw = SizeLimits.allocate("conv2d backward", geo.weightShape());
    float[] xd = dataOf(x);
    int xo = dataOffsetOf(x);
    float[] gd = dataOf(gy);
    int go = dataOffsetOf(gy);
    int kg = geo.kg();
    int l = geo.l();
    int coutG = geo.coutG();
    int inPlane = geo.c * geo.h * geo.w;
    float[] cols = geo.identityCols() ? null : SizeLimits.allocate("conv2d (im2col columns)", geo.c, geo.kh, geo.kw, l);
    Kernels k = Kernels.get();
    if (l > 0 && kg > 0 && coutG > 0) {
      for (int n = 0; n < geo.n; n++) {
        float[] src = xd;
        int srcOff = xo + n * inPlane;
        if (cols != null) {
          im2col(xd, srcOff, geo, cols);
          src = cols;
          srcOff = 0;
        }
        for (int g = 0; g < geo.groups; g++) {
          k.gemm(false, true, coutG, kg, l, gd, go + (n * geo.cout + g * coutG) * l, l, src, srcOff + g * kg * l, l,
              n == 0 ? 0f : 1f, gw, g * coutG * kg, kg);
        }
      }
    }
    Tensor r = fresh(gw, geo.weightShape(), DType.FLOAT32);
    if ((x.requiresGrad() || gy.requiresGrad()) && GradMode.isEnabled()) {
      attach(r, new WeightGradBackward(x, gy, geo));
    }
    return r;
  }

  static final class ConvBackward extends Node {
    final Geometry geo;

    ConvBackward(Tensor x, Tensor weight, Tensor bias, Geometry geo) {
      super(edgeOf(x), edgeOf(weight), bias == null ? null : edgeOf(bias));
      this.geo = geo;
      save(weight.requiresGrad() ? x : null, x.requiresGrad() ? weight : null);
    }

    @Override
    public String name() {
      return "ConvolutionBackward0";
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor gx = next[0] == null ? null : inputGrad(g, saved(1), geo);
      Tensor gw = next[1] == null ? null : weightGrad(saved(0), g, geo);
      Tensor gb = next[2] == null ? null : g.sum(new int[] {0, 2, 3}, false);
      return new Tensor[] {gx, gw, gb};
    }
  }

  static final class InputGradBackward extends Node {
    final Geometry geo;

    InputGradBackward(Tensor gy, Tensor weight, Geometry geo) {
      super(edgeOf(gy), edgeOf(weight));
      this.geo = geo;
      save(weight.requiresGrad() ? gy : null, gy.requiresGrad() ? weight : null);
    }

    @Override
    public String name() {
      return "ConvolutionBackwardBackward0";
    }

    @Override
    protected Tensor[] apply(Tensor ggx) {
      Tensor dgy = next[0] == null ? null : conv(ggx, saved(1), null, geo);
      Tensor dw = next[1] == null ? null : weightGrad(ggx, saved(0), geo);
      return new Tensor[] {dgy, dw};
    }
  }

  static final class WeightGradBackward extends Node {
    final Geometry geo;

    WeightGradBackward(Tensor x, Tensor gy, Geometry geo) {
      super(edgeOf(x), edgeOf(gy));
      this.geo = geo;
      save(gy.requiresGrad() ? x : null, x.requiresGrad() ? gy : null);
    }

    @Override
    public String name() {
      return "ConvolutionBackwardBackward0";
    }

    @Override
    protected Tensor[] apply(Tensor ggw) {
      Tensor dx = next[0] == null ? null : inputGrad(saved(1), ggw, geo);
      Tensor dgy = next[1] == null ? null : conv(saved(0), ggw, null, geo);
      return new Tensor[] {dx, dgy};
    }
  }

  // ------------------------------------------------------------------ im2col / col2im

  /**
   * Unfolds one sample x[c, h, w] (at xOff) into cols[(c·kh + i)·kw + j][oh·ow]: row (c, i, j) holds the input
   * pixel each output position sees through kernel tap (i, j), 0 in the padding. The valid output columns of
   * each row are computed once, so the inner loop has no bounds test.
   */
  static void im2col(float[] x, int xOff, Geometry g, float[] cols) {
    int l = g.l();
    int row = 0;
    for (int c = 0; c < g.c; c++) {
      int plane = xOff + c * g.h * g.w;
      for (int i = 0; i < g.kh; i++) {
        for (int j = 0; j < g.kw; j++, row++) {
          int base = row * l;
          int colOff = j * g.dw - g.pw;
          int owStart = firstValid(colOff, g.sw);
          int owEnd = endValid(colOff, g.sw, g.w, g.ow);
          for (int oh = 0; oh < g.oh; oh++) {
            int ih = oh * g.sh - g.ph + i * g.dh;
            int dst = base + oh * g.ow;
            if (ih < 0 || ih >= g.h || owStart >= owEnd) {
              Arrays.fill(cols, dst, dst + g.ow, 0f);
              continue;
            }
            Arrays.fill(cols, dst, dst + owStart, 0f);
            int src = plane + ih * g.w + colOff;
            if (g.sw == 1) {
              System.arraycopy(x, src + owStart, cols, dst + owStart, owEnd - owStart);
            } else {
              for (int ow = owStart; ow < owEnd; ow++) {
                cols[dst + ow] = x[src + ow * g.sw];
              }
            }
            Arrays.fill(cols, dst + owEnd, dst + g.ow, 0f);
          }
        }
      }
    }
  }

  /** The adjoint of {@link #im2col}: adds each column entry back onto the pixel it was read from. */
  static void col2im(float[] cols, Geometry g, float[] x, int xOff) {
    int l = g.l();
    int row = 0;
    for (int c = 0; c < g.c; c++) {
      int plane = xOff + c * g.h * g.w;
      for (int i = 0; i < g.kh; i++) {
        for (int j = 0; j < g.kw; j++, row++) {
          int base = row * l;
          int colOff = j * g.dw - g.pw;
          int owStart = firstValid(colOff, g.sw);
          int owEnd = endValid(colOff, g.sw, g.w, g.ow);
          for (int oh = 0; oh < g.oh; oh++) {
            int ih = oh * g.sh - g.ph + i * g.dh;
            if (ih < 0 || ih >= g.h) {
              continue;
            }
            int src = base + oh * g.ow;
            int dst = plane + ih * g.w + colOff;
            for (int ow = owStart; ow < owEnd; ow++) {
              x[dst + ow * g.sw] += cols[src + ow];
            }
          }
        }
      }
    }
  }

  /** Smallest output column whose input column ow·stride + colOff is >= 0. */
  private static int firstValid(int colOff, int stride) {
    return colOff >= 0 ? 0 : (-colOff + stride - 1) / stride;
  }

  /** One past the largest output column whose input column is < width (clamped to the output width). */
  private static int endValid(int colOff, int stride, int width, int outWidth) {
    int limit = width - colOff; // need ow·stride < limit
    if (limit <= 0) {
      return 0;
    }
    return Math.min(outWidth, (limit + stride - 1) / stride);
  }
}
