package dev.jgrad.autograd.ops;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.jgrad.autograd.access.TensorAccess.attach;
import static dev.jgrad.autograd.access.TensorAccess.edgeOf;
import static dev.jgrad.autograd.access.TensorAccess.makeViewOf;
import static dev.jgrad.autograd.access.TensorAccess.newView;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;
import static dev.jgrad.autograd.access.TensorAccess.storageOf;
import static dev.jgrad.autograd.access.TensorAccess.stridesOf;

import dev.jgrad.autograd.GradMode;
import dev.jgrad.autograd.Node;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.storage.Shapes;
import dev.jgrad.autograd.storage.SizeLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * View ops: new shape/strides/offset over the same storage, each with its derivative rule. A view remembers its
 * base so in-place writes through it can be checked.
 */
public final class Views {
  private Views() {}

  private static Tensor makeView(Tensor x, int[] shape, int[] strides, int offset) {
    Tensor v = newView(storageOf(x), shape, strides, offset, x.dtype());
    makeViewOf(v, x);
    return v;
  }

  private static boolean tracks(Tensor x) {
    return x.requiresGrad() && GradMode.isEnabled();
  }

  /** The view ops (and clone): PyTorch's grad_fn name of each; {@link ViewNode} holds their rules. */
  enum ViewOp {
    VIEW("ViewBackward0"),
    /** A viewable reshape: PyTorch 1.13 (the installed oracle) goes through _reshape_alias; 2.x says ViewBackward0. */
    RESHAPE_ALIAS("ReshapeAliasBackward0"),
    /** A reshape that had to copy. */
    UNSAFE_VIEW("UnsafeViewBackward0"),
    /** squeeze() of every size-1 dim. */
    SQUEEZE("SqueezeBackward0"),
    /** squeeze(dim). */
    SQUEEZE_DIM("SqueezeBackward1"),
    TRANSPOSE("TransposeBackward0"),
    T("TBackward0"),
    PERMUTE("PermuteBackward0"),
    UNSQUEEZE("UnsqueezeBackward0"),
    EXPAND("ExpandBackward0"),
    SLICE("SliceBackward0"),
    /** The slices of split and chunk. */
    SPLIT("SplitBackward0"),
    /** The slices of split with a list of sizes. */
    SPLIT_WITH_SIZES("SplitWithSizesBackward0"),
    SELECT("SelectBackward0"),
    CLONE("CloneBackward0");

    final String gradFn;

    ViewOp(String gradFn) {
      this.gradFn = gradFn;
    }
  }

  /** A view node whose rule is one movement op applied to the gradient. */
  static final class ViewNode extends Node {
    final ViewOp op;
    final int[] inShape;
    final int a;
    final int b;
    final int c;
    final int[] dims;

    ViewNode(ViewOp op, Tensor x, int a, int b, int c, int[] dims) {
      super(edgeOf(x));
      this.op = op;
      this.inShape = shapeOf(x);
      this.a = a;
      this.b = b;
      this.c = c;
      this.dims = dims;
    }

    @Override
    public String name() {
      return op.gradFn;
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor r = switch (op) {
        case VIEW, RESHAPE_ALIAS, UNSAFE_VIEW, SQUEEZE, SQUEEZE_DIM -> g.reshape(inShape);
        case TRANSPOSE -> g.transpose(a, b);
        case T -> g.t();
        case PERMUTE -> g.permute(inverse(dims));
        case UNSQUEEZE -> g.squeeze(a);
        case EXPAND -> Reductions.sumTo(g, inShape);
        case SLICE, SPLIT, SPLIT_WITH_SIZES -> sliceScatterZeros(g, inShape, a, b, c);
        case SELECT -> sliceScatterZeros(g.unsqueeze(a), inShape, a, b, 1);
        case CLONE -> g;
      };
      handOver(g, r);
      return new Tensor[] {r};
    }

    private static int[] inverse(int[] permutation) {
      int[] inv = new int[permutation.length];
      for (int i = 0; i < permutation.length; i++) {
        inv[permutation[i]] = i;
      }
      return inv;
    }
  }

  /**
   * When {@code view} is a view of {@code g} and {@code g} owned its storage, {@code view} becomes the owner: used
   * where {@code g} is dead once the view exists (a gradient the engine passed to a view rule, a product a backward
   * rule transposes before returning it), so that the engine may still hand the result to a leaf's .grad without a
   * copy (see Engine#madeBy).
   */
  static Tensor handOver(Tensor g, Tensor view) {
    if (view != g && storageOf(view) == storageOf(g) && storageOf(g).owner == g) {
      storageOf(g).owner = view;
    }
    return view;
  }

  private static Tensor track(Tensor out, Tensor x, ViewOp op, int a, int b, int c, int[] dims) {
    if (tracks(x)) {
      attach(out, new ViewNode(op, x, a, b, c, dims));
    }
    return out;
  }

  // ------------------------------------------------------------------ view / reshape

  public static Tensor view(Tensor x, int[] requested, String op) {
    int[] shape = Shapes.infer(requested, x.numel(), op);
    int[] strides = viewStrides(x, shape);
    if (strides == null) {
      throw new IllegalArgumentException(
          op + ": view size is not compatible with input tensor's size and stride (at least one dimension spans "
              + "across two contiguous subspaces). Use .reshape(...) instead. (input shape " + Shapes.str(shapeOf(x))
              + ", strides " + Shapes.str(stridesOf(x)) + ", requested " + Shapes.str(shape) + ")");
    }
    return track(makeView(x, shape, strides, x.storageOffset()), x, ViewOp.VIEW, 0, 0, 0, null);
  }

  public static Tensor reshape(Tensor x, int[] requested) {
    int[] shape = Shapes.infer(requested, x.numel(), "reshape");
    int[] strides = viewStrides(x, shape);
    if (strides != null) {
      // PyTorch 1.13 (the installed oracle) reshapes a viewable tensor through _reshape_alias; 2.x names it
      // ViewBackward0.
      return track(makeView(x, shape, strides, x.storageOffset()), x, ViewOp.RESHAPE_ALIAS, 0, 0, 0, null);
    }
    Tensor copy = cloneOf(x);
    return track(makeView(copy, shape, Shapes.contiguousStrides(shape), 0), copy, ViewOp.UNSAFE_VIEW, 0, 0, 0, null);
  }

  /** Strides that view x's memory as {@code shape}, or null when impossible (PyTorch's computeStride). */
  static int[] viewStrides(Tensor x, int[] shape) {
    if (x.isContiguous()) {
      return Shapes.contiguousStrides(shape);
    }
    int[] oldShape = shapeOf(x);
    int[] oldStrides = stridesOf(x);
    int[] newStrides = new int[shape.length];
    if (x.numel() == 0) {
      return Shapes.contiguousStrides(shape);
    }
    int viewD = shape.length - 1;
    int chunkBaseStride = oldStrides.length > 0 ? oldStrides[oldStrides.length - 1] : 1;
    long tensorNumel = 1;
    long viewNumel = 1;
    for (int tensorD = oldShape.length - 1; tensorD >= 0; tensorD--) {
      tensorNumel *= oldShape[tensorD];
      if (tensorD == 0 || (oldShape[tensorD - 1] != 1 && oldStrides[tensorD - 1] != tensorNumel * chunkBaseStride)) {
        while (viewD >= 0 && (viewNumel < tensorNumel || shape[viewD] == 1)) {
          newStrides[viewD] = (int) (viewNumel * chunkBaseStride);
          viewNumel *= shape[viewD];
          viewD--;
        }
        if (viewNumel != tensorNumel) {
          return null;
        }
        if (tensorD > 0) {
          chunkBaseStride = oldStrides[tensorD - 1];
          tensorNumel = 1;
          viewNumel = 1;
        }
      }
    }
    if (viewD != -1) {
      return null;
    }
    return newStrides;
  }

  public static Tensor flatten(Tensor x, int start, int end) {
    int nd = shapeOf(x).length;
    if (nd == 0) {
      return x.reshape(1);
    }
    int s = Shapes.dim(start, nd, "flatten");
    int e = Shapes.dim(end, nd, "flatten");
    checkArgument(s <= e, "flatten() has invalid args: start_dim cannot come after end_dim");
    if (s == e) {
      return x;
    }
    int[] shape = new int[nd - (e - s)];
    int k = 0;
    for (int i = 0; i < s; i++) {
      shape[k++] = shapeOf(x)[i];
    }
    int prod = 1;
    for (int i = s; i <= e; i++) {
      prod *= shapeOf(x)[i];
    }
    shape[k++] = prod;
    for (int i = e + 1; i < nd; i++) {
      shape[k++] = shapeOf(x)[i];
    }
    return reshape(x, shape);
  }

  /** Splits dim {@code dim} into {@code sizes} (one may be -1), as a view. */
  public static Tensor unflatten(Tensor x, int dim, int[] sizes) {
    int nd = shapeOf(x).length;
    int d = Shapes.dim(dim, nd, "unflatten");
    checkArgument(sizes.length != 0, "unflatten: sizes must be non-empty");
    int size = nd == 0 ? 1 : shapeOf(x)[d];
    int[] resolved;
    try {
      resolved = Shapes.infer(sizes, size, "unflatten");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unflatten: Provided sizes " + Shapes.str(sizes) + " don't multiply up to the size of dim " + d + " ("
              + size + ") in the input tensor", e);
    }
    int[] shape = new int[Math.max(nd, 1) - 1 + resolved.length];
    int k = 0;
    for (int i = 0; i < d; i++) {
      shape[k++] = shapeOf(x)[i];
    }
    for (int s : resolved) {
      shape[k++] = s;
    }
    for (int i = d + 1; i < nd; i++) {
      shape[k++] = shapeOf(x)[i];
    }
    return view(x, shape, "unflatten");
  }

  // ------------------------------------------------------------------ split / chunk

  /** Pieces of {@code splitSize} along dim (the last may be smaller), as views. */
  public static List<Tensor> split(Tensor x, int splitSize, int dim) {
    int d = splitDim(x, dim, "split");
    int size = shapeOf(x)[d];
    checkArgument(splitSize >= 0, "split: split expects split_size be non-negative, but got split_size=%s", splitSize);
    checkArgument(splitSize != 0 || size == 0,
        "split: split_size can only be 0 if dimension size is 0, but got dimension size of %s", size);
    int pieces = size == 0 ? 1 : (size + splitSize - 1) / splitSize;
    List<Tensor> out = new ArrayList<>(pieces);
    for (int i = 0; i < pieces; i++) {
      int start = i * splitSize;
      out.add(slice(x, d, start, Math.min(start + splitSize, size), 1, ViewOp.SPLIT));
    }
    return out;
  }

  /** Pieces of the given sizes along dim, which must add up to the dim's size, as views. */
  public static List<Tensor> split(Tensor x, int[] sizes, int dim) {
    int d = splitDim(x, dim, "split");
    int size = shapeOf(x)[d];
    long total = 0;
    for (int s : sizes) {
      if (s < 0) {
        throw new IllegalArgumentException(
            "split: split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes="
                + Arrays.toString(sizes));
      }
      total += s;
    }
    if (total != size) {
      throw new IllegalArgumentException(
          "split: split_with_sizes expects split_sizes to sum exactly to " + size + " (input tensor's size at "
              + "dimension " + d + "), but got split_sizes=" + Arrays.toString(sizes));
    }
    List<Tensor> out = new ArrayList<>(sizes.length);
    int start = 0;
    for (int s : sizes) {
      out.add(slice(x, d, start, start + s, 1, ViewOp.SPLIT_WITH_SIZES));
      start += s;
    }
    return out;
  }

  /** At most {@code chunks} pieces of equal size (the last may be smaller) along dim, as views. */
  public static List<Tensor> chunk(Tensor x, int chunks, int dim) {
    checkArgument(chunks > 0, "chunk: chunk expects `chunks` to be greater than 0, got: %s", chunks);
    int d = splitDim(x, dim, "chunk");
    int size = shapeOf(x)[d];
    if (size == 0) {
      // PyTorch returns `chunks` empty pieces for an empty dim.
      int[] sizes = new int[chunks];
      return split(x, sizes, d);
    }
    return split(x, (size + chunks - 1) / chunks, d);
  }

  private static int splitDim(Tensor x, int dim, String op) {
    checkArgument(shapeOf(x).length != 0, "%s: %s expects at least a 1-dimensional tensor", op, op);
    return Shapes.dim(dim, shapeOf(x).length, op);
  }

  // ------------------------------------------------------------------ transpose / permute

  public static Tensor transpose(Tensor x, int dim0, int dim1) {
    int nd = shapeOf(x).length;
    int a = Shapes.dim(dim0, nd, "transpose");
    int b = Shapes.dim(dim1, nd, "transpose");
    int[] shape = shapeOf(x).clone();
    int[] strides = stridesOf(x).clone();
    if (nd > 0) {
      shape[a] = shapeOf(x)[b];
      shape[b] = shapeOf(x)[a];
      strides[a] = stridesOf(x)[b];
      strides[b] = stridesOf(x)[a];
    }
    return track(makeView(x, shape, strides, x.storageOffset()), x, ViewOp.TRANSPOSE, a, b, 0, null);
  }

  public static Tensor t(Tensor x) {
    if (shapeOf(x).length > 2) {
      throw new IllegalArgumentException(
          "t() expects a tensor with <= 2 dimensions, but self is " + shapeOf(x).length + "D (shape "
              + Shapes.str(shapeOf(x)) + ")");
    }
    int[] shape = shapeOf(x).clone();
    int[] strides = stridesOf(x).clone();
    if (shape.length == 2) {
      shape[0] = shapeOf(x)[1];
      shape[1] = shapeOf(x)[0];
      strides[0] = stridesOf(x)[1];
      strides[1] = stridesOf(x)[0];
    }
    return track(makeView(x, shape, strides, x.storageOffset()), x, ViewOp.T, 0, 0, 0, null);
  }

  public static Tensor permute(Tensor x, int[] dims) {
    int nd = shapeOf(x).length;
    checkArgument(dims.length == nd,
        "permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired "
            + "ordering of dimensions i.e. input.dim() = %s is not equal to len(dims) = %s", nd, dims.length);
    int[] d = new int[nd];
    boolean[] seen = new boolean[nd];
    int[] shape = new int[nd];
    int[] strides = new int[nd];
    for (int i = 0; i < nd; i++) {
      d[i] = Shapes.dim(dims[i], nd, "permute");
      if (seen[d[i]]) {
        throw new IllegalArgumentException("permute(): duplicate dims are not allowed: " + Arrays.toString(dims));
      }
      seen[d[i]] = true;
      shape[i] = shapeOf(x)[d[i]];
      strides[i] = stridesOf(x)[d[i]];
    }
    return track(makeView(x, shape, strides, x.storageOffset()), x, ViewOp.PERMUTE, 0, 0, 0, d);
  }

  // ------------------------------------------------------------------ unsqueeze / squeeze / expand

  public static Tensor unsqueeze(Tensor x, int dim) {
    int nd = shapeOf(x).length;
    int d = Shapes.dim(dim, nd + 1, "unsqueeze");
    int[] shape = Shapes.insertDim(shapeOf(x), d, 1);
    int stride = d < nd ? stridesOf(x)[d] * shapeOf(x)[d] : 1;
    int[] strides = Shapes.insertDim(stridesOf(x), d, stride);
    return track(makeView(x, shape, strides, x.storageOffset()), x, ViewOp.UNSQUEEZE, d, 0, 0, null);
  }

  public static Tensor squeeze(Tensor x, Integer dim) {
    int nd = shapeOf(x).length;
    int[] shape;
    int[] strides;
    ViewOp op;
    if (dim == null) {
      int count = 0;
      for (int s : shapeOf(x)) {
        if (s != 1) {
          count++;
        }
      }
      shape = new int[count];
      strides = new int[count];
      for (int i = 0, k = 0; i < nd; i++) {
        if (shapeOf(x)[i] != 1) {
          shape[k] = shapeOf(x)[i];
          strides[k++] = stridesOf(x)[i];
        }
      }
      op = ViewOp.SQUEEZE;
    } else {
      int d = Shapes.dim(dim, nd, "squeeze");
      if (nd == 0 || shapeOf(x)[d] != 1) {
        shape = shapeOf(x);
        strides = stridesOf(x);
      } else {
        shape = Shapes.withoutDim(shapeOf(x), d);
        strides = Shapes.withoutDim(stridesOf(x), d);
      }
      op = ViewOp.SQUEEZE_DIM;
    }
    return track(makeView(x, shape, strides, x.storageOffset()), x, op, 0, 0, 0, null);
  }

  public static Tensor expand(Tensor x, int[] sizes) {
    int nd = shapeOf(x).length;
    checkArgument(sizes.length >= nd,
        "expand: the number of sizes provided (%s) must be greater or equal to the number of dimensions in the "
            + "tensor (%s)", sizes.length, nd);
    if (Arrays.equals(sizes, shapeOf(x))) {
      return tracks(x) ? track(makeView(x, shapeOf(x), stridesOf(x), x.storageOffset()), x, ViewOp.EXPAND,
          0, 0, 0, null) : x;
    }
    int lead = sizes.length - nd;
    int[] shape = new int[sizes.length];
    int[] strides = new int[sizes.length];
    for (int i = 0; i < sizes.length; i++) {
      int target = sizes[i];
      if (i < lead) {
        if (target < 0) {
          throw new IllegalArgumentException(
              "expand: The expanded size of the tensor (" + target + ") isn't allowed in a leading, non-existing "
                  + "dimension " + i);
        }
        shape[i] = target;
        strides[i] = 0;
      } else {
        int have = shapeOf(x)[i - lead];
        if (target == -1) {
          target = have;
        }
        if (have == target) {
          shape[i] = have;
          strides[i] = stridesOf(x)[i - lead];
        } else if (have == 1) {
          shape[i] = target;
          strides[i] = 0;
        } else {
          throw new IllegalArgumentException(
              "expand: The expanded size of the tensor (" + target + ") must match the existing size (" + have
                  + ") at non-singleton dimension " + i + ".  Target sizes: " + Shapes.str(sizes)
                  + ".  Tensor sizes: " + Shapes.str(shapeOf(x)));
        }
      }
    }
    SizeLimits.numel("expand", shape);
    return track(makeView(x, shape, strides, x.storageOffset()), x, ViewOp.EXPAND, 0, 0, 0, null);
  }

  // ------------------------------------------------------------------ slicing

  /** x[..., start:end:step, ...] along dim, with Python's clamping of start and end. */
  public static Tensor slice(Tensor x, int dim, int start, int end, int step) {
    return slice(x, dim, start, end, step, ViewOp.SLICE);
  }

  /** A slice with the node of {@code op}: SLICE, or SPLIT / SPLIT_WITH_SIZES for split and chunk (as PyTorch). */
  public static Tensor slice(Tensor x, int dim, int start, int end, int step, ViewOp op) {
    int nd = shapeOf(x).length;
    checkArgument(nd != 0, "slice() cannot be applied to a 0-dim tensor.");
    int d = Shapes.dim(dim, nd, "slice");
    checkArgument(step > 0, "slice: slice step must be positive, got %s", step);
    int size = shapeOf(x)[d];
    int s = start < 0 ? Math.max(start + size, 0) : Math.min(start, size);
    int e = end < 0 ? Math.max(end + size, 0) : Math.min(end, size);
    int len = e > s ? (e - s + step - 1) / step : 0;
    int[] shape = shapeOf(x).clone();
    int[] strides = stridesOf(x).clone();
    shape[d] = len;
    strides[d] = stridesOf(x)[d] * step;
    Tensor out = makeView(x, shape, strides, x.storageOffset() + s * stridesOf(x)[d]);
    return track(out, x, op, d, s, step, null);
  }

  public static Tensor narrow(Tensor x, int dim, int start, int length) {
    int nd = shapeOf(x).length;
    int d = Shapes.dim(dim, nd, "narrow");
    int size = shapeOf(x)[d];
    int s = start < 0 ? start + size : start;
    if (s < 0 || s > size || length < 0 || s + length > size) {
      throw new IndexOutOfBoundsException(
          "narrow: start (" + start + ") + length (" + length + ") exceeds dimension size (" + size + ") of dim "
              + d + " (shape " + Shapes.str(shapeOf(x)) + ")");
    }
    return slice(x, d, s, s + length, 1);
  }

  public static Tensor select(Tensor x, int dim, int index) {
    int nd = shapeOf(x).length;
    checkArgument(nd != 0, "select() cannot be applied to a 0-dim tensor.");
    int d = Shapes.dim(dim, nd, "select");
    int size = shapeOf(x)[d];
    if (index < -size || index >= size) {
      throw new IndexOutOfBoundsException(
          "select(): index " + index + " out of range for tensor of size " + Shapes.str(shapeOf(x)) + " at dimension "
              + d);
    }
    int i = index < 0 ? index + size : index;
    Tensor out = makeView(x, Shapes.withoutDim(shapeOf(x), d), Shapes.withoutDim(stridesOf(x), d),
        x.storageOffset() + i * stridesOf(x)[d]);
    return track(out, x, ViewOp.SELECT, d, i, 0, null);
  }

  /** Zeros of {@code shape} with {@code g} written into the slice [start::step] along dim (slice's backward). */
  static Tensor sliceScatterZeros(Tensor g, int[] shape, int dim, int start, int step) {
    Tensor out = Tensor.zeros(g.dtype(), shape);
    Tensor region = slice(out.detach(), dim, start, start + shapeOf(g)[dim] * step, step);
    Elements.write(g, region);
    if (g.requiresGrad() && GradMode.isEnabled()) {
      attach(out, new SliceScatterBackward(g, dim, start, step));
    }
    return out;
  }

  static final class SliceScatterBackward extends Node {
    final int dim;
    final int start;
    final int step;
    final int len;

    SliceScatterBackward(Tensor g, int dim, int start, int step) {
      super(edgeOf(g));
      this.dim = dim;
      this.start = start;
      this.step = step;
      this.len = shapeOf(g)[dim];
    }

    @Override
    public String name() {
      return "SliceScatterBackward0";
    }

    @Override
    protected Tensor[] apply(Tensor gg) {
      return new Tensor[] {slice(gg, dim, start, start + len * step, step)};
    }
  }

  // ------------------------------------------------------------------ copies

  public static Tensor contiguous(Tensor x) {
    return x.isContiguous() ? x : cloneOf(x);
  }

  public static Tensor cloneOf(Tensor x) {
    Tensor out = Elements.tensor(Elements.copy(x), shapeOf(x).clone(), x.dtype());
    return track(out, x, ViewOp.CLONE, 0, 0, 0, null);
  }
}
