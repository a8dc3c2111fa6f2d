package dev.jgrad.autograd.kernels;

/**
 * The matrix-multiply entry point of the {@link Kernels}, which extends this interface: both implementations
 * ({@link JavaGemm} behind the plain-Java kernels, {@link VectorGemm} behind the SIMD ones) are reached through
 * {@link Kernels#get()}, with the same argument checks.
 */
public interface GemmKernels {

  /**
   * General matrix multiply {@code C = beta*C + op(A)·op(B)}, where op(A) is {@code [m, k]} and op(B) is
   * {@code [k, n]}; C is {@code [m, n]}. When {@code transA}, A is stored {@code [k, m]} and read transposed; when
   * {@code transB}, B is stored {@code [n, k]}. Element (i, j) of a stored matrix X is {@code x[xOff + i*ldx + j]}.
   * With {@code beta == 0} C is only written, so NaN or garbage in it is ignored; otherwise it is scaled and
   * accumulated into, which lets a backward pass add into an existing gradient.
   *
   * <p>Example, {@code dW += xᵀ·dy} for x {@code [batch, in]} and dy {@code [batch, out]}:
   * {@code gemm(true, false, in, out, batch, x, 0, in, dy, 0, out, 1f, dW, 0, out)}.
   *
   * @throws IllegalArgumentException if a size or offset is negative, a stride is smaller than its row width, or
   *     an array is too short for the shape, offset and stride given
   */
  void gemm(boolean transA, boolean transB, int m, int n, int k,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float beta, float[] c, int cOff, int ldc);
}
