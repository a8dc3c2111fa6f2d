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

  /**
   * The float64 {@link #gemm(boolean, boolean, int, int, int, float[], int, int, float[], int, int, float, float[],
   * int, int)}: same layout, transposes and beta rule, every product and sum in double (PyTorch's float64 mm runs
   * OpenBLAS dgemm).
   *
   * @throws IllegalArgumentException as the float32 gemm
   */
  void gemm(boolean transA, boolean transB, int m, int n, int k,
            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
            double beta, double[] c, int cOff, int ldc);

  /**
   * {@link #gemm} over the element arrays of tensors of either floating dtype: A, B and C all float[] (beta rounded
   * to float) or all double[]. The one dispatch of ops that hold float32 or float64 data in the same code.
   *
   * @throws ClassCastException if the arrays are not all float[] or all double[]
   */
  default void gemmAny(boolean transA, boolean transB, int m, int n, int k, Object a, int aOff, int lda, Object b,
                       int bOff, int ldb, double beta, Object c, int cOff, int ldc) {
    if (c instanceof double[] cd) {
      gemm(transA, transB, m, n, k, (double[]) a, aOff, lda, (double[]) b, bOff, ldb, beta, cd, cOff, ldc);
    } else {
      gemm(transA, transB, m, n, k, (float[]) a, aOff, lda, (float[]) b, bOff, ldb, (float) beta, (float[]) c, cOff,
          ldc);
    }
  }

  /**
   * The float64 {@link #gemmBatched(int, boolean, boolean, int, int, int, float[], int, int, int, float[], int, int,
   * int, float, float[], int, int, int)}.
   *
   * @throws IllegalArgumentException as {@link #gemm}, for any of the products
   */
  default void gemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k,
                           double[] a, int aOff, int aStride, int lda, double[] b, int bOff, int bStride, int ldb,
                           double beta, double[] c, int cOff, int cStride, int ldc) {
    for (int i = 0; i < batch; i++) {
      gemm(transA, transB, m, n, k, a, aOff + i * aStride, lda, b, bOff + i * bStride, ldb, beta, c,
          cOff + i * cStride, ldc);
    }
  }

  /**
   * {@code batch} independent products {@link #gemm} for i in {@code [0, batch)}, the i-th reading A at
   * {@code aOff + i*aStride}, B at {@code bOff + i*bStride} and writing C at {@code cOff + i*cStride} (PyTorch's bmm
   * over strided batches). An implementation may run the products on several threads; each is computed exactly as
   * {@link #gemm} computes it, so the values do not depend on how they are shared.
   *
   * @throws IllegalArgumentException as {@link #gemm}, for any of the products
   */
  default void gemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k,
                           float[] a, int aOff, int aStride, int lda, float[] b, int bOff, int bStride, int ldb,
                           float beta, float[] c, int cOff, int cStride, int ldc) {
    for (int i = 0; i < batch; i++) {
      gemm(transA, transB, m, n, k, a, aOff + i * aStride, lda, b, bOff + i * bStride, ldb, beta, c,
          cOff + i * cStride, ldc);
    }
  }

  /**
   * op(B) ({@code [k, n]}, stored {@code [n, k]} when {@code transB}, as in {@link #gemm}) held for many products
   * by {@link #gemmPacked}, which may prepare it once (the SIMD gemm packs it into its register-tile slivers at the
   * first product) instead of at every call. B must not change while the handle is in use.
   *
   * <p>Example, the per-step product of a recurrent layer, {@code G += h·W_hhᵀ} with {@code W_hh} {@code [g, s]}:
   * {@code var w = k.pack(true, s, g, whh, 0, s);} then per step
   * {@code k.gemmPacked(false, batch, h, 0, s, w, 1f, gates, off, g)}.
   *
   * @throws IllegalArgumentException if a size or offset is negative, the stride is smaller than B's row width, or
   *     B is too short for the shape, offset and stride given
   */
  default PackedMatrix pack(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
    KernelPreconditions.checkPack(transB, k, n, b, bOff, ldb);
    return new PackedMatrix(transB, k, n, b, bOff, ldb);
  }

  /**
   * {@code C = beta*C + op(A)·op(B)} with op(B) from {@link #pack}: the same product, with the same argument rules
   * for A and C, as {@link #gemm}{@code (transA, b's transB, m, b.columns(), b.rows(), ...)}. This default computes
   * exactly that; the implementations reuse the packed form.
   *
   * @throws IllegalArgumentException as {@link #gemm}, for A and C
   */
  default void gemmPacked(boolean transA, int m, float[] a, int aOff, int lda, PackedMatrix b,
                          float beta, float[] c, int cOff, int ldc) {
    gemm(transA, b.transB, m, b.n, b.k, a, aOff, lda, b.b, b.bOff, b.ldb, beta, c, cOff, ldc);
  }
}
