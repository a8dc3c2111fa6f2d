package dev.jgrad.autograd.kernels;

import dev.jgrad.autograd.DType;

/**
 * PyTorch's dtype rules in one place: type promotion ({@code torch.result_type}, {@code torch.promote_types}), the
 * casting check of in-place and out= ops, and the messages of ops that have no kernel for a dtype or were handed
 * mixed dtypes. See docs/SEMANTICS.md, "Dtypes and promotion".
 *
 * <p>Promotion follows c10's {@code ResultTypeState}: operands are ranked tensors with dimensions, then 0-dim
 * tensors, then wrapped numbers (Java scalars, which act as Python numbers: {@code double} as a Python float,
 * {@code int}/{@code long} as a Python int, {@code boolean} as a Python bool). Each rank promotes within itself; a
 * lower rank changes the result only when it is of a higher category (bool &lt; integral &lt; floating), so
 * {@code float32 tensor + 2.5} stays float32, {@code int64 tensor + 2.5} is the default dtype and
 * {@code float32 tensor + float64 0-dim tensor} stays float32.
 */
public final class Dtypes {
  private Dtypes() {}

  /** The kind of a Java scalar argument, as the Python number it stands for. */
  public enum ScalarKind {
    /** A Java {@code boolean}: a Python bool. */
    BOOL,
    /** A Java {@code int} or {@code long}: a Python int (int64). */
    INT,
    /** A Java {@code double} or {@code float}: a Python float (the default dtype). */
    FLOAT
  }

  private static volatile DType defaultDtype = DType.FLOAT32;

  /** The dtype of factories given none and of Python floats in promotion ({@code torch.get_default_dtype()}). */
  public static DType defaultDtype() {
    return defaultDtype;
  }

  /** Sets the default dtype; only floating dtypes, with PyTorch's message otherwise. */
  public static void setDefaultDtype(DType dtype) {
    if (dtype == null || !dtype.isFloatingPoint()) {
      throw new IllegalArgumentException(
          "set_default_dtype: only floating-point types are supported as the default type, got "
              + (dtype == null ? "null" : dtype.torchName()));
    }
    defaultDtype = dtype;
  }

  /** Bool &lt; int64 &lt; float32 &lt; float64: for these four dtypes {@code promote_types} is the larger. */
  private static int rank(DType t) {
    return switch (t) {
      case BOOL -> 0;
      case INT64 -> 1;
      case FLOAT32 -> 2;
      case FLOAT64 -> 3;
    };
  }

  /** {@code torch.promote_types(a, b)}; a null operand (no operand of that rank) gives the other. */
  public static DType promote(DType a, DType b) {
    if (a == null) {
      return b;
    }
    if (b == null || a == b) {
      return a;
    }
    return rank(a) >= rank(b) ? a : b;
  }

  /** c10's {@code combine_categories}: a lower-ranked operand wins only by being of a higher category. */
  private static DType combine(DType higher, DType lower) {
    if (higher == null) {
      return lower;
    }
    if (lower == null || higher.isFloatingPoint()) {
      return higher;
    }
    if (higher == DType.BOOL || lower.isFloatingPoint()) {
      return promote(higher, lower);
    }
    return higher;
  }

  /** The dtype a wrapped Java number takes in promotion. */
  public static DType wrappedType(ScalarKind kind) {
    return switch (kind) {
      case BOOL -> DType.BOOL;
      case INT -> DType.INT64;
      case FLOAT -> defaultDtype;
    };
  }

  /** {@code torch.result_type(a, b)} for two tensors, each with dimensions or 0-dim. */
  public static DType resultType(DType a, boolean aZeroDim, DType b, boolean bZeroDim) {
    DType dims = promote(aZeroDim ? null : a, bZeroDim ? null : b);
    DType zeros = promote(aZeroDim ? a : null, bZeroDim ? b : null);
    return combine(dims, zeros);
  }

  /** {@code torch.result_type(t, s)} for a tensor and a wrapped number (the tensor's dims do not matter). */
  public static DType resultType(DType t, ScalarKind s) {
    return combine(t, wrappedType(s));
  }

  /**
   * PyTorch's {@code canCast}: a floating result cannot be written to an integral or bool tensor, an integral one
   * to a bool tensor. Widening and narrowing between floating dtypes (float64 into float32) are allowed.
   */
  public static boolean canCast(DType from, DType to) {
    if (from.isFloatingPoint() && !to.isFloatingPoint()) {
      return false;
    }
    return from == DType.BOOL || to != DType.BOOL;
  }

  /**
   * The check of in-place ops: {@code result} must be castable to {@code out}'s dtype, else PyTorch's "result type
   * Float can't be cast to the desired output type Long".
   */
  public static void checkCanCast(String op, DType result, DType out) {
    if (!canCast(result, out)) {
      throw new IllegalArgumentException(
          op + ": result type " + result.scalarTypeName() + " can't be cast to the desired output type "
              + out.scalarTypeName());
    }
  }

  /**
   * Ops whose kernels take one dtype for all their tensors (products, convolutions, norms): PyTorch's "expected
   * scalar type Double but found Float".
   */
  public static void checkSameDtype(String op, DType expected, DType found) {
    if (expected != found) {
      throw new IllegalArgumentException(
          op + ": expected scalar type " + expected.scalarTypeName() + " but found " + found.scalarTypeName());
    }
  }

  /** An op with no kernel for {@code dtype}: PyTorch's {@code "op" not implemented for 'Double'}. */
  public static UnsupportedOperationException notImplemented(String op, DType dtype) {
    return new UnsupportedOperationException(
        "\"" + op + "\" not implemented for '" + dtype.scalarTypeName() + "'");
  }

  /** As {@link #notImplemented(String, DType)} when the op's name is not known where the data is read. */
  public static UnsupportedOperationException notImplemented(DType dtype) {
    return new UnsupportedOperationException(
        "this op is not implemented for '" + dtype.scalarTypeName() + "' (" + dtype.torchName()
            + ") tensors; convert with to(DType.FLOAT32)");
  }
}
