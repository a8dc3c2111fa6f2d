package dev.jgrad.autograd.kernels;

import static dev.jgrad.autograd.kernels.GradFn.of;
import static dev.jgrad.autograd.kernels.ResultType.BOOL;
import static dev.jgrad.autograd.kernels.ResultType.FLOAT;
import static dev.jgrad.autograd.kernels.ResultType.PROMOTE;
import static dev.jgrad.autograd.kernels.Saved.INPUT;
import static dev.jgrad.autograd.kernels.Saved.INPUT_AND_OUTPUT;
import static dev.jgrad.autograd.kernels.Saved.NOTHING;
import static dev.jgrad.autograd.kernels.Saved.OTHER_INPUT;
import static dev.jgrad.autograd.kernels.Saved.OUTPUT;

/**
 * The binary elementwise ops: one table that the forward loops, the kernels ({@link Kernels#binary} and
 * {@link Kernels#binaryScalar} take the rows with {@link #kernel}) and the autograd nodes all switch on. Each row
 * names the op (the word that starts its error messages), its result dtype and its backward nodes for the three
 * forms {@code a op b}, {@code a op s} and {@code s op a}; a null form has no gradient. The derivative rules,
 * written with Tensor ops so that they can be differentiated again, are the exhaustive switches of
 * {@code dev.jgrad.autograd.ops.ElementwiseRules} (this package cannot see {@code Tensor}).
 */
public enum BinaryOp {
  ADD("add", PROMOTE, true, of("AddBackward0", NOTHING), of("AddBackward0", NOTHING), of("AddBackward0", NOTHING)),
  SUB("sub", PROMOTE, true, of("SubBackward0", NOTHING), of("SubBackward0", NOTHING), of("RsubBackward1", NOTHING)),
  MUL("mul", PROMOTE, true, of("MulBackward0", OTHER_INPUT), of("MulBackward0", NOTHING),
      of("MulBackward0", NOTHING)),
  /** True division: the result is float even for int64 inputs. {@code s / x} is {@code x.rdiv(s)}, a product. */
  DIV("div", FLOAT, true, of("DivBackward0", INPUT), of("DivBackward0", NOTHING), null),
  POW("pow", PROMOTE, false, of("PowBackward1", INPUT_AND_OUTPUT), of("PowBackward0", INPUT),
      of("PowBackward2", OUTPUT)),
  MAXIMUM("maximum", PROMOTE, false, of("MaximumBackward0", INPUT), null, null),
  MINIMUM("minimum", PROMOTE, false, of("MinimumBackward0", INPUT), null, null),
  EQ("eq", BOOL, false, null, null, null),
  NE("ne", BOOL, false, null, null, null),
  GT("gt", BOOL, false, null, null, null),
  GE("ge", BOOL, false, null, null, null),
  LT("lt", BOOL, false, null, null, null),
  LE("le", BOOL, false, null, null, null),
  /**
   * Python's modulus, with the sign of the divisor ({@code torch.remainder}): {@code a - floor(a / b)·b}; for int64
   * an integer operation (a zero divisor fails with ZeroDivisionError), for floats {@code fmod} corrected by b.
   */
  REMAINDER("remainder", PROMOTE, false, of("RemainderBackward1", INPUT), of("RemainderBackward0", NOTHING), null),
  /** {@code div(other, rounding_mode="trunc")}: the quotient rounded toward zero; an integer division for int64. */
  DIV_TRUNC("div", PROMOTE, false, of("DivBackward2", NOTHING), of("DivBackward2", NOTHING), null),
  /**
   * {@code div(other, rounding_mode="floor")} and {@code floor_divide}: the quotient rounded down (Python's
   * {@code //}); an integer division for int64.
   */
  DIV_FLOOR("div", PROMOTE, false, of("DivBackward2", NOTHING), of("DivBackward2", NOTHING), null);

  /** Whether this op rounds a quotient: for integers an integer operation, which fails on a zero divisor. */
  public boolean roundsQuotient() {
    return this == REMAINDER || this == DIV_TRUNC || this == DIV_FLOOR;
  }

  /** The lower-case name that starts error messages; the {@code Tensor} method of the op. */
  public final String label;
  /** The result dtype rule. */
  public final ResultType result;
  /**
   * Whether {@link Kernels#binary} and {@link Kernels#binaryScalar} compute this op (one IEEE operation per
   * element, SIMD in the vector kernels). PyTorch wraps the scalar of these ops' {@code a op s} into a tensor, so
   * that form's node has a second, null edge.
   */
  public final boolean kernel;
  /** The node of {@code a op b}, or null if the op has no gradient. */
  public final GradFn tensorGrad;
  /** The node of {@code a op s}, or null. */
  public final GradFn scalarGrad;
  /** The node of {@code s op a}, or null. */
  public final GradFn reverseScalarGrad;

  BinaryOp(String label, ResultType result, boolean kernel, GradFn tensorGrad, GradFn scalarGrad,
      GradFn reverseScalarGrad) {
    this.label = label;
    this.result = result;
    this.kernel = kernel;
    this.tensorGrad = tensorGrad;
    this.scalarGrad = scalarGrad;
    this.reverseScalarGrad = reverseScalarGrad;
  }
}
