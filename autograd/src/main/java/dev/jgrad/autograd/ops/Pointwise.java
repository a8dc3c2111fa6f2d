package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.access.TensorAccess.attach;
import static dev.jgrad.autograd.access.TensorAccess.dataOf;
import static dev.jgrad.autograd.access.TensorAccess.dataOffsetOf;
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
    float[] out = SizeLimits.allocate(op.label, outShape);
    forward(op, a, b, outShape, out);
    Tensor r = fresh(out, outShape, binaryType(op, a.dtype(), b.dtype()));
    if ((a.requiresGrad() || b.requiresGrad()) && op.tensorGrad != null && GradMode.isEnabled()) {
      attach(r, new BinaryBackward(op, a, b, r));
    }
    return r;
  }

  // The dtype rules compare the enum constants directly: a switch over an enum of another class reads a lookup
  // array first, which the per-op path of tiny tensors can do without.
  static DType binaryType(BinaryOp op, DType a, DType b) {
    ResultType rule = op.result;
    if (rule == ResultType.BOOL) {
      return DType.BOOL;
    }
    return rule == ResultType.FLOAT || a == DType.FLOAT32 || b == DType.FLOAT32 ? DType.FLOAT32 : DType.INT64;
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

  /** {@code cond ? a : b} elementwise with broadcasting; cond is a 0/1 mask. */
  static Tensor where(Tensor cond, Tensor a, Tensor b) {
    // a*cond + b*(1-cond) would turn inf*0 into NaN in the forward; select exactly instead.
    int[] shape = Shapes.broadcast(Shapes.broadcast(shapeOf(cond), shapeOf(a), "where"), shapeOf(b), "where");
    float[] c = cond.detach().expand(shape).toArray();
    float[] av = a.detach().expand(shape).toArray();
    float[] bv = b.detach().expand(shape).toArray();
    float[] out = SizeLimits.allocate("where", shape);
    for (int i = 0; i < out.length; i++) {
      out[i] = c[i] != 0f ? av[i] : bv[i];
    }
    Tensor r = fresh(out, shape, binaryType(BinaryOp.ADD, a.dtype(), b.dtype()));
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

  /** {@code x} with {@code value} where the bool {@code mask} is set; mask and x broadcast together. */
  public static Tensor maskedFill(Tensor x, Tensor mask, float value) {
    if (mask.dtype() != DType.BOOL) {
      throw new IllegalArgumentException(
          "maskedFill: masked_fill_ only supports boolean masks, but got mask with dtype " + mask.dtype().torchName()
              + " (mask shape " + Shapes.str(shapeOf(mask)) + ")");
    }
    int[] shape = Shapes.broadcast(shapeOf(x), shapeOf(mask), "maskedFill");
    float[] out = x.detach().expand(shape).toArray();
    float[] m = mask.detach().expand(shape).toArray();
    for (int i = 0; i < out.length; i++) {
      if (m[i] != 0f) {
        out[i] = value;
      }
    }
    Tensor r = fresh(out, shape, x.dtype());
    if (x.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new MaskedFillBackward(x, mask));
    }
    return r;
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

  public static Tensor scalar(BinaryOp op, Tensor x, float s, boolean scalarLeft) {
    int n = x.numel();
    float[] out = SizeLimits.allocate(op.label, shapeOf(x));
    if (n > 0) {
      Loops.binaryScalar(op, dataOf(x), dataOffsetOf(x), s, scalarLeft, out, 0, n);
    }
    Tensor r = fresh(out, shapeOf(x), scalarType(op, x.dtype(), s));
    if (x.requiresGrad() && op.result != ResultType.BOOL && GradMode.isEnabled()) {
      attach(r, new ScalarBackward(op, x, s, scalarLeft, r));
    }
    return r;
  }

  private static DType scalarType(BinaryOp op, DType t, float s) {
    ResultType rule = op.result;
    if (rule == ResultType.BOOL) {
      return DType.BOOL;
    }
    return rule == ResultType.FLOAT || t == DType.FLOAT32 || s != Math.rint(s) ? DType.FLOAT32 : DType.INT64;
  }

  /** The node of {@code x op s} or {@code s op x}. */
  static final class ScalarBackward extends Node {
    final BinaryOp op;
    final GradFn form;
    final float s;
    final boolean left;

    ScalarBackward(BinaryOp op, Tensor x, float s, boolean left, Tensor out) {
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

  public static Tensor unary(UnaryOp op, Tensor x, float p1, float p2) {
    int n = x.numel();
    float[] out = SizeLimits.allocate(op.label, shapeOf(x));
    if (n > 0) {
      Loops.unary(op, dataOf(x), dataOffsetOf(x), out, 0, n, p1, p2);
    }
    Tensor r = fresh(out, shapeOf(x), unaryType(op, x.dtype()));
    if (x.requiresGrad() && op.grad != null && GradMode.isEnabled()) {
      attach(r, new UnaryBackward(op, x, r, p1, p2));
    }
    return r;
  }

  private static DType unaryType(UnaryOp op, DType t) {
    ResultType rule = op.result;
    if (rule == ResultType.PROMOTE) {
      return t == DType.BOOL ? DType.INT64 : t;
    }
    return rule == ResultType.BOOL ? DType.BOOL : DType.FLOAT32;
  }

  public static Tensor cast(Tensor x, DType type) {
    Tensor r = x.dtype() == DType.FLOAT64 || type == DType.FLOAT64 ? castDoubles(x, type) : castFloats(x, type);
    if (x.requiresGrad() && type.isFloatingPoint() && GradMode.isEnabled()) {
      attach(r, new ToCopyBackward(x));
    }
    return r;
  }

  /** Between the float-backed dtypes (float32, int64 and bool, all held in floats). */
  private static Tensor castFloats(Tensor x, DType type) {
    int n = x.numel();
    float[] out = SizeLimits.allocate("to", shapeOf(x));
    if (n > 0) {
      float[] d = dataOf(x);
      int o = dataOffsetOf(x);
      // The type test is outside the loops, so the float copy is an arraycopy and the others have no extra branch.
      if (type == DType.FLOAT32) {
        System.arraycopy(d, o, out, 0, n);
      } else if (type == DType.BOOL) {
        for (int i = 0; i < n; i++) {
          out[i] = d[o + i] != 0f ? 1f : 0f;
        }
      } else {
        for (int i = 0; i < n; i++) {
          out[i] = (float) (long) d[o + i];
        }
      }
    }
    return fresh(out, shapeOf(x), type);
  }

  /** To or from float64: every value goes through a double, exact except float64 to float32 (rounded to nearest). */
  private static Tensor castDoubles(Tensor x, DType type) {
    double[] in = x.toDoubleArray();
    int n = in.length;
    if (type == DType.FLOAT64) {
      return fresh(in, shapeOf(x).clone());
    }
    float[] out = SizeLimits.allocate("to", shapeOf(x));
    for (int i = 0; i < n; i++) {
      double v = in[i];
      out[i] = type == DType.FLOAT32 ? (float) v : type == DType.BOOL ? (v != 0 ? 1f : 0f) : (float) (long) v;
    }
    return fresh(out, shapeOf(x).clone(), type);
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
    final float p1;
    final float p2;

    UnaryBackward(UnaryOp op, Tensor x, Tensor out, float p1, float p2) {
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
