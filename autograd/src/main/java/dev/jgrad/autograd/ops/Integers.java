package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.access.TensorAccess.fresh;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;

import com.google.common.base.Preconditions;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.kernels.BinaryOp;
import dev.jgrad.autograd.kernels.ResultType;
import dev.jgrad.autograd.kernels.UnaryOp;
import dev.jgrad.autograd.storage.SizeLimits;

/**
 * Elementwise ops on int64 and bool tensors, computed in {@code long} so every int64 value is exact (Java's
 * two's-complement wrap-around on overflow, as PyTorch's int64 kernels). Bools compute as 0 and 1: add is a logical
 * or ({@link Pointwise#boolOp} maps it to the maximum), mul a logical and; a bool result is stored as bools. These
 * ops have no gradient.
 */
final class Integers {
  private Integers() {}

  /** {@code a op b} at the broadcast {@code shape}, computing in {@code compute} (int64 or bool). */
  static Tensor binary(BinaryOp op, Tensor a, Tensor b, int[] shape, DType compute) {
    long[] x = Elements.longs(a.detach().expand(shape));
    long[] y = Elements.longs(b.detach().expand(shape));
    long[] out = SizeLimits.allocateLongs(op.label, shape);
    int n = out.length;
    switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) out[i] = x[i] + y[i]; }
      case SUB -> { for (int i = 0; i < n; i++) out[i] = x[i] - y[i]; }
      case MUL -> { for (int i = 0; i < n; i++) out[i] = x[i] * y[i]; }
      case MAXIMUM -> { for (int i = 0; i < n; i++) out[i] = Math.max(x[i], y[i]); }
      case MINIMUM -> { for (int i = 0; i < n; i++) out[i] = Math.min(x[i], y[i]); }
      case EQ -> { for (int i = 0; i < n; i++) out[i] = x[i] == y[i] ? 1 : 0; }
      case NE -> { for (int i = 0; i < n; i++) out[i] = x[i] != y[i] ? 1 : 0; }
      case GT -> { for (int i = 0; i < n; i++) out[i] = x[i] > y[i] ? 1 : 0; }
      case GE -> { for (int i = 0; i < n; i++) out[i] = x[i] >= y[i] ? 1 : 0; }
      case LT -> { for (int i = 0; i < n; i++) out[i] = x[i] < y[i] ? 1 : 0; }
      case LE -> { for (int i = 0; i < n; i++) out[i] = x[i] <= y[i] ? 1 : 0; }
      case POW -> { for (int i = 0; i < n; i++) out[i] = pow(x[i], y[i]); }
      case REMAINDER, DIV_FLOOR, DIV_TRUNC -> quotient(op, x, y, out);
      default -> throw new IllegalArgumentException(
          op.label + ": \"" + op.label + "\" not implemented for '" + compute.scalarTypeName() + "'");
    }
    return result(out, shape, op.result == ResultType.BOOL || compute == DType.BOOL ? DType.BOOL : compute);
  }

  /** Python's integer division and modulo (the quotient rounded down, the remainder with the divisor's sign). */
  private static void quotient(BinaryOp op, long[] x, long[] y, long[] out) {
    for (int i = 0; i < out.length; i++) {
      if (y[i] == 0) {
        throw new ArithmeticException(op.label + ": ZeroDivisionError (integer division by zero at element " + i
            + ")");
      }
      out[i] = switch (op) {
        case REMAINDER -> Math.floorMod(x[i], y[i]);
        case DIV_FLOOR -> Math.floorDiv(x[i], y[i]);
        default -> x[i] / y[i];
      };
    }
  }

  /** Integer power by squaring, as PyTorch's integral pow; a negative exponent is refused with its message. */
  private static long pow(long base, long exp) {
    Preconditions.checkArgument(exp >= 0, "pow: Integers to negative integer powers are not allowed.");
    long result = 1;
    while (exp > 0) {
      if ((exp & 1) != 0) {
        result *= base;
      }
      base *= base;
      exp >>= 1;
    }
    return result;
  }

  /**
   * {@code op(x)} for an int64 or bool input whose result is int64 or bool ({@code type}): the ops that keep an
   * integer dtype, and isnan (never true for integers); {@code lo} and {@code hi} are the clamp bounds.
   */
  static Tensor unary(UnaryOp op, Tensor x, long lo, long hi, DType type) {
    long[] v = Elements.longs(x);
    long[] out = SizeLimits.allocateLongs(op.label, shapeOf(x));
    int n = out.length;
    switch (op) {
      case NEG -> { for (int i = 0; i < n; i++) out[i] = -v[i]; }
      case ABS -> { for (int i = 0; i < n; i++) out[i] = Math.abs(v[i]); }
      case RELU -> { for (int i = 0; i < n; i++) out[i] = Math.max(v[i], 0); }
      case SIGN -> { for (int i = 0; i < n; i++) out[i] = Long.signum(v[i]); }
      case CLAMP -> { for (int i = 0; i < n; i++) out[i] = Math.min(Math.max(v[i], lo), hi); }
      case CLAMP_MIN -> { for (int i = 0; i < n; i++) out[i] = Math.max(v[i], lo); }
      case CLAMP_MAX -> { for (int i = 0; i < n; i++) out[i] = Math.min(v[i], lo); }
      case FLOOR, CEIL, ROUND, COPY -> System.arraycopy(v, 0, out, 0, n);
      case ISNAN -> { }
      default -> throw new IllegalArgumentException(
          op.label + ": \"" + op.label + "\" not implemented for '" + x.dtype().scalarTypeName() + "'");
    }
    return result(out, shapeOf(x).clone(), type);
  }

  /** {@code values} as a tensor of {@code type}: int64 as they are, bool as non-zero. */
  static Tensor result(long[] values, int[] shape, DType type) {
    if (type == DType.INT64) {
      return fresh(values, shape);
    }
    boolean[] b = new boolean[values.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = values[i] != 0;
    }
    return fresh(b, shape);
  }
}
