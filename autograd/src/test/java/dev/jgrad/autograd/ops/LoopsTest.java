package dev.jgrad.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.kernels.Kernels;
import dev.jgrad.autograd.kernels.UnaryOp;
import org.junit.jupiter.api.Test;

/**
 * GELU in {@link Loops}: the plain-Java kernels reproduce the scalar double formulas bit for bit (so
 * {@code -Djgrad.kernels=java} gives the results jgrad always gave), and {@link Loops#unary} routes through the
 * chosen kernels, whose SIMD results stay within a few ulp of those formulas.
 */
class LoopsTest {

  /** Every multiple of 2^-12 in [-16, 16], then huge, tiny and special values. */
  private static float[] sweep() {
    float[] specials = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
        -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1e20f, -1e20f, 1e-30f, -1e-30f};
    int grid = 32 * 4096 + 1;
    float[] x = new float[grid + specials.length];
    for (int i = 0; i < grid; i++) {
      x[i] = -16f + i * 0x1p-12f;
    }
    System.arraycopy(specials, 0, x, grid, specials.length);
    return x;
  }

  @Test
  void javaKernelsGiveTheScalarFormulasBits() {
    float[] x = sweep();
    float[] out = new float[x.length];
    for (UnaryOp op : new UnaryOp[] {UnaryOp.GELU, UnaryOp.GELU_TANH}) {
      Kernels.java().unary(op, x, 0, out, 0, x.length);
      for (int i = 0; i < x.length; i++) {
        float want = Loops.scalarUnary(op, x[i], 0, 0);
        assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(out[i]), op + "(" + x[i] + ")");
      }
    }
  }

  @Test
  void unaryRoutesGeluThroughTheChosenKernels() {
    float[] x = sweep();
    for (UnaryOp op : new UnaryOp[] {UnaryOp.GELU, UnaryOp.GELU_TANH}) {
      float[] viaLoops = new float[x.length + 3];
      Loops.unary(op, x, 0, viaLoops, 3, x.length, 0, 0);
      float[] viaKernels = new float[x.length];
      Kernels.get().unary(op, x, 0, viaKernels, 0, x.length);
      for (int i = 0; i < x.length; i++) {
        assertEquals(Float.floatToIntBits(viaKernels[i]), Float.floatToIntBits(viaLoops[3 + i]), "x=" + x[i]);
        // And close to the scalar formula: relative 1e-6 where it is accurate, absolute below -5.5 where its
        // double 1 + erf cancels (see UnaryOp.GELU).
        float scalar = Loops.scalarUnary(op, x[i], 0, 0);
        double rel = op == UnaryOp.GELU ? 1e-6 : 5e-6;   // gelu_tanh: 2 + 6·|x| ulp for x < 0
        double tol = rel * Math.abs(scalar) + (x[i] < -5.5f ? 1e-14 * -x[i] : 0);
        assertTrue(Float.compare(scalar, viaLoops[3 + i]) == 0 || Math.abs(scalar - viaLoops[3 + i]) <= tol,
            op + " x=" + x[i] + ": scalar " + scalar + ", loops " + viaLoops[3 + i]);
      }
    }
  }
}
