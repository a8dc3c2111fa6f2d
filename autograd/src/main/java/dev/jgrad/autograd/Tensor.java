package dev.jgrad.autograd;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.access.TensorAccess;
import dev.jgrad.autograd.ops.Activations;
import dev.jgrad.autograd.ops.EmbeddingBags;
import dev.jgrad.autograd.engine.AccumulateGrad;
import dev.jgrad.autograd.engine.Anomaly;
import dev.jgrad.autograd.engine.Engine;
import dev.jgrad.autograd.kernels.BinaryOp;
import dev.jgrad.autograd.kernels.Dtypes;
import dev.jgrad.autograd.kernels.Dtypes.ScalarKind;
import dev.jgrad.autograd.kernels.UnaryOp;
import dev.jgrad.autograd.ops.ChannelNorms;
import dev.jgrad.autograd.ops.Conv;
import dev.jgrad.autograd.ops.Elements;
import dev.jgrad.autograd.ops.Factories;
import dev.jgrad.autograd.ops.InPlace;
import dev.jgrad.autograd.ops.Indexing;
import dev.jgrad.autograd.ops.LinAlg;
import dev.jgrad.autograd.ops.NNOps.SoftmaxOp;
import dev.jgrad.autograd.ops.NNOps;
import dev.jgrad.autograd.ops.Norms;
import dev.jgrad.autograd.ops.Pointwise;
import dev.jgrad.autograd.ops.Pooling;
import dev.jgrad.autograd.ops.Reductions;
import dev.jgrad.autograd.ops.Shaping;
import dev.jgrad.autograd.ops.Statistics.VarOp;
import dev.jgrad.autograd.ops.Statistics;
import dev.jgrad.autograd.ops.Strided;
import dev.jgrad.autograd.ops.Views;
import dev.jgrad.autograd.print.TensorFormatter;
import dev.jgrad.autograd.storage.Shapes;
import dev.jgrad.autograd.storage.SizeLimits;
import dev.jgrad.autograd.storage.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An n-dimensional array of floats with autograd, PyTorch's {@code torch.Tensor}.
 *
 * <p>A tensor is a view: storage (a {@code float[]} with a version counter) plus shape, strides and offset. View
 * ops ({@link #view}, {@link #transpose}, {@link #expand}, {@link #narrow}, {@link #detach}, ...) share storage;
 * {@link #contiguous()} copies only when needed. Ops follow PyTorch's names in lowerCamelCase; a method ending in
 * {@code _} changes the receiver, as in PyTorch, and nothing else does.
 *
 * <pre>{@code
 * Tensor.manualSeed(0);
 * Tensor x = Tensor.randn(3).requiresGrad_(true);   // tensor([ 1.5410, -0.2934, -2.1788], requires_grad=True)
 * Tensor z = x.add(2).mul(x.add(2)).mul(2).mean();  // tensor(..., grad_fn=<MeanBackward0>)
 * z.backward();                                     // x.grad() = 4 (x + 2) / 3
 * }</pre>
 *
 * <p>This class is a façade: each method delegates to its op family ({@code Pointwise}, {@code Reductions},
 * {@code Statistics}, {@code Norms}, {@code Views}, {@code Shaping}, {@code Indexing}, {@code LinAlg},
 * {@code NNOps}, {@code Conv}, {@code Pooling}, {@code Factories}), where the forward kernel and the derivative
 * rule of the op live side by side.
 */
public class Tensor {
  // Not final: setData (PyTorch's t.data = x) replaces them, keeping the tensor object and its autograd state.
  Storage storage;
  int[] shape;
  int[] strides;
  int offset;
  DType dtype;
  boolean contiguous;

  boolean requiresGrad;
  Tensor grad;
  Node gradFn;
  /** For views: the tensor whose storage this one views (null for tensors that own their storage). */
  Tensor base;
  /**
   * For views: the base's history this view's history was derived from. An in-place op on the base or on another of
   * its views gives the base a new history; a view whose record differs then regenerates its own (see
   * {@link #refreshView}), as PyTorch does.
   */
  Node viewOf;
  private volatile AccumulateGrad accumulator;
  List<UnaryOperator<Tensor>> hooks;

  static {
    TensorAccess.install(new Door());
  }

  /** The internals' view of tensors and nodes (see {@link TensorAccess}). */
  private static final class Door implements TensorAccess.Door {
    @Override public Storage storageOf(Tensor t) { return t.storage; }
    @Override public int[] shapeOf(Tensor t) { return t.shape; }
    @Override public int[] stridesOf(Tensor t) { return t.strides; }
    @Override public float[] dataOf(Tensor t) { return t.data(); }
    @Override public double[] doublesOf(Tensor t) { return t.doubles(); }
    @Override public int dataOffsetOf(Tensor t) { return t.dataOffset(); }
    @Override public Tensor fresh(float[] data, int[] shape, DType dtype) { return Tensor.fresh(data, shape, dtype); }
    @Override public Tensor fresh(double[] data, int[] shape) { return Tensor.fresh(data, shape); }
    @Override public Tensor fresh(long[] data, int[] shape) { return own(new Storage(data), shape, DType.INT64); }
    @Override public Tensor fresh(boolean[] data, int[] shape) { return own(new Storage(data), shape, DType.BOOL); }
    @Override public Tensor newView(Storage storage, int[] shape, int[] strides, int offset, DType dtype) {
      return new Tensor(storage, shape, strides, offset, dtype);
    }
    @Override public Node gradFnOf(Tensor t) { return t.gradFn; }
    @Override public Tensor attach(Tensor t, Node node) { return t.attach(node); }
    @Override public Node edgeOf(Tensor t) { return t.edge(); }
    @Override public Node accumulatorOf(Tensor t) { return t.accumulator(); }
    @Override public void setGrad(Tensor t, Tensor grad) { t.grad = grad; }
    @Override public Tensor baseOf(Tensor t) { return t.base; }
    @Override public void makeViewOf(Tensor view, Tensor of) {
      view.base = of.base != null ? of.base : of;
      view.viewOf = view.base.gradFn;
    }
    @Override public void markViewCurrent(Tensor view) { view.viewOf = view.base.gradFn; }
    @Override public void shareHistory(Tensor to, Tensor from) {
      to.requiresGrad = from.requiresGrad;
      to.gradFn = from.gradFn;
    }
    @Override public void refreshView(Tensor t) { t.refreshView(); }
    @Override public List<UnaryOperator<Tensor>> hooksOf(Tensor t) { return t.hooks; }
    @Override public void addInPlaceUnchecked(Tensor t, Tensor g) { t.addInPlaceUnchecked(g); }
    @Override public Tensor detachedContiguousCopy(Tensor t) { return t.detachedContiguousCopy(); }
    @Override public Tensor contiguousCopyKeepingGraph(Tensor t) { return t.contiguousCopyKeepingGraph(); }
    @Override public Node[] nextOf(Node n) { return n.next; }
    @Override public int hashOf(Node n) { return n.hash; }
    @Override public int[] outputShapeOf(Node n) { return n.outputShape; }
    @Override public DType outputDtypeOf(Node n) { return n.outputDtype; }
    @Override public StackTraceElement[] creationTraceOf(Node n) { return n.creationTrace; }
    @Override public List<UnaryOperator<Tensor>> preHooksOf(Node n) { return n.preHooks; }
    @Override public Tensor retainGradOf(Node n) { return n.retainGradOf; }
    @Override public boolean hasSaved(Node n) { return n.hasSaved(); }
    @Override public void release(Node n) { n.release(); }
    @Override public Tensor[] apply(Node n, Tensor grad) { return n.apply(grad); }
  }

  Tensor(Storage storage, int[] shape, int[] strides, int offset, DType dtype) {
    this(storage, shape, strides, offset, dtype, Shapes.isContiguous(shape, strides));
  }

  private Tensor(Storage storage, int[] shape, int[] strides, int offset, DType dtype, boolean contiguous) {
    this.storage = storage;
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
    this.dtype = dtype;
    this.contiguous = contiguous;
  }

  /**
   * A fresh contiguous tensor owning {@code data}. For int64 and bool the values (whole numbers, 0/1) are converted
   * into the dtype's own array: the form for ops whose integer outputs are small counts and masks.
   */
  static Tensor fresh(float[] data, int[] shape, DType dtype) {
    return switch (dtype) {
      case FLOAT32 -> own(new Storage(data), shape, dtype);
      case INT64 -> {
        long[] v = new long[data.length];
        for (int i = 0; i < v.length; i++) {
          v[i] = (long) data[i];
        }
        yield own(new Storage(v), shape, dtype);
      }
      case BOOL -> {
        boolean[] v = new boolean[data.length];
        for (int i = 0; i < v.length; i++) {
          v[i] = data[i] != 0;
        }
        yield own(new Storage(v), shape, dtype);
      }
      case FLOAT64 -> throw new IllegalArgumentException("a float64 tensor is made from a double[]");
    };
  }

  /** A fresh contiguous float64 tensor owning {@code data}. */
  static Tensor fresh(double[] data, int[] shape) {
    return own(new Storage(data), shape, DType.FLOAT64);
  }

  private static Tensor own(Storage storage, int[] shape, DType dtype) {
    Shapes.numel(shape);   // a last line of defence: an op that sized its data unchecked fails here, not later
    Tensor t = new Tensor(storage, shape, Shapes.contiguousStrides(shape), 0, dtype, true);
    storage.owner = t;
    return t;
  }

  /**
   * Wraps the data of {@code data} (sharing its storage) as a new leaf; used by subclasses such as
   * {@code dev.jgrad.nn.Parameter}.
   */
  protected Tensor(Tensor data, boolean requiresGrad) {
    this(data.storage, data.shape, data.strides, data.offset, data.dtype);
    if (requiresGrad) {
      checkCanRequireGrad("Parameter");
    }
    this.requiresGrad = requiresGrad;
  }

  // ---------------------------------------------------------------- factories (see Factories)

  /** A 1-D tensor holding {@code values}: {@code Tensor.of(1f, 2f, 3f)}. */
  public static Tensor of(float... values) { return Factories.of(values); }
  /** A tensor of the given shape from row-major {@code data} (copied). */
  public static Tensor of(float[] data, int... shape) { return Factories.of(data, shape); }
  /** A 2-D tensor from rows of equal length. */
  public static Tensor of(float[][] rows) { return Factories.of(rows); }
  /** A 1-D int64 tensor (labels, indices). */
  public static Tensor ofLongs(long... values) { return Factories.ofLongs(values); }
  /** A 0-dim tensor: {@code tensor(3.)}. */
  public static Tensor scalar(float value) { return Factories.scalar(value); }
  /** Zeros of the default dtype. */
  public static Tensor zeros(int... shape) { return Factories.full(shape, 0f, "zeros"); }
  /** Ones of the default dtype. */
  public static Tensor ones(int... shape) { return Factories.full(shape, 1f, "ones"); }
  /** {@code value} everywhere, in the default dtype. */
  public static Tensor full(int[] shape, float value) { return Factories.full(shape, value); }
  /** A 1-D float64 tensor holding {@code values} exactly: {@code torch.tensor([...], dtype=torch.float64)}. */
  public static Tensor ofDoubles(double... values) {
    return Factories.of(values, new int[] {values.length}, DType.FLOAT64);
  }
  /** A tensor of {@code dtype} and {@code shape} from row-major values, converted as {@code to(dtype)} would. */
  public static Tensor of(double[] data, int[] shape, DType dtype) { return Factories.of(data, shape, dtype); }
  /** Zeros of {@code dtype}: {@code torch.zeros(shape, dtype=...)}. */
  public static Tensor zeros(DType dtype, int... shape) { return Factories.full(shape, 0, dtype, "zeros"); }
  /** Ones of {@code dtype}. */
  public static Tensor ones(DType dtype, int... shape) { return Factories.full(shape, 1, dtype, "ones"); }
  /** {@code value} everywhere, in {@code dtype}. */
  public static Tensor full(int[] shape, double value, DType dtype) {
    return Factories.full(shape, value, dtype, "full");
  }

  /**
   * Sets the dtype of factories given none and of Java {@code double} arguments in type promotion
   * ({@code torch.set_default_dtype}): float32 (the default) or float64.
   */
  public static void setDefaultDtype(DType dtype) { Dtypes.setDefaultDtype(dtype); }
  /** The default dtype ({@code torch.get_default_dtype()}). */
  public static DType defaultDtype() { return Dtypes.defaultDtype(); }
  /** int64 values 0, 1, ..., end - 1 (like {@code torch.arange(5)}). */
  public static Tensor arange(long end) { return Factories.arange(0, end, 1); }
  /** int64 values from start (inclusive) to end (exclusive) by step. */
  public static Tensor arange(long start, long end, long step) { return Factories.arange(start, end, step); }
  /** Values 0, 1, ... below end in the default dtype (like {@code torch.arange(5.)}). */
  public static Tensor arange(double end) { return Factories.arange(0.0, end, 1.0); }
  /** Values from start (inclusive) to end (exclusive) by step, in the default dtype. */
  public static Tensor arange(double start, double end, double step) { return Factories.arange(start, end, step); }
  /** Values from start (inclusive) to end (exclusive) by step, in a floating {@code dtype}. */
  public static Tensor arange(double start, double end, double step, DType dtype) {
    return Factories.arange(start, end, step, dtype);
  }
  public static Tensor linspace(double start, double end, int steps) { return Factories.linspace(start, end, steps); }
  /** {@code steps} evenly spaced values from start to end, in a floating {@code dtype}. */
  public static Tensor linspace(double start, double end, int steps, DType dtype) {
    return Factories.linspace(start, end, steps, dtype);
  }
  public static Tensor eye(int n) { return Factories.eye(n, n); }
  public static Tensor eye(int n, int m) { return Factories.eye(n, m); }
  /** The n x m identity in {@code dtype}. */
  public static Tensor eye(int n, int m, DType dtype) { return Factories.eye(n, m, dtype); }
  /** Seeds the global generator: the same seed gives PyTorch's numbers ({@code torch.manual_seed}). */
  public static void manualSeed(long seed) {
    Generator.global().manualSeed(seed);
  }

  /** Standard normal samples from the global generator ({@code torch.randn}). */
  public static Tensor randn(int... shape) { return Factories.randn(Generator.global(), shape); }
  public static Tensor randn(Generator generator, int... shape) { return Factories.randn(generator, shape); }
  /** Uniform samples in [0, 1) ({@code torch.rand}). */
  public static Tensor rand(int... shape) { return Factories.rand(Generator.global(), shape); }
  public static Tensor rand(Generator generator, int... shape) { return Factories.rand(generator, shape); }
  /** Standard normal samples of a floating {@code dtype} ({@code torch.randn(shape, dtype=...)}). */
  public static Tensor randn(DType dtype, int... shape) { return Factories.randn(Generator.global(), dtype, shape); }
  public static Tensor randn(Generator generator, DType dtype, int... shape) {
    return Factories.randn(generator, dtype, shape);
  }
  /** Uniform samples in [0, 1) of a floating {@code dtype} ({@code torch.rand(shape, dtype=...)}). */
  public static Tensor rand(DType dtype, int... shape) { return Factories.rand(Generator.global(), dtype, shape); }
  public static Tensor rand(Generator generator, DType dtype, int... shape) {
    return Factories.rand(generator, dtype, shape);
  }
  /** int64 samples uniform in [low, high) ({@code torch.randint}). */
  public static Tensor randint(long low, long high, int... shape) {
    return Factories.randint(Generator.global(), low, high, shape);
  }

  public static Tensor randint(Generator generator, long low, long high, int... shape) {
    return Factories.randint(generator, low, high, shape);
  }

  /** A random permutation of 0..n-1 as int64 ({@code torch.randperm}). */
  public static Tensor randperm(int n) { return Factories.randperm(Generator.global(), n); }
  public static Tensor randperm(Generator generator, int n) { return Factories.randperm(generator, n); }
  public static Tensor zerosLike(Tensor t) { return Factories.fullLike(t, 0f); }
  public static Tensor onesLike(Tensor t) { return Factories.fullLike(t, 1f); }
  public static Tensor fullLike(Tensor t, float value) { return Factories.fullLike(t, value); }
  /** Standard normal samples of t's shape and dtype ({@code torch.randn_like}). */
  public static Tensor randnLike(Tensor t) { return Factories.randn(Generator.global(), t.dtype, t.shape.clone()); }
  /** Uniform samples of t's shape and dtype ({@code torch.rand_like}). */
  public static Tensor randLike(Tensor t) { return Factories.rand(Generator.global(), t.dtype, t.shape.clone()); }

  // ---------------------------------------------------------------- accessors

  /** The sizes of each dimension (a copy). */
  public int[] shape() { return shape.clone(); }
  /** The size of one dimension; negative dims count from the end. */
  public int size(int dim) { return shape[Shapes.dim(dim, shape.length, "size")]; }
  /** The strides of each dimension, in elements (a copy). */
  public int[] stride() { return strides.clone(); }
  public int storageOffset() { return offset; }
  public int dim() { return shape.length; }
  public int numel() { return Shapes.numel(shape); }
  public DType dtype() { return dtype; }
  public boolean isContiguous() { return contiguous; }
  /** The version counter of the storage: bumped by every in-place op on this tensor or any view of it. */
  public int version() { return storage.version(); }
  /** The single value of a one-element tensor ({@code tensor.item()}). */
  public float item() {
    if (numel() != 1) {
      throw new IllegalStateException(
          "item: a Tensor with " + numel() + " elements cannot be converted to Scalar (shape " + Shapes.str(shape)
              + ")");
    }
    return (float) storage.getDouble(offset);
  }

  /**
   * The single value of a one-element tensor as a double, exact for every dtype ({@code item()} of a float64
   * tensor).
   */
  public double doubleValue() {
    item();   // the one-element check and its message
    return storage.getDouble(offset);
  }

  /** The single value of a one-element tensor as a long: exact for int64, truncated toward zero for floating dtypes. */
  public long longValue() {
    item();
    return storage.getLong(offset);
  }

  /**
   * The values in row-major order as floats (always a copy; float64 values and int64 values beyond 2^24 round to
   * the nearest float; bools are 0 and 1).
   */
  public float[] toArray() {
    return (float[]) Elements.convert(this, DType.FLOAT32);
  }

  /** The values in row-major order as doubles (always a copy; exact except int64 values beyond 2^53). */
  public double[] toDoubleArray() {
    return (double[]) Elements.convert(this, DType.FLOAT64);
  }

  /** The values as longs (always a copy): exact for int64 and bool; floating values truncate toward zero. */
  public long[] toLongArray() {
    return (long[]) Elements.convert(this, DType.INT64);
  }

  /** The values as booleans (always a copy): non-zero is true, as {@code to(torch.bool)}. */
  public boolean[] toBooleanArray() {
    return (boolean[]) Elements.convert(this, DType.BOOL);
  }

  /** One element by index; negative indices count from the end. */
  public float get(int... index) {
    if (index.length != shape.length) {
      throw new IllegalArgumentException(
          "get: expected " + shape.length + " indices for a tensor of shape " + Shapes.str(shape) + ", got "
              + index.length);
    }
    int pos = offset;
    for (int d = 0; d < index.length; d++) {
      int i = index[d];
      if (i < -shape[d] || i >= shape[d]) {
        throw new IndexOutOfBoundsException(
            "get: index " + i + " is out of bounds for dimension " + d + " with size " + shape[d]);
      }
      pos += (i < 0 ? i + shape[d] : i) * strides[d];
    }
    return (float) storage.getDouble(pos);
  }

  /**
   * The contiguous float array behind this tensor and where its data starts (copied only when not contiguous). A
   * float64 tensor has none: an op that reaches here with one has no float64 path and says so.
   */
  float[] data() {
    if (storage.data == null) {
      throw Dtypes.notImplemented(dtype);
    }
    return contiguous ? storage.data : toArray();
  }

  /** The contiguous double array behind a float64 tensor (copied only when not contiguous). */
  double[] doubles() {
    if (storage.doubles == null) {
      throw new IllegalStateException("expected a float64 tensor, got " + dtype.torchName());
    }
    return contiguous ? storage.doubles : toDoubleArray();
  }

  int dataOffset() {
    return contiguous ? offset : 0;
  }

  // ---------------------------------------------------------------- autograd state

  /** Whether gradients are recorded for this tensor. */
  public boolean requiresGrad() {
    return requiresGrad;
  }

  /**
   * Sets whether autograd records operations on this leaf; returns {@code this}.
   *
   * @throws IllegalStateException on a non-leaf (use {@link #detach()}), or for a non-float tensor
   */
  public Tensor requiresGrad_(boolean requiresGrad) {
    if (gradFn != null) {
      throw new IllegalStateException(
          "requiresGrad_: you can only change requires_grad flags of leaf variables. If you want to use a computed "
              + "variable in a subgraph that doesn't require differentiation use varNoGrad = var.detach(). "
              + "(this tensor has grad_fn=<" + gradFn.name() + ">)");
    }
    if (requiresGrad) {
      checkCanRequireGrad("requiresGrad_");
    }
    this.requiresGrad = requiresGrad;
    return this;
  }

  private void checkCanRequireGrad(String op) {
    if (!dtype.isFloatingPoint()) {
      throw new IllegalStateException(
          op + ": only Tensors of floating point dtype can require gradients (got " + dtype.torchName() + ")");
    }
  }

  /** True for tensors created by the user (no {@code grad_fn}), including every tensor that does not require grad. */
  public boolean isLeaf() {
    return gradFn == null;
  }

  /**
   * The accumulated gradient: null until a backward pass reaches this tensor, then the sum over every backward
   * since the last reset. Only leaves (and non-leaves that called {@link #retainGrad()}) get one.
   */
  public Tensor grad() {
    return grad;
  }

  /** Replaces the gradient (null clears it); the new gradient must have this tensor's shape. */
  public void setGrad(Tensor newGrad) {
    if (newGrad != null && !Arrays.equals(newGrad.shape, shape)) {
      throw new IllegalArgumentException(
          "setGrad: assigned grad has data of a different size: grad shape " + Shapes.str(newGrad.shape)
              + ", tensor shape " + Shapes.str(shape));
    }
    this.grad = newGrad;
  }

  /**
   * PyTorch's {@code t.data = data}: this tensor takes {@code data}'s storage, geometry and dtype (sharing its
   * storage, no copy) and keeps its identity and autograd state (requiresGrad, grad, hooks); what ops later do to
   * this tensor, they do to the new data. How {@code module.to(DType.FLOAT64)} converts a parameter in place. As in
   * PyTorch, the gradient accumulator is dropped when the dtype or shape changes, and the version counter is not
   * carried over.
   *
   * <pre>{@code
   * Parameter w = new Parameter(Tensor.ones(2));
   * w.setData(w.detach().to(DType.FLOAT64));   // w is now float64, still the same Parameter object
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code data} is null, or if this tensor requires grad and {@code data} is
   *     not floating point ({@code data set to a tensor that requires gradients must be floating point or complex
   *     dtype})
   */
  public Tensor setData(Tensor data) {
    checkArgument(data != null, "setData: data must not be null");
    checkArgument(!requiresGrad || data.dtype.isFloatingPoint(),
        "setData: data set to a tensor that requires gradients must be floating point or complex dtype, got %s",
        data.dtype.torchName());
    if (data.dtype != dtype || !Arrays.equals(data.shape, shape)) {
      accumulator = null;
    }
    storage = data.storage;
    shape = data.shape;
    strides = data.strides;
    offset = data.offset;
    dtype = data.dtype;
    contiguous = data.contiguous;
    return this;
  }

  /** The node that created this tensor (PyTorch's {@code grad_fn}), null for leaves. */
  public Node gradFn() {
    refreshView();
    return gradFn;
  }

  /** An expanded view (stride 0 over more than one element): its elements share memory. */
  private boolean overlapsItself() {
    for (int d = 0; d < shape.length; d++) {
      if (strides[d] == 0 && shape[d] > 1) {
        return true;
      }
    }
    return false;
  }

  /**
   * A view that requires grad, whose base got a new history after the view was made (an in-place op on the base or
   * on an overlapping view), gets a fresh one: PyTorch's AsStridedBackward0 from the base's current history, so
   * gradients see the values the view now holds.
   */
  void refreshView() {
    Tensor b = base;
    if (b != null && b.gradFn != viewOf && requiresGrad && b.gradFn != null && b.contiguous && !overlapsItself()) {
      gradFn = new InPlace.ViewOfBase(b.gradFn, InPlace.ViewGeometry.of(b, this));
      gradFn.attachedTo(this);
      viewOf = b.gradFn;
    }
  }

  /** Asks backward to fill {@link #grad()} on this non-leaf too. No-op on leaves. */
  public Tensor retainGrad() {
    if (!requiresGrad) {
      throw new IllegalStateException("retainGrad: can't retain_grad on Tensor that has requires_grad=False");
    }
    if (gradFn != null) {
      gradFn.retainGradOf = this;
    }
    return this;
  }

  /** Whether backward fills {@code grad()} of this non-leaf. */
  public boolean retainsGrad() {
    return gradFn != null && gradFn.retainGradOf == this;
  }

  /** A handle that removes a hook. */
  public interface HookHandle {
    void remove();
  }

  /**
   * Registers a hook that sees (and may replace, by returning a tensor) the gradient flowing into this tensor in
   * each backward pass. On a leaf it runs before accumulation and sees only this pass's gradient.
   */
  public HookHandle registerHook(UnaryOperator<Tensor> hook) {
    if (!requiresGrad) {
      throw new IllegalStateException(
          "registerHook: cannot register a hook on a tensor that doesn't require gradient");
    }
    List<UnaryOperator<Tensor>> list;
    if (gradFn != null) {
      if (gradFn.preHooks == null) {
        gradFn.preHooks = new ArrayList<>();
      }
      list = gradFn.preHooks;
    } else {
      if (hooks == null) {
        hooks = new ArrayList<>();
      }
      list = hooks;
    }
    list.add(hook);
    return () -> list.remove(hook);
  }

  /** Makes this freshly computed tensor the output of {@code node}. */
  Tensor attach(Node node) {
    gradFn = node;
    requiresGrad = true;
    node.attachedTo(this);
    if (Anomaly.isEnabled()) {
      node.creationTrace = new Throwable().getStackTrace();
    }
    return this;
  }

  AccumulateGrad accumulator() {
    AccumulateGrad a = accumulator;
    if (a == null) {
      // Data-parallel replicas build graphs on one leaf at once: two accumulators would leave one thread's graph
      // on a node that Autograd.grad does not look for, and that leaf's gradient silently missing.
      synchronized (this) {
        a = accumulator;
        if (a == null) {
          accumulator = a = new AccumulateGrad(this);
        }
      }
    }
    return a;
  }

  /** The backward node an op should link to for this input: its grad_fn, its accumulator, or null. */
  Node edge() {
    if (base != null && base.gradFn != viewOf) {
      refreshView();
    }
    if (gradFn != null) {
      return gradFn;
    }
    return requiresGrad ? accumulator() : null;
  }

  /** Computes dL/d(leaves) for a scalar tensor and accumulates into each leaf's {@link #grad()}. */
  public void backward() {
    Engine.backward(new Tensor[] {this}, null, BackwardOptions.defaults());
  }

  /** Vector-Jacobian product: backward with dL/d(this) = {@code gradient} (same shape as this tensor). */
  public void backward(Tensor gradient) {
    Engine.backward(new Tensor[] {this}, new Tensor[] {gradient}, BackwardOptions.defaults());
  }

  /**
   * Backward with options: {@code retainGraph} keeps saved tensors for another backward; {@code createGraph}
   * records the backward pass so the gradients can be differentiated again.
   */
  public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
    backward(gradient, BackwardOptions.defaults().withRetainGraph(retainGraph).withCreateGraph(createGraph));
  }

  /** Backward that accumulates only into {@code inputs} (PyTorch's {@code backward(inputs=...)}). */
  public void backward(Tensor gradient, List<Tensor> inputs) {
    backward(gradient, BackwardOptions.defaults().withInputs(inputs));
  }

  /** Backward with dL/d(this) = {@code gradient} (null for a scalar: 1) and the given options. */
  public void backward(Tensor gradient, BackwardOptions options) {
    Engine.backward(new Tensor[] {this}, new Tensor[] {gradient}, options);
  }

  // ---------------------------------------------------------------- pointwise (see Pointwise)

  public Tensor add(Tensor other) { return Pointwise.binary(BinaryOp.ADD, this, other); }
  /** {@code this + s} with s a Python float: an int64 or bool tensor gives the default dtype. */
  public Tensor add(double s) { return Pointwise.scalar(BinaryOp.ADD, this, s, false); }
  /** {@code this + s} with s a Python int: an int64 tensor stays int64 ({@code x.add(1)} picks this overload). */
  public Tensor add(long s) { return Pointwise.scalar(BinaryOp.ADD, this, s, false); }
  /** {@code this + alpha * other}. */
  public Tensor add(Tensor other, double alpha) { return alpha == 1 ? add(other) : add(other.mul(alpha)); }
  public Tensor sub(Tensor other) { return Pointwise.binary(BinaryOp.SUB, this, other); }
  public Tensor sub(double s) { return Pointwise.scalar(BinaryOp.SUB, this, s, false); }
  public Tensor sub(long s) { return Pointwise.scalar(BinaryOp.SUB, this, s, false); }
  /** {@code s - this} (PyTorch's {@code rsub}). */
  public Tensor rsub(double s) { return Pointwise.scalar(BinaryOp.SUB, this, s, true); }
  /** {@code s - this} with s a Python int. */
  public Tensor rsub(long s) { return Pointwise.scalar(BinaryOp.SUB, this, s, true); }
  public Tensor mul(Tensor other) { return Pointwise.binary(BinaryOp.MUL, this, other); }
  public Tensor mul(double s) { return Pointwise.scalar(BinaryOp.MUL, this, s, false); }
  public Tensor mul(long s) { return Pointwise.scalar(BinaryOp.MUL, this, s, false); }
  public Tensor div(Tensor other) { return Pointwise.binary(BinaryOp.DIV, this, other); }
  public Tensor div(double s) { return Pointwise.scalar(BinaryOp.DIV, this, s, false); }
  /**
   * Division with PyTorch's {@code rounding_mode}: null (true division), "trunc" (toward zero) or "floor" (down,
   * Python's {@code //}); with a rounding mode int64 tensors divide as integers and stay int64, and an integer
   * division by zero fails with ZeroDivisionError.
   *
   * @throws IllegalArgumentException for another rounding mode
   */
  public Tensor div(Tensor other, String roundingMode) {
    return Pointwise.binary(Pointwise.divOp(roundingMode), this, other);
  }
  /** {@link #div(Tensor, String)} by a Python float. */
  public Tensor div(double s, String roundingMode) {
    return Pointwise.scalar(Pointwise.divOp(roundingMode), this, s, false);
  }
  /** {@link #div(Tensor, String)} by a Python int: an int64 tensor stays int64 with a rounding mode. */
  public Tensor div(long s, String roundingMode) {
    return Pointwise.scalar(Pointwise.divOp(roundingMode), this, s, ScalarKind.INT, false);
  }
  /** {@code this // other}: {@code div(other, "floor")}. */
  public Tensor floorDivide(Tensor other) { return Pointwise.binary(BinaryOp.DIV_FLOOR, this, other); }
  public Tensor floorDivide(double s) { return Pointwise.scalar(BinaryOp.DIV_FLOOR, this, s, false); }
  public Tensor floorDivide(long s) { return Pointwise.scalar(BinaryOp.DIV_FLOOR, this, s, false); }
  /** Python's {@code this % other}: the result has the divisor's sign ({@code torch.remainder}). */
  public Tensor remainder(Tensor other) { return Pointwise.binary(BinaryOp.REMAINDER, this, other); }
  public Tensor remainder(double s) { return Pointwise.scalar(BinaryOp.REMAINDER, this, s, false); }
  public Tensor remainder(long s) { return Pointwise.scalar(BinaryOp.REMAINDER, this, s, false); }
  /** {@code s / this} (PyTorch computes {@code s * this.reciprocal()}). */
  public Tensor rdiv(double s) { return reciprocal().mul(s); }
  public Tensor pow(double exponent) { return Pointwise.scalar(BinaryOp.POW, this, exponent, false); }
  /** {@code this ** exponent} with a Python int exponent: an int64 tensor stays int64. */
  public Tensor pow(long exponent) { return Pointwise.scalar(BinaryOp.POW, this, exponent, false); }
  public Tensor pow(Tensor exponent) { return Pointwise.binary(BinaryOp.POW, this, exponent); }
  /** {@code base ** exponent} for a scalar base. */
  public static Tensor pow(double base, Tensor exponent) {
    return Pointwise.scalar(BinaryOp.POW, exponent, base, true);
  }
  public Tensor maximum(Tensor other) { return Pointwise.binary(BinaryOp.MAXIMUM, this, other); }
  public Tensor minimum(Tensor other) { return Pointwise.binary(BinaryOp.MINIMUM, this, other); }
  public Tensor eq(Tensor other) { return Pointwise.binary(BinaryOp.EQ, this, other); }
  public Tensor eq(double s) { return Pointwise.scalar(BinaryOp.EQ, this, s, false); }
  public Tensor eq(long s) { return Pointwise.scalar(BinaryOp.EQ, this, s, false); }
  public Tensor ne(Tensor other) { return Pointwise.binary(BinaryOp.NE, this, other); }
  public Tensor ne(double s) { return Pointwise.scalar(BinaryOp.NE, this, s, false); }
  public Tensor ne(long s) { return Pointwise.scalar(BinaryOp.NE, this, s, false); }
  public Tensor gt(Tensor other) { return Pointwise.binary(BinaryOp.GT, this, other); }
  public Tensor gt(double s) { return Pointwise.scalar(BinaryOp.GT, this, s, false); }
  public Tensor gt(long s) { return Pointwise.scalar(BinaryOp.GT, this, s, false); }
  public Tensor ge(Tensor other) { return Pointwise.binary(BinaryOp.GE, this, other); }
  public Tensor ge(double s) { return Pointwise.scalar(BinaryOp.GE, this, s, false); }
  public Tensor ge(long s) { return Pointwise.scalar(BinaryOp.GE, this, s, false); }
  public Tensor lt(Tensor other) { return Pointwise.binary(BinaryOp.LT, this, other); }
  public Tensor lt(double s) { return Pointwise.scalar(BinaryOp.LT, this, s, false); }
  public Tensor lt(long s) { return Pointwise.scalar(BinaryOp.LT, this, s, false); }
  public Tensor le(Tensor other) { return Pointwise.binary(BinaryOp.LE, this, other); }
  public Tensor le(double s) { return Pointwise.scalar(BinaryOp.LE, this, s, false); }
  public Tensor le(long s) { return Pointwise.scalar(BinaryOp.LE, this, s, false); }

  public Tensor neg() { return Pointwise.unary(UnaryOp.NEG, this, 0, 0); }
  public Tensor exp() { return Pointwise.unary(UnaryOp.EXP, this, 0, 0); }
  public Tensor log() { return Pointwise.unary(UnaryOp.LOG, this, 0, 0); }
  public Tensor sqrt() { return Pointwise.unary(UnaryOp.SQRT, this, 0, 0); }
  public Tensor abs() { return Pointwise.unary(UnaryOp.ABS, this, 0, 0); }
  public Tensor sin() { return Pointwise.unary(UnaryOp.SIN, this, 0, 0); }
  public Tensor cos() { return Pointwise.unary(UnaryOp.COS, this, 0, 0); }
  public Tensor tanh() { return Pointwise.unary(UnaryOp.TANH, this, 0, 0); }
  public Tensor sigmoid() { return Pointwise.unary(UnaryOp.SIGMOID, this, 0, 0); }
  public Tensor relu() { return Pointwise.unary(UnaryOp.RELU, this, 0, 0); }
  public Tensor reciprocal() { return Pointwise.unary(UnaryOp.RECIPROCAL, this, 0, 0); }
  /** -1, 0 or 1 per element (not differentiable: its gradient is zero). */
  public Tensor sign() { return Pointwise.unary(UnaryOp.SIGN, this, 0, 0); }

  /** Clamps into [min, max]; the gradient passes where {@code min <= x <= max} (1 at the bounds, like PyTorch). */
  public Tensor clamp(double min, double max) {
    return Pointwise.clamp(UnaryOp.CLAMP, this, min, max, ScalarKind.FLOAT);
  }
  /** {@link #clamp(double, double)} with Python int bounds: an int64 tensor stays int64. */
  public Tensor clamp(long min, long max) { return Pointwise.clamp(UnaryOp.CLAMP, this, min, max); }

  /** {@code max(x, min)} elementwise; the gradient passes where {@code x >= min}. */
  public Tensor clampMin(double min) { return Pointwise.clamp(UnaryOp.CLAMP_MIN, this, min, 0, ScalarKind.FLOAT); }
  public Tensor clampMin(long min) { return Pointwise.clamp(UnaryOp.CLAMP_MIN, this, min, 0L); }
  /** {@code min(x, max)} elementwise; the gradient passes where {@code x <= max}. */
  public Tensor clampMax(double max) { return Pointwise.clamp(UnaryOp.CLAMP_MAX, this, max, 0, ScalarKind.FLOAT); }
  public Tensor clampMax(long max) { return Pointwise.clamp(UnaryOp.CLAMP_MAX, this, max, 0L); }
  /** {@code exp(x) - 1}, accurate for small x. */
  public Tensor expm1() { return Pointwise.unary(UnaryOp.EXPM1, this, 0, 0); }
  /** {@code log(1 + x)}, accurate for small x. */
  public Tensor log1p() { return Pointwise.unary(UnaryOp.LOG1P, this, 0, 0); }
  public Tensor log2() { return Pointwise.unary(UnaryOp.LOG2, this, 0, 0); }
  /** {@code 1 / sqrt(x)}. */
  public Tensor rsqrt() { return Pointwise.unary(UnaryOp.RSQRT, this, 0, 0); }
  /** The error function. */
  public Tensor erf() { return Pointwise.unary(UnaryOp.ERF, this, 0, 0); }
  /** Rounds down; its gradient is zero (PyTorch's FloorBackward0). */
  public Tensor floor() { return Pointwise.unary(UnaryOp.FLOOR, this, 0, 0); }
  /** Rounds up; its gradient is zero. */
  public Tensor ceil() { return Pointwise.unary(UnaryOp.CEIL, this, 0, 0); }
  /** Rounds half to even, like {@code torch.round}; its gradient is zero. */
  public Tensor round() { return Pointwise.unary(UnaryOp.ROUND, this, 0, 0); }
  /** {@code x > 0 ? x : 0.01 x}. */
  public Tensor leakyRelu() { return leakyRelu(0.01); }
  /** {@code x > 0 ? x : negativeSlope · x}. */
  public Tensor leakyRelu(double negativeSlope) {
    return Pointwise.unary(UnaryOp.LEAKY_RELU, this, negativeSlope, 0);
  }
  /** Exact GELU: {@code x · Φ(x)} with Φ the standard normal CDF. */
  public Tensor gelu() { return gelu("none"); }
  /**
   * GELU with PyTorch's {@code approximate}: "none" (exact, via erf) or "tanh"
   * ({@code 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))}).
   *
   * @throws IllegalArgumentException for any other value
   */
  public Tensor gelu(String approximate) {
    checkArgument("none".equals(approximate) || "tanh".equals(approximate),
        "gelu: approximate argument must be either none or tanh. (got '%s')", approximate);
    return Pointwise.unary("none".equals(approximate) ? UnaryOp.GELU : UnaryOp.GELU_TANH, this, 0, 0);
  }
  /** SiLU (swish): {@code x · sigmoid(x)}. */
  public Tensor silu() { return Pointwise.unary(UnaryOp.SILU, this, 0, 0); }
  /** {@code softplus(1, 20)}. */
  public Tensor softplus() { return softplus(1, 20); }
  /** {@code log(1 + exp(beta x)) / beta}, and x itself where {@code beta x > threshold} (for stability). */
  public Tensor softplus(double beta, double threshold) {
    return Pointwise.unary(UnaryOp.SOFTPLUS, this, beta, threshold);
  }
  /** {@code elu(1.0)}. */
  public Tensor elu() { return elu(1.0); }
  /** {@code x > 0 ? x : alpha (exp(x) - 1)}. */
  public Tensor elu(double alpha) { return Pointwise.unary(UnaryOp.ELU, this, alpha, 0); }
  /** {@code x > 0 ? x : alpha (exp(x / alpha) - 1)}; alpha must not be 0 (checked by the caller, nn's CELU). */
  public Tensor celu(double alpha) { return Pointwise.unary(UnaryOp.CELU, this, alpha, 0); }
  /** {@code scale · elu(x, alpha)} with PyTorch's fixed alpha ≈ 1.6733 and scale ≈ 1.0507. */
  public Tensor selu() { return Pointwise.unary(UnaryOp.SELU, this, 0, 0); }
  /** {@code clamp(x, min, max)}, whose gradient is zero at the bounds too. */
  public Tensor hardtanh(double min, double max) {
    return Pointwise.unary(UnaryOp.HARDTANH, this, min, max);
  }
  /** {@code x > threshold ? x : value}. */
  public Tensor threshold(double threshold, double value) {
    return Pointwise.unary(UnaryOp.THRESHOLD, this, threshold, value);
  }
  /** {@code clamp(x + 3, 0, 6) / 6}. */
  public Tensor hardsigmoid() { return Pointwise.unary(UnaryOp.HARDSIGMOID, this, 0, 0); }
  /** {@code x · clamp(x + 3, 0, 6) / 6}. */
  public Tensor hardswish() { return Pointwise.unary(UnaryOp.HARDSWISH, this, 0, 0); }
  /** {@code x · tanh(softplus(x))}. */
  public Tensor mish() { return Pointwise.unary(UnaryOp.MISH, this, 0, 0); }
  /** {@code log(sigmoid(x))}, without overflow for either sign. */
  public Tensor logSigmoid() { return Pointwise.unary(UnaryOp.LOG_SIGMOID, this, 0, 0); }
  /** Gated linear unit: {@code a · sigmoid(b)} for the two halves a, b of {@code dim} (its size must be even). */
  public Tensor glu(int dim) { return Activations.glu(this, dim); }
  /** {@code x > 0 ? x : weight · x}, weight of one element or one per channel (dim 1). */
  public Tensor prelu(Tensor weight) { return Activations.prelu(this, weight); }
  /** Leaky ReLU with slopes drawn from U(lower, upper) per element in training, else (lower + upper) / 2. */
  public Tensor rrelu(double lower, double upper, boolean training, Generator generator) {
    return Activations.rrelu(this, lower, upper, training, generator);
  }

  /**
   * {@code condition ? input : other} elementwise; the three shapes broadcast together. The gradient goes to the
   * selected side; the other side gets 0, which its own backward still multiplies by its derivative, so
   * {@code where(x.gt(0), x.log(), zeros)} has a NaN gradient at x = 0, exactly as in PyTorch.
   *
   * @throws IllegalArgumentException if condition is not a bool tensor, or shapes do not broadcast
   */
  public static Tensor where(Tensor condition, Tensor input, Tensor other) {
    return Pointwise.whereChecked(condition, input, other);
  }
  /** {@code where} with a scalar for the unselected side: {@code Tensor.where(x.gt(0), x, 0)}. */
  public static Tensor where(Tensor condition, Tensor input, double other) {
    return Pointwise.whereChecked(condition, input, Pointwise.wrappedScalar(other, ScalarKind.FLOAT, input.dtype()));
  }
  /** {@code where} with a Python int for the unselected side: an int64 input stays int64. */
  public static Tensor where(Tensor condition, Tensor input, long other) {
    return Pointwise.whereChecked(condition, input, Pointwise.wrappedScalar(other, ScalarKind.INT, input.dtype()));
  }
  /**
   * A copy with {@code value} wherever the bool {@code mask} is set (mask and this broadcast together); no
   * gradient flows to the filled positions.
   */
  public Tensor maskedFill(Tensor mask, double value) { return Pointwise.maskedFill(this, mask, value); }

  // ---------------------------------------------------------------- reductions (see Reductions)

  /** Sum of all elements (0-dim). */
  public Tensor sum() { return Reductions.sum(this, null, false); }
  public Tensor sum(int dim, boolean keepDim) { return Reductions.sum(this, new int[] {dim}, keepDim); }
  public Tensor sum(int[] dims, boolean keepDim) { return Reductions.sum(this, dims, keepDim); }
  public Tensor sum(int dim) { return sum(dim, false); }
  public Tensor mean() { return Reductions.mean(this, null, false); }
  public Tensor mean(int dim, boolean keepDim) { return Reductions.mean(this, new int[] {dim}, keepDim); }
  public Tensor mean(int[] dims, boolean keepDim) { return Reductions.mean(this, dims, keepDim); }
  public Tensor mean(int dim) { return mean(dim, false); }
  /** Largest element (0-dim); ties share the gradient evenly, as in PyTorch. */
  public Tensor max() { return Reductions.maxAll(this, true); }
  /** Smallest element (0-dim); ties share the gradient evenly. */
  public Tensor min() { return Reductions.maxAll(this, false); }
  /** Largest values along {@code dim} and their first indices; the gradient goes to that index only. */
  public ValuesAndIndices max(int dim, boolean keepDim) { return Reductions.maxDim(this, dim, keepDim, true); }
  public ValuesAndIndices min(int dim, boolean keepDim) { return Reductions.maxDim(this, dim, keepDim, false); }

  /** Unbiased variance of all elements (correction 1, PyTorch's default). */
  public Tensor var() { return Statistics.var(this, null, 1, false, VarOp.VAR); }
  /** Variance of all elements; {@code unbiased} false divides by N instead of N - 1. */
  public Tensor var(boolean unbiased) { return Statistics.var(this, null, unbiased ? 1 : 0, false, VarOp.VAR); }
  public Tensor var(int dim, boolean keepDim) { return Statistics.var(this, new int[] {dim}, 1, keepDim, VarOp.VAR); }
  public Tensor var(int[] dims, boolean unbiased, boolean keepDim) {
    return Statistics.var(this, dims, unbiased ? 1 : 0, keepDim, VarOp.VAR);
  }
  /**
   * Variance over {@code dims} (null: all): Σ(x - mean)² / max(0, N - correction).
   * {@code x.var(new int[] {1}, 0, true)} is the biased variance of each row, kept as [n, 1].
   */
  public Tensor var(int[] dims, double correction, boolean keepDim) {
    return Statistics.var(this, dims, correction, keepDim, VarOp.VAR);
  }
  /** Unbiased standard deviation of all elements. */
  public Tensor std() { return Statistics.var(this, null, 1, false, VarOp.STD); }
  public Tensor std(boolean unbiased) { return Statistics.var(this, null, unbiased ? 1 : 0, false, VarOp.STD); }
  public Tensor std(int dim, boolean keepDim) { return Statistics.var(this, new int[] {dim}, 1, keepDim, VarOp.STD); }
  public Tensor std(int[] dims, boolean unbiased, boolean keepDim) {
    return Statistics.var(this, dims, unbiased ? 1 : 0, keepDim, VarOp.STD);
  }
  /** Standard deviation over {@code dims} (null: all) with PyTorch's {@code correction}; see {@code var}. */
  public Tensor std(int[] dims, double correction, boolean keepDim) {
    return Statistics.var(this, dims, correction, keepDim, VarOp.STD);
  }
  /** int64 index of the largest element of the flattened tensor (the first one; a NaN wins). */
  public Tensor argmax() { return Reductions.argmax(this, null, false, true); }
  /** int64 indices of the largest values along {@code dim}. */
  public Tensor argmax(int dim, boolean keepDim) { return Reductions.argmax(this, dim, keepDim, true); }
  public Tensor argmin() { return Reductions.argmax(this, null, false, false); }
  public Tensor argmin(int dim, boolean keepDim) { return Reductions.argmax(this, dim, keepDim, false); }
  /** {@code log(Σ exp(x))} along {@code dim}, stable for large inputs. */
  public Tensor logsumexp(int dim, boolean keepDim) { return Reductions.logsumexp(this, new int[] {dim}, keepDim); }
  /** {@code log(Σ exp(x))} over {@code dims} (empty: all). */
  public Tensor logsumexp(int[] dims, boolean keepDim) { return Reductions.logsumexp(this, dims, keepDim); }
  /** Product of all elements (1 for an empty tensor). */
  public Tensor prod() { return Reductions.prod(this, null, false); }
  public Tensor prod(int dim, boolean keepDim) { return Reductions.prod(this, dim, keepDim); }
  /**
   * Running sums along {@code dim} ({@code torch.cumsum}): floating tensors keep their dtype, int64 and bool give
   * int64.
   */
  public Tensor cumsum(int dim) { return Reductions.cumsum(this, dim); }
  /** Euclidean norm of all elements; its gradient is 0 at the zero vector. */
  public Tensor norm() { return Norms.norm(this, 2, null, false); }
  /** p-norm of all elements: p = 1, 2, any p > 0, {@code Double.POSITIVE_INFINITY} (max |x|), 0 (non-zeros). */
  public Tensor norm(double p) { return Norms.norm(this, p, null, false); }
  public Tensor norm(double p, int dim, boolean keepDim) { return Norms.norm(this, p, new int[] {dim}, keepDim); }
  /** p-norm over {@code dims} (null: all). */
  public Tensor norm(double p, int[] dims, boolean keepDim) { return Norms.norm(this, p, dims, keepDim); }

  // ---------------------------------------------------------------- linear algebra (see LinAlg)

  /**
   * Matrix product with PyTorch's rules: 1-D·1-D dot, 2-D·2-D mm, 2-D·1-D mv, 1-D·2-D, and batched products with
   * broadcast batch dims.
   */
  public Tensor matmul(Tensor other) { return LinAlg.matmul(this, other); }
  /** Matrix product of [m, k] and [k, n]. */
  public Tensor mm(Tensor other) { return LinAlg.mm(this, other); }
  /** Batched matrix product of [b, m, k] and [b, k, n] (no broadcasting; see {@link #matmul}). */
  public Tensor bmm(Tensor other) { return LinAlg.bmm(this, other); }
  /** Dot product of two 1-D tensors of equal length (0-dim result). */
  public Tensor dot(Tensor other) { return LinAlg.dot(this, other); }
  /** Matrix [m, k] times vector [k]. */
  public Tensor mv(Tensor vec) { return LinAlg.mv(this, vec); }
  /** Outer product of 1-D tensors [m] and [n]: [m, n]. */
  public Tensor outer(Tensor other) { return LinAlg.outer(this, other); }
  /**
   * {@code this · weightᵀ + bias} (PyTorch's {@code F.linear}): this [..., in], weight [out, in], bias [out] or
   * null; result [..., out].
   */
  public Tensor linear(Tensor weight, Tensor bias) { return LinAlg.linear(this, weight, bias); }

  // ---------------------------------------------------------------- nn building blocks (see NNOps)

  /** Softmax along {@code dim}; the row max is subtracted first so large inputs do not overflow. */
  public Tensor softmax(int dim) { return NNOps.softmax(this, dim, SoftmaxOp.SOFTMAX); }
  /** log(softmax) along {@code dim}, computed as x - max - log(sum(exp(x - max))) (finite for ±1000). */
  public Tensor logSoftmax(int dim) { return NNOps.softmax(this, dim, SoftmaxOp.LOG_SOFTMAX); }

  /** Dropout with the global generator; see {@link #dropout(double, boolean, Generator)}. */
  public Tensor dropout(double p, boolean training) { return NNOps.dropout(this, p, training, Generator.global()); }
  /**
   * Inverted dropout: in training, zeroes each element with probability p (mask = bernoulli(1 - p) drawn from
   * {@code generator}, the same stream as PyTorch) and scales the rest by 1/(1 - p). Returns this tensor itself
   * when not training or p is 0.
   *
   * @throws IllegalArgumentException if p is outside [0, 1]
   */
  public Tensor dropout(double p, boolean training, Generator generator) {
    return NNOps.dropout(this, p, training, generator);
  }
  /** conv2d with stride 1, no padding, dilation 1, one group. */
  public Tensor conv2d(Tensor weight, Tensor bias) {
    return conv2d(weight, bias, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1);
  }
  /** conv2d with the same stride and padding for height and width. */
  public Tensor conv2d(Tensor weight, Tensor bias, int stride, int padding) {
    return conv2d(weight, bias, new int[] {stride, stride}, new int[] {padding, padding}, new int[] {1, 1}, 1);
  }
  /**
   * 2-D convolution (cross-correlation) of this [n, c, h, w] (or [c, h, w]) with weight
   * [cout, c/groups, kh, kw] and bias [cout] or null; result [n, cout, oh, ow] with
   * oh = (h + 2·padding - dilation·(kh - 1) - 1) / stride + 1. Pairs are (height, width).
   *
   * @throws IllegalArgumentException on mismatched channels, groups, bias, non-positive stride/dilation/groups,
   *     negative padding, or a kernel larger than the padded input (PyTorch's messages)
   */
  public Tensor conv2d(Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
    return Conv.conv2d(this, weight, bias, stride, padding, dilation, groups);
  }
  /** maxPool2d with a square kernel and stride equal to it. */
  public Tensor maxPool2d(int kernelSize) {
    int[] k = {kernelSize, kernelSize};
    return maxPool2d(k, k, new int[] {0, 0}, new int[] {1, 1});
  }
  /**
   * Max over each window of this [n, c, h, w] (or [c, h, w]); padding counts as -inf and must be at most half the
   * kernel. The gradient goes to the position of each window's maximum.
   */
  public Tensor maxPool2d(int[] kernelSize, int[] stride, int[] padding, int[] dilation) {
    return Pooling.maxPool2d(this, kernelSize, stride, padding, dilation);
  }
  /** avgPool2d with a square kernel and stride equal to it. */
  public Tensor avgPool2d(int kernelSize) {
    int[] k = {kernelSize, kernelSize};
    return avgPool2d(k, k, new int[] {0, 0}, true);
  }
  /**
   * Mean over each window of this [n, c, h, w] (or [c, h, w]) with zero padding; {@code countIncludePad} (PyTorch's
   * default true) divides by the whole window, false by the real elements only.
   */
  public Tensor avgPool2d(int[] kernelSize, int[] stride, int[] padding, boolean countIncludePad) {
    return Pooling.avgPool2d(this, kernelSize, stride, padding, countIncludePad);
  }
  /**
   * Layer normalisation over the trailing {@code normalizedShape} dims: (x - mean) / sqrt(var + eps) · weight + bias
   * (biased variance; weight and bias of shape normalizedShape, or null).
   */
  public Tensor layerNorm(int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
    return NNOps.layerNorm(this, normalizedShape, weight, bias, eps);
  }
  /**
   * Batch normalisation of this [N, C, *], PyTorch's {@code torch.batch_norm}: in training the batch statistics of
   * each channel normalise (biased variance) and, when given, the running buffers [C] are updated in place
   * ({@code running = (1 - momentum)·running + momentum·batch}, unbiased variance); otherwise the running
   * statistics normalise. Weight and bias have C elements, or are null. The node is NativeBatchNormBackward0.
   *
   * @throws IllegalArgumentException for fewer than 2 dims, a buffer or parameter without C elements, or missing
   *     running statistics when not training
   */
  public Tensor batchNorm(Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar, boolean training,
      double momentum, double eps) {
    return ChannelNorms.batchNorm(this, weight, bias, runningMean, runningVar, training, momentum, eps);
  }
  /**
   * Group normalisation of this [N, C, *], PyTorch's {@code torch.group_norm}: each sample's C channels are split
   * into {@code numGroups} groups normalised by their own mean and biased variance, then scaled and shifted per
   * channel by weight and bias [C] (or null). The node is NativeGroupNormBackward0.
   *
   * @throws IllegalArgumentException if C is not divisible by numGroups or weight / bias are not [C]
   */
  public Tensor groupNorm(int numGroups, Tensor weight, Tensor bias, double eps) {
    return ChannelNorms.groupNorm(this, numGroups, weight, bias, eps);
  }
  /**
   * Bags of rows of {@code weight} [num, dim], PyTorch's {@code torch.embedding_bag}: the int64 {@code indices} [n]
   * are cut into bags at the int64 {@code offsets} [b] (the last bag runs to the end unless
   * {@code includeLastOffset}, which makes the last offset an end), and each bag is reduced by {@code mode} "sum",
   * "mean" or "max" to one row of the result [bags, dim]. {@code perSampleWeights} [n] (sum only) weight each row;
   * indices equal to {@code paddingIdx} (null for none; negative counts from the end) are left out; an empty bag
   * gives zeros; {@code scaleGradByFreq} divides each row's gradient by its index's count (sum and mean). The node
   * is EmbeddingBagBackward0.
   *
   * @throws IllegalArgumentException for a bad mode, dtype, shape or offsets (PyTorch's phrases)
   * @throws IndexOutOfBoundsException for an index outside [0, num)
   */
  public static Tensor embeddingBag(Tensor weight, Tensor indices, Tensor offsets, boolean scaleGradByFreq,
      String mode, Tensor perSampleWeights, boolean includeLastOffset, Integer paddingIdx) {
    return EmbeddingBags.embeddingBag(weight, indices, offsets, scaleGradByFreq, mode, perSampleWeights,
        includeLastOffset, paddingIdx);
  }
  /** Rows of {@code weight} [num, dim] picked by int64 {@code indices}: result indices.shape + [dim]. */
  public static Tensor embedding(Tensor indices, Tensor weight) { return NNOps.embedding(indices, weight, null); }
  /** embedding whose row {@code paddingIdx} (negative counts from the end) never receives a gradient. */
  public static Tensor embedding(Tensor indices, Tensor weight, int paddingIdx) {
    return NNOps.embedding(indices, weight, paddingIdx);
  }

  // ---------------------------------------------------------------- views (see Views)

  public Tensor view(int... shape) { return Views.view(this, shape, "view"); }
  public Tensor reshape(int... shape) { return Views.reshape(this, shape); }
  public Tensor transpose(int dim0, int dim1) { return Views.transpose(this, dim0, dim1); }
  /** Transpose of a tensor with at most 2 dims. */
  public Tensor t() { return Views.t(this); }
  public Tensor permute(int... dims) { return Views.permute(this, dims); }
  public Tensor unsqueeze(int dim) { return Views.unsqueeze(this, dim); }
  /** Removes every size-1 dim. */
  public Tensor squeeze() { return Views.squeeze(this, null); }
  public Tensor squeeze(int dim) { return Views.squeeze(this, dim); }
  /** Broadcasts size-1 dims to {@code shape} without copying (-1 keeps a size). */
  public Tensor expand(int... shape) { return Views.expand(this, shape); }
  public Tensor expandAs(Tensor other) { return Views.expand(this, other.shape.clone()); }
  /** Elements {@code start .. start+length-1} along {@code dim}, as a view. */
  public Tensor narrow(int dim, int start, int length) { return Views.narrow(this, dim, start, length); }
  /** Python's {@code x[..., start:end:step]} along {@code dim} as a view (start/end clamped, negatives wrap). */
  public Tensor slice(int dim, int start, int end, int step) { return Views.slice(this, dim, start, end, step); }
  /** The slice at {@code index} along {@code dim}, removing that dim, as a view. */
  public Tensor select(int dim, int index) { return Views.select(this, dim, index); }
  public Tensor flatten() { return Views.flatten(this, 0, -1); }
  public Tensor flatten(int startDim, int endDim) { return Views.flatten(this, startDim, endDim); }
  /** Splits dim {@code dim} into {@code sizes} (one may be -1) as a view: [2, 6].unflatten(1, 2, 3) is [2, 2, 3]. */
  public Tensor unflatten(int dim, int... sizes) { return Views.unflatten(this, dim, sizes); }
  /** Tiles the tensor {@code repeats[i]} times along dim i (extra leading repeats add dims); a copy. */
  public Tensor repeat(int... repeats) { return Shaping.repeat(this, repeats); }
  /** A copy with the order reversed along each of {@code dims}. */
  public Tensor flip(int... dims) { return Shaping.flip(this, dims); }
  /**
   * Joins tensors along existing dim {@code dim}; all other sizes must match. 1-D empty tensors are skipped.
   *
   * @throws IllegalArgumentException for an empty list, 0-dim tensors, or mismatched shapes
   */
  public static Tensor cat(List<Tensor> tensors, int dim) { return Shaping.cat(tensors, dim); }
  /** Joins equal-shaped tensors along a new dim {@code dim}. */
  public static Tensor stack(List<Tensor> tensors, int dim) { return Shaping.stack(tensors, dim); }
  /** Views of {@code splitSize} along dim (the last may be smaller). */
  public List<Tensor> split(int splitSize, int dim) { return Views.split(this, splitSize, dim); }
  /** Views of the given sizes along dim; the sizes must add up to the dim's size. */
  public List<Tensor> split(int[] splitSizes, int dim) { return Views.split(this, splitSizes, dim); }
  /** At most {@code chunks} views of equal size (the last may be smaller) along dim. */
  public List<Tensor> chunk(int chunks, int dim) { return Views.chunk(this, chunks, dim); }
  /** {@code out[i][j] = this[i][index[i][j]]} for dim 1 (and likewise for other dims); index is int64. */
  public Tensor gather(int dim, Tensor index) { return Indexing.gather(this, dim, index); }
  /** A copy with {@code out[i][index[i][j]] += src[i][j]} for dim 1; repeated indices add up. */
  public Tensor scatterAdd(int dim, Tensor index, Tensor src) { return Indexing.scatterAdd(this, dim, index, src); }
  /** The slices at the int64 1-D {@code index} positions along dim (PyTorch's index_select). */
  public Tensor indexSelect(int dim, Tensor index) { return Indexing.indexSelect(this, dim, index); }
  /** The elements where the bool {@code mask} (broadcast with this) is set, as a 1-D tensor. */
  public Tensor maskedSelect(Tensor mask) { return Indexing.maskedSelect(this, mask); }
  /** int64 one-hot encoding of this int64 tensor: shape + [numClasses] (-1 infers max + 1). */
  public Tensor oneHot(int numClasses) { return Indexing.oneHot(this, numClasses); }
  /** Zero padding with PyTorch's reversed pairs: {@code pad(1, 2)} pads the last dim by 1 before and 2 after. */
  public Tensor pad(int... pad) { return Shaping.pad(this, pad, 0f); }
  /**
   * Constant padding: {@code pad = {left, right, top, bottom, ...}} pads the last dim, then the one before;
   * negative amounts crop.
   */
  public Tensor pad(int[] pad, double value) { return Shaping.pad(this, pad, value); }
  /** This tensor if contiguous, otherwise a contiguous copy (differentiable). */
  public Tensor contiguous() { return Views.contiguous(this); }

  /** A new leaf sharing this tensor's storage, with no grad_fn and requiresGrad false. */
  public Tensor detach() {
    return new Tensor(storage, shape, strides, offset, dtype);
  }

  /** A copy with its own storage and, when this requires grad, a graph back to this tensor. */
  public Tensor clone() {
    return Views.cloneOf(this);
  }

  /** A copy converted to {@code type} (float to int truncates toward zero, like PyTorch). */
  public Tensor to(DType type) {
    return Pointwise.cast(this, type);
  }

  // ---------------------------------------------------------------- in-place (see InPlace)

  /** Fills with zeros in place; returns this. */
  public Tensor zero_() { return InPlace.fill(this, 0f, InPlace.Fill.ZERO); }
  public Tensor fill_(double value) { return InPlace.fill(this, value, InPlace.Fill.FILL); }
  /** {@code fill_} with a Python int: exact into int64 tensors beyond 2^53. */
  public Tensor fill_(long value) { return InPlace.fill(this, value, InPlace.Fill.FILL); }
  public Tensor add_(Tensor other) { return InPlace.binary(this, BinaryOp.ADD, other, "add_"); }
  public Tensor add_(double s) { return InPlace.scalar(this, BinaryOp.ADD, s, ScalarKind.FLOAT, "add_"); }
  /** {@code this += s} with s a Python int, which an int64 tensor can take. */
  public Tensor add_(long s) { return InPlace.scalar(this, BinaryOp.ADD, s, ScalarKind.INT, "add_"); }
  /** {@code this += alpha * other}. */
  public Tensor add_(Tensor other, double alpha) { return alpha == 1 ? add_(other) : add_(other.mul(alpha)); }
  public Tensor sub_(Tensor other) { return InPlace.binary(this, BinaryOp.SUB, other, "sub_"); }
  public Tensor sub_(double s) { return InPlace.scalar(this, BinaryOp.SUB, s, ScalarKind.FLOAT, "sub_"); }
  public Tensor sub_(long s) { return InPlace.scalar(this, BinaryOp.SUB, s, ScalarKind.INT, "sub_"); }
  public Tensor mul_(Tensor other) { return InPlace.binary(this, BinaryOp.MUL, other, "mul_"); }
  public Tensor mul_(double s) { return InPlace.scalar(this, BinaryOp.MUL, s, ScalarKind.FLOAT, "mul_"); }
  public Tensor mul_(long s) { return InPlace.scalar(this, BinaryOp.MUL, s, ScalarKind.INT, "mul_"); }
  public Tensor div_(Tensor other) { return InPlace.binary(this, BinaryOp.DIV, other, "div_"); }
  public Tensor div_(double s) { return InPlace.scalar(this, BinaryOp.DIV, s, ScalarKind.FLOAT, "div_"); }
  public Tensor clamp_(double min, double max) { return InPlace.clamp(this, min, max, ScalarKind.FLOAT); }
  public Tensor clamp_(long min, long max) { return InPlace.clamp(this, min, max, ScalarKind.INT); }
  /** Copies {@code src} (broadcast to this shape) into this tensor; returns this. */
  public Tensor copy_(Tensor src) { return InPlace.copy(this, src); }

  /** Adds {@code g} (same shape) into this tensor without autograd checks; used for gradient accumulation. */
  void addInPlaceUnchecked(Tensor g) {
    InPlace.addUnchecked(this, g);
  }

  /** A contiguous copy with no graph, owning its storage. */
  Tensor detachedContiguousCopy() {
    return Elements.tensor(Elements.copy(this), shape.clone(), dtype);
  }

  /** A contiguous copy that keeps the graph (for {@code createGraph} accumulation). */
  Tensor contiguousCopyKeepingGraph() {
    return requiresGrad ? Views.cloneOf(this) : detachedContiguousCopy();
  }

  // ---------------------------------------------------------------- printing

  private static volatile PrintOptions printOptions = PrintOptions.defaults();

  /** Sets how tensors print (PyTorch's {@code torch.set_printoptions}). */
  public static void setPrintOptions(PrintOptions options) {
    printOptions = options;
  }

  public static PrintOptions printOptions() {
    return printOptions;
  }

  /** Exactly PyTorch's {@code repr}: {@code tensor([2.1585, 2.1784, 0.6770], grad_fn=<AddBackward0>)}. */
  @Override
  public String toString() {
    return dtype == DType.INT64 ? TensorFormatter.format(toLongArray(), shape, dtype, suffixes(), printOptions)
        : TensorFormatter.format(toDoubleArray(), shape, dtype, suffixes(), printOptions);
  }

  List<String> suffixes() {
    if (gradFn != null) {
      return List.of("grad_fn=<" + gradFn.name() + ">");
    }
    if (requiresGrad) {
      return List.of("requires_grad=True");
    }
    return List.of();
  }
}
