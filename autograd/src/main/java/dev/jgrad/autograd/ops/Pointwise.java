package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.access.TensorAccess.attach;
import static dev.jgrad.autograd.access.TensorAccess.dataOf;
import static dev.jgrad.autograd.access.TensorAccess.dataOffsetOf;
import static dev.jgrad.autograd.access.TensorAccess.doublesOf;
import static dev.jgrad.autograd.access.TensorAccess.edgeOf;
import static dev.jgrad.autograd.access.TensorAccess.fresh;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;
import static dev.jgrad.autograd.access.TensorAccess.storageOf;

import com.google.common.base.Preconditions;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.autograd.Node;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.kernels.BinaryOp;
import dev.jgrad.autograd.kernels.Dtypes;
import dev.jgrad.autograd.kernels.Dtypes.ScalarKind;
import dev.jgrad.autograd.kernels.GradFn;
import dev.jgrad.autograd.kernels.ResultType;
import dev.jgrad.autograd.kernels.Saved;
import dev.jgrad.autograd.kernels.UnaryOp;
import dev.jgrad.autograd.storage.Shapes;
import dev.jgrad.autograd.storage.SizeLimits;
import java.util.Arrays;

/**
 * Elementwise ops: forward (through {@link Loops}) and the generic nodes of the {@link BinaryOp} and {@link UnaryOp}
 * tables, whose rules are in {@link ElementwiseRules}. Broadcasting happens here in the forward; every rule computes
 * at the broadcast shape and {@link Reductions#sumTo} reduces back to each input's shape — the one place where
 * broadcast gradients are summed.
 */
public final class Pointwise {
  private Pointwise() {}

  // ------------------------------------------------------------------ binary

  public static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
    int[] outShape = Shapes.broadcast(shapeOf(a), shapeOf(b), op.label);
    DType compute = computeType(op, a, b);
    BinaryOp kernelOp = boolOp(op, compute);
    Tensor r;
    if (!compute.isFloatingPoint()) {
      Preconditions.checkArgument(!op.roundsQuotient() || compute != DType.BOOL, "%s: \"%s\" not implemented for "
          + "'Bool'", op.label,
          op == BinaryOp.REMAINDER ? "remainder_cpu" : op == BinaryOp.DIV_FLOOR ? "div_floor_cpu" : "div_trunc_cpu");
      return Integers.binary(kernelOp, a, b, outShape, compute);
    } else if (compute == DType.FLOAT64) {
      double[] out = SizeLimits.allocateDoubles(op.label, outShape);
      forward(kernelOp, toDoubles(a), toDoubles(b), outShape, out);
      r = op.result == ResultType.BOOL ? bools(out, outShape) : fresh(out, outShape);
    } else {
      float[] out = SizeLimits.allocate(op.label, outShape);
      forward(kernelOp, toFloats(a, compute), toFloats(b, compute), outShape, out);
      r = fresh(out, outShape, op.result == ResultType.BOOL ? DType.BOOL : compute);
    }
    if ((a.requiresGrad() || b.requiresGrad()) && op.tensorGrad != null && GradMode.isEnabled()) {
      attach(r, new BinaryBackward(op, a, b, r));
    }
    return r;
  }

  /**
   * The dtype {@code a op b} computes in ({@code torch.result_type}; comparisons then give bool, true division of
   * integers the default dtype). Equal dtypes, the usual case, skip the promotion rules.
   */
  static DType computeType(BinaryOp op, Tensor a, Tensor b) {
    DType x = a.dtype();
    DType y = b.dtype();
    DType t = x == y ? x : Dtypes.resultType(x, shapeOf(a).length == 0, y, shapeOf(b).length == 0);
    return op.result == ResultType.FLOAT && !t.isFloatingPoint() ? Dtypes.defaultDtype() : t;
  }

  /**
   * The op that computes {@code op} on bools held as 0/1: add is a logical or (the maximum), mul is already a
   * logical and; subtraction of bools fails with PyTorch's message.
   */
  static BinaryOp boolOp(BinaryOp op, DType compute) {
    if (compute != DType.BOOL) {
      return op;
    }
    Preconditions.checkArgument(op != BinaryOp.SUB, "sub: Subtraction, the `-` operator, with two bool tensors is "
        + "not supported. Use the `^` or `logical_xor()` operator instead.");
    return op == BinaryOp.ADD ? BinaryOp.MAXIMUM : op;
  }

  /** {@code t} as a float64 tensor (itself, or a detached converted copy). */
  static Tensor toDoubles(Tensor t) {
    return Elements.as(t, DType.FLOAT64);
  }

  /**
   * {@code t} as a float32 tensor for a float32 computation: itself, or a detached converted copy (an int64 or bool
   * operand, or a 0-dim float64 one, which PyTorch converts to the compute dtype first).
   */
  static Tensor toFloats(Tensor t, DType compute) {
    return Elements.as(t, compute);
  }

  /** 0/1 doubles (a float64 comparison's results) as a bool tensor. */
  private static Tensor bools(double[] v, int[] shape) {
    boolean[] out = new boolean[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] != 0;
    }
    return fresh(out, shape);
  }

  /** Computes a op b at the broadcast shape into {@code out} (contiguous). */
  static void forward(BinaryOp op, Tensor a, Tensor b, int[] outShape, float[] out) {
    int n = out.length;
    if (n == 0) {
      return;
    }
    boolean aFull = shapeOf(a).length == outShape.length && Arrays.equals(shapeOf(a), outShape)
        || Shapes.numel(shapeOf(a)) == n;
    boolean bFull = shapeOf(b).length == outShape.length && Arrays.equals(shapeOf(b), outShape)
        || Shapes.numel(shapeOf(b)) == n;
    if (aFull && bFull) {
      Loops.binary(op, dataOf(a), dataOffsetOf(a), dataOf(b), dataOffsetOf(b), out, 0, n);
    } else if (aFull && b.numel() == 1) {
      Loops.binaryScalar(op, dataOf(a), dataOffsetOf(a), storageOf(b).data[b.storageOffset()], false, out, 0, n);
    } else if (bFull && a.numel() == 1) {
      Loops.binaryScalar(op, dataOf(b), dataOffsetOf(b), storageOf(a).data[a.storageOffset()], true, out, 0, n);
    } else if (aFull && isTrailingBlock(b, outShape)) {
      int block = b.numel();
      float[] ad = dataOf(a);
      int ao = dataOffsetOf(a);
      float[] bd = dataOf(b);
      int bo = dataOffsetOf(b);
      for (int s = 0; s < n; s += block) {
        Loops.binary(op, ad, ao + s, bd, bo, out, s, block);
      }
    } else if (!BroadcastRows.apply(op, a, b, outShape, out)) {
      // Detach first: expanding a tensor that requires grad would record a node nobody uses.
      Tensor ae = a.detach().expand(outShape);
      Tensor be = b.detach().expand(outShape);
      Loops.binary(op, dataOf(ae), dataOffsetOf(ae), dataOf(be), dataOffsetOf(be), out, 0, n);
    }
  }

  /**
   * {@link #forward} for float64 operands: the same-shape and one-element cases run the kernels on the stored
   * arrays, the others on expanded copies.
   */
  static void forward(BinaryOp op, Tensor a, Tensor b, int[] outShape, double[] out) {
    int n = out.length;
    if (n == 0) {
      return;
    }
    boolean aFull = Shapes.numel(shapeOf(a)) == n;
    boolean bFull = Shapes.numel(shapeOf(b)) == n;
    if (aFull && bFull) {
      Loops.binary(op, doublesOf(a), dataOffsetOf(a), doublesOf(b), dataOffsetOf(b), out, 0, n);
    } else if (aFull && b.numel() == 1) {
      Loops.binaryScalar(op, doublesOf(a), dataOffsetOf(a), b.doubleValue(), false, out, 0, n);
    } else if (bFull && a.numel() == 1) {
      Loops.binaryScalar(op, doublesOf(b), dataOffsetOf(b), a.doubleValue(), true, out, 0, n);
    } else {
      double[] ae = a.detach().expand(outShape).toDoubleArray();
      double[] be = b.detach().expand(outShape).toDoubleArray();
      Loops.binary(op, ae, 0, be, 0, out, 0, n);
    }
  }

  /** True when {@code t} broadcasts only over leading dims of {@code outShape}, e.g. a bias [M] against [N, M]. */
  private static boolean isTrailingBlock(Tensor t, int[] outShape) {
    int nd = shapeOf(t).length;
    int lead = outShape.length - nd;
    boolean seenReal = false;
    for (int i = 0; i < nd; i++) {
      int s = shapeOf(t)[i];
      if (!seenReal && s == 1 && outShape[lead + i] != 1) {
        continue;
      }
      seenReal = true;
      if (s != outShape[lead + i]) {
        return false;
      }
    }
    return t.numel() > 0;
  }

  /** The node of {@code a op b}: saves what the op's row says, runs its rule, reduces to each input's shape. */
  static final class BinaryBackward extends Node {
    final BinaryOp op;
    final int[] aShape;
    final int[] bShape;
    final boolean needA;
    final boolean needB;

    BinaryBackward(BinaryOp op, Tensor a, Tensor b, Tensor out) {
      super(edgeOf(a), edgeOf(b));
      this.op = op;
      this.aShape = shapeOf(a);
      this.bShape = shapeOf(b);
      this.needA = a.requiresGrad();
      this.needB = b.requiresGrad();
      switch (op.tensorGrad.saves()) {
        case NOTHING -> { }
        case OTHER_INPUT -> save(needB ? a : null, needA ? b : null);
        case INPUT_AND_OUTPUT -> save(a, b, out);
        case INPUT -> save(a, b);
        case OUTPUT -> throw new IllegalStateException(op + ": binary rules read the inputs; save INPUT_AND_OUTPUT");
      }
    }

    @Override
    public String name() {
      return op.tensorGrad.name();
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Saved saves = op.tensorGrad.saves();
      Tensor a = saves == Saved.NOTHING ? null : saved(0);
      Tensor b = saves == Saved.NOTHING ? null : saved(1);
      Tensor out = saves == Saved.INPUT_AND_OUTPUT ? saved(2) : null;
      // add hands g to both inputs even when one needs no gradient: the engine then sees it shared and copies it.
      Tensor ga = needA || op == BinaryOp.ADD ? ElementwiseRules.tensorA(op, g, a, b, out) : null;
      Tensor gb = needB || op == BinaryOp.ADD ? ElementwiseRules.tensorB(op, g, a, b, out) : null;
      return new Tensor[] {
          ga == null ? null : Reductions.sumTo(ga, aShape), gb == null ? null : Reductions.sumTo(gb, bShape)};
    }
  }

  /** The public {@code where}: like PyTorch, the condition must be a bool tensor (e.g. from {@code gt}). */
  public static Tensor whereChecked(Tensor cond, Tensor a, Tensor b) {
    if (cond.dtype() != DType.BOOL) {
      throw new IllegalArgumentException(
          "where: where expected condition to be a boolean tensor, but got a tensor with dtype "
              + cond.dtype().torchName() + " (condition shape " + Shapes.str(shapeOf(cond)) + ")");
    }
    return where(cond, a, b);
  }

  /** {@code cond ? a : b} elementwise with broadcasting; cond is a 0/1 mask; a and b promote as a binary op. */
  static Tensor where(Tensor cond, Tensor a, Tensor b) {
    // a*cond + b*(1-cond) would turn inf*0 into NaN in the forward; select exactly instead.
    int[] shape = Shapes.broadcast(Shapes.broadcast(shapeOf(cond), shapeOf(a), "where"), shapeOf(b), "where");
    boolean[] c = Elements.bools(cond.detach().expand(shape));
    DType type = computeType(BinaryOp.ADD, a, b);
    Object out = Elements.copy(Elements.as(b.detach(), type).expand(shape));
    Elements.select(c, Elements.copy(Elements.as(a.detach(), type).expand(shape)), out);
    Tensor r = Elements.tensor(out, shape, type);
    if ((a.requiresGrad() || b.requiresGrad()) && GradMode.isEnabled()) {
      attach(r, new WhereBackward(cond, a, b));
    }
    return r;
  }

  static final class WhereBackward extends Node {
    final int[] aShape;
    final int[] bShape;
    final Tensor cond;

    WhereBackward(Tensor cond, Tensor a, Tensor b) {
      super(edgeOf(a), edgeOf(b));
      this.cond = cond.detach();
      this.aShape = shapeOf(a);
      this.bShape = shapeOf(b);
      save(this.cond);
    }

    @Override
    public String name() {
      return "WhereBackward0";
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor c = saved(0);
      Tensor zeros = Tensor.zerosLike(g);
      Tensor ga = next[0] == null ? null : where(c, g, zeros);
      Tensor gb = next[1] == null ? null : where(c, zeros, g);
      return new Tensor[] {
          ga == null ? null : Reductions.sumTo(ga, aShape), gb == null ? null : Reductions.sumTo(gb, bShape)};
    }
  }

  /**
   * {@code x} with {@code value} (converted to x's dtype, as PyTorch's masked_fill does) where the bool
   * {@code mask} is set; mask and x broadcast together.
   */
  public static Tensor maskedFill(Tensor x, Tensor mask, double value) {
    if (mask.dtype() != DType.BOOL) {
      throw new IllegalArgumentException(
          "maskedFill: masked_fill_ only supports boolean masks, but got mask with dtype " + mask.dtype().torchName()
              + " (mask shape " + Shapes.str(shapeOf(mask)) + ")");
    }
    int[] shape = Shapes.broadcast(shapeOf(x), shapeOf(mask), "maskedFill");
    Object out = Elements.copy(x.detach().expand(shape));
    Elements.fill(Elements.bools(mask.detach().expand(shape)), out, value);
    Tensor r = Elements.tensor(out, shape, x.dtype());
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new MaskedFillBackward(x, mask));
    }
    return r;
  }

  /** {@code value} converted to {@code dtype} as PyTorch writes a scalar into a tensor: int64 truncates, bool tests. */
  static double storedValue(double value, DType dtype) {
    return switch (dtype) {
      case INT64 -> (double) (long) value;
      case BOOL -> value != 0 ? 1 : 0;
      case FLOAT32 -> (float) value;
      case FLOAT64 -> value;
    };
  }

  static final class MaskedFillBackward extends Node {
    final int[] xShape;

    MaskedFillBackward(Tensor x, Tensor mask) {
      super(edgeOf(x));
      this.xShape = shapeOf(x);
      save(mask.detach());
    }

    @Override
    public String name() {
      return "MaskedFillBackward0";
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      return new Tensor[] {Reductions.sumTo(where(saved(0), Tensor.zerosLike(g), g), xShape)};
    }
  }

  // ------------------------------------------------------------------ tensor-scalar

  /** {@code x op s} (or {@code s op x}) with a Java double, a Python float. */
  public static Tensor scalar(BinaryOp op, Tensor x, double s, boolean scalarLeft) {
    return scalar(op, x, s, ScalarKind.FLOAT, scalarLeft);
  }

  /**
   * {@code x op s} (or {@code s op x}) with a Java long, a Python int: exact beside int64 tensors over the whole
   * range, converted to a double beside floating ones.
   */
  public static Tensor scalar(BinaryOp op, Tensor x, long s, boolean scalarLeft) {
    DType compute = scalarComputeType(op, x.dtype(), ScalarKind.INT);
    if (compute != DType.INT64) {
      return scalar(op, x, (double) s, ScalarKind.INT, scalarLeft);
    }
    Tensor t = fresh(new long[] {s}, new int[0]);
    return scalarLeft ? binary(op, t, x) : binary(op, x, t);
  }

  /**
   * {@code x op s} (or {@code s op x}); {@code kind} says which Python number the Java scalar stands for, which
   * decides the result dtype ({@code int64 tensor + 2} stays int64, {@code + 2.0} is the default dtype). A
   * float-backed result computes with the scalar rounded to float, as PyTorch's float32 kernels do.
   */
  public static Tensor scalar(BinaryOp op, Tensor x, double s, ScalarKind kind, boolean scalarLeft) {
    DType compute = scalarComputeType(op, x.dtype(), kind);
    if (!compute.isFloatingPoint()) {
      // An integral scalar beside an int64 or bool tensor: a 0-dim tensor of the compute dtype, computed exactly.
      Tensor t = compute == DType.BOOL ? fresh(new boolean[] {s != 0}, new int[0]) : fresh(new long[] {(long) s},
          new int[0]);
      return scalarLeft ? binary(op, t, x) : binary(op, x, t);
    }
    BinaryOp kernelOp = boolOp(op, compute);
    int n = x.numel();
    Tensor r;
    double saved;
    if (compute == DType.FLOAT64) {
      Tensor xd = toDoubles(x);
      double[] out = SizeLimits.allocateDoubles(op.label, shapeOf(x));
      if (n > 0) {
        Loops.binaryScalar(kernelOp, doublesOf(xd), dataOffsetOf(xd), s, scalarLeft, out, 0, n);
      }
      r = op.result == ResultType.BOOL ? bools(out, shapeOf(x)) : fresh(out, shapeOf(x));
      saved = s;
    } else {
      float sf = (float) s;
      float[] out = SizeLimits.allocate(op.label, shapeOf(x));
      Tensor xf = toFloats(x, compute);
      if (n > 0) {
        Loops.binaryScalar(kernelOp, dataOf(xf), dataOffsetOf(xf), sf, scalarLeft, out, 0, n);
      }
      r = fresh(out, shapeOf(x), op.result == ResultType.BOOL ? DType.BOOL : compute);
      saved = sf;
    }
    if (x.requiresGrad() && op.result != ResultType.BOOL && GradMode.isEnabled()) {
      attach(r, new ScalarBackward(op, x, saved, scalarLeft, r));
    }
    return r;
  }

  /** The dtype {@code t op s} computes in: a floating tensor keeps its dtype, otherwise PyTorch's promotion. */
  static DType scalarComputeType(BinaryOp op, DType t, ScalarKind kind) {
    DType c = t == DType.FLOAT32 || t == DType.FLOAT64 ? t : Dtypes.resultType(t, kind);
    return op.result == ResultType.FLOAT && !c.isFloatingPoint() ? Dtypes.defaultDtype() : c;
  }

  /**
   * clamp and its one-sided forms: bounds that are Python floats make an int64 or bool tensor compute in the
   * default dtype, as PyTorch's clamp promotes.
   */
  public static Tensor clamp(UnaryOp op, Tensor x, double p1, double p2, ScalarKind kind) {
    DType t = x.dtype();
    DType type = t.isFloatingPoint() ? t : Dtypes.resultType(t, kind);
    return unary(op, type == t ? x : cast(x, type), p1, p2);
  }

  /** {@link #clamp} with Python-int bounds: exact for int64 (and bool, which becomes int64) over the whole range. */
  public static Tensor clamp(UnaryOp op, Tensor x, long lo, long hi) {
    if (x.dtype().isFloatingPoint()) {
      return clamp(op, x, (double) lo, (double) hi, ScalarKind.INT);
    }
    return Integers.unary(op, x, lo, hi, DType.INT64);
  }

  /**
   * A Java scalar beside a tensor where PyTorch takes a Scalar (where's other): a 0-dim tensor that promotes as the
   * Python number would, in the tensor's floating dtype, else the number's own (int64, or the default dtype).
   */
  public static Tensor wrappedScalar(double value, ScalarKind kind, DType beside) {
    DType type = beside.isFloatingPoint() ? beside : Dtypes.wrappedType(kind);
    return Factories.full(new int[0], value, type, "where");
  }

  /**
   * The op of {@code div(other, rounding_mode)}: null is true division, "trunc" and "floor" round the quotient.
   *
   * @throws IllegalArgumentException for any other mode, with PyTorch's message
   */
  public static BinaryOp divOp(String roundingMode) {
    if (roundingMode == null) {
      return BinaryOp.DIV;
    }
    return switch (roundingMode) {
      case "trunc" -> BinaryOp.DIV_TRUNC;
      case "floor" -> BinaryOp.DIV_FLOOR;
      default -> throw new IllegalArgumentException("div: div expected rounding_mode to be one of None, 'trunc', or "
          + "'floor' but found '" + roundingMode + "'");
    };
  }

  /** The node of {@code x op s} or {@code s op x}. */
  static final class ScalarBackward extends Node {
    final BinaryOp op;
    final GradFn form;
    final double s;
    final boolean left;

    ScalarBackward(BinaryOp op, Tensor x, double s, boolean left, Tensor out) {
      // PyTorch wraps the scalar of x + 2, x - 2, x * 2, x / 2 into a tensor: their nodes have a second, null edge.
      super(!left && op.kernel ? new Node[] {edgeOf(x), null} : new Node[] {edgeOf(x)});
      this.op = op;
      GradFn f = left ? op.reverseScalarGrad : op.scalarGrad;
      Preconditions.checkState(f != null, "%s with the scalar on the %s has no gradient", op.label,
          left ? "left" : "right");
      this.form = f;
      this.s = s;
      this.left = left;
      switch (form.saves()) {
        case INPUT -> save(x);
        case OUTPUT -> save(out);
        default -> { }
      }
    }

    @Override
    public String name() {
      return form.name();
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor saved = form.saves() == Saved.NOTHING ? null : saved(0);
      Tensor gx = left ? ElementwiseRules.reverseScalar(op, g, saved, s) : ElementwiseRules.scalar(op, g, saved, s);
      return next.length == 2 ? new Tensor[] {gx, null} : new Tensor[] {gx};
    }
  }

  // ------------------------------------------------------------------ unary

  /**
   * {@code op(x)} with the op's parameters. A float-backed result computes with the parameters rounded to float
   * (PyTorch's float32 kernels take them so); a float64 one, or an int64 input promoted to float64 by a
   * float op, in double.
   */
  public static Tensor unary(UnaryOp op, Tensor x, double p1, double p2) {
    Preconditions.checkArgument(op != UnaryOp.NEG || x.dtype() != DType.BOOL, "neg: Negation, the `-` operator, on "
        + "a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` "
        + "operator instead.");
    DType type = unaryType(op, x.dtype());
    if (!x.dtype().isFloatingPoint() && !type.isFloatingPoint()) {
      return Integers.unary(op, x, (long) p1, (long) p2, type);
    }
    int n = x.numel();
    Tensor r;
    if (type == DType.FLOAT64 || x.dtype() == DType.FLOAT64) {
      Tensor xd = toDoubles(x);
      double[] out = SizeLimits.allocateDoubles(op.label, shapeOf(x));
      if (n > 0) {
        Loops.unary(op, doublesOf(xd), dataOffsetOf(xd), out, 0, n, p1, p2);
      }
      r = type == DType.FLOAT64 ? fresh(out, shapeOf(x)) : type == DType.BOOL ? bools(out, shapeOf(x))
          : Elements.as(fresh(out, shapeOf(x)), type);
    } else {
      p1 = (float) p1;
      p2 = (float) p2;
      Tensor xf = toFloats(x, DType.FLOAT32);
      float[] out = SizeLimits.allocate(op.label, shapeOf(x));
      if (n > 0) {
        Loops.unary(op, dataOf(xf), dataOffsetOf(xf), out, 0, n, (float) p1, (float) p2);
      }
      r = fresh(out, shapeOf(x), type);
    }
    if (x.requiresGrad() && op.grad != null && GradMode.isEnabled()) {
      attach(r, new UnaryBackward(op, x, r, p1, p2));
    }
    return r;
  }

  /** Float ops give the default dtype for int64 and bool inputs, PROMOTE ops keep the dtype (bool to int64). */
  private static DType unaryType(UnaryOp op, DType t) {
    ResultType rule = op.result;
    if (rule == ResultType.PROMOTE) {
      return t == DType.BOOL ? DType.INT64 : t;
    }
    if (rule == ResultType.BOOL) {
      return DType.BOOL;
    }
    return t.isFloatingPoint() ? t : Dtypes.defaultDtype();
  }

  public static Tensor cast(Tensor x, DType type) {
    Tensor r = Elements.tensor(Elements.convert(x, type), shapeOf(x).clone(), type);
    if (x.requiresGrad() && type.isFloatingPoint() && GradMode.isEnabled()) {
      attach(r, new ToCopyBackward(x));
    }
    return r;
  }

  /** {@code ToCopyBackward0}: the gradient goes back in the input's dtype. */
  static final class ToCopyBackward extends Node {
    private final DType from;

    ToCopyBackward(Tensor x) {
      super(edgeOf(x));
      this.from = x.dtype();
    }

    @Override
    public String name() {
      return "ToCopyBackward0";
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      return new Tensor[] {g.dtype() == from ? g : g.to(from)};
    }
  }

  /** The node of {@code op(x)}: saves the input or the output, as the op's row says, and runs its rule. */
  static final class UnaryBackward extends Node {
    final UnaryOp op;
    final double p1;
    final double p2;

    UnaryBackward(UnaryOp op, Tensor x, Tensor out, double p1, double p2) {
      super(edgeOf(x));
      this.op = op;
      this.p1 = p1;
      this.p2 = p2;
      switch (op.grad.saves()) {
        case INPUT -> save(x);
        case OUTPUT -> save(out);
        default -> { }
      }
    }

    @Override
    public String name() {
      return op.grad.name();
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor saved = op.grad.saves() == Saved.NOTHING ? null : saved(0);
      return new Tensor[] {ElementwiseRules.unary(op, g, saved, p1, p2)};
    }
  }
}
