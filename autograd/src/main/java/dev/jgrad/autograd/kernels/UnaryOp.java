package dev.jgrad.autograd.kernels;

import static dev.jgrad.autograd.kernels.GradFn.of;
import static dev.jgrad.autograd.kernels.ResultType.BOOL;
import static dev.jgrad.autograd.kernels.ResultType.FLOAT;
import static dev.jgrad.autograd.kernels.ResultType.PROMOTE;
import static dev.jgrad.autograd.kernels.Saved.INPUT;
import static dev.jgrad.autograd.kernels.Saved.NOTHING;
import static dev.jgrad.autograd.kernels.Saved.OUTPUT;

/**
 * The unary elementwise ops: one table that the forward loops, the kernels ({@link Kernels#unary} takes the rows
 * with {@link #kernel}) and the autograd nodes all switch on. Each row names the op (the word that starts its error
 * messages), its result dtype and its backward node; a null node means no gradient. The derivative rules, written
 * with Tensor ops so that they can be differentiated again, are the exhaustive switch of
 * {@code dev.jgrad.autograd.ops.ElementwiseRules} (this package cannot see {@code Tensor}). Some ops take up to two
 * parameters (clamp's bounds, leaky relu's slope, softplus' beta and threshold, elu's alpha, hardtanh's bounds).
 *
 * <p>The kernels compute the rows with {@link #kernel} in double and round once to float (plain Java) or with float
 * polynomials (SIMD; Cephes style, PyTorch uses Sleef's, also within 1 ulp), within 1 ulp of the former for
 * {@link #EXP}, {@link #LOG} and {@link #TANH}, and within 2 ulp for {@link #SIGMOID} (4 ulp below x = -16.63,
 * where {@code 1 + exp(-x)} is a tie that an exp one ulp off rounds the other way). Special values are the same in
 * both: NaN gives NaN, {@code exp(-inf) = 0}, {@code exp} overflows to inf from 88.72284 on and is 0 below
 * -103.97208, {@code log(±0) = -inf}, {@code log(x < 0) = NaN}, {@code tanh(±0) = ±0}. GELU and its tanh
 * approximation state their own bounds.
 */
public enum UnaryOp {
  NEG("neg", PROMOTE, false, of("NegBackward0", NOTHING)),
  /** {@code e^x}. */
  EXP("exp", FLOAT, true, of("ExpBackward0", OUTPUT)),
  /** Natural logarithm. */
  LOG("log", FLOAT, true, of("LogBackward0", INPUT)),
  SQRT("sqrt", FLOAT, false, of("SqrtBackward0", OUTPUT)),
  ABS("abs", PROMOTE, false, of("AbsBackward0", INPUT)),
  SIN("sin", FLOAT, false, of("SinBackward0", INPUT)),
  COS("cos", FLOAT, false, of("CosBackward0", INPUT)),
  /** Hyperbolic tangent. */
  TANH("tanh", FLOAT, true, of("TanhBackward0", OUTPUT)),
  /**
   * {@code 1 / (1 + exp(-x))} evaluated in float, as PyTorch does: {@code exp(100)} overflows, so
   * {@code sigmoid(-100) == 0} exactly and {@code sigmoid(100) == 1}.
   */
  SIGMOID("sigmoid", FLOAT, true, of("SigmoidBackward0", OUTPUT)),
  /** {@code max(x, 0)}: its own kernels, {@link Kernels#relu} and {@link Kernels#reluBackward}. */
  RELU("relu", PROMOTE, false, of("ReluBackward0", OUTPUT)),
  SIGN("sign", PROMOTE, false, of("SignBackward0", NOTHING)),
  RECIPROCAL("reciprocal", FLOAT, false, of("ReciprocalBackward0", OUTPUT)),
  /** Parameters: min, max. */
  CLAMP("clamp", PROMOTE, false, of("ClampBackward1", INPUT)),
  EXPM1("expm1", FLOAT, false, of("Expm1Backward0", OUTPUT)),
  LOG1P("log1p", FLOAT, false, of("Log1PBackward0", INPUT)),
  LOG2("log2", FLOAT, false, of("Log2Backward0", INPUT)),
  RSQRT("rsqrt", FLOAT, false, of("RsqrtBackward0", OUTPUT)),
  /** Parameter: the negative slope. */
  LEAKY_RELU("leakyRelu", FLOAT, false, of("LeakyReluBackward0", INPUT)),
  /**
   * Exact GELU {@code 0.5·x·(1 + erf(x/√2))}, torch's {@code gelu(x, approximate='none')}. The SIMD kernels
   * evaluate {@code x·Φ(x)} through the normal tail {@code 0.5·erfc(|x|/√2)}, which keeps full relative
   * accuracy for negative x, and stay within 6 ulp of the plain-Java result wherever that one is accurate
   * (x >= -5.5; measured 5, and 1 for x >= 2; below, its double {@code 1 + erf} cancels and the two differ by
   * at most 2^-50·|x|, while the SIMD result stays within 6 ulp of the true value down to -13). NaN gives
   * NaN, {@code gelu(±0) = ±0}, {@code gelu(inf) = inf}, {@code gelu(-inf) = NaN} (-inf·0, as in PyTorch).
   */
  GELU("gelu", FLOAT, true, of("GeluBackward0", INPUT)),
  /**
   * Tanh-approximated GELU {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))}, torch's
   * {@code gelu(x, approximate='tanh')}. The SIMD kernels evaluate the same function as
   * {@code x / (1 + exp(-2u))}: within 2 ulp of the plain-Java result for x >= -1 and {@code 2 + 6·|x|} ulp
   * below (measured 12 on [-3, -2), 28 on [-5, -4): the float 2u carries a few roundings of its size into exp)
   * down to -5.5, where the double {@code 1 + tanh} starts to cancel (PyTorch's float one is hundreds of ulp
   * off from x = -3 on). Special values as {@link #GELU}.
   */
  GELU_TANH("gelu_tanh", FLOAT, true, of("GeluBackward0", INPUT)),
  SILU("silu", FLOAT, false, of("SiluBackward0", INPUT)),
  /** Parameters: beta, threshold. */
  SOFTPLUS("softplus", FLOAT, false, of("SoftplusBackward0", INPUT)),
  /** Parameter: alpha. */
  ELU("elu", FLOAT, false, of("EluBackward0", OUTPUT)),
  /** Parameter: alpha; {@code x > 0 ? x : alpha·(exp(x / alpha) − 1)}. */
  CELU("celu", FLOAT, false, of("CeluBackward0", OUTPUT)),
  /** ELU with PyTorch's fixed alpha and scale (its node is ELU's). */
  SELU("selu", FLOAT, false, of("EluBackward0", OUTPUT)),
  /** Parameters: min, max; unlike clamp, the gradient is zero at the bounds themselves. */
  HARDTANH("hardtanh", FLOAT, false, of("HardtanhBackward0", INPUT)),
  /** Parameters: threshold, value; {@code x > threshold ? x : value}. */
  THRESHOLD("threshold", FLOAT, false, of("ThresholdBackward0", INPUT)),
  HARDSIGMOID("hardsigmoid", FLOAT, false, of("HardsigmoidBackward0", INPUT)),
  HARDSWISH("hardswish", FLOAT, false, of("HardswishBackward0", INPUT)),
  MISH("mish", FLOAT, false, of("MishBackward0", INPUT)),
  LOG_SIGMOID("logSigmoid", FLOAT, false, of("LogSigmoidBackward0", INPUT)),
  FLOOR("floor", PROMOTE, false, of("FloorBackward0", NOTHING)),
  CEIL("ceil", PROMOTE, false, of("CeilBackward0", NOTHING)),
  /** Half to even, like {@code torch.round}. */
  ROUND("round", PROMOTE, false, of("RoundBackward0", NOTHING)),
  ERF("erf", FLOAT, false, of("ErfBackward0", INPUT)),
  /** A bool mask of the NaN elements (inside the norms' gradients). */
  ISNAN("isnan", BOOL, false, null),
  /** The value copy of a dtype conversion to float ({@code Tensor.to}). */
  COPY("to", PROMOTE, false, of("ToCopyBackward0", NOTHING)),
  /** Parameter: min. */
  CLAMP_MIN("clampMin", PROMOTE, false, of("ClampMinBackward0", INPUT)),
  /** Parameter: max. */
  CLAMP_MAX("clampMax", PROMOTE, false, of("ClampMaxBackward0", INPUT));

  /** The lower-case name that starts error messages; the {@code Tensor} method of the op. */
  public final String label;
  /** The result dtype rule. */
  public final ResultType result;
  /** Whether {@link Kernels#unary} computes this op (SIMD polynomials in the vector kernels). */
  public final boolean kernel;
  /** The backward node, or null if the op has no gradient. */
  public final GradFn grad;

  UnaryOp(String label, ResultType result, boolean kernel, GradFn grad) {
    this.label = label;
    this.result = result;
    this.kernel = kernel;
    this.grad = grad;
  }
}
