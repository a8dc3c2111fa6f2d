package dev.jgrad.autograd.kernels;

/**
 * The hot loops of jgrad (matrix multiply, reductions, softmax, elementwise arithmetic and transcendentals, relu,
 * GELU) behind one small interface; the matrix multiply is declared in {@link GemmKernels}.
 *
 * <p>Two implementations exist, following Lucene's {@code VectorizationProvider} pattern: a plain-Java one, which is
 * also the test oracle, and one on the {@code jdk.incubator.vector} module (SIMD). {@link #get()} chooses once per
 * JVM and logs one INFO line (logger {@code dev.jgrad.autograd.kernels}) naming the choice and why. The system
 * property {@code jgrad.kernels} selects: {@code auto} (default: vector when the module is present),
 * {@code java} or {@code vector} (fails with {@link IllegalStateException} if the module is absent). Enable SIMD with
 * {@code java --add-modules jdk.incubator.vector ...}; the library loads and works without it.
 *
 * <p>All arrays are row-major {@code float[]} with an offset and, for matrices, a row stride ({@code ld*}). Methods
 * check their index ranges up front and throw {@link IllegalArgumentException} naming the operand, shape and array
 * length; inside the loops there are no further checks beyond the JVM's own. Implementations are thread-safe: they
 * hold no mutable state visible to callers (pack buffers are per thread).
 *
 * <pre>{@code
 * Kernels k = Kernels.get();
 * float[] a = {1, 2, 3, 4, 5, 6};          // [2, 3]
 * float[] b = {1, 0, 0, 1, 1, 1};          // [3, 2]
 * float[] c = new float[4];                // [2, 2]
 * k.gemm(false, false, 2, 2, 3, a, 0, 3, b, 0, 2, 0f, c, 0, 2);   // c = {4, 5, 10, 11}
 * }</pre>
 */
public interface Kernels extends GemmKernels {

  /**
   * The implementation chosen for this JVM (see the class comment); the choice is made and logged on the first call
   * and cached.
   *
   * @throws IllegalArgumentException if {@code jgrad.kernels} is not one of {@code auto}, {@code java}, {@code vector}
   * @throws IllegalStateException if {@code jgrad.kernels=vector} but the vector implementation cannot be loaded
   */
  static Kernels get() {
    return KernelProvider.chosen();
  }

  /** The plain-Java implementation: the reference the SIMD implementation is tested against, and the fallback. */
  static Kernels java() {
    return JavaKernels.INSTANCE;
  }

  /** {@code "java"} or {@code "vector"}. */
  String name();

  /**
   * Sum of {@code x[off .. off+n)}, accumulated pairwise over blocks so the rounding error grows like log(n) rather
   * than n. Returns 0 for {@code n == 0}.
   *
   * @throws IllegalArgumentException if the range is not inside {@code x}
   */
  float sum(float[] x, int off, int n);

  /**
   * Dot product of {@code x[xOff .. xOff+n)} and {@code y[yOff .. yOff+n)}, accumulated like {@link #sum}.
   *
   * @throws IllegalArgumentException if a range is not inside its array
   */
  float dot(float[] x, int xOff, float[] y, int yOff, int n);

  /**
   * Largest element of {@code x[off .. off+n)}; NaN if any element is NaN, like {@code torch.max}.
   *
   * @throws IllegalArgumentException if {@code n == 0} (PyTorch: "max(): Expected reduction dim to be specified for
   *     input.numel() == 0") or the range is not inside {@code x}
   */
  float max(float[] x, int off, int n);

  /**
   * Softmax ({@code log == false}) or log-softmax ({@code log == true}) of each row of a contiguous
   * {@code [rows, cols]} block, written to {@code out} (which may be {@code in} itself, at the same offset). The row
   * maximum is subtracted before exponentiating, so inputs of ±1000 give finite results; a row containing NaN gives
   * NaN, as in PyTorch.
   *
   * @throws IllegalArgumentException if a block is not inside its array or a size is negative
   */
  void softmaxRows(float[] in, int inOff, float[] out, int outOff, int rows, int cols, boolean log);

  /**
   * Layer normalisation of each row of a contiguous {@code [rows, cols]} block, as PyTorch's native_layer_norm:
   * {@code out = (x - mean)·rstd·w + b} with the row's mean, its biased variance and {@code rstd =
   * 1/sqrt(var + eps)}; {@code w} and {@code b} ({@code cols} long) may be null. Row {@code r}'s mean and rstd go
   * to {@code means[statsOff + r]} and {@code rstds[statsOff + r]}. The plain-Java kernels accumulate in double
   * and round once; the SIMD ones in float, as PyTorch's CPU kernel does (within a few ulp of the moments).
   *
   * @throws IllegalArgumentException if a block is not inside its array or a size is negative
   */
  void layerNormRows(float[] x, int xOff, float[] w, float[] b, double eps, float[] out, int outOff, float[] means,
                     float[] rstds, int statsOff, int rows, int cols);

  /**
   * {@code out[outOff + i] = op(x[xOff + i])} for {@code i} in {@code [0, n)}, for the ops with
   * {@link UnaryOp#kernel} (their accuracy is stated on {@link UnaryOp}). {@code out} may be {@code x} itself at the
   * same offset; other overlaps are not supported.
   *
   * <pre>{@code
   * float[] x = {0f, 1f, -100f};
   * Kernels.get().unary(UnaryOp.SIGMOID, x, 0, x, 0, 3);   // x = {0.5, 0.7310586, 0}
   * }</pre>
   *
   * @throws IllegalArgumentException if a range is not inside its array or the op has no kernel
   */
  void unary(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n);

  /**
   * The gradient of GELU through its input: {@code out[i] = g[i] · gelu'(x[i])}, with PyTorch's
   * {@code GeluBackward} formulas: exact ({@code tanhApprox == false}) {@code Φ(x) + x·φ(x)}, where
   * {@code Φ(x) = 0.5·(1 + erf(x/√2))} and {@code φ(x) = exp(-x²/2)/√(2π)}; tanh
   * {@code 0.5·(1 + t) + 0.5·x·(1 - t²)·√(2/π)·(1 + 3·0.044715·x²)} with {@code t = tanh(√(2/π)·(x + 0.044715·x³))}.
   * The plain-Java kernels compute in double and round once; the SIMD ones in float, within
   * {@code B·2^-24·|g|·(|first term| + |second term|)} of that, B = 8 for the exact form (measured 6.0) and
   * {@code 5 + 6·max(0, -x)} for the tanh form (measured 3.9 for x >= -1, 30.5 on [-5, -4)); the bound is
   * relative to the terms because the derivative crosses 0 near x = -0.75. NaN or infinite x gives NaN, as
   * PyTorch's formulas do (inf·0), and so does the tanh form from |x| = 2^64 on, where PyTorch's float x²
   * overflows. {@code out} may be
   * {@code g} or {@code x} itself at the same offset; other overlaps are not supported.
   *
   * <pre>{@code
   * float[] g = {1, 1, 1};
   * float[] x = {0, 1, -1};
   * Kernels.get().geluBackward(false, g, 0, x, 0, g, 0, 3);   // g ≈ {0.5, 1.0833155, -0.0833155}
   * }</pre>
   *
   * @throws IllegalArgumentException if a range is not inside its array
   */
  void geluBackward(boolean tanhApprox, float[] g, int gOff, float[] x, int xOff, float[] out, int outOff, int n);

  /**
   * {@code out[outOff + i] = a[aOff + i] op b[bOff + i]} for {@code i} in {@code [0, n)} and the ops with
   * {@link BinaryOp#kernel} (add, sub, mul, div), each one IEEE float operation, so every implementation gives the
   * same bits. {@code out} may be {@code a} or {@code b} itself at the same offset; other overlaps are not supported.
   *
   * <pre>{@code
   * float[] a = {1, 2, 3};
   * float[] b = {4, 5, 6};
   * float[] c = new float[3];
   * Kernels.get().binary(BinaryOp.MUL, a, 0, b, 0, c, 0, 3);   // c = {4, 10, 18}
   * }</pre>
   *
   * @throws IllegalArgumentException if a range is not inside its array or the op has no kernel
   */
  void binary(BinaryOp op, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);

  /**
   * {@code out[outOff + i] = a[aOff + i] op s}, or {@code s op a[aOff + i]} when {@code scalarLeft} (so
   * {@code 1 - x} is {@code binaryScalar(SUB, x, 0, 1f, true, out, 0, n)}); bit-identical across implementations.
   * {@code out} may be {@code a} itself at the same offset.
   *
   * @throws IllegalArgumentException if a range is not inside its array or the op has no kernel
   */
  void binaryScalar(BinaryOp op, float[] a, int aOff, float s, boolean scalarLeft, float[] out, int outOff, int n);

  /**
   * Relu: {@code out[i] = Math.max(x[i], 0)}, so NaN stays NaN and -0 becomes 0, as {@code torch.relu}. {@code out}
   * may be {@code x} itself at the same offset.
   *
   * @throws IllegalArgumentException if a range is not inside its array
   */
  void relu(float[] x, int xOff, float[] out, int outOff, int n);

  /**
   * The gradient of relu through its output: {@code out[i] = g[i] · (y[i] > 0 ? 1 : 0)} (so a NaN or infinite
   * gradient where {@code y <= 0} gives NaN, as the unfused {@code g.mul(y.gt(0))} does). {@code out} may be
   * {@code g} itself at the same offset.
   *
   * @throws IllegalArgumentException if a range is not inside its array
   */
  void reluBackward(float[] g, int gOff, float[] y, int yOff, float[] out, int outOff, int n);

  // ------------------------------------------------------------------------------------------ float64 elementwise

  /**
   * {@link #binary} on doubles (float64 tensors): one IEEE double operation per element, so every implementation
   * gives the same bits. {@code out} may be {@code a} or {@code b} itself at the same offset.
   *
   * @throws IllegalArgumentException if a range is not inside its array or the op has no kernel
   */
  void binary(BinaryOp op, double[] a, int aOff, double[] b, int bOff, double[] out, int outOff, int n);

  /**
   * {@link #binaryScalar} on doubles: {@code a[i] op s}, or {@code s op a[i]} when {@code scalarLeft}.
   *
   * @throws IllegalArgumentException if a range is not inside its array or the op has no kernel
   */
  void binaryScalar(BinaryOp op, double[] a, int aOff, double s, boolean scalarLeft, double[] out, int outOff,
                    int n);

  /**
   * {@link #unary} on doubles for the ops with {@link UnaryOp#kernel}, with the double formulas of PyTorch's
   * float64 kernels ({@code Math.exp}, {@code Math.log}, {@code Math.tanh}, {@code 1 / (1 + exp(-x))}, GELU through
   * {@link Erf#erf}), within a few ulp of the true values; both implementations give the same bits.
   *
   * @throws IllegalArgumentException if a range is not inside its array or the op has no kernel
   */
  void unary(UnaryOp op, double[] x, int xOff, double[] out, int outOff, int n);

  /**
   * {@link #relu} on doubles: {@code Math.max(x[i], 0)}.
   *
   * @throws IllegalArgumentException if a range is not inside its array
   */
  void relu(double[] x, int xOff, double[] out, int outOff, int n);
}
