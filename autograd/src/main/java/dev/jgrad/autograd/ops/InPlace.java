package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.access.TensorAccess.attach;
import static dev.jgrad.autograd.access.TensorAccess.baseOf;
import static dev.jgrad.autograd.access.TensorAccess.dataOf;
import static dev.jgrad.autograd.access.TensorAccess.dataOffsetOf;
import static dev.jgrad.autograd.access.TensorAccess.doublesOf;
import static dev.jgrad.autograd.access.TensorAccess.edgeOf;
import static dev.jgrad.autograd.access.TensorAccess.fresh;
import static dev.jgrad.autograd.access.TensorAccess.gradFnOf;
import static dev.jgrad.autograd.access.TensorAccess.markViewCurrent;
import static dev.jgrad.autograd.access.TensorAccess.newView;
import static dev.jgrad.autograd.access.TensorAccess.refreshView;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;
import static dev.jgrad.autograd.access.TensorAccess.shareHistory;
import static dev.jgrad.autograd.access.TensorAccess.storageOf;
import static dev.jgrad.autograd.access.TensorAccess.stridesOf;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.autograd.Node;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.kernels.BinaryOp;
import dev.jgrad.autograd.kernels.Dtypes;
import dev.jgrad.autograd.kernels.Dtypes.ScalarKind;
import dev.jgrad.autograd.kernels.UnaryOp;
import dev.jgrad.autograd.storage.Shapes;
import dev.jgrad.autograd.storage.Storage;
import java.util.Arrays;

/**
 * In-place ops ({@code add_}, {@code mul_}, {@code zero_}, ...). Each bumps the storage's version counter so a
 * tensor saved for backward cannot be silently changed. Under grad mode an in-place op on a tensor that requires
 * grad (or with an operand that does) rewrites its history: the tensor's grad_fn becomes the in-place op's node,
 * whose first input is the tensor's previous history (PyTorch's rebase_history).
 *
 * <p>Not supported (fails instead of giving wrong gradients): an in-place op through a view when autograd is
 * involved, which PyTorch handles with CopySlices.
 */
public final class InPlace {
  private InPlace() {}

  /** Fails like PyTorch when an in-place op would corrupt autograd or write one memory location twice. */
  static void check(Tensor t, String op, boolean otherRequiresGrad) {
    for (int d = 0; d < shapeOf(t).length; d++) {
      if (stridesOf(t)[d] == 0 && shapeOf(t)[d] > 1) {
        throw new IllegalArgumentException(
            op + ": unsupported operation: more than one element of the written-to tensor refers to a single "
                + "memory location. Please clone() the tensor before performing the operation. (shape "
                + Shapes.str(shapeOf(t)) + ", strides " + Shapes.str(stridesOf(t)) + ")");
      }
    }
    if (!GradMode.isEnabled()) {
      return;
    }
    if (t.requiresGrad() && gradFnOf(t) == null) {
      throw new IllegalStateException(
          op + ": a leaf Variable that requires grad is being used in an in-place operation. Update parameters "
              + "inside Autograd.noGrad(), e.g. try (var g = Autograd.noGrad()) { w.sub_(w.grad().mul(lr)); } "
              + "(shape " + Shapes.str(shapeOf(t)) + ")");
    }
    if (baseOf(t) != null && baseOf(t).requiresGrad() && gradFnOf(baseOf(t)) == null) {
      throw new IllegalStateException(
          op + ": a view of a leaf Variable that requires grad is being used in an in-place operation. Update it "
              + "inside Autograd.noGrad() (view shape " + Shapes.str(shapeOf(t)) + ", base shape "
              + Shapes.str(shapeOf(baseOf(t))) + ")");
    }
    if (baseOf(t) != null && (t.requiresGrad() || otherRequiresGrad || baseOf(t).requiresGrad())
        && !baseOf(t).isContiguous()) {
      throw new UnsupportedOperationException(
          op + ": in-place operation on a view of a non-contiguous tensor that requires grad is not supported; use "
              + "the out-of-place op (e.g. add instead of add_) or make the base contiguous first (view shape "
              + Shapes.str(shapeOf(t)) + ", base shape " + Shapes.str(shapeOf(baseOf(t))) + ", base strides "
              + Shapes.str(stridesOf(baseOf(t))) + ")");
    }
  }

  /**
   * A stand-in for t's value and history before the in-place op. {@code needValue}: a snapshot (own storage),
   * because the rule reads the old value and the write is about to overwrite it.
   */
  private static Tensor before(Tensor t, boolean needValue) {
    refreshView(t);   // a stale view's history first (an earlier in-place op on its base or an overlapping view)
    Tensor old = needValue ? snapshot(t)
        : newView(storageOf(t), shapeOf(t), stridesOf(t), t.storageOffset(), t.dtype());
    shareHistory(old, t);
    return old;
  }

  /** A contiguous copy of t's values in its own storage, of t's dtype. */
  private static Tensor snapshot(Tensor t) {
    return snapshot(t, shapeOf(t).clone());
  }

  /** {@link #snapshot} with the given shape (of the same element count). */
  private static Tensor snapshot(Tensor t, int[] shape) {
    return Elements.tensor(Elements.copy(t), shape, t.dtype());
  }

  private static void finish(Tensor t, float[] values) {
    Strided.write(values, 0, t);
    storageOf(t).bumpVersion();
  }

  /** Writes {@code values} (contiguous, of t's shape, any dtype) into t, converted to t's dtype as copy_ does. */
  private static void finish(Tensor t, Tensor values) {
    Strided.write(Elements.convert(values, t.dtype()), 0, t);
    storageOf(t).bumpVersion();
  }

  /**
   * t's storage array when an elementwise result can be written straight into it, else null: t is contiguous and
   * starts at 0 and fills its array (the shape Pointwise.forward writes), and {@code other} is not another view of
   * the same memory, so every element is read at the index its result goes to before anything else writes there.
   * This spares a fresh zeroed temporary and the pass copying it back: {@code add_} on 1e6 floats allocated 4 MB
   * per call before.
   */
  private static float[] directTarget(Tensor t, Tensor other) {
    if (storageOf(t).isDouble()) {
      return null;
    }
    float[] d = storageOf(t).data;
    boolean whole = d != null && t.isContiguous() && t.storageOffset() == 0 && d.length == t.numel();
    return whole && (other == null || storageOf(other) != storageOf(t)) ? d : null;
  }

  /**
   * Makes {@code node} t's new history. When t is a view, its base changed too: the base's history becomes a
   * {@link CopySlices} node (PyTorch's), which sends the gradient of the viewed region through {@code node} and the
   * rest through the base's previous history.
   */
  private static void rebase(Tensor t, Node node) {
    attach(t, node);
    Tensor b = baseOf(t);
    if (b != null) {
      Node previous = b.requiresGrad() ? edgeOf(b) : null;
      attach(b, new CopySlices(previous, node, ViewGeometry.of(b, t)));
      markViewCurrent(t);   // t's own history (node) is current; other views of b are now stale
    }
  }

  /**
   * Where a view sits in its contiguous base: the base's shape and the view's shape, strides and offset relative to
   * the base's first element. The same numbers index a contiguous tensor of the base's shape, such as its gradient.
   */
  public record ViewGeometry(int[] baseShape, int[] shape, int[] strides, int offset) {
    public static ViewGeometry of(Tensor base, Tensor view) {
      return new ViewGeometry(shapeOf(base), shapeOf(view).clone(), stridesOf(view).clone(),
          view.storageOffset() - base.storageOffset());
    }

    /** The view's region of {@code whole} (contiguous, of the base's shape), sharing its storage. */
    Tensor region(Tensor whole) {
      return newView(storageOf(whole), shape, strides, offset, whole.dtype());
    }
  }

  /**
   * PyTorch's AsStridedBackward0 as a regenerated view history ({@link Tensor#refreshView}): the view's gradient
   * placed into zeros of the (contiguous) base's shape at the view's position, for the base's current history.
   */
  public static final class ViewOfBase extends Node {
    private final ViewGeometry at;

    public ViewOfBase(Node baseHistory, ViewGeometry at) {
      super(baseHistory);
      this.at = at;
    }

    @Override
    public String name() {
      return "AsStridedBackward0";
    }

    @Override
    protected Tensor[] apply(Tensor grad) {
      Tensor whole = Tensor.zeros(grad.dtype(), at.baseShape());
      Tensor region = at.region(whole);
      if (grad.dtype() == DType.FLOAT64) {
        Strided.write(grad.toDoubleArray(), 0, region);
      } else {
        Strided.write(grad.toArray(), 0, region);
      }
      return new Tensor[] {whole};
    }
  }

  /**
   * PyTorch's CopySlices: the history of a (contiguous) base after an in-place op on one of its views. The base's
   * gradient is split: the region the view covers goes to the in-place op's rule (which leads on to the view's old
   * value and the op's other inputs), the rest, with that region zeroed, to the base's history before the op.
   */
  static final class CopySlices extends Node {
    private final ViewGeometry at;

    CopySlices(Node previous, Node viewRule, ViewGeometry at) {
      super(previous, viewRule);
      this.at = at;
    }

    @Override
    public String name() {
      return "CopySlices";
    }

    @Override
    protected Tensor[] apply(Tensor grad) {
      Tensor whole = snapshot(grad, at.baseShape().clone());
      Tensor region = at.region(whole);
      Tensor slice = snapshot(region);
      if (grad.dtype() == DType.FLOAT64) {
        Strided.write(new double[region.numel()], 0, region);
      } else {
        Strided.write(new float[region.numel()], 0, region);
      }
      return new Tensor[] {next[0] == null ? null : whole, slice};
    }
  }

  /** The in-place fills: the method name (in messages) and the node that makes the old history's gradient 0. */
  public enum Fill {
    ZERO("zero_", "ZeroBackward0"),
    FILL("fill_", "FillBackward2");

    final String method;
    final String gradFn;

    Fill(String method, String gradFn) {
      this.method = method;
      this.gradFn = gradFn;
    }
  }

  /** Fills t with {@code value} converted to t's dtype (int64 truncates, bool tests for nonzero, as PyTorch). */
  public static Tensor fill(Tensor t, double value, Fill fill) {
    String op = fill.method;
    check(t, op, false);
    boolean track = GradMode.isEnabled() && t.requiresGrad();
    Node previous = track ? edgeOf(t) : null;
    double stored = Pointwise.storedValue(value, t.dtype());
    if (t.isContiguous()) {
      // Straight into the storage: no temporary to allocate and copy back.
      int from = t.storageOffset();
      int to = from + t.numel();
      Storage s = storageOf(t);
      switch (t.dtype()) {
        case FLOAT64 -> Arrays.fill(s.doubles, from, to, stored);
        case FLOAT32 -> Arrays.fill(s.data, from, to, (float) stored);
        case INT64 -> Arrays.fill(s.longs(), from, to, (long) stored);
        case BOOL -> Arrays.fill(s.bools(), from, to, stored != 0);
      }
      storageOf(t).bumpVersion();
    } else {
      finish(t, Factories.full(shapeOf(t).clone(), stored, t.dtype(), op));
    }
    if (track) {
      // The old values are gone: the gradient of the previous history is zero (not absent), as in PyTorch.
      rebase(t, new ZeroGradNode(fill.gradFn, previous));
    }
    return t;
  }

  /** {@link #fill(Tensor, double, Fill)} with a Python int: exact into an int64 tensor over the whole range. */
  public static Tensor fill(Tensor t, long value, Fill fill) {
    if (t.dtype() != DType.INT64) {
      return fill(t, (double) value, fill);
    }
    check(t, fill.method, false);
    if (t.isContiguous()) {
      Arrays.fill(storageOf(t).longs(), t.storageOffset(), t.storageOffset() + t.numel(), value);
      storageOf(t).bumpVersion();
    } else {
      long[] values = new long[t.numel()];
      Arrays.fill(values, value);
      finish(t, fresh(values, shapeOf(t).clone()));
    }
    return t;
  }

  /** The node of an op that overwrites its input: the input's gradient is zeros of the input's shape. */
  static final class ZeroGradNode extends Node {
    private final String name;

    ZeroGradNode(String name, Node previous) {
      super(previous);
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    protected Tensor[] apply(Tensor grad) {
      return new Tensor[] {Tensor.zerosLike(grad)};
    }
  }

  public static Tensor binary(Tensor t, BinaryOp op, Tensor other, String name) {
    check(t, name, other.requiresGrad());
    DType compute = Pointwise.computeType(op, t, other);
    Dtypes.checkCanCast(name, compute, t.dtype());
    int[] shape = Shapes.broadcast(shapeOf(t), shapeOf(other), name);
    if (!Arrays.equals(shape, shapeOf(t))) {
      throw new IllegalArgumentException(
          name + ": output with shape " + Shapes.str(shapeOf(t)) + " doesn't match the broadcast shape "
              + Shapes.str(shape));
    }
    boolean track = GradMode.isEnabled() && (t.requiresGrad() || other.requiresGrad());
    Tensor old = track ? before(t, op == BinaryOp.MUL || op == BinaryOp.DIV) : null;
    // When `other` shares memory with t (x.mul_(x)), the rule must see its value before the write: give it a
    // differentiable copy, which keeps the edge to other's history.
    Tensor src = track && storageOf(other) == storageOf(t) ? Views.cloneOf(other) : other;
    boolean floats = compute == DType.FLOAT32 && t.dtype() == DType.FLOAT32 && other.dtype() == DType.FLOAT32;
    float[] direct = floats ? directTarget(t, src) : null;
    if (direct != null) {
      Pointwise.forward(op, t, src, shape, direct);
      storageOf(t).bumpVersion();
    } else if (floats) {
      float[] out = new float[t.numel()];
      Pointwise.forward(op, t, src, shape, out);
      finish(t, out);
    } else {
      // Another dtype somewhere (float64, a promotion, bools): compute out of place, then convert into t.
      Tensor result;
      try (Autograd.Scope scope = Autograd.noGrad()) {
        result = Pointwise.binary(op, t.detach(), src.detach());
      }
      finish(t, result);
    }
    if (track) {
      rebase(t, new Pointwise.BinaryBackward(op, old, src, t));
    }
    return t;
  }

  public static Tensor scalar(Tensor t, BinaryOp op, double s, ScalarKind kind, String name) {
    check(t, name, false);
    DType compute = Pointwise.scalarComputeType(op, t.dtype(), kind);
    Dtypes.checkCanCast(name, compute, t.dtype());
    boolean track = GradMode.isEnabled() && t.requiresGrad();
    Tensor old = track ? before(t, false) : null;
    float[] direct = compute == DType.FLOAT32 && t.dtype() == DType.FLOAT32 ? directTarget(t, null) : null;
    double saved = s;
    if (direct != null) {
      saved = (float) s;
      Loops.binaryScalar(op, direct, 0, (float) s, false, direct, 0, direct.length);
      storageOf(t).bumpVersion();
    } else if (t.dtype() == DType.FLOAT64 && t.isContiguous()) {
      double[] d = storageOf(t).doubles;
      if (t.numel() > 0) {
        Loops.binaryScalar(op, d, t.storageOffset(), s, false, d, t.storageOffset(), t.numel());
      }
      storageOf(t).bumpVersion();
    } else {
      Tensor result;
      try (Autograd.Scope scope = Autograd.noGrad()) {
        result = Pointwise.scalar(op, t.detach(), s, kind, false);
      }
      saved = compute == DType.FLOAT64 ? s : (float) s;
      finish(t, result);
    }
    if (track) {
      rebase(t, new Pointwise.ScalarBackward(op, old, saved, false, t));
    }
    return t;
  }

  public static Tensor clamp(Tensor t, double min, double max, ScalarKind kind) {
    check(t, "clamp_", false);
    if (!t.dtype().isFloatingPoint()) {
      Dtypes.checkCanCast("clamp_", Dtypes.resultType(t.dtype(), kind), t.dtype());
    }
    boolean track = GradMode.isEnabled() && t.requiresGrad();
    Tensor old = track ? before(t, true) : null;
    float[] direct = directTarget(t, null);
    boolean dbl = t.dtype() == DType.FLOAT64;
    if (direct != null) {
      Loops.unary(UnaryOp.CLAMP, direct, 0, direct, 0, direct.length, (float) min, (float) max);
      storageOf(t).bumpVersion();
    } else {
      Tensor result;
      try (Autograd.Scope scope = Autograd.noGrad()) {
        result = Pointwise.unary(UnaryOp.CLAMP, t.detach(), min, max);
      }
      finish(t, result);
    }
    if (track) {
      rebase(t, new Pointwise.UnaryBackward(UnaryOp.CLAMP, old, t, dbl ? min : (float) min, dbl ? max : (float) max));
    }
    return t;
  }

  /** Copies src (broadcast to t's shape) into t, converting to t's dtype as PyTorch's copy_ does. */
  public static Tensor copy(Tensor t, Tensor src) {
    check(t, "copy_", src.requiresGrad());
    Tensor expanded;
    try {
      expanded = src.detach().expand(shapeOf(t));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "copy_: the source of shape " + Shapes.str(shapeOf(src)) + " is not broadcastable to the destination of shape "
              + Shapes.str(shapeOf(t)), e);
    }
    boolean track = GradMode.isEnabled() && (t.requiresGrad() || src.requiresGrad()) && t.dtype().isFloatingPoint();
    Node previous = track ? edgeOf(t) : null;
    if (expanded.dtype() == t.dtype() && t.dtype() == DType.FLOAT32) {
      finish(t, expanded.toArray());
    } else {
      // float to int truncates toward zero, to bool tests for nonzero, float64 to float32 rounds (Pointwise.cast)
      finish(t, expanded.dtype() == t.dtype() ? expanded : Pointwise.cast(expanded, t.dtype()));
    }
    if (track) {
      rebase(t, new CopyNode(previous, src));
    }
    return t;
  }

  /** copy_'s rule: zeros for the overwritten history, the gradient summed to the source's shape for the source. */
  static final class CopyNode extends Node {
    private final int[] srcShape;

    CopyNode(Node previous, Tensor src) {
      super(previous, edgeOf(src));
      this.srcShape = shapeOf(src);
    }

    @Override
    public String name() {
      return "CopyBackwards";
    }

    @Override
    protected Tensor[] apply(Tensor grad) {
      return new Tensor[] {next[0] == null ? null : Tensor.zerosLike(grad),
          next[1] == null ? null : Reductions.sumTo(grad, srcShape)};
    }
  }

  /**
   * Gradient accumulation: t (contiguous, owns its storage) += g, bypassing autograd; a g of another floating dtype
   * is converted to t's first.
   */
  public static void addUnchecked(Tensor t, Tensor g) {
    if (g.dtype() != t.dtype()) {
      g = Pointwise.cast(g.detach(), t.dtype());
    }
    if (!Arrays.equals(shapeOf(g), shapeOf(t))) {
      g = g.detach().expand(shapeOf(t)).contiguous();
    }
    if (storageOf(t).isDouble()) {
      double[] td = storageOf(t).doubles;
      Loops.binary(BinaryOp.ADD, td, t.storageOffset(), doublesOf(g), dataOffsetOf(g), td, t.storageOffset(),
          t.numel());
    } else {
      float[] td = storageOf(t).data;
      Loops.binary(BinaryOp.ADD, td, t.storageOffset(), dataOf(g), dataOffsetOf(g), td, t.storageOffset(), t.numel());
    }
    storageOf(t).bumpVersion();
  }
}
