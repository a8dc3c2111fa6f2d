package dev.jgrad.autograd.ops;

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
import dev.jgrad.autograd.storage.Shapes;
import dev.jgrad.autograd.storage.SizeLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ops that build a new tensor by moving data around (copies, not views): cat, stack, flip, repeat and constant
 * padding. Each backward is again a movement op (narrow, select, flip, sum over the repeats, pad with negated
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
    List<Tensor> parts = new ArrayList<>(tensors.size());
    for (Tensor t : tensors) {
      if (t == ref || !isLegacyEmpty(t)) {
        parts.add(t);
      }
    }
    Tensor r = fresh(joined(parts, d, outShape, "cat"), outShape, resultType(tensors));
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
    List<Tensor> parts = new ArrayList<>(tensors.size());
    for (Tensor t : tensors) {
      parts.add(Views.unsqueeze(t.detach(), d));
    }
    int[] outShape = Shapes.insertDim(shape, d, tensors.size());
    Tensor r = fresh(joined(parts, d, outShape, "stack"), outShape, resultType(tensors));
    if (anyRequiresGrad(tensors)) {
      attach(r, new JoinBackward("StackBackward0", tensors, d, true));
    }
    return r;
  }

  /** Row-major data of the parts laid side by side along d: for each outer index, each part's inner block. */
  private static float[] joined(List<Tensor> parts, int d, int[] outShape, String op) {
    float[] out = SizeLimits.allocate(op, outShape);
    if (out.length == 0) {
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
      float[] src = dataOf(p);
      int so = dataOffsetOf(p);
      for (int o = 0; o < outer; o++) {
        System.arraycopy(src, so + o * block, out, o * outBlock + at, block);
      }
      at += block;
    }
    return out;
  }

  private static DType resultType(List<Tensor> tensors) {
    DType type = DType.BOOL;
    for (Tensor t : tensors) {
      if (t.dtype() == DType.FLOAT32) {
        return DType.FLOAT32;
      }
      if (t.dtype() == DType.INT64) {
        type = DType.INT64;
      }
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

    JoinBackward(String name, List<Tensor> tensors, int dim, boolean stacked) {
      super(edges(tensors));
      this.name = name;
      this.dim = dim;
      this.stacked = stacked;
      this.shapes = new int[tensors.size()][];
      for (int i = 0; i < shapes.length; i++) {
        shapes[i] = shapeOf(tensors.get(i));
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
          out[i] = next[i] == null ? null : g.select(dim, i);
          continue;
        }
        if (isLegacyEmpty(shapes[i]) && !(shapeOf(g).length == 1)) {
          out[i] = next[i] == null ? null : Tensor.zeros(shapes[i]);
          continue;
        }
        int len = shapes[i][dim];
        out[i] = next[i] == null ? null : g.narrow(dim, start, len);
        start += len;
      }
      return out;
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
    float[] out = x.numel() == 0 ? new float[0]
        : newView(storageOf(x), shapeOf(x), strides, offset, x.dtype()).toArray();
    Tensor r = fresh(out, shapeOf(x).clone(), x.dtype());
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
    float[] out = total == 0 ? new float[0]
        : newView(storageOf(x), pairShape, pairStrides, x.storageOffset(), x.dtype()).toArray();
    Tensor r = fresh(out, outShape, x.dtype());
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
  public static Tensor pad(Tensor x, int[] pad, float value) {
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
    Tensor r = Factories.full(outShape, value, "pad");
    if (src.numel() > 0) {
      Tensor region = r.detach();
      for (int d = 0; d < nd; d++) {
        region = Views.narrow(region, d, outStart[d], shapeOf(src)[d]);
      }
      Strided.write(src.toArray(), 0, region);
    }
    Tensor out = x.dtype() == DType.FLOAT32 ? r : fresh(storageOf(r).data, shapeOf(r), x.dtype());
    if (x.requiresGrad() && GradMode.isEnabled()) {
      int[] negated = new int[pad.length];
      for (int i = 0; i < pad.length; i++) {
        negated[i] = -pad[i];
      }
      attach(out, new CopyBackward(CopyOp.CONSTANT_PAD, negated, shapeOf(x), edgeOf(x)));
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
        case CONSTANT_PAD -> pad(g, args, 0f);
      };
      return new Tensor[] {r};
    }
  }
}
