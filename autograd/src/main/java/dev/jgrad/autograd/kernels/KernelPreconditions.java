package dev.jgrad.autograd.kernels;

/**
 * Argument checks shared by both {@link Kernels} implementations, done once per call before any loop runs. The
 * messages start with the kernel's name and carry the offending values; they are formatted only on failure, and the
 * success path neither allocates nor boxes.
 */
final class KernelPreconditions {

  private KernelPreconditions() {}

  /** Checks that {@code [off, off+n)} lies inside {@code x}. */
  static void checkRange(String op, String name, float[] x, int off, int n) {
    if (x == null) {
      throw new IllegalArgumentException(op + ": " + name + " is null");
    }
    if (n < 0 || off < 0 || off > x.length - n) {
      throw new IllegalArgumentException(String.format(
          "%s: %s range [%d, %d) (offset %d, length %d) is outside the array of length %d",
          op, name, off, (long) off + n, off, n, x.length));
    }
  }

  /**
   * Checks a stored {@code [rows, cols]} matrix with row stride {@code ld} at {@code off}: the stride covers a row
   * and the last element is inside the array.
   */
  static void checkMatrix(String op, String name, float[] x, int off, int ld, int rows, int cols) {
    if (x == null) {
      throw new IllegalArgumentException(op + ": " + name + " is null");
    }
    checkMatrix(op, name, x.length, off, ld, rows, cols);
  }

  /** {@link #checkMatrix(String, String, float[], int, int, int, int)} for a float64 matrix. */
  static void checkMatrix(String op, String name, double[] x, int off, int ld, int rows, int cols) {
    if (x == null) {
      throw new IllegalArgumentException(op + ": " + name + " is null");
    }
    checkMatrix(op, name, x.length, off, ld, rows, cols);
  }

  private static void checkMatrix(String op, String name, int length, int off, int ld, int rows, int cols) {
    if (off < 0) {
      throw new IllegalArgumentException(String.format(
          "%s: %s offset must be non-negative, got %d", op, name, off));
    }
    if (ld < Math.max(1, cols)) {
      throw new IllegalArgumentException(String.format(
          "%s: ld%s %d is smaller than the row width %d of %s [%d, %d]",
          op, name.toLowerCase(java.util.Locale.ROOT), ld, cols, name, rows, cols));
    }
    if (rows == 0 || cols == 0) {
      return;
    }
    long needed = (long) off + (long) (rows - 1) * ld + cols;
    if (needed > length) {
      throw new IllegalArgumentException(String.format(
          "%s: %s [%d, %d] at offset %d with ld%s %d needs %d elements but the array has %d",
          op, name, rows, cols, off, name.toLowerCase(java.util.Locale.ROOT), ld, needed, length));
    }
  }

  /** Checks every argument of {@link Kernels#gemm}. */
  static void checkGemm(boolean transA, boolean transB, int m, int n, int k,
                        float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float[] c, int cOff, int ldc) {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException(String.format(
          "gemm: sizes must be non-negative, got m=%d, n=%d, k=%d", m, n, k));
    }
    // A is stored [k, m] when transposed, B [n, k]; the stride is checked against the stored row width.
    checkMatrix("gemm", "A", a, aOff, lda, transA ? k : m, transA ? m : k);
    checkMatrix("gemm", "B", b, bOff, ldb, transB ? n : k, transB ? k : n);
    checkMatrix("gemm", "C", c, cOff, ldc, m, n);
  }

  /** Checks every argument of the float64 {@link Kernels#gemm}. */
  static void checkGemm(boolean transA, boolean transB, int m, int n, int k,
                        double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                        double[] c, int cOff, int ldc) {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException(String.format(
          "gemm: sizes must be non-negative, got m=%d, n=%d, k=%d", m, n, k));
    }
    checkMatrix("gemm", "A", a, aOff, lda, transA ? k : m, transA ? m : k);
    checkMatrix("gemm", "B", b, bOff, ldb, transB ? n : k, transB ? k : n);
    checkMatrix("gemm", "C", c, cOff, ldc, m, n);
  }

  /** Checks the operand of {@link GemmKernels#pack}: op(B) is [k, n], stored [n, k] when transposed. */
  static void checkPack(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
    if (n < 0 || k < 0) {
      throw new IllegalArgumentException(String.format("pack: sizes must be non-negative, got k=%d, n=%d", k, n));
    }
    checkMatrix("pack", "B", b, bOff, ldb, transB ? n : k, transB ? k : n);
  }

  /** Checks A and C of {@link GemmKernels#gemmPacked} (B was checked by {@link GemmKernels#pack}). */
  static void checkGemmPacked(boolean transA, int m, float[] a, int aOff, int lda, PackedMatrix b,
                              float[] c, int cOff, int ldc) {
    if (m < 0) {
      throw new IllegalArgumentException(String.format("gemm: sizes must be non-negative, got m=%d", m));
    }
    if (b == null) {
      throw new IllegalArgumentException("gemm: B is null");
    }
    checkMatrix("gemm", "A", a, aOff, lda, transA ? b.k : m, transA ? m : b.k);
    checkMatrix("gemm", "C", c, cOff, ldc, m, b.n);
  }

  /** Checks the two blocks of {@link Kernels#softmaxRows}. */
  static void checkSoftmax(float[] in, int inOff, float[] out, int outOff, int rows, int cols) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException(String.format(
          "softmaxRows: sizes must be non-negative, got rows=%d, cols=%d", rows, cols));
    }
    long size = (long) rows * cols;
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(String.format(
          "softmaxRows: [%d, %d] has more than %d elements", rows, cols, Integer.MAX_VALUE));
    }
    checkRange("softmaxRows", "in", in, inOff, (int) size);
    checkRange("softmaxRows", "out", out, outOff, (int) size);
  }

  /** Checks the blocks of {@link Kernels#layerNormRows}. */
  static void checkLayerNorm(float[] x, int xOff, float[] w, float[] b, float[] out, int outOff, float[] means,
                             float[] rstds, int statsOff, int rows, int cols) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException(String.format(
          "layerNormRows: sizes must be non-negative, got rows=%d, cols=%d", rows, cols));
    }
    long size = (long) rows * cols;
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(String.format(
          "layerNormRows: [%d, %d] has more than %d elements", rows, cols, Integer.MAX_VALUE));
    }
    checkRange("layerNormRows", "x", x, xOff, (int) size);
    checkRange("layerNormRows", "out", out, outOff, (int) size);
    checkRange("layerNormRows", "means", means, statsOff, rows);
    checkRange("layerNormRows", "rstds", rstds, statsOff, rows);
    if (w != null) {
      checkRange("layerNormRows", "weight", w, 0, cols);
    }
    if (b != null) {
      checkRange("layerNormRows", "bias", b, 0, cols);
    }
  }

  /** Checks the two ranges of {@link Kernels#unary}. */
  static void checkUnary(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n) {
    checkOp(op, "unary", op != null && op.kernel);
    checkRange(op.label, "x", x, xOff, n);
    checkRange(op.label, "out", out, outOff, n);
  }

  /** Checks the three ranges of {@link Kernels#geluBackward}. */
  static void checkGeluBackward(float[] g, int gOff, float[] x, int xOff, float[] out, int outOff, int n) {
    checkRange("geluBackward", "grad", g, gOff, n);
    checkRange("geluBackward", "input", x, xOff, n);
    checkRange("geluBackward", "out", out, outOff, n);
  }

  /** Checks the three ranges of {@link Kernels#binary}. */
  static void checkBinary(BinaryOp op, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff,
                          int n) {
    checkOp(op, "binary", op != null && op.kernel);
    checkRange(op.label, "a", a, aOff, n);
    checkRange(op.label, "b", b, bOff, n);
    checkRange(op.label, "out", out, outOff, n);
  }

  /** Checks the two ranges of {@link Kernels#binaryScalar}. */
  static void checkBinaryScalar(BinaryOp op, float[] a, int aOff, float[] out, int outOff, int n) {
    checkOp(op, "binaryScalar", op != null && op.kernel);
    checkRange(op.label, "a", a, aOff, n);
    checkRange(op.label, "out", out, outOff, n);
  }

  private static void checkOp(Object op, String kernel, boolean hasKernel) {
    if (op == null) {
      throw new IllegalArgumentException(kernel + ": op is null");
    }
    if (!hasKernel) {
      throw new IllegalArgumentException(kernel + ": no kernel for op " + op + " (its loop is in the elementwise ops)");
    }
  }

  /** Checks the range of {@link Kernels#max}, which has no value for an empty range. */
  static void checkMax(float[] x, int off, int n) {
    checkRange("max", "x", x, off, n);
    if (n == 0) {
      throw new IllegalArgumentException(
          "max(): Expected reduction dim to be specified for input.numel() == 0 (got an empty range at offset "
              + off + ")");
    }
  }
  /** Checks that {@code [off, off+n)} lies inside the double array {@code x}. */
  static void checkRange(String op, String name, double[] x, int off, int n) {
    if (x == null) {
      throw new IllegalArgumentException(op + ": " + name + " is null");
    }
    if (n < 0 || off < 0 || off > x.length - n) {
      throw new IllegalArgumentException(String.format(
          "%s: %s range [%d, %d) (offset %d, length %d) is outside the array of length %d",
          op, name, off, (long) off + n, off, n, x.length));
    }
  }

  /** Checks the op and the ranges of the float64 elementwise kernels (b may be null: the scalar form). */
  static void checkDoubles(Enum<?> op, String label, boolean hasKernel, double[] a, int aOff, double[] b, int bOff,
                           double[] out, int outOff, int n) {
    checkOp(op, "float64 elementwise", hasKernel);
    checkRange(label, "a", a, aOff, n);
    if (b != null) {
      checkRange(label, "b", b, bOff, n);
    }
    checkRange(label, "out", out, outOff, n);
  }
}
