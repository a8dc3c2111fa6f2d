package dev.jgrad.autograd;

import dev.jgrad.autograd.kernels.Kernels;
import java.util.Arrays;

/**
 * Elementwise ops: forward (through {@link Loops}) and derivative rules. Broadcasting happens here in the forward;
 * every rule computes at the broadcast shape and {@link Reductions#sumTo} reduces back to each input's shape — the
 * one place where broadcast gradients are summed.
 */
final class Pointwise {
  private Pointwise() {}

  private static final String[] BINARY_NAMES = {"add", "sub", "mul", "div", "pow", "maximum", "minimum", "eq",
      "ne", "gt", "ge", "lt", "le", "atan2", "fmod", "remainder"};
  private static final String[] BINARY_NODES = {"AddBackward0", "SubBackward0", "MulBackward0", "DivBackward0",
      "PowBackward1", "MaximumBackward0", "MinimumBackward0", null, null, null, null, null, null, "Atan2Backward0",
      "FmodBackward1", "RemainderBackward1"};

  static String binaryName(int op) {
    return BINARY_NAMES[op];
  }

  // ------------------------------------------------------------------ binary

  static Tensor binary(int op, Tensor a, Tensor b) {
    int[] outShape = Shapes.broadcast(a.shape, b.shape, BINARY_NAMES[op]);
    float[] out = SizeLimits.allocate(BINARY_NAMES[op], outShape);
    forward(op, a, b, outShape, out);
    Tensor r = Tensor.fresh(out, outShape, binaryType(op, a.dtype, b.dtype));
    if ((a.requiresGrad || b.requiresGrad) && BINARY_NODES[op] != null && GradMode.isEnabled()) {
      r.attach(new BinaryBackward(op, a, b, r));
    }
    return r;
  }

  static DType binaryType(int op, DType a, DType b) {
    if (Loops.isComparison(op)) {
      return DType.BOOL;
    }
    if (a == DType.FLOAT32 || b == DType.FLOAT32 || op == Loops.DIV || op == Loops.ATAN2) {
      return DType.FLOAT32;
    }
    return DType.INT64;
  }

  /** Computes a op b at the broadcast shape into {@code out} (contiguous). */
  static void forward(int op, Tensor a, Tensor b, int[] outShape, float[] out) {
    int n = out.length;
    if (n == 0) {
      return;
    }
    boolean aFull = a.shape.length == outShape.length && Arrays.equals(a.shape, outShape)
        || Shapes.numel(a.shape) == n;
    boolean bFull = b.shape.length == outShape.length && Arrays.equals(b.shape, outShape)
        || Shapes.numel(b.shape) == n;
    if (aFull && bFull) {
      Loops.binary(op, a.data(), a.dataOffset(), b.data(), b.dataOffset(), out, 0, n);
    } else if (aFull && b.numel() == 1) {
      Loops.binaryScalar(op, a.data(), a.dataOffset(), b.storage.data[b.offset], false, out, 0, n);
    } else if (bFull && a.numel() == 1) {
      Loops.binaryScalar(op, b.data(), b.dataOffset(), a.storage.data[a.offset], true, out, 0, n);
    } else if (aFull && isTrailingBlock(b, outShape)) {
      int block = b.numel();
      float[] ad = a.data();
      int ao = a.dataOffset();
      float[] bd = b.data();
      int bo = b.dataOffset();
      for (int s = 0; s < n; s += block) {
        Loops.binary(op, ad, ao + s, bd, bo, out, s, block);
      }
    } else if (!BroadcastRows.apply(op, a, b, outShape, out)) {
      // Detach first: expanding a tensor that requires grad would record a node nobody uses.
      Tensor ae = a.detach().expand(outShape);
      Tensor be = b.detach().expand(outShape);
      Loops.binary(op, ae.data(), ae.dataOffset(), be.data(), be.dataOffset(), out, 0, n);
    }
  }

  /** True when {@code t} broadcasts only over leading dims of {@code outShape}, e.g. a bias [M] against [N, M]. */
  private static boolean isTrailingBlock(Tensor t, int[] outShape) {
    int nd = t.shape.length;
    int lead = outShape.length - nd;
    boolean seenReal = false;
    for (int i = 0; i < nd; i++) {
      int s = t.shape[i];
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

  static final class BinaryBackward extends Node {
    final int op;
    final int[] aShape;
    final int[] bShape;
    final boolean needA;
    final boolean needB;

    BinaryBackward(int op, Tensor a, Tensor b, Tensor out) {
      super(a.edge(), b.edge());
      this.op = op;
      this.aShape = a.shape;
      this.bShape = b.shape;
      this.needA = a.requiresGrad;
      this.needB = b.requiresGrad;
      switch (op) {
        case Loops.ADD:
        case Loops.SUB:
          break;
        case Loops.MUL:
          save(needB ? a : null, needA ? b : null);
          break;
        case Loops.POW:
          save(a, b, out);
          break;
        default:
          save(a, b);
      }
    }

    @Override
    public String name() {
      return BINARY_NODES[op];
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor ga = null;
      Tensor gb = null;
      switch (op) {
        case Loops.ADD:
          ga = g;
          gb = g;
          break;
        case Loops.SUB:
          ga = g;
          gb = needB ? g.neg() : null;
          break;
        case Loops.MUL:
          ga = needA ? g.mul(saved(1)) : null;
          gb = needB ? g.mul(saved(0)) : null;
          break;
        case Loops.DIV: {
          Tensor a = saved(0);
          Tensor b = saved(1);
          ga = needA ? g.div(b) : null;
          gb = needB ? g.neg().mul(a).div(b.mul(b)) : null;
          break;
        }
        case Loops.POW: {
          Tensor a = saved(0);
          Tensor b = saved(1);
          Tensor out = saved(2);
          if (needA) {
            // d/da a^b = b a^(b-1), defined as 0 where b == 0 (PyTorch's pow_backward_self).
            ga = g.mul(b.mul(a.pow(b.sub(1))).mul(b.ne(0).to(DType.FLOAT32)));
          }
          if (needB) {
            // d/db a^b = a^b log a, defined as 0 where a == 0 and b >= 0 (pow_backward_exponent).
            Tensor mask = a.eq(0).to(DType.FLOAT32).mul(b.ge(0).to(DType.FLOAT32)).rsub(1);
            Tensor logA = Pointwise.where(mask, a, Tensor.onesLike(a)).log();
            gb = g.mul(out.mul(logA)).mul(mask);
          }
          break;
        }
        case Loops.MAXIMUM:
        case Loops.MINIMUM: {
          Tensor a = saved(0);
          Tensor b = saved(1);
          Tensor aWins = (op == Loops.MAXIMUM ? a.gt(b) : a.lt(b)).to(DType.FLOAT32);
          Tensor tie = a.eq(b).to(DType.FLOAT32).mul(0.5);
          ga = needA ? g.mul(aWins.add(tie)) : null;
          gb = needB ? g.mul(aWins.rsub(1).sub(tie)) : null;
          break;
        }
        case Loops.ATAN2: {
          Tensor a = saved(0);
          Tensor b = saved(1);
          Tensor denom = a.mul(a).add(b.mul(b));
          ga = needA ? g.mul(b).div(denom) : null;
          gb = needB ? g.neg().mul(a).div(denom) : null;
          break;
        }
        case Loops.FMOD:
        case Loops.REMAINDER:
          ga = needA ? g : null;
          gb = null;
          break;
        default:
          throw new AssertionError(op);
      }
      return new Tensor[] {
          ga == null ? null : Reductions.sumTo(ga, aShape), gb == null ? null : Reductions.sumTo(gb, bShape)};
    }
  }

  /** The public {@code where}: like PyTorch, the condition must be a bool tensor (e.g. from {@code gt}). */
  static Tensor whereChecked(Tensor cond, Tensor a, Tensor b) {
    if (cond.dtype != DType.BOOL) {
      throw new IllegalArgumentException(
          "where: where expected condition to be a boolean tensor, but got a tensor with dtype "
              + cond.dtype.torchName() + " (condition shape " + Shapes.str(cond.shape) + ")");
    }
    return where(cond, a, b);
  }

  /** {@code cond ? a : b} elementwise with broadcasting; cond is a 0/1 mask. */
  static Tensor where(Tensor cond, Tensor a, Tensor b) {
    // a*cond + b*(1-cond) would turn inf*0 into NaN in the forward; select exactly instead.
    int[] shape = Shapes.broadcast(Shapes.broadcast(cond.shape, a.shape, "where"), b.shape, "where");
    float[] c = cond.detach().expand(shape).toArray();
    float[] av = a.detach().expand(shape).toArray();
    float[] bv = b.detach().expand(shape).toArray();
    float[] out = new float[c.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = c[i] != 0f ? av[i] : bv[i];
    }
    Tensor r = Tensor.fresh(out, shape, binaryType(Loops.ADD, a.dtype, b.dtype));
    if ((a.requiresGrad || b.requiresGrad) && GradMode.isEnabled()) {
      r.attach(new WhereBackward(cond, a, b));
    }
    return r;
  }

  static final class WhereBackward extends Node {
    final int[] aShape;
    final int[] bShape;
    final Tensor cond;

    WhereBackward(Tensor cond, Tensor a, Tensor b) {
      super(a.edge(), b.edge());
      this.cond = cond.detach();
      this.aShape = a.shape;
      this.bShape = b.shape;
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
  static Tensor maskedFill(Tensor x, Tensor mask, float value) {
    if (mask.dtype != DType.BOOL) {
      throw new IllegalArgumentException(
          "maskedFill: masked_fill_ only supports boolean masks, but got mask with dtype " + mask.dtype.torchName()
              + " (mask shape " + Shapes.str(mask.shape) + ")");
    }
    int[] shape = Shapes.broadcast(x.shape, mask.shape, "maskedFill");
    float[] out = x.detach().expand(shape).toArray();
    float[] m = mask.detach().expand(shape).toArray();
    for (int i = 0; i < out.length; i++) {
      if (m[i] != 0f) {
        out[i] = value;
      }
    }
    Tensor r = Tensor.fresh(out, shape, x.dtype);
    if (x.requiresGrad && GradMode.isEnabled()) {
      r.attach(new MaskedFillBackward(x, mask));
    }
    return r;
  }

  static final class MaskedFillBackward extends Node {
    final int[] xShape;

    MaskedFillBackward(Tensor x, Tensor mask) {
      super(x.edge());
      this.xShape = x.shape;
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

  static Tensor scalar(int op, Tensor x, float s, boolean scalarLeft) {
    int n = x.numel();
    float[] out = SizeLimits.allocate(BINARY_NAMES[op], x.shape);
    if (n > 0) {
      Loops.binaryScalar(op, x.data(), x.dataOffset(), s, scalarLeft, out, 0, n);
    }
    Tensor r = Tensor.fresh(out, x.shape, scalarType(op, x.dtype, s));
    if (x.requiresGrad && !Loops.isComparison(op) && GradMode.isEnabled()) {
      r.attach(new ScalarBackward(op, x, s, scalarLeft, r));
    }
    return r;
  }

  private static DType scalarType(int op, DType t, float s) {
    if (Loops.isComparison(op)) {
      return DType.BOOL;
    }
    if (t == DType.FLOAT32 || op == Loops.DIV || s != Math.rint(s)) {
      return DType.FLOAT32;
    }
    return DType.INT64;
  }

  static final class ScalarBackward extends Node {
    final int op;
    final float s;
    final boolean left;

    ScalarBackward(int op, Tensor x, float s, boolean left, Tensor out) {
      // PyTorch wraps the scalar of x + 2, x - 2, x * 2, x / 2 into a tensor: their nodes have a second, null edge.
      super(!left && op <= Loops.DIV ? new Node[] {x.edge(), null} : new Node[] {x.edge()});
      this.op = op;
      this.s = s;
      this.left = left;
      if (op == Loops.POW) {
        save(left ? out : x);
      }
    }

    @Override
    public String name() {
      switch (op) {
        case Loops.ADD: return "AddBackward0";
        case Loops.SUB: return left ? "RsubBackward1" : "SubBackward0";
        case Loops.MUL: return "MulBackward0";
        case Loops.DIV: return "DivBackward0";
        case Loops.POW: return left ? "PowBackward2" : "PowBackward0";
        default: return "ScalarBackward" + op;
      }
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor gx;
      switch (op) {
        case Loops.ADD:
          gx = g;
          break;
        case Loops.SUB:
          gx = left ? g.neg() : g;
          break;
        case Loops.MUL:
          gx = g.mul(s);
          break;
        case Loops.DIV:
          gx = g.div(s);
          break;
        case Loops.POW:
          if (left) {
            gx = g.mul(saved(0)).mul(Math.log(s));          // d/dx s^x = s^x ln s
          } else if (s == 0f) {
            gx = Tensor.zerosLike(g);                        // d/dx x^0 = 0, even at x = 0
          } else {
            gx = g.mul(saved(0).pow(s - 1f).mul(s));
          }
          break;
        default:
          throw new AssertionError(op);
      }
      return next.length == 2 ? new Tensor[] {gx, null} : new Tensor[] {gx};
    }
  }

  // ------------------------------------------------------------------ unary

  static Tensor unary(int op, Tensor x, float p1, float p2) {
    int n = x.numel();
    float[] out = new float[n];
    if (n > 0) {
      Loops.unary(op, x.data(), x.dataOffset(), out, 0, n, p1, p2);
    }
    Tensor r = Tensor.fresh(out, x.shape, unaryType(op, x.dtype));
    if (x.requiresGrad && UnaryBackward.NAMES[op] != null && GradMode.isEnabled()) {
      r.attach(new UnaryBackward(op, x, r, p1, p2));
    }
    return r;
  }

  private static DType unaryType(int op, DType t) {
    switch (op) {
      case Loops.LOGICAL_NOT:
      case Loops.ISNAN:
        return DType.BOOL;
      case Loops.NEG: case Loops.ABS: case Loops.RELU: case Loops.SIGN: case Loops.CLAMP: case Loops.CLAMP_MIN:
      case Loops.CLAMP_MAX: case Loops.FLOOR:
      case Loops.CEIL: case Loops.ROUND: case Loops.TRUNC: case Loops.SQUARE: case Loops.COPY:
        return t == DType.BOOL ? DType.INT64 : t;
      default:
        return DType.FLOAT32;
    }
  }

  static Tensor cast(Tensor x, DType type) {
    int n = x.numel();
    float[] out = SizeLimits.allocate("to", x.shape);
    if (n > 0) {
      float[] d = x.data();
      int o = x.dataOffset();
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
    Tensor r = Tensor.fresh(out, x.shape, type);
    if (x.requiresGrad && type == DType.FLOAT32 && GradMode.isEnabled()) {
      r.attach(new UnaryBackward(Loops.COPY, x, r, 0, 0));
    }
    return r;
  }

  static final class UnaryBackward extends Node {
    static final String[] NAMES = new String[Loops.UNARY_COUNT];

    static {
      NAMES[Loops.NEG] = "NegBackward0";
      NAMES[Loops.EXP] = "ExpBackward0";
      NAMES[Loops.LOG] = "LogBackward0";
      NAMES[Loops.SQRT] = "SqrtBackward0";
      NAMES[Loops.ABS] = "AbsBackward0";
      NAMES[Loops.SIN] = "SinBackward0";
      NAMES[Loops.COS] = "CosBackward0";
      NAMES[Loops.TAN] = "TanBackward0";
      NAMES[Loops.TANH] = "TanhBackward0";
      NAMES[Loops.SIGMOID] = "SigmoidBackward0";
      NAMES[Loops.RELU] = "ReluBackward0";
      NAMES[Loops.SIGN] = "SignBackward0";
      NAMES[Loops.RECIPROCAL] = "ReciprocalBackward0";
      NAMES[Loops.CLAMP] = "ClampBackward1";
      NAMES[Loops.EXPM1] = "Expm1Backward0";
      NAMES[Loops.LOG1P] = "Log1PBackward0";
      NAMES[Loops.LOG2] = "Log2Backward0";
      NAMES[Loops.RSQRT] = "RsqrtBackward0";
      NAMES[Loops.LEAKY_RELU] = "LeakyReluBackward0";
      NAMES[Loops.GELU] = "GeluBackward0";
      NAMES[Loops.GELU_TANH] = "GeluBackward0";
      NAMES[Loops.SILU] = "SiluBackward0";
      NAMES[Loops.SOFTPLUS] = "SoftplusBackward0";
      NAMES[Loops.ELU] = "EluBackward0";
      NAMES[Loops.FLOOR] = "FloorBackward0";
      NAMES[Loops.CEIL] = "CeilBackward0";
      NAMES[Loops.ROUND] = "RoundBackward0";
      NAMES[Loops.TRUNC] = "TruncBackward0";
      NAMES[Loops.ERF] = "ErfBackward0";
      NAMES[Loops.SQUARE] = "PowBackward0";
      NAMES[Loops.COPY] = "ToCopyBackward0";
      NAMES[Loops.CLAMP_MIN] = "ClampMinBackward0";
      NAMES[Loops.CLAMP_MAX] = "ClampMaxBackward0";
      // LOGICAL_NOT and ISNAN produce bool tensors: not differentiable, no node.
    }

    /** Ops whose rule reads the output rather than the input. */
    private static boolean savesOutput(int op) {
      switch (op) {
        case Loops.EXP: case Loops.TANH: case Loops.SIGMOID: case Loops.RELU: case Loops.SQRT:
        case Loops.RECIPROCAL: case Loops.RSQRT: case Loops.EXPM1: case Loops.TAN: case Loops.ELU:
          return true;
        default:
          return false;
      }
    }

    final int op;
    final float p1;
    final float p2;

    UnaryBackward(int op, Tensor x, Tensor out, float p1, float p2) {
      super(x.edge());
      this.op = op;
      this.p1 = p1;
      this.p2 = p2;
      switch (op) {
        case Loops.NEG: case Loops.SIGN: case Loops.FLOOR: case Loops.CEIL: case Loops.ROUND: case Loops.TRUNC:
        case Loops.COPY:
          break;
        default:
          save(savesOutput(op) ? out : x);
      }
    }

    @Override
    public String name() {
      return NAMES[op];
    }

    private static Tensor f(Tensor mask) {
      return mask.to(DType.FLOAT32);
    }

    /**
     * {@code g · (y > 0)} for relu's output y. Without a graph to record, one fused kernel pass (the unfused form
     * builds a bool mask, a float copy of it and a product, and compares with a branch per element); with
     * {@code createGraph} the differentiable composition, which the fused kernel reproduces value for value.
     */
    private static Tensor reluGrad(Tensor g, Tensor y) {
      if (GradMode.isEnabled() || g.dtype != DType.FLOAT32 || !Arrays.equals(g.shape, y.shape)) {
        return g.mul(f(y.gt(0)));
      }
      int n = g.numel();
      float[] out = new float[n];
      if (n > 0) {
        Kernels.get().reluBackward(g.data(), g.dataOffset(), y.data(), y.dataOffset(), out, 0, n);
      }
      return Tensor.fresh(out, g.shape, DType.FLOAT32);
    }

    /**
     * {@code g · gelu'(x)}. Without a graph to record, one fused kernel pass (the composition below allocates a
     * dozen temporaries); with {@code createGraph} the differentiable composition, so double backward works.
     */
    private static Tensor geluGrad(Tensor g, Tensor x, boolean tanhApprox) {
      if (GradMode.isEnabled() || g.dtype != DType.FLOAT32 || x.dtype != DType.FLOAT32
          || !Arrays.equals(g.shape, x.shape)) {
        return tanhApprox ? geluTanhGradComposed(g, x) : geluGradComposed(g, x);
      }
      int n = g.numel();
      float[] out = new float[n];
      if (n > 0) {
        Kernels.get().geluBackward(tanhApprox, g.data(), g.dataOffset(), x.data(), x.dataOffset(), out, 0, n);
      }
      return Tensor.fresh(out, g.shape, DType.FLOAT32);
    }

    /** PyTorch's exact GeluBackward, {@code g · (Φ(x) + x·φ(x))}, from differentiable ops. */
    private static Tensor geluGradComposed(Tensor g, Tensor x) {
      Tensor cdf = Pointwise.unary(Loops.ERF, x.mul(Math.sqrt(0.5)), 0, 0).add(1).mul(0.5);
      Tensor pdf = x.mul(x).mul(-0.5).exp().mul(1.0 / Math.sqrt(2 * Math.PI));
      return g.mul(cdf.add(x.mul(pdf)));
    }

    /** PyTorch's tanh GeluBackward from differentiable ops. */
    private static Tensor geluTanhGradComposed(Tensor g, Tensor x) {
      double k = Math.sqrt(2.0 / Math.PI);
      Tensor x2 = x.mul(x);
      Tensor inner = x.add(x2.mul(x).mul(0.044715)).mul(k);
      Tensor t = inner.tanh();
      Tensor dInner = x2.mul(3 * 0.044715).add(1).mul(k);
      Tensor d = t.add(1).mul(0.5).add(x.mul(0.5).mul(t.mul(t).rsub(1)).mul(dInner));
      return g.mul(d);
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor r;
      switch (op) {
        case Loops.NEG: r = g.neg(); break;
        case Loops.COPY: r = g; break;
        case Loops.SIGN: case Loops.FLOOR: case Loops.CEIL: case Loops.ROUND: case Loops.TRUNC:
          r = Tensor.zerosLike(g);
          break;
        case Loops.EXP: r = g.mul(saved(0)); break;
        case Loops.LOG: r = g.div(saved(0)); break;
        case Loops.SQRT: r = g.div(saved(0).mul(2)); break;
        case Loops.ABS: r = g.mul(saved(0).sign()); break;
        case Loops.SIN: r = g.mul(saved(0).cos()); break;
        case Loops.COS: r = g.mul(saved(0).sin().neg()); break;
        case Loops.TAN: { Tensor y = saved(0); r = g.mul(y.mul(y).add(1)); break; }
        case Loops.TANH: { Tensor y = saved(0); r = g.mul(y.mul(y).rsub(1)); break; }
        case Loops.SIGMOID: { Tensor y = saved(0); r = g.mul(y.mul(y.rsub(1))); break; }
        case Loops.RELU: r = reluGrad(g, saved(0)); break;
        case Loops.RECIPROCAL: { Tensor y = saved(0); r = g.mul(y.mul(y)).neg(); break; }
        case Loops.CLAMP: { Tensor x = saved(0); r = g.mul(f(x.ge(p1)).mul(f(x.le(p2)))); break; }
        case Loops.CLAMP_MIN: r = g.mul(f(saved(0).ge(p1))); break;
        case Loops.CLAMP_MAX: r = g.mul(f(saved(0).le(p1))); break;
        case Loops.EXPM1: r = g.mul(saved(0).add(1)); break;
        case Loops.LOG1P: r = g.div(saved(0).add(1)); break;
        case Loops.LOG2: r = g.div(saved(0).mul(Math.log(2.0))); break;
        case Loops.RSQRT: { Tensor y = saved(0); r = g.mul(y.mul(y).mul(y)).mul(-0.5); break; }
        case Loops.LEAKY_RELU: {
          Tensor pos = f(saved(0).gt(0));
          r = g.mul(pos.add(pos.rsub(1).mul(p1)));
          break;
        }
        case Loops.GELU: r = geluGrad(g, saved(0), false); break;
        case Loops.GELU_TANH: r = geluGrad(g, saved(0), true); break;
        case Loops.SILU: {
          Tensor x = saved(0);
          Tensor s = x.sigmoid();
          r = g.mul(s.mul(x.mul(s.rsub(1)).add(1)));
          break;
        }
        case Loops.SOFTPLUS: {
          Tensor x = saved(0);
          Tensor bx = x.mul(p1);
          Tensor linear = f(bx.gt(p2));
          r = g.mul(linear.add(linear.rsub(1).mul(bx.sigmoid())));
          break;
        }
        case Loops.ELU: {
          Tensor y = saved(0);
          Tensor pos = f(y.gt(0));
          r = g.mul(pos.add(pos.rsub(1).mul(y.add(p1))));
          break;
        }
        case Loops.ERF: {
          Tensor x = saved(0);
          r = g.mul(x.mul(x).neg().exp().mul(2.0 / Math.sqrt(Math.PI)));
          break;
        }
        case Loops.SQUARE: r = g.mul(saved(0).mul(2)); break;
        default:
          throw new AssertionError(op);
      }
      return new Tensor[] {r};
    }
  }
}
