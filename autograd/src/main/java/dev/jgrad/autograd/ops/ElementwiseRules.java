package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.access.TensorAccess.dataOf;
import static dev.jgrad.autograd.access.TensorAccess.dataOffsetOf;
import static dev.jgrad.autograd.access.TensorAccess.fresh;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.kernels.BinaryOp;
import dev.jgrad.autograd.kernels.Kernels;
import dev.jgrad.autograd.kernels.ParallelBlocks;
import dev.jgrad.autograd.kernels.UnaryOp;
import java.util.Arrays;

/**
 * The derivative rules of the elementwise ops: one exhaustive switch per form over the {@link BinaryOp} and
 * {@link UnaryOp} tables, so a new table row does not compile until it has a rule here (or is declared without a
 * gradient, a null {@code GradFn} in its row). Rules are written with Tensor ops: under {@code createGraph} they
 * record their own graph and can be differentiated again. Binary rules work at the broadcast shape; the node
 * reduces each gradient to its input's shape once ({@link Pointwise.BinaryBackward}).
 *
 * <p>The tensors a rule reads are those its row's {@code Saved} kept (null otherwise).
 */
final class ElementwiseRules {
  private ElementwiseRules() {}

  /** dL/da for {@code a op b}. */
  static Tensor tensorA(BinaryOp op, Tensor g, Tensor a, Tensor b, Tensor out) {
    return switch (op) {
      case ADD, SUB -> g;
      case MUL -> g.mul(b);
      case DIV -> g.div(b);
      // d/da a^b = b a^(b-1), defined as 0 where b == 0 (PyTorch's pow_backward_self).
      case POW -> g.mul(b.mul(a.pow(b.sub(1))).mul(f(b.ne(0), g)));
      case MAXIMUM, MINIMUM -> g.mul(aWins(op, a, b, g).add(tie(a, b, g)));
      case EQ, NE, GT, GE, LT, LE -> throw noGradient(op);
    };
  }

  /** dL/db for {@code a op b}. */
  static Tensor tensorB(BinaryOp op, Tensor g, Tensor a, Tensor b, Tensor out) {
    return switch (op) {
      case ADD -> g;
      case SUB -> g.neg();
      case MUL -> g.mul(a);
      case DIV -> g.neg().mul(a).div(b.mul(b));
      case POW -> {
        // d/db a^b = a^b log a, defined as 0 where a == 0 and b >= 0 (pow_backward_exponent).
        Tensor mask = f(a.eq(0), g).mul(f(b.ge(0), g)).rsub(1);
        Tensor logA = Pointwise.where(mask, a, Tensor.onesLike(a)).log();
        yield g.mul(out.mul(logA)).mul(mask);
      }
      case MAXIMUM, MINIMUM -> g.mul(aWins(op, a, b, g).rsub(1).sub(tie(a, b, g)));
      case EQ, NE, GT, GE, LT, LE -> throw noGradient(op);
    };
  }

  /** Where a is the maximum (minimum) of the two: it takes the gradient, which ties share. */
  private static Tensor aWins(BinaryOp op, Tensor a, Tensor b, Tensor g) {
    return f(op == BinaryOp.MAXIMUM ? a.gt(b) : a.lt(b), g);
  }

  private static Tensor tie(Tensor a, Tensor b, Tensor g) {
    return f(a.eq(b), g).mul(0.5);
  }

  /** dL/dx for {@code x op s}; {@code saved} is x when the row saves the input. */
  static Tensor scalar(BinaryOp op, Tensor g, Tensor saved, double s) {
    return switch (op) {
      case ADD, SUB -> g;
      case MUL -> g.mul(s);
      case DIV -> g.div(s);
      case POW -> s == 0 ? Tensor.zerosLike(g)                  // d/dx x^0 = 0, even at x = 0
          : g.mul(saved.pow(s - 1).mul(s));
      case MAXIMUM, MINIMUM, EQ, NE, GT, GE, LT, LE -> throw noGradient(op);
    };
  }

  /** dL/dx for {@code s op x}; {@code saved} is the output when the row saves it. */
  static Tensor reverseScalar(BinaryOp op, Tensor g, Tensor saved, double s) {
    return switch (op) {
      case ADD -> g;
      case SUB -> g.neg();
      case MUL -> g.mul(s);
      case POW -> g.mul(saved).mul(Math.log(s));              // d/dx s^x = s^x ln s
      case DIV, MAXIMUM, MINIMUM, EQ, NE, GT, GE, LT, LE -> throw noGradient(op);
    };
  }

  /** dL/dx for {@code op(x)}: {@code saved} is x or the output, as the row says; p1, p2 the op's parameters. */
  static Tensor unary(UnaryOp op, Tensor g, Tensor saved, double p1, double p2) {
    return switch (op) {
      case NEG -> g.neg();
      case COPY -> g;
      case SIGN, FLOOR, CEIL, ROUND -> Tensor.zerosLike(g);
      case EXP -> g.mul(saved);
      case LOG -> g.div(saved);
      case SQRT -> g.div(saved.mul(2));
      case ABS -> g.mul(saved.sign());
      case SIN -> g.mul(saved.cos());
      case COS -> g.mul(saved.sin().neg());
      case TANH -> g.mul(saved.mul(saved).rsub(1));
      case SIGMOID -> g.mul(saved.mul(saved.rsub(1)));
      case RELU -> reluGrad(g, saved);
      case RECIPROCAL -> g.mul(saved.mul(saved)).neg();
      case CLAMP -> g.mul(f(saved.ge(p1), g).mul(f(saved.le(p2), g)));
      case CLAMP_MIN -> g.mul(f(saved.ge(p1), g));
      case CLAMP_MAX -> g.mul(f(saved.le(p1), g));
      case EXPM1 -> g.mul(saved.add(1));
      case LOG1P -> g.div(saved.add(1));
      case LOG2 -> g.div(saved.mul(Math.log(2.0)));
      case RSQRT -> g.mul(saved.mul(saved).mul(saved)).mul(-0.5);
      case LEAKY_RELU -> {
        Tensor pos = f(saved.gt(0), g);
        yield g.mul(pos.add(pos.rsub(1).mul(p1)));
      }
      case GELU -> geluGrad(g, saved, false);
      case GELU_TANH -> geluGrad(g, saved, true);
      case SILU -> {
        Tensor s = saved.sigmoid();
        yield g.mul(s.mul(saved.mul(s.rsub(1)).add(1)));
      }
      case SOFTPLUS -> {
        Tensor bx = saved.mul(p1);
        Tensor linear = f(bx.gt(p2), g);
        yield g.mul(linear.add(linear.rsub(1).mul(bx.sigmoid())));
      }
      case ELU -> {
        Tensor pos = f(saved.gt(0), g);
        yield g.mul(pos.add(pos.rsub(1).mul(saved.add(p1))));
      }
      case CELU -> {
        Tensor pos = f(saved.gt(0), g);                       // saved is the output y; for x <= 0, y' = (y + α) / α
        yield g.mul(pos.add(pos.rsub(1).mul(g.dtype() == DType.FLOAT64 ? celuSlope(saved, p1)
            : saved.add(p1).div(p1))));
      }
      case SELU -> {
        Tensor pos = f(saved.gt(0), g);                       // saved is the output y; for x <= 0, y' = y + α·scale
        boolean dbl = g.dtype() == DType.FLOAT64;
        yield g.mul(pos.mul(dbl ? Loops.SELU_SCALE_DOUBLE : Loops.SELU_SCALE)
            .add(pos.rsub(1).mul(saved.add(dbl ? Loops.SELU_NEGCOEF_DOUBLE : Loops.SELU_NEGCOEF))));
      }
      case HARDTANH -> g.mul(f(saved.gt(p1), g).mul(f(saved.lt(p2), g)));
      case THRESHOLD -> g.mul(f(saved.gt(p1), g));
      // PyTorch multiplies by its constant 1/6 rounded to float, in float64 too.
      case HARDSIGMOID -> g.dtype() == DType.FLOAT64
          ? g.mul(f(saved.gt(-3), g).mul(f(saved.lt(3), g))).mul((double) (1f / 6f))
          : g.mul(f(saved.gt(-3), g).mul(f(saved.lt(3), g))).div(6);
      case HARDSWISH -> {
        Tensor middle = f(saved.ge(-3), g).mul(f(saved.le(3), g));
        yield g.mul(middle.mul(saved.div(3).add(0.5)).add(f(saved.gt(3), g)));
      }
      case MISH -> {
        Tensor t = saved.softplus(1, 20).tanh();
        yield g.mul(t.add(saved.mul(saved.sigmoid()).mul(t.mul(t).rsub(1))));
      }
      case LOG_SIGMOID -> g.mul(saved.neg().sigmoid());
      case ERF -> g.mul(saved.mul(saved).neg().exp().mul(2.0 / Math.sqrt(Math.PI)));
      case ISNAN -> throw noGradient(op);
    };
  }

  /**
   * CELU's slope for x <= 0 in float64 as PyTorch 1.13 computes it: its derivative formula takes the input scale
   * as {@code 1 / (float) α} ({@code alpha.toFloat()}), so it is {@code r · exp(x / αf)} with
   * {@code r = α / αf} and {@code αf = (float) α}, which is {@code r · (y / α + 1)^r} from the output
   * {@code y = α·(exp(x / α) − 1)}. For a float α this is {@code (y + α) / α}, the float32 rule.
   */
  private static Tensor celuSlope(Tensor y, double alpha) {
    double r = alpha / (float) alpha;
    return y.div(alpha).add(1).pow(r).mul(r);
  }

  private static AssertionError noGradient(Enum<?> op) {
    return new AssertionError(op + " has no gradient (its table row has no GradFn), so it never gets a node");
  }

  /** A bool mask as 0/1 in the gradient's dtype. */
  private static Tensor f(Tensor mask, Tensor g) {
    return mask.to(g.dtype());
  }

  /**
   * {@code g · (y > 0)} for relu's output y. Without a graph to record, one fused kernel pass (the unfused form
   * builds a bool mask, a float copy of it and a product, and compares with a branch per element); with
   * {@code createGraph} the differentiable composition, which the fused kernel reproduces value for value.
   */
  private static Tensor reluGrad(Tensor g, Tensor y) {
    if (GradMode.isEnabled() || g.dtype() != DType.FLOAT32 || !Arrays.equals(shapeOf(g), shapeOf(y))) {
      return g.mul(f(y.gt(0), g));
    }
    int n = g.numel();
    float[] out = new float[n];
    float[] gd = dataOf(g);
    int go = dataOffsetOf(g);
    float[] yd = dataOf(y);
    int yo = dataOffsetOf(y);
    Kernels k = Kernels.get();
    ParallelBlocks.forRange(n, 1, (from, to) -> k.reluBackward(gd, go + from, yd, yo + from, out, from, to - from));
    return fresh(out, shapeOf(g), DType.FLOAT32);
  }

  /**
   * {@code g · gelu'(x)}. Without a graph to record, one fused kernel pass (the composition below allocates a
   * dozen temporaries); with {@code createGraph} the differentiable composition, so double backward works.
   */
  private static Tensor geluGrad(Tensor g, Tensor x, boolean tanhApprox) {
    if (GradMode.isEnabled() || g.dtype() != DType.FLOAT32 || x.dtype() != DType.FLOAT32
        || !Arrays.equals(shapeOf(g), shapeOf(x))) {
      return tanhApprox ? geluTanhGradComposed(g, x) : geluGradComposed(g, x);
    }
    int n = g.numel();
    float[] out = new float[n];
    float[] gd = dataOf(g);
    int go = dataOffsetOf(g);
    float[] xd = dataOf(x);
    int xo = dataOffsetOf(x);
    Kernels k = Kernels.get();
    ParallelBlocks.forRange(n, 8, (from, to) -> k.geluBackward(tanhApprox, gd, go + from, xd, xo + from, out, from,
        to - from));
    return fresh(out, shapeOf(g), DType.FLOAT32);
  }

  /** PyTorch's exact GeluBackward, {@code g · (Φ(x) + x·φ(x))}, from differentiable ops. */
  private static Tensor geluGradComposed(Tensor g, Tensor x) {
    Tensor cdf = x.mul(Math.sqrt(0.5)).erf().add(1).mul(0.5);
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
}
