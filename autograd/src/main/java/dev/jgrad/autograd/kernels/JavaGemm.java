package dev.jgrad.autograd.kernels;

/**
 * The plain-Java matrix multiply behind {@link JavaKernels#gemm}, and the small-product and C-scaling loops that
 * {@link VectorGemm} shares. The loops are shaped so that C2 can auto-vectorise the innermost one (the axpy).
 */
final class JavaGemm {

  /** Gemm cache blocks: a KB × NB block of op(B) (64 KiB) stays in L2 while every row of A streams past it. */
  private static final int KB = 128;
  private static final int NB = 128;

  private JavaGemm() {}

  /** {@link Kernels#gemm}: checks the arguments, then multiplies in cache blocks. */
  static void gemm(boolean transA, boolean transB, int m, int n, int k,
                  float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                  float beta, float[] c, int cOff, int ldc) {
    KernelPreconditions.checkGemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    if (m == 0 || n == 0) {
      return;
    }
    scale(c, cOff, ldc, m, n, beta);
    if (k == 0) {
      return;
    }
    // i-k-j order: the inner loop is an axpy over a contiguous row of C and of (packed) op(B), which C2 vectorises.
    // When B is transposed its block is first copied into rows so that the inner loop stays contiguous.
    float[] packed = transB ? new float[Math.min(k, KB) * Math.min(n, NB)] : null;
    for (int p0 = 0; p0 < k; p0 += KB) {
      int kb = Math.min(KB, k - p0);
      for (int j0 = 0; j0 < n; j0 += NB) {
        int nb = Math.min(NB, n - j0);
        float[] bs;
        int bBase;
        int bStride;
        if (transB) {
          for (int j = 0; j < nb; j++) {
            int src = bOff + (j0 + j) * ldb + p0;
            for (int p = 0; p < kb; p++) {
              packed[p * nb + j] = b[src + p];
            }
          }
          bs = packed;
          bBase = 0;
          bStride = nb;
        } else {
          bs = b;
          bBase = bOff + p0 * ldb + j0;
          bStride = ldb;
        }
        for (int i = 0; i < m; i++) {
          int ci = cOff + i * ldc + j0;
          for (int p = 0; p < kb; p++) {
            float aip = transA ? a[aOff + (p0 + p) * lda + i] : a[aOff + i * lda + p0 + p];
            int bi = bBase + p * bStride;
            for (int j = 0; j < nb; j++) {
              c[ci + j] += aip * bs[bi + j];
            }
          }
        }
      }
    }
  }

  /**
   * The float64 {@link Kernels#gemm}, arguments already checked: the loops of the float32 {@link #gemm} over doubles.
   */
  static void gemm(boolean transA, boolean transB, int m, int n, int k,
                  double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                  double beta, double[] c, int cOff, int ldc) {
    if (m == 0 || n == 0) {
      return;
    }
    scale(c, cOff, ldc, m, n, beta);
    if (k == 0) {
      return;
    }
    double[] packed = transB ? new double[Math.min(k, KB) * Math.min(n, NB)] : null;
    for (int p0 = 0; p0 < k; p0 += KB) {
      int kb = Math.min(KB, k - p0);
      for (int j0 = 0; j0 < n; j0 += NB) {
        int nb = Math.min(NB, n - j0);
        double[] bs;
        int bBase;
        int bStride;
        if (transB) {
          for (int j = 0; j < nb; j++) {
            int src = bOff + (j0 + j) * ldb + p0;
            for (int p = 0; p < kb; p++) {
              packed[p * nb + j] = b[src + p];
            }
          }
          bs = packed;
          bBase = 0;
          bStride = nb;
        } else {
          bs = b;
          bBase = bOff + p0 * ldb + j0;
          bStride = ldb;
        }
        for (int i = 0; i < m; i++) {
          int ci = cOff + i * ldc + j0;
          for (int p = 0; p < kb; p++) {
            double aip = transA ? a[aOff + (p0 + p) * lda + i] : a[aOff + i * lda + p0 + p];
            int bi = bBase + p * bStride;
            for (int j = 0; j < nb; j++) {
              c[ci + j] += aip * bs[bi + j];
            }
          }
        }
      }
    }
  }

  /**
   * {@link GemmKernels#gemmPacked}, arguments already checked. A transposed op(B) is copied once into row-major
   * {@code [k, n]}, which the block loop then reads in place: the per-block copy that {@link #gemm} makes for a
   * transposed B holds the same values, so the product has the same bits.
   */
  static void gemmPacked(boolean transA, int m, float[] a, int aOff, int lda, PackedMatrix b,
                         float beta, float[] c, int cOff, int ldc) {
    if (!b.transB) {
      gemm(transA, false, m, b.n, b.k, a, aOff, lda, b.b, b.bOff, b.ldb, beta, c, cOff, ldc);
      return;
    }
    float[] rows = b.packed;
    if (rows == null) {
      rows = new float[b.k * b.n];
      for (int j = 0; j < b.n; j++) {
        int src = b.bOff + j * b.ldb;
        for (int p = 0; p < b.k; p++) {
          rows[p * b.n + j] = b.b[src + p];
        }
      }
      b.packed = rows;
    }
    gemm(transA, false, m, b.n, b.k, a, aOff, lda, rows, 0, Math.max(1, b.n), beta, c, cOff, ldc);
  }

  /** {@code C = beta*C} over an [m, n] block; beta 0 writes zeros so that NaN in C is not propagated. */
  static void scale(float[] c, int cOff, int ldc, int m, int n, float beta) {
    if (beta == 1f) {
      return;
    }
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * ldc;
      if (beta == 0f) {
        java.util.Arrays.fill(c, ci, ci + n, 0f);
      } else {
        for (int j = 0; j < n; j++) {
          c[ci + j] *= beta;
        }
      }
    }
  }

  /** {@link #scale(float[], int, int, int, int, float)} in float64. */
  static void scale(double[] c, int cOff, int ldc, int m, int n, double beta) {
    if (beta == 1d) {
      return;
    }
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * ldc;
      if (beta == 0d) {
        java.util.Arrays.fill(c, ci, ci + n, 0d);
      } else {
        for (int j = 0; j < n; j++) {
          c[ci + j] *= beta;
        }
      }
    }
  }

  /**
   * Dot-product gemm with no blocking or packing, for products so small (a few hundred multiply-adds) that any
   * set-up costs more than the arithmetic. Arguments as {@link Kernels#gemm}, already checked.
   */
  static void gemmSmall(boolean transA, boolean transB, int m, int n, int k,
                  float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                  float beta, float[] c, int cOff, int ldc) {
    // Element strides of op(A) along i and p, and of op(B) along p and j, absorb the transposes.
    int aRow = transA ? 1 : lda;
    int aCol = transA ? lda : 1;
    int bRow = transB ? 1 : ldb;
    int bCol = transB ? ldb : 1;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float s = 0f;
        int ai = aOff + i * aRow;
        int bj = bOff + j * bCol;
        for (int p = 0; p < k; p++) {
          s += a[ai + p * aCol] * b[bj + p * bRow];
        }
        int ci = cOff + i * ldc + j;
        c[ci] = beta == 0f ? s : beta * c[ci] + s;
      }
    }
  }

  /** The float64 dot-product gemm: tiny products and the matrix-vector shapes of {@link DoubleVectorGemm}. */
  static void gemmSmall(boolean transA, boolean transB, int m, int n, int k,
                  double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                  double beta, double[] c, int cOff, int ldc) {
    int aRow = transA ? 1 : lda;
    int aCol = transA ? lda : 1;
    int bRow = transB ? 1 : ldb;
    int bCol = transB ? ldb : 1;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0d;
        int ai = aOff + i * aRow;
        int bj = bOff + j * bCol;
        for (int p = 0; p < k; p++) {
          s += a[ai + p * aCol] * b[bj + p * bRow];
        }
        int ci = cOff + i * ldc + j;
        c[ci] = beta == 0d ? s : beta * c[ci] + s;
      }
    }
  }
}
