package dev.jgrad.autograd.kernels;

/**
 * The right operand op(B) {@code [k, n]} of many products, made by {@link GemmKernels#pack} and read by
 * {@link GemmKernels#gemmPacked}: the recurrent layers multiply by the same {@code W_hh} at every time step, and
 * the SIMD gemm would otherwise copy all of it (1 MB at hidden 256) into its pack buffer at each step.
 *
 * <p>The handle keeps a reference to B, not a copy, and an implementation may build its packed form from B at the
 * first product that needs it and reuse it afterwards: B must not change while the handle is in use. The packed
 * form is built once even if two threads race for it (both build the same values).
 */
public final class PackedMatrix {
  final boolean transB;
  final int k;
  final int n;
  final float[] b;
  final int bOff;
  final int ldb;
  /** The implementation's packed form of op(B), built on first use; null until then. */
  volatile float[] packed;

  PackedMatrix(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
    this.transB = transB;
    this.k = k;
    this.n = n;
    this.b = b;
    this.bOff = bOff;
    this.ldb = ldb;
  }

  /** The depth k of the products: op(B) has k rows. */
  public int rows() {
    return k;
  }

  /** The width n of the products: op(B) has n columns. */
  public int columns() {
    return n;
  }
}
