package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.access.TensorAccess.storageOf;
import static com.google.common.base.Preconditions.checkArgument;
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
import dev.jgrad.autograd.kernels.Dtypes;
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

  /**
   * Sizes of one convolution: input [n, c, h, w], weight [cout, c/groups, kh, kw], output [n, cout, oh, ow]. A 1-D
   * convolution is the 2-D one with h = kh = 1 (same memory layout); {@code dims} says which shapes to report.
   */
  static final class Geometry {
    final int n, c, h, w, cout, kh, kw, sh, sw, ph, pw, dh, dw, groups, oh, ow;
    /** Spatial dims: 1 for conv1d, 2 for conv2d. */
    final int dims;

    /**
     * x and wt as 4-D shapes, the options as {height, width}; {@code out} gives {oh, ow} (a transposed convolution's
     * input size, which output padding may make smaller than the formula's), or null to compute them.
     */
    Geometry(String op, int dims, int[] x, int[] wt, int[] stride, int[] padding, int[] dilation, int groups,
        int[] out) {
      this.dims = dims;
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
      if (out == null) {
        int[] s = SizeLimits.shape(op, n, cout, ((long) h + 2L * ph - (long) dh * (kh - 1) - 1) / sh + 1,
            ((long) w + 2L * pw - (long) dw * (kw - 1) - 1) / sw + 1);
        this.oh = s[2];
        this.ow = s[3];
      } else {
        this.oh = out[0];
        this.ow = out[1];
      }
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

    private int[] shape(int a, int b, int y, int x) {
      return dims == 1 ? new int[] {a, b, x} : new int[] {a, b, y, x};
    }

    int[] inShape() {
      return shape(n, c, h, w);
    }

    int[] weightShape() {
      return shape(cout, cg(), kh, kw);
    }

    int[] outShape() {
      return shape(n, cout, oh, ow);
    }

    /** The dims a bias gradient sums over: batch and every spatial dim. */
    int[] biasGradDims() {
      return dims == 1 ? new int[] {0, 2} : new int[] {0, 2, 3};
    }
  }

  /** The public conv2d: validates like PyTorch, accepts unbatched [c, h, w] input, adds the bias. */
  public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
      int groups) {
    return convolution(2, x, weight, bias, stride, padding, dilation, groups);
  }

  /**
   * conv1d (dims 1: input [n, c, l] or [c, l], weight [cout, c/groups, k], options of length 1) or conv2d (dims 2).
   * Validates like PyTorch's {@code _convolution} and adds the bias.
   */
  public static Tensor convolution(int dims, Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding,
      int[] dilation, int groups) {
    String op = "conv" + dims + "d";
    Tensor batched = batchify(op, dims, x);
    checkWeightRank(op, batched, weight);
    checkLengths(op, dims, "stride", stride, "padding", padding, "dilation", dilation);
    checkArgument(Arrays.stream(stride).allMatch(s -> s > 0), "%s: non-positive stride is not supported, got %s", op,
        Arrays.toString(stride));
    checkArgument(Arrays.stream(padding).allMatch(p -> p >= 0), "%s: negative padding is not supported, got %s", op,
        Arrays.toString(padding));
    checkArgument(Arrays.stream(dilation).allMatch(d -> d > 0), "%s: non-positive dilation is not supported, got %s",
        op, Arrays.toString(dilation));
    checkArgument(groups > 0, "%s: non-positive groups is not supported, got %s", op, groups);
    int[] ws = shapeOf(weight);
    checkArgument(ws[0] % groups == 0,
        "%s: Given groups=%s, expected weight to be divisible by %s at dimension 0, but got weight of size %s instead",
        op, groups, groups, Shapes.str(ws));
    checkArgument(shapeOf(batched)[1] == ws[1] * groups,
        "%s: Given groups=%s, weight of size %s, expected input%s to have %s channels, but got %s channels instead", op,
        groups, Shapes.str(ws), Shapes.str(shapeOf(batched)), ws[1] * groups, shapeOf(batched)[1]);
    int[] x4 = as4d(shapeOf(batched), dims);
    int[] w4 = as4d(ws, dims);
    int[] s2 = as2d(stride, dims, 1);
    int[] p2 = as2d(padding, dims, 0);
    int[] d2 = as2d(dilation, dims, 1);
    long padH = x4[2] + 2L * p2[0];
    long padW = x4[3] + 2L * p2[1];
    long effH = (long) d2[0] * (w4[2] - 1) + 1;
    long effW = (long) d2[1] * (w4[3] - 1) + 1;
    if (padH < effH || padW < effW) {
      throw new IllegalArgumentException(op + ": Calculated padded input size per channel: ("
          + (dims == 1 ? padW : padH + " x " + padW) + "). Kernel size: (" + (dims == 1 ? effW : effH + " x " + effW)
          + "). Kernel size can't be greater than actual input size");
    }
    checkArgument(bias == null || (shapeOf(bias).length == 1 && shapeOf(bias)[0] == ws[0]),
        "%s: Given weight of size %s, expected bias to be 1-dimensional with %s elements, but got bias of size %s "
            + "instead", op, Shapes.str(ws), ws[0], bias == null ? "" : Shapes.str(shapeOf(bias)));
    if (bias != null && bias.dtype() != x.dtype()) {
      // PyTorch 1.13's conv1d converts the bias to the input's dtype; conv2d refuses it, before checking the weight.
      checkArgument(dims == 1, "%s: Input type (%s) and bias type (%s) should be the same", op,
          cTypeName(x.dtype()), cTypeName(bias.dtype()));
      bias = bias.to(x.dtype());
    }
    Dtypes.checkSameDtype(op, x.dtype(), weight.dtype());
    Geometry geo = new Geometry(op, dims, x4, w4, s2, p2, d2, groups, null);
    Tensor y = conv(batched, weight, bias, geo);
    return batched == x ? y : y.squeeze(0);
  }

  /**
   * conv1d/conv2d with PyTorch's string padding: "valid" is no padding; "same" pads so the output keeps the input's
   * size (stride 1 only), splitting dilation·(k − 1) as total/2 before and the rest after. An odd total (an even
   * kernel with odd dilation) cannot be split evenly: as in PyTorch's {@code _convolution_same}, the extra element
   * is zero-padded onto the end of the input (ConstantPadNdBackward0) and the convolution pads the rest evenly.
   */
  public static Tensor convolution(int dims, Tensor x, Tensor weight, Tensor bias, int[] stride, String padding,
      int[] dilation, int groups) {
    String op = "conv" + dims + "d";
    checkArgument("same".equals(padding) || "valid".equals(padding), "%s: Invalid padding string: '%s'", op, padding);
    if ("valid".equals(padding)) {
      return convolution(dims, x, weight, bias, stride, new int[dims], dilation, groups);
    }
    checkLengths(op, dims, "stride", stride, "dilation", dilation);
    checkArgument(Arrays.stream(stride).allMatch(s -> s == 1),
        "%s: padding='same' is not supported for strided convolutions (stride %s)", op, Arrays.toString(stride));
    checkArgument(Arrays.stream(dilation).allMatch(d -> d > 0), "%s: dilation should be greater than zero, but got %s",
        op, Arrays.toString(dilation));
    checkWeightRank(op, batchify(op, dims, x), weight);
    int[] left = new int[dims];
    int[] extra = new int[2 * dims];
    boolean symmetric = true;
    for (int i = 0; i < dims; i++) {
      int total = dilation[i] * (shapeOf(weight)[2 + i] - 1);
      left[i] = total / 2;
      int delta = total - 2 * left[i];
      extra[2 * (dims - 1 - i) + 1] = delta;
      symmetric &= delta == 0;
    }
    Tensor input = symmetric ? x : Shaping.pad(x, extra, 0f);
    return convolution(dims, input, weight, bias, stride, left, dilation, groups);
  }

  /**
   * conv_transpose1d/2d: input [n, cin, ...] (or unbatched), weight [cin, cout/groups, k...], output
   * [n, cout, (in − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1]. It is the input gradient of the
   * convolution that maps the output back onto the input, so it reuses that op and its rules (ConvolutionBackward0).
   */
  public static Tensor convTranspose(int dims, Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding,
      int[] outputPadding, int groups, int[] dilation) {
    String op = "conv_transpose" + dims + "d";
    Tensor batched = batchify(op, dims, x);
    checkWeightRank(op, batched, weight);
    checkLengths(op, dims, "stride", stride, "padding", padding, "output_padding", outputPadding, "dilation",
        dilation);
    checkArgument(Arrays.stream(stride).allMatch(s -> s > 0), "%s: non-positive stride is not supported, got %s", op,
        Arrays.toString(stride));
    checkArgument(Arrays.stream(padding).allMatch(p -> p >= 0), "%s: negative padding is not supported, got %s", op,
        Arrays.toString(padding));
    checkArgument(Arrays.stream(outputPadding).allMatch(p -> p >= 0),
        "%s: negative output_padding is not supported, got %s", op, Arrays.toString(outputPadding));
    checkArgument(Arrays.stream(dilation).allMatch(d -> d > 0), "%s: non-positive dilation is not supported, got %s",
        op, Arrays.toString(dilation));
    checkArgument(groups > 0, "%s: non-positive groups is not supported, got %s", op, groups);
    int[] s2 = as2d(stride, dims, 1);
    int[] p2 = as2d(padding, dims, 0);
    int[] op2 = as2d(outputPadding, dims, 0);
    int[] d2 = as2d(dilation, dims, 1);
    for (int i = 0; i < 2; i++) {
      if (op2[i] >= s2[i] && op2[i] >= d2[i]) {
        throw new IllegalArgumentException(op + ": output padding must be smaller than either stride or dilation, "
            + "but got output_padding_height: " + op2[0] + " output_padding_width: " + op2[1] + " stride_height: "
            + s2[0] + " stride_width: " + s2[1] + " dilation_height: " + d2[0] + " dilation_width: " + d2[1]);
      }
    }
    int[] ws = shapeOf(weight);
    checkArgument(shapeOf(batched)[1] == ws[0],
        "%s: Given transposed=1, weight of size %s, expected input%s to have %s channels, but got %s channels instead",
        op, Shapes.str(ws), Shapes.str(shapeOf(batched)), ws[0], shapeOf(batched)[1]);
    checkArgument(ws[0] % groups == 0,
        "%s: Given groups=%s, expected weight to be divisible by %s at dimension 0, but got weight of size %s instead",
        op, groups, groups, Shapes.str(ws));
    int cout = ws[1] * groups;
    checkArgument(bias == null || (shapeOf(bias).length == 1 && shapeOf(bias)[0] == cout),
        "%s: Given transposed=1, weight of size %s, expected bias to be 1-dimensional with %s elements, but got bias "
            + "of size %s instead", op, Shapes.str(ws), cout, bias == null ? "" : Shapes.str(shapeOf(bias)));
    Dtypes.checkSameDtype(op, x.dtype(), weight.dtype());
    if (bias != null) {
      Dtypes.checkSameDtype(op, x.dtype(), bias.dtype());
    }
    int[] x4 = as4d(shapeOf(batched), dims);
    int[] w4 = as4d(ws, dims);
    long[] out = new long[2];
    for (int i = 0; i < 2; i++) {
      out[i] = (long) (x4[2 + i] - 1) * s2[i] - 2L * p2[i] + (long) d2[i] * (w4[2 + i] - 1) + op2[i] + 1;
    }
    if (out[0] <= 0 || out[1] <= 0) {
      throw new IllegalArgumentException(op + ": Given input size per channel: ("
          + (dims == 1 ? x4[3] : x4[2] + " x " + x4[3]) + "). Calculated output size per channel: ("
          + (dims == 1 ? out[1] : out[0] + " x " + out[1]) + "). Output size is too small");
    }
    int[] y4 = SizeLimits.shape(op, x4[0], cout, out[0], out[1]);
    Geometry geo = new Geometry(op, dims, y4, w4, s2, p2, d2, groups, new int[] {x4[2], x4[3]});
    Tensor y = transposed(batched, weight, bias, geo);
    return batched == x ? y : y.squeeze(0);
  }

  /** Unbatched input (one spatial rank short) gets a batch dim of 1; other ranks are refused. */
  private static Tensor batchify(String op, int dims, Tensor x) {
    int nd = shapeOf(x).length;
    checkArgument(nd == dims + 1 || nd == dims + 2,
        "%s: Expected %sD (unbatched) or %sD (batched) input to %s, but got input of size: %s", op, dims + 1,
        dims + 2, op, Shapes.str(shapeOf(x)));
    return nd == dims + 1 ? x.unsqueeze(0) : x;
  }

  private static void checkWeightRank(String op, Tensor batched, Tensor weight) {
    int nd = shapeOf(batched).length;
    checkArgument(shapeOf(weight).length == nd,
        "%s: Expected %s-dimensional weight for %s-dimensional input %s, but got weight of size %s instead", op, nd,
        nd, Shapes.str(shapeOf(batched)), Shapes.str(shapeOf(weight)));
  }

  /** Each option array has one value per spatial dim (name, array pairs). */
  private static void checkLengths(String op, int dims, Object... namedArrays) {
    for (int i = 0; i < namedArrays.length; i += 2) {
      int[] v = (int[]) namedArrays[i + 1];
      checkArgument(v.length == dims, "%s: expected %s to be a single integer value or a list of %s values to match "
          + "the convolution dimensions, but got %s=%s", op, namedArrays[i], dims, namedArrays[i], Arrays.toString(v));
    }
  }

  /** A [n, c, l] (1-D) shape as [n, c, 1, l]; 2-D shapes unchanged. */
  private static int[] as4d(int[] s, int dims) {
    return dims == 1 ? new int[] {s[0], s[1], 1, s[2]} : s;
  }

  /** A 1-D option {v} as {fill, v}: the height of a 1-D convolution is 1 with unit stride and dilation, no padding. */
  private static int[] as2d(int[] v, int dims, int fill) {
    return dims == 1 ? new int[] {fill, v[0]} : v;
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
    return conv(x, weight, bias, geo, "ConvolutionBackward0");
  }

  /** conv recorded under {@code name}: a transposed convolution's input gradient is PyTorch's backward of a backward. */
  private static Tensor conv(Tensor x, Tensor weight, Tensor bias, Geometry geo, String name) {
    Object out = convData(x, weight, geo);
    addBias(out, bias, geo.n, geo.cout, geo.l());
    Tensor r = wrap(out, geo.outShape());
    boolean needBias = bias != null && bias.requiresGrad();
    if ((x.requiresGrad() || weight.requiresGrad() || needBias) && GradMode.isEnabled()) {
      attach(r, new ConvBackward(name, x, weight, bias, geo, false));
    }
    return r;
  }

  /**
   * The transposed convolution y = inputGrad(x, w) (+ bias) of the convolution {@code geo} (whose input is y and
   * whose output is x), recorded as ConvolutionBackward0 like PyTorch's conv_transpose.
   */
  static Tensor transposed(Tensor x, Tensor weight, Tensor bias, Geometry geo) {
    Object out = inputGradData(x, weight, geo);
    addBias(out, bias, geo.n, geo.c, geo.h * geo.w);
    Tensor r = wrap(out, geo.inShape());
    boolean needBias = bias != null && bias.requiresGrad();
    if ((x.requiresGrad() || weight.requiresGrad() || needBias) && GradMode.isEnabled()) {
      attach(r, new ConvBackward("ConvolutionBackward0", x, weight, bias, geo, true));
    }
    return r;
  }

  private static Object convData(Tensor x, Tensor weight, Geometry geo) {
    String op = "conv" + geo.dims + "d";
    DType dtype = x.dtype();
    Object out = allocate(op, dtype, geo.outShape());
    Object xd = elements(x);
    int xo = dataOffsetOf(x);
    Object wd = elements(weight);
    int wo = dataOffsetOf(weight);
    int kg = geo.kg();
    int l = geo.l();
    int coutG = geo.coutG();
    int inPlane = geo.c * geo.h * geo.w;
    Object cols = geo.identityCols() ? null : allocate(op + " (im2col columns)", dtype, geo.c, geo.kh, geo.kw, l);
    Kernels k = Kernels.get();
    if (l > 0 && kg > 0) {
      for (int n = 0; n < geo.n; n++) {
        Object src = xd;
        int srcOff = xo + n * inPlane;
        if (cols != null) {
          im2col(xd, srcOff, geo, cols);
          src = cols;
          srcOff = 0;
        }
        for (int g = 0; g < geo.groups; g++) {
          k.gemmAny(false, false, coutG, l, kg, wd, wo + g * coutG * kg, kg, src, srcOff + g * kg * l, l, 0d, out,
              (n * geo.cout + g * coutG) * l, l);
        }
      }
    }
    return out;
  }

  /** A float[], or for float64 a double[], of the given shape. */
  private static Object allocate(String op, DType dtype, int... shape) {
    return dtype == DType.FLOAT64 ? SizeLimits.allocateDoubles(op, shape) : SizeLimits.allocate(op, shape);
  }

  /** The contiguous element array of t (float[], or double[] for float64), from {@code dataOffsetOf(t)}. */
  private static Object elements(Tensor t) {
    return t.dtype() == DType.FLOAT64 ? doublesOf(t) : dataOf(t);
  }

  /** The tensor over {@link #allocate}'s array: float64 for a double[], float32 otherwise. */
  private static Tensor wrap(Object data, int[] shape) {
    return data instanceof double[] d ? fresh(d, shape) : fresh((float[]) data, shape, DType.FLOAT32);
  }

  /** Adds bias[ch] to every element of each [n, ch] plane of {@code planeSize} elements. */
  private static void addBias(Object data, Tensor bias, int n, int channels, int planeSize) {
    if (bias == null || planeSize == 0) {
      return;
    }
    if (data instanceof double[] out) {
      double[] b = bias.toDoubleArray();
      for (int i = 0; i < n; i++) {
        for (int co = 0; co < channels; co++) {
          int base = (i * channels + co) * planeSize;
          double bv = b[co];
          for (int j = 0; j < planeSize; j++) {
            out[base + j] += bv;
          }
        }
      }
      return;
    }
    float[] out = (float[]) data;
    float[] b = bias.toArray();
    for (int i = 0; i < n; i++) {
      for (int co = 0; co < channels; co++) {
        int base = (i * channels + co) * planeSize;
        float bv = b[co];
        for (int j = 0; j < planeSize; j++) {
          out[base + j] += bv;
        }
      }
    }
  }

  /** dx of a convolution: col2im(W_gᵀ · gy[n, g]) for each sample and group. */
  static Tensor inputGrad(Tensor gy, Tensor weight, Geometry geo) {
    Tensor r = wrap(inputGradData(gy, weight, geo), geo.inShape());
    if ((gy.requiresGrad() || weight.requiresGrad()) && GradMode.isEnabled()) {
      attach(r, new InputGradBackward(gy, weight, geo));
    }
    return r;
  }

  private static Object inputGradData(Tensor gy, Tensor weight, Geometry geo) {
    String op = "conv" + geo.dims + "d";
    DType dtype = gy.dtype();
    Object gx = allocate(op + " backward", dtype, geo.inShape());
    Object gd = elements(gy);
    int go = dataOffsetOf(gy);
    Object wd = elements(weight);
    int wo = dataOffsetOf(weight);
    int kg = geo.kg();
    int l = geo.l();
    int coutG = geo.coutG();
    int inPlane = geo.c * geo.h * geo.w;
    boolean direct = geo.identityCols();
    Object cols = direct ? null : allocate(op + " (im2col columns)", dtype, geo.c, geo.kh, geo.kw, l);
    Kernels k = Kernels.get();
    if (l > 0 && kg > 0 && coutG > 0) {
      for (int n = 0; n < geo.n; n++) {
        Object dst = direct ? gx : cols;
        int dstOff = direct ? n * inPlane : 0;
        for (int g = 0; g < geo.groups; g++) {
          k.gemmAny(true, false, kg, l, coutG, wd, wo + g * coutG * kg, kg, gd, go + (n * geo.cout + g * coutG) * l,
              l, 0d, dst, dstOff + g * kg * l, l);
        }
        if (!direct) {
          col2im(cols, geo, gx, n * inPlane);
        }
      }
    }
    return gx;
  }

  /** dw of a convolution: Σ_n gy[n, g] · im2col(x[n])_gᵀ, accumulated by gemm with beta = 1. */
  static Tensor weightGrad(Tensor x, Tensor gy, Geometry geo) {
    String op = "conv" + geo.dims + "d";
    DType dtype = x.dtype();
    Object gw = allocate(op + " backward", dtype, geo.weightShape());
    Object xd = elements(x);
    int xo = dataOffsetOf(x);
    Object gd = elements(gy);
    int go = dataOffsetOf(gy);
    int kg = geo.kg();
    int l = geo.l();
    int coutG = geo.coutG();
    int inPlane = geo.c * geo.h * geo.w;
    Object cols = geo.identityCols() ? null : allocate(op + " (im2col columns)", dtype, geo.c, geo.kh, geo.kw, l);
    Kernels k = Kernels.get();
    if (l > 0 && kg > 0 && coutG > 0) {
      for (int n = 0; n < geo.n; n++) {
        Object src = xd;
        int srcOff = xo + n * inPlane;
        if (cols != null) {
          im2col(xd, srcOff, geo, cols);
          src = cols;
          srcOff = 0;
        }
        for (int g = 0; g < geo.groups; g++) {
          k.gemmAny(false, true, coutG, kg, l, gd, go + (n * geo.cout + g * coutG) * l, l, src, srcOff + g * kg * l,
              l, n == 0 ? 0d : 1d, gw, g * coutG * kg, kg);
        }
      }
    }
    Tensor r = wrap(gw, geo.weightShape());
    if ((x.requiresGrad() || gy.requiresGrad()) && GradMode.isEnabled()) {
      attach(r, new WeightGradBackward(x, gy, geo));
    }
    return r;
  }

  /**
   * The node of a convolution, or of a transposed one (the same three ops with the roles of x and y swapped:
   * y = inputGrad(x, w), so dx = conv(gy, w) and dw = weightGrad(gy, x)).
   */
  static final class ConvBackward extends Node {
    final String name;
    final Geometry geo;
    final boolean transposed;

    ConvBackward(String name, Tensor x, Tensor weight, Tensor bias, Geometry geo, boolean transposed) {
      super(edgeOf(x), edgeOf(weight), bias == null ? null : edgeOf(bias));
      this.name = name;
      this.geo = geo;
      this.transposed = transposed;
      save(weight.requiresGrad() ? x : null, x.requiresGrad() ? weight : null);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor gx = null;
      Tensor gw = null;
      if (next[0] != null) {
        gx = transposed ? conv(g, saved(1), null, geo, "ConvolutionBackwardBackward0") : inputGrad(g, saved(1), geo);
      }
      if (next[1] != null) {
        gw = transposed ? weightGrad(g, saved(0), geo) : weightGrad(saved(0), g, geo);
      }
      Tensor gb = next[2] == null ? null : g.sum(geo.biasGradDims(), false);
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

  /** {@link #im2col} over float[] or (float64) double[] arrays. */
  static void im2col(Object x, int xOff, Geometry g, Object cols) {
    if (cols instanceof double[] c) {
      im2col((double[]) x, xOff, g, c);
    } else {
      im2col((float[]) x, xOff, g, (float[]) cols);
    }
  }

  /** {@link #col2im} over float[] or (float64) double[] arrays. */
  static void col2im(Object cols, Geometry g, Object x, int xOff) {
    if (cols instanceof double[] c) {
      col2im(c, g, (double[]) x, xOff);
    } else {
      col2im((float[]) cols, g, (float[]) x, xOff);
    }
  }

  /** The float64 {@link #im2col(float[], int, Geometry, float[])}: the same walk over doubles. */
  static void im2col(double[] x, int xOff, Geometry g, double[] cols) {
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
              Arrays.fill(cols, dst, dst + g.ow, 0d);
              continue;
            }
            Arrays.fill(cols, dst, dst + owStart, 0d);
            int src = plane + ih * g.w + colOff;
            for (int ow = owStart; ow < owEnd; ow++) {
              cols[dst + ow] = x[src + ow * g.sw];
            }
            Arrays.fill(cols, dst + owEnd, dst + g.ow, 0d);
          }
        }
      }
    }
  }

  /** The float64 {@link #col2im(float[], Geometry, float[], int)}. */
  static void col2im(double[] cols, Geometry g, double[] x, int xOff) {
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

  /** PyTorch's C name of a dtype in conv's bias message: "float", "double". */
  private static String cTypeName(DType t) {
    return t.scalarTypeName().toLowerCase(java.util.Locale.ROOT);
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
