package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.access.TensorAccess.gradFnOf;
import static com.google.common.base.Preconditions.checkArgument;
import static dev.jgrad.autograd.access.TensorAccess.attach;
import static dev.jgrad.autograd.access.TensorAccess.dataOf;
import static dev.jgrad.autograd.access.TensorAccess.dataOffsetOf;
import static dev.jgrad.autograd.access.TensorAccess.edgeOf;
import static dev.jgrad.autograd.access.TensorAccess.fresh;
import static dev.jgrad.autograd.access.TensorAccess.newView;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;
import static dev.jgrad.autograd.access.TensorAccess.storageOf;
import static dev.jgrad.autograd.access.TensorAccess.stridesOf;


import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.autograd.Node;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.kernels.Dtypes;
import dev.jgrad.autograd.storage.Shapes;
import dev.jgrad.autograd.storage.SizeLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ops that build a new tensor by moving data around (copies, not views): cat, stack, flip, repeat and padding
 * (constant, reflect, replicate, circular). Each backward is again a movement op (narrow, select, flip, sum over the repeats, pad with negated
 * amounts), so double backward works.
 */
public final class Shaping {
  private Shaping() {}

  // ------------------------------------------------------------------ cat / stack

  /** Joins tensors along an existing dim; 1-D empty tensors are skipped, as PyTorch's legacy rule does. */
  public static Tensor cat(List<Tensor> tensors, int dim) {
    checkArgument(!tensors.isEmpty(), "cat: torch.cat(): expected a non-empty list of Tensors");
    Tensor ref = null;
    for (int i = 0; i < tensors.size(); i++) {
      Tensor t = tensors.get(i);
      if (shapeOf(t).length == 0) {
        throw new IllegalArgumentException(
            "cat: zero-dimensional tensor (at position " + i + ") cannot be concatenated");
      }
      if (ref == null && !isLegacyEmpty(t)) {
        ref = t;
      }
    }
    if (ref == null) {
      ref = tensors.get(0);
    }
    int nd = shapeOf(ref).length;
    int d = Shapes.dim(dim, nd, "cat");
    long total = 0;
    for (int i = 0; i < tensors.size(); i++) {
      Tensor t = tensors.get(i);
      if (t != ref && isLegacyEmpty(t)) {
        continue;
      }
      if (shapeOf(t).length != nd) {
        throw new IllegalArgumentException(
            "cat: Tensors must have same number of dimensions: got " + nd + " and " + shapeOf(t).length);
      }
      for (int k = 0; k < nd; k++) {
        if (k != d && shapeOf(t)[k] != shapeOf(ref)[k]) {
          throw new IllegalArgumentException(
              "cat: Sizes of tensors must match except in dimension " + d + ". Expected size " + shapeOf(ref)[k]
                  + " but got size " + shapeOf(t)[k] + " for tensor number " + i + " in the list.");
        }
      }
      total += shapeOf(t)[d];
    }
    long[] sizes = Arrays.stream(shapeOf(ref)).asLongStream().toArray();
    sizes[d] = total;
    int[] outShape = SizeLimits.shape("cat", sizes);
    DType type = resultType(tensors);
    List<Tensor> parts = new ArrayList<>(tensors.size());
    for (Tensor t : tensors) {
      if (t == ref || !isLegacyEmpty(t)) {
        parts.add(t.dtype() == type ? t : t.detach().to(type));
      }
    }
    Tensor r = Elements.tensor(joined(parts, d, outShape, type, "cat"), outShape, type);
    if (anyRequiresGrad(tensors)) {
      attach(r, new JoinBackward("CatBackward0", tensors, d, false));
    }
    return r;
  }

  private static boolean isLegacyEmpty(Tensor t) {
    return shapeOf(t).length == 1 && shapeOf(t)[0] == 0;
  }

  /** Joins equal-shaped tensors along a new dim. */
  public static Tensor stack(List<Tensor> tensors, int dim) {
    checkArgument(!tensors.isEmpty(), "stack: stack expects a non-empty TensorList");
    int[] shape = shapeOf(tensors.get(0));
    int d = Shapes.dim(dim, shape.length + 1, "stack");
    for (int i = 1; i < tensors.size(); i++) {
      if (!Arrays.equals(shapeOf(tensors.get(i)), shape)) {
        throw new IllegalArgumentException(
            "stack: stack expects each tensor to be equal size, but got " + Shapes.str(shape) + " at entry 0 and "
                + Shapes.str(shapeOf(tensors.get(i))) + " at entry " + i);
      }
    }
    DType type = resultType(tensors);
    List<Tensor> parts = new ArrayList<>(tensors.size());
    for (Tensor t : tensors) {
      parts.add(Views.unsqueeze(t.dtype() == type ? t.detach() : t.detach().to(type), d));
    }
    int[] outShape = Shapes.insertDim(shape, d, tensors.size());
    Tensor r = Elements.tensor(joined(parts, d, outShape, type, "stack"), outShape, type);
    if (anyRequiresGrad(tensors)) {
      attach(r, new JoinBackward("StackBackward0", tensors, d, true));
    }
    return r;
  }

  /**
   * Row-major data of the parts (all of {@code type}) laid side by side along d: for each outer index, each part's
   * inner block.
   */
  private static Object joined(List<Tensor> parts, int d, int[] outShape, DType type, String op) {
    Object out = Elements.allocate(op, outShape, type);
    if (Shapes.numel(outShape) == 0) {
      return out;
    }
    int outer = 1;
    for (int k = 0; k < d; k++) {
      outer *= outShape[k];
    }
    int inner = 1;
    for (int k = d + 1; k < outShape.length; k++) {
      inner *= outShape[k];
    }
    int outBlock = outShape[d] * inner;
    int at = 0;
    for (Tensor p : parts) {
      int block = shapeOf(p)[d] * inner;
      if (block == 0) {
        continue;
      }
      Object src = Elements.of(p);
      int so = dataOffsetOf(p);
      for (int o = 0; o < outer; o++) {
        System.arraycopy(src, so + o * block, out, o * outBlock + at, block);
      }
      at += block;
    }
    return out;
  }

  /** PyTorch's cat promotes its inputs to one dtype (float32 with float64 gives float64, int64 with float32 float32). */
  private static DType resultType(List<Tensor> tensors) {
    DType type = tensors.get(0).dtype();
    for (Tensor t : tensors) {
      type = Dtypes.promote(type, t.dtype());
    }
    return type;
  }

  private static boolean anyRequiresGrad(List<Tensor> tensors) {
    if (!GradMode.isEnabled()) {
      return false;
    }
    for (Tensor t : tensors) {
      if (t.requiresGrad()) {
        return true;
      }
    }
    return false;
  }

  /** cat's rule narrows the gradient back into pieces; stack's selects each slice of the new dim. */
  static final class JoinBackward extends Node {
    final String name;
    final int dim;
    final boolean stacked;
    final int[][] shapes;
    final DType[] dtypes;

    JoinBackward(String name, List<Tensor> tensors, int dim, boolean stacked) {
      super(edges(tensors));
      this.name = name;
      this.dim = dim;
      this.stacked = stacked;
      this.shapes = new int[tensors.size()][];
      this.dtypes = new DType[tensors.size()];
      for (int i = 0; i < shapes.length; i++) {
        shapes[i] = shapeOf(tensors.get(i));
        dtypes[i] = tensors.get(i).dtype();
      }
    }

    private static Node[] edges(List<Tensor> tensors) {
      Node[] e = new Node[tensors.size()];
      for (int i = 0; i < e.length; i++) {
        e[i] = edgeOf(tensors.get(i));
      }
      return e;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor[] out = new Tensor[shapes.length];
      int start = 0;
      for (int i = 0; i < shapes.length; i++) {
        if (stacked) {
          out[i] = next[i] == null ? null : inputDtype(g.select(dim, i), i);
          continue;
        }
        if (isLegacyEmpty(shapes[i]) && !(shapeOf(g).length == 1)) {
          out[i] = next[i] == null ? null : inputDtype(Tensor.zeros(g.dtype(), shapes[i]), i);
          continue;
        }
        int len = shapes[i][dim];
        out[i] = next[i] == null ? null : inputDtype(g.narrow(dim, start, len), i);
        start += len;
      }
      return out;
    }

    /** An input promoted by the join gets its gradient back in its own dtype, as PyTorch's engine casts it. */
    private Tensor inputDtype(Tensor g, int i) {
      return g.dtype() == dtypes[i] || !dtypes[i].isFloatingPoint() ? g : g.to(dtypes[i]);
    }

    private static boolean isLegacyEmpty(int[] shape) {
      return shape.length == 1 && shape[0] == 0;
    }
  }

  // ------------------------------------------------------------------ flip

  /** A copy with the order of elements reversed along each of {@code dims}. */
  public static Tensor flip(Tensor x, int[] dims) {
    int nd = shapeOf(x).length;
    boolean[] flipped = new boolean[Math.max(nd, 1)];
    for (int dim : dims) {
      int d = Shapes.dim(dim, nd, "flip");
      if (flipped[d]) {
        throw new IllegalArgumentException(
            "flip: dim " + d + " appears multiple times in the list of dims " + Arrays.toString(dims));
      }
      flipped[d] = true;
    }
    // Read through a view with negated strides: the one strided copy does the reversal.
    int[] strides = stridesOf(x).clone();
    int offset = x.storageOffset();
    for (int d = 0; d < nd; d++) {
      if (flipped[d] && shapeOf(x)[d] > 0) {
        offset += (shapeOf(x)[d] - 1) * stridesOf(x)[d];
        strides[d] = -stridesOf(x)[d];
      }
    }
    Tensor r = Elements.tensor(Elements.copy(newView(storageOf(x), shapeOf(x), strides, offset, x.dtype())),
        shapeOf(x).clone(), x.dtype());
    if (x.requiresGrad() && GradMode.isEnabled()) {
      int[] normalized = Statistics.maskDims(Arrays.copyOf(flipped, nd));
      attach(r, new CopyBackward(CopyOp.FLIP, normalized, shapeOf(x), edgeOf(x)));
    }
    return r;
  }

  // ------------------------------------------------------------------ repeat

  /** Tiles the tensor: dim i of the result is {@code repeats[i]} copies of dim i (leading dims added as 1). */
  public static Tensor repeat(Tensor x, int[] repeats) {
    int nd = shapeOf(x).length;
    int n = repeats.length;
    if (n < nd) {
      throw new IllegalArgumentException(
          "repeat: Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor "
              + "(repeats " + Arrays.toString(repeats) + ", tensor shape " + Shapes.str(shapeOf(x)) + ")");
    }
    for (int r : repeats) {
      if (r < 0) {
        throw new IllegalArgumentException(
            "repeat: Trying to create tensor with negative dimension " + r + ": " + Arrays.toString(repeats));
      }
    }
    int lead = n - nd;
    int[] padded = new int[n];
    int[] paddedStrides = new int[n];
    for (int i = 0; i < n; i++) {
      padded[i] = i < lead ? 1 : shapeOf(x)[i - lead];
      paddedStrides[i] = i < lead ? 0 : stridesOf(x)[i - lead];
    }
    // Interleaved [r0, s0, r1, s1, ...] with stride 0 on each r: its row-major order is the tiled result.
    int[] pairShape = new int[2 * n];
    int[] pairStrides = new int[2 * n];
    long[] sizes = new long[n];
    for (int i = 0; i < n; i++) {
      pairShape[2 * i] = repeats[i];
      pairShape[2 * i + 1] = padded[i];
      pairStrides[2 * i + 1] = paddedStrides[i];
      sizes[i] = (long) repeats[i] * padded[i];
    }
    int[] outShape = SizeLimits.shape("repeat", sizes);
    int total = Shapes.numel(outShape);
    Object out = total == 0 ? Elements.allocate("repeat", outShape, x.dtype())
        : Elements.copy(newView(storageOf(x), pairShape, pairStrides, x.storageOffset(), x.dtype()));
    Tensor r = Elements.tensor(out, outShape, x.dtype());
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new CopyBackward(CopyOp.REPEAT, pairShape, shapeOf(x), edgeOf(x)));
    }
    return r;
  }

  // ------------------------------------------------------------------ pad

  /**
   * Constant padding with PyTorch's reversed pairs: {@code pad = {left, right, top, bottom, ...}} pads the last
   * dim by (left, right), the one before by (top, bottom), and so on. Negative amounts crop.
   */
  public static Tensor pad(Tensor x, int[] pad, double value) {
    int nd = shapeOf(x).length;
    if (pad.length % 2 != 0) {
      throw new IllegalArgumentException(
          "pad: Padding length must be divisible by 2, got " + pad.length + " values " + Arrays.toString(pad));
    }
    if (pad.length / 2 > nd) {
      throw new IllegalArgumentException(
          "pad: Padding length too large: " + pad.length + " values for a " + nd + "-D tensor (shape "
              + Shapes.str(shapeOf(x)) + ")");
    }
    long[] sizes = Arrays.stream(shapeOf(x)).asLongStream().toArray();
    Tensor src = x.detach();
    int[] outStart = new int[nd];
    for (int i = 0; i < pad.length / 2; i++) {
      int d = nd - 1 - i;
      int before = pad[2 * i];
      int after = pad[2 * i + 1];
      long size = (long) shapeOf(x)[d] + before + after;
      if (size < 0) {
        throw new IllegalArgumentException(
            "pad: The input size " + shapeOf(x)[d] + ", plus negative padding " + before + " and " + after
                + " resulted in a negative output size, which is invalid. Check dimension " + d + " of your input.");
      }
      sizes[d] = size;
      // Cropping (negative amounts) narrows the source; padding shifts where it lands in the output.
      int cropBefore = Math.max(-before, 0);
      int cropAfter = Math.max(-after, 0);
      int keep = Math.max(shapeOf(x)[d] - cropBefore - cropAfter, 0);
      src = Views.narrow(src, d, Math.min(cropBefore, shapeOf(x)[d]), keep);
      outStart[d] = Math.max(before, 0);
    }
    int[] outShape = SizeLimits.shape("pad", sizes);
    Tensor out = Factories.full(outShape, value, x.dtype(), "pad");
    if (src.numel() > 0) {
      Tensor region = out.detach();
      for (int d = 0; d < nd; d++) {
        region = Views.narrow(region, d, outStart[d], shapeOf(src)[d]);
      }
      Elements.write(src, region);
    }
    if (x.requiresGrad() && GradMode.isEnabled()) {
      int[] negated = new int[pad.length];
      for (int i = 0; i < pad.length; i++) {
        negated[i] = -pad[i];
      }
      attach(out, new CopyBackward(CopyOp.CONSTANT_PAD, negated, shapeOf(x), edgeOf(x)));
    }
    return out;
  }

  /** F.pad's modes. */
  enum PadMode {
    CONSTANT("constant"),
    REFLECT("reflect"),
    REPLICATE("replicate"),
    CIRCULAR("circular");

    final String label;

    PadMode(String label) {
      this.label = label;
    }

    static PadMode of(String mode) {
      for (PadMode m : values()) {
        if (m.label.equals(mode)) {
          return m;
        }
      }
      throw new IllegalArgumentException("pad: Unrecognised padding mode " + mode
          + " (expected constant, reflect, replicate or circular)");
    }
  }

  /**
   * PyTorch's {@code F.pad}: constant padding of any trailing dims, or reflect / replicate / circular padding of the
   * last 1, 2 or 3 dims of an input with one or two more dims (the batch and channel dims, or the channel dim
   * only). {@code value} is null when not given; the non-constant modes refuse a non-zero one.
   */
  public static Tensor pad(Tensor x, int[] pad, String mode, Double value) {
    PadMode m = PadMode.of(mode);
    int nd = shapeOf(x).length;
    checkArgument(pad.length % 2 == 0, "pad: Padding length must be divisible by 2, got %s values %s", pad.length,
        Arrays.toString(pad));
    checkArgument(pad.length <= 2 * nd, "pad: Padding length too large: %s values for a %s-D tensor (shape %s)",
        pad.length, nd, Shapes.str(shapeOf(x)));
    if (m == PadMode.CONSTANT) {
      return pad(x, pad, value == null ? 0 : value);
    }
    checkArgument(value == null || value == 0, "pad: Padding mode \"%s\" doesn't take in value argument (got %s)",
        mode, value);
    int k = pad.length / 2;
    checkArgument(k >= 1 && k <= 3 && (nd == k + 1 || nd == k + 2),
        "pad: Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now: mode %s pads the last "
            + "len(pad)/2 dims of an input with one or two more dims, got %s values for input of size %s", mode,
        pad.length, Shapes.str(shapeOf(x)));
    for (int d = nd == k + 2 ? 1 : 0; d < nd; d++) {
      checkArgument(shapeOf(x)[d] > 0, "pad: Expected %sD or %sD (batch mode) tensor with possibly 0 batch size and "
          + "other non-zero dimensions for input, but got: %s", k + 1, k + 2, Shapes.str(shapeOf(x)));
    }
    if (m == PadMode.CIRCULAR) {
      return circular(x, pad);
    }
    long[] out = new long[k];
    for (int i = 0; i < k; i++) {
      int d = nd - 1 - i;
      int before = pad[2 * i];
      int after = pad[2 * i + 1];
      if (m == PadMode.REFLECT) {
        checkArgument(before < shapeOf(x)[d] && after < shapeOf(x)[d], "pad: Argument #%s: Padding size should be less "
            + "than the corresponding input dimension, but got: padding (%s, %s) at dimension %s of input %s",
            4 + 2 * i, before, after, d, Shapes.str(shapeOf(x)));
      }
      out[k - 1 - i] = (long) shapeOf(x)[d] + before + after;
    }
    if (Arrays.stream(out).anyMatch(o -> o < 1)) {
      String[] names = {"D", "H", "W"};
      StringBuilder in = new StringBuilder();
      StringBuilder got = new StringBuilder();
      for (int i = 0; i < k; i++) {
        String name = names[3 - k + i];
        in.append(i == 0 ? "" : ", ").append(name).append(": ").append(shapeOf(x)[nd - k + i]);
        got.append(i == 0 ? "" : " ").append(name).append(": ").append(out[i]);
      }
      throw new IllegalArgumentException(
          "pad: input (" + in + ") is too small. Calculated output " + got + " (mode " + mode + ", pad "
              + Arrays.toString(pad) + ")");
    }
    return mapPad(x, pad, m, k);
  }

  /**
   * Reflect or replicate padding as a gather over each plane of the last k dims: out[p, o] = x[p, map[o]], with
   * map computed once per call. The rule is the matching scatter-add; the two are adjoint, so each is the other's
   * derivative.
   */
  private static Tensor mapPad(Tensor x, int[] pad, PadMode mode, int k) {
    int nd = shapeOf(x).length;
    int[] outShape = shapeOf(x).clone();
    for (int i = 0; i < k; i++) {
      outShape[nd - 1 - i] = shapeOf(x)[nd - 1 - i] + pad[2 * i] + pad[2 * i + 1];
    }
    outShape = SizeLimits.shape("pad", Arrays.stream(outShape).asLongStream().toArray());
    int outPlane = 1;
    for (int d = nd - k; d < nd; d++) {
      outPlane *= outShape[d];
    }
    int[] map = new int[outPlane];
    int[] coord = new int[k];
    for (int o = 0; o < outPlane; o++) {
      int src = 0;
      for (int j = 0; j < k; j++) {
        int d = nd - k + j;
        int size = shapeOf(x)[d];
        int i = coord[j] - pad[2 * (k - 1 - j)];
        if (mode == PadMode.REFLECT) {
          i = i < 0 ? -i : i >= size ? 2 * (size - 1) - i : i;
        } else {
          i = Math.max(0, Math.min(size - 1, i));
        }
        src = src * size + i;
      }
      map[o] = src;
      for (int j = k - 1; j >= 0 && ++coord[j] == outShape[nd - k + j]; j--) {
        coord[j] = 0;
      }
    }
    String gradFn = (mode == PadMode.REFLECT ? "ReflectionPad" : "ReplicationPad") + k + "DBackward0";
    return gather(x, map, outShape, gradFn);
  }

  private static Tensor gather(Tensor x, int[] map, int[] outShape, String gradFn) {
    int outPlane = map.length;
    Object out = Elements.allocate("pad", outShape, x.dtype());
    int planes = outPlane == 0 ? 0 : Shapes.numel(outShape) / outPlane;
    int inPlane = planes == 0 ? 0 : x.numel() / planes;
    Object xd = Elements.of(x);
    int xo = dataOffsetOf(x);
    for (int p = 0; p < planes; p++) {
      int src = xo + p * inPlane;
      int dst = p * outPlane;
      if (out instanceof double[] od) {
        double[] xs = (double[]) xd;
        for (int o = 0; o < outPlane; o++) {
          od[dst + o] = xs[src + map[o]];
        }
      } else {
        float[] of = (float[]) out;
        float[] xs = (float[]) xd;
        for (int o = 0; o < outPlane; o++) {
          of[dst + o] = xs[src + map[o]];
        }
      }
    }
    Tensor r = Elements.tensor(out, outShape, x.dtype());
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new MapPadNode(x, map, shapeOf(x), gradFn, false));
    }
    return r;
  }

  private static Tensor scatter(Tensor g, int[] map, int[] inShape, String gradFn) {
    int outPlane = map.length;
    Object gx = Elements.allocate("pad backward", inShape, g.dtype());
    int planes = outPlane == 0 ? 0 : g.numel() / outPlane;
    int inPlane = planes == 0 ? 0 : Shapes.numel(inShape) / planes;
    Object gd = Elements.of(g);
    int go = dataOffsetOf(g);
    for (int p = 0; p < planes; p++) {
      int src = go + p * outPlane;
      int dst = p * inPlane;
      if (gx instanceof double[] xd) {
        double[] gs = (double[]) gd;
        for (int o = 0; o < outPlane; o++) {
          xd[dst + map[o]] += gs[src + o];
        }
      } else {
        float[] xf = (float[]) gx;
        float[] gs = (float[]) gd;
        for (int o = 0; o < outPlane; o++) {
          xf[dst + map[o]] += gs[src + o];
        }
      }
    }
    Tensor r = Elements.tensor(gx, inShape.clone(), g.dtype());
    if (g.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new MapPadNode(g, map, shapeOf(g), gradFn.replace("Backward0", "BackwardBackward0"), true));
    }
    return r;
  }

  /** The gather and the scatter of {@link #mapPad} are adjoint: each one's rule is the other. */
  static final class MapPadNode extends Node {
    final int[] map;
    final int[] inShape;
    final String name;
    final boolean adjoint;

    MapPadNode(Tensor input, int[] map, int[] inShape, String name, boolean adjoint) {
      super(edgeOf(input));
      this.map = map;
      this.inShape = inShape.clone();
      this.name = name;
      this.adjoint = adjoint;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      String forwardName = name.replace("BackwardBackward0", "Backward0");
      return new Tensor[] {adjoint ? gather(g, map, inShape, forwardName) : scatter(g, map, inShape, name)};
    }
  }

  /**
   * Circular padding exactly as PyTorch's {@code _pad_circular}: the (possibly cropped) input is copied into the
   * middle of a new tensor, then each dim's wrapped borders are copied from inside it, so the result's history is
   * CopySlices, as in PyTorch. Needs the batch dim.
   */
  private static Tensor circular(Tensor x, int[] pad) {
    int nd = shapeOf(x).length;
    int k = pad.length / 2;
    checkArgument(nd == k + 2, "pad: Expected padding of length %s but got %s: circular padding needs a batched "
        + "input [N, C, ...], got input of size %s", 2 * (nd - 2), pad.length, Shapes.str(shapeOf(x)));
    long[] sizes = Arrays.stream(shapeOf(x)).asLongStream().toArray();
    for (int i = 0; i < k; i++) {
      int d = nd - 1 - i;
      int before = pad[2 * i];
      int after = pad[2 * i + 1];
      checkArgument(before <= shapeOf(x)[d] && after <= shapeOf(x)[d], "pad: Padding value causes wrapping around more "
          + "than once: padding (%s, %s) at dimension %s of input %s", before, after, d, Shapes.str(shapeOf(x)));
      sizes[d] = (long) shapeOf(x)[d] + before + after;
      checkArgument(sizes[d] >= 0, "pad: Negative padding value is resulting in an empty dimension: padding (%s, %s) "
          + "at dimension %s of input %s", before, after, d, Shapes.str(shapeOf(x)));
    }
    int[] outShape = SizeLimits.shape("pad", sizes);
    Tensor out = Factories.full(outShape, 0, x.dtype(), "pad");
    Tensor outSlice = out;
    Tensor inSlice = x;
    for (int i = 0; i < k; i++) {
      int d = nd - 1 - i;
      int before = Math.max(pad[2 * i], 0);
      int after = Math.max(pad[2 * i + 1], 0);
      outSlice = Views.narrow(outSlice, d, before, outShape[d] - before - after);
      int cropBefore = Math.max(-pad[2 * i], 0);
      int cropAfter = Math.max(-pad[2 * i + 1], 0);
      inSlice = Views.narrow(inSlice, d, cropBefore, shapeOf(x)[d] - cropBefore - cropAfter);
    }
    InPlace.copy(outSlice, inSlice);
    for (int i = 0; i < k; i++) {
      int d = nd - 1 - i;
      int before = pad[2 * i];
      int after = pad[2 * i + 1];
      if (before > 0) {
        InPlace.copy(Views.narrow(out, d, 0, before),
            Views.narrow(out, d, outShape[d] - before - Math.max(after, 0), before));
      }
      if (after > 0) {
        InPlace.copy(Views.narrow(out, d, outShape[d] - after, after), Views.narrow(out, d, Math.max(before, 0), after));
      }
    }
    return out;
  }

  /** The copying reshapes whose rule is one op on the gradient; {@link CopyBackward} holds the rules. */
  enum CopyOp {
    FLIP("FlipBackward0"),
    REPEAT("RepeatBackward0"),
    CONSTANT_PAD("ConstantPadNdBackward0");

    /** PyTorch's grad_fn name. */
    final String gradFn;

    CopyOp(String gradFn) {
      this.gradFn = gradFn;
    }
  }

  /** The node of a {@link CopyOp}. */
  static final class CopyBackward extends Node {
    final CopyOp op;
    /** flip: the flipped dims; repeat: the interleaved [r0, s0, r1, s1, ...] shape; pad: the negated amounts. */
    final int[] args;
    final int[] inShape;

    CopyBackward(CopyOp op, int[] args, int[] inShape, Node input) {
      super(input);
      this.op = op;
      this.args = args;
      this.inShape = inShape;
    }

    @Override
    public String name() {
      return op.gradFn;
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor r = switch (op) {
        case FLIP -> flip(g, args);
        case REPEAT -> {
          int[] repeatDims = new int[args.length / 2];
          for (int i = 0; i < repeatDims.length; i++) {
            repeatDims[i] = 2 * i;
          }
          yield g.reshape(args).sum(repeatDims, false).reshape(inShape);
        }
        case CONSTANT_PAD -> pad(g, args, 0);
      };
      return new Tensor[] {r};
    }
  }
}
