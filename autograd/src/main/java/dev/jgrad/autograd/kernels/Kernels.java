package dev.jgrad.autograd.kernels;

/** TEMPORARY placeholder until the kernels package lands (replaced wholesale). */
public interface Kernels {
  static Kernels get() {
    return Plain.INSTANCE;
  }

  static Kernels java() {
    return Plain.INSTANCE;
  }

  String name();

  void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
      int ldb, float beta, float[] c, int cOff, int ldc);

  float sum(float[] x, int off, int n);

  void softmaxRows(float[] in, int inOff, float[] out, int outOff, int rows, int cols, boolean log);

  final class Plain implements Kernels {
    static final Plain INSTANCE = new Plain();

    public String name() {
      return "java";
    }

    public void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda, float[] b,
        int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          float s = 0;
          for (int p = 0; p < k; p++) {
            float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
            float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
            s += av * bv;
          }
          int ci = cOff + i * ldc + j;
          c[ci] = beta == 0 ? s : beta * c[ci] + s;
        }
      }
    }

    public float sum(float[] x, int off, int n) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += x[off + i];
      }
      return (float) s;
    }

    public void softmaxRows(float[] in, int inOff, float[] out, int outOff, int rows, int cols, boolean log) {
      for (int r = 0; r < rows; r++) {
        int ib = inOff + r * cols;
        int ob = outOff + r * cols;
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
          max = Math.max(max, in[ib + j]);
        }
        double sum = 0;
        for (int j = 0; j < cols; j++) {
          sum += Math.exp(in[ib + j] - max);
        }
        for (int j = 0; j < cols; j++) {
          out[ob + j] = log ? (float) (in[ib + j] - max - Math.log(sum)) : (float) (Math.exp(in[ib + j] - max) / sum);
        }
      }
    }
  }
}
