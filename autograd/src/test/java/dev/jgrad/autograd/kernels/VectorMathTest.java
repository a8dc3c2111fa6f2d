package dev.jgrad.autograd.kernels;

import static dev.jgrad.autograd.kernels.KernelReference.ulpDistance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jgrad.autograd.kernels.Kernels.UnaryOp;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Accuracy of the SIMD exp, log, tanh and sigmoid ({@link VectorMath}, reached through {@link Kernels#unary})
 * against the plain-Java kernels, which compute in double and round once: a dense grid over [-20, 20], a stride
 * through all 2^32 bit patterns, and the special values and overflow/underflow thresholds, whose results are pinned
 * exactly. The ulp bounds are the ones {@link Kernels.UnaryOp} documents ({@link KernelReference#unaryUlpBound});
 * a one-off run over every float where the functions are not constant (every third positive float for log) found
 * the same maxima: exp 1, log 1, tanh 1, sigmoid 2, and 4 below x = -16.625.
 */
class VectorMathTest {

  private final Kernels java = Kernels.java();
  private Kernels vector;

  @BeforeEach
  void loadVector() {
    vector = KernelReference.vectorOrSkip();
  }

  /** The allowed distance from the oracle at input x. */
  private interface UlpBound {
    long at(float x);
  }

  /** Every multiple of 2^-14 in [-20, 20] (655,361 floats), where all four functions bend. */
  private static float[] denseGrid() {
    float[] x = new float[40 * 16384 + 1];
    for (int i = 0; i < x.length; i++) {
      x[i] = -20f + i * 0x1p-14f;   // exact: every value is a multiple of 2^-14 below 2^5
    }
    return x;
  }

  /** Every 4099th bit pattern (4099 is prime, so the low mantissa bits vary): all exponents, subnormals, NaNs. */
  private static float[] strided() {
    float[] x = new float[(int) ((1L << 32) / 4099) + 1];
    for (int i = 0; i < x.length; i++) {
      x[i] = Float.intBitsToFloat((int) (i * 4099L));
    }
    return x;
  }

  private void assertWithinUlp(UnaryOp op, float[] x, UlpBound bound) {
    float[] want = new float[x.length];
    float[] got = new float[x.length];
    java.unary(op, x, 0, want, 0, x.length);
    vector.unary(op, x, 0, got, 0, x.length);
    for (int i = 0; i < x.length; i++) {
      long d = ulpDistance(want[i], got[i]);
      if (d > bound.at(x[i])) {
        fail(String.format("%s(%s) [bits 0x%08x]: java %s, vector %s, %d ulp apart (allowed %d)", op.label, x[i],
            Float.floatToRawIntBits(x[i]), want[i], got[i], d, bound.at(x[i])));
      }
    }
  }

  /** Bit-exact result (so -0 differs from 0 and NaN is any NaN), alone and in every lane of a longer array. */
  private void assertExact(UnaryOp op, float x, float expected) {
    for (int n : new int[] {1, 5, 8, 17, 40}) {
      float[] in = new float[n];
      Arrays.fill(in, x);
      float[] out = new float[n];
      vector.unary(op, in, 0, out, 0, n);
      for (int i = 0; i < n; i++) {
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(out[i]),
            op.label + "(" + x + ") at " + i + " of " + n + ": want " + expected + ", got " + out[i]);
      }
    }
    float[] oracle = new float[1];
    java.unary(op, new float[] {x}, 0, oracle, 0, 1);
    assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(oracle[0]), "java " + op.label + "(" + x + ")");
  }

  /** Within {@code ulp} of an expected value, and on the same side of every special class (finite, 0, inf). */
  private void assertClose(UnaryOp op, float x, float expected, long ulp) {
    float[] out = new float[9];
    float[] in = new float[9];
    Arrays.fill(in, x);
    vector.unary(op, in, 0, out, 0, 9);
    for (float got : out) {
      assertTrue(ulpDistance(expected, got) <= ulp,
          op.label + "(" + x + "): want " + expected + " within " + ulp + " ulp, got " + got);
      assertEquals(Float.isFinite(expected), Float.isFinite(got), op.label + "(" + x + ") finiteness: " + got);
      assertEquals(expected == 0f, got == 0f, op.label + "(" + x + ") zero: " + got);
    }
  }

  @Test
  void ulpDistanceCountsFloatsBetween() {
    assertEquals(0, ulpDistance(0f, -0f));
    assertEquals(1, ulpDistance(1f, Math.nextUp(1f)));
    assertEquals(2, ulpDistance(-Float.MIN_VALUE, Float.MIN_VALUE));
    assertEquals(1, ulpDistance(Float.MAX_VALUE, Float.POSITIVE_INFINITY));
    assertEquals(0, ulpDistance(Float.NaN, Float.intBitsToFloat(0x7fc00001)));
    assertEquals(Long.MAX_VALUE, ulpDistance(Float.NaN, 1f));
  }

  private static UlpBound documented(UnaryOp op) {
    return x -> KernelReference.unaryUlpBound(op, x);
  }

  @Test
  void expWithinOneUlp() {
    assertWithinUlp(UnaryOp.EXP, denseGrid(), documented(UnaryOp.EXP));
    assertWithinUlp(UnaryOp.EXP, strided(), documented(UnaryOp.EXP));
  }

  @Test
  void logWithinOneUlpIncludingSubnormalInputs() {
    assertWithinUlp(UnaryOp.LOG, denseGrid(), documented(UnaryOp.LOG));
    assertWithinUlp(UnaryOp.LOG, strided(), documented(UnaryOp.LOG));
    float[] subnormal = new float[1 << 16];
    for (int i = 0; i < subnormal.length; i++) {
      subnormal[i] = Float.intBitsToFloat(1 + i * 127);   // across [MIN_VALUE, MIN_NORMAL)
    }
    assertWithinUlp(UnaryOp.LOG, subnormal, documented(UnaryOp.LOG));
  }

  @Test
  void tanhWithinOneUlp() {
    assertWithinUlp(UnaryOp.TANH, denseGrid(), documented(UnaryOp.TANH));
    assertWithinUlp(UnaryOp.TANH, strided(), documented(UnaryOp.TANH));
  }

  @Test
  void sigmoidWithinTwoUlpAndFourWhereOnePlusExpRoundsToEven() {
    // Below -16.63 (24 ln 2), exp(-x) >= 2^24 and 1 + exp(-x) is a tie that rounds to even: an exp one ulp off
    // can move it by two ulp, in the oracle as in PyTorch's Sleef path. Both stay within 2 ulp of the exact sigmoid.
    UlpBound bound = documented(UnaryOp.SIGMOID);
    assertWithinUlp(UnaryOp.SIGMOID, denseGrid(), bound);
    assertWithinUlp(UnaryOp.SIGMOID, strided(), bound);
  }

  @Test
  void expSpecialValuesAndThresholds() {
    assertExact(UnaryOp.EXP, Float.NaN, Float.NaN);
    assertExact(UnaryOp.EXP, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY);
    assertExact(UnaryOp.EXP, Float.NEGATIVE_INFINITY, 0f);
    assertExact(UnaryOp.EXP, 0f, 1f);
    assertExact(UnaryOp.EXP, -0f, 1f);
    assertExact(UnaryOp.EXP, Float.MIN_VALUE, 1f);
    assertExact(UnaryOp.EXP, -Float.MIN_VALUE, 1f);
    assertExact(UnaryOp.EXP, 1e-30f, 1f);
    assertExact(UnaryOp.EXP, 88.72284f, Float.POSITIVE_INFINITY);     // first float whose exp overflows
    assertExact(UnaryOp.EXP, 1e30f, Float.POSITIVE_INFINITY);
    assertExact(UnaryOp.EXP, Float.MAX_VALUE, Float.POSITIVE_INFINITY);
    assertExact(UnaryOp.EXP, -103.972084f, 0f);                        // last float whose exp rounds to 0
    assertExact(UnaryOp.EXP, -1e30f, 0f);
    assertExact(UnaryOp.EXP, -Float.MAX_VALUE, 0f);
    assertExact(UnaryOp.EXP, -103.97208f, Float.MIN_VALUE);            // smallest non-zero result
    assertClose(UnaryOp.EXP, 88.72283f, 3.4027985e38f, 1);              // largest finite result
    assertClose(UnaryOp.EXP, -87.33655f, 1.1754907e-38f, 1);            // first subnormal result
    assertClose(UnaryOp.EXP, -100f, 3.7835e-44f, 1);
    assertClose(UnaryOp.EXP, 1f, 2.7182817f, 1);
  }

  @Test
  void logSpecialValues() {
    assertExact(UnaryOp.LOG, Float.NaN, Float.NaN);
    assertExact(UnaryOp.LOG, -1f, Float.NaN);
    assertExact(UnaryOp.LOG, -Float.MIN_VALUE, Float.NaN);
    assertExact(UnaryOp.LOG, Float.NEGATIVE_INFINITY, Float.NaN);
    assertExact(UnaryOp.LOG, 0f, Float.NEGATIVE_INFINITY);
    assertExact(UnaryOp.LOG, -0f, Float.NEGATIVE_INFINITY);
    assertExact(UnaryOp.LOG, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY);
    assertExact(UnaryOp.LOG, 1f, 0f);
    assertClose(UnaryOp.LOG, Float.MIN_VALUE, -103.27893f, 1);
    assertClose(UnaryOp.LOG, Float.MIN_NORMAL, -87.33655f, 1);
    assertClose(UnaryOp.LOG, Float.MAX_VALUE, 88.72284f, 1);
    assertClose(UnaryOp.LOG, 2.7182817f, 1f, 1);
    assertClose(UnaryOp.LOG, Math.nextUp(1f), 1.1920928e-7f, 1);
    assertClose(UnaryOp.LOG, Math.nextDown(1f), -5.9604645e-8f, 1);
  }

  @Test
  void tanhSpecialValues() {
    assertExact(UnaryOp.TANH, Float.NaN, Float.NaN);
    assertExact(UnaryOp.TANH, Float.POSITIVE_INFINITY, 1f);
    assertExact(UnaryOp.TANH, Float.NEGATIVE_INFINITY, -1f);
    assertExact(UnaryOp.TANH, 0f, 0f);
    assertExact(UnaryOp.TANH, -0f, -0f);
    assertExact(UnaryOp.TANH, Float.MIN_VALUE, Float.MIN_VALUE);
    assertExact(UnaryOp.TANH, -Float.MIN_VALUE, -Float.MIN_VALUE);
    assertExact(UnaryOp.TANH, 1e-20f, 1e-20f);
    assertExact(UnaryOp.TANH, 9.010914f, 1f);                          // first float whose tanh rounds to 1
    assertExact(UnaryOp.TANH, -9.010914f, -1f);
    assertExact(UnaryOp.TANH, 20f, 1f);
    assertExact(UnaryOp.TANH, 1e30f, 1f);
    assertExact(UnaryOp.TANH, -Float.MAX_VALUE, -1f);
    assertClose(UnaryOp.TANH, Math.nextDown(9.010914f), 0.99999994f, 1);
    // Both sides of the switch from the odd polynomial to 1 - 2/(exp(2|x|) + 1).
    assertClose(UnaryOp.TANH, Math.nextDown(0.625f), 0.5545997f, 1);
    assertClose(UnaryOp.TANH, 0.625f, 0.5545997f, 1);
    assertClose(UnaryOp.TANH, -0.625f, -0.5545997f, 1);
  }

  @Test
  void sigmoidKeepsPyTorchFloatSemantics() {
    assertExact(UnaryOp.SIGMOID, Float.NaN, Float.NaN);
    assertExact(UnaryOp.SIGMOID, 0f, 0.5f);
    assertExact(UnaryOp.SIGMOID, -0f, 0.5f);
    assertExact(UnaryOp.SIGMOID, 100f, 1f);
    assertExact(UnaryOp.SIGMOID, -100f, 0f);                           // exp(100) overflows in float
    assertExact(UnaryOp.SIGMOID, Float.POSITIVE_INFINITY, 1f);
    assertExact(UnaryOp.SIGMOID, Float.NEGATIVE_INFINITY, 0f);
    assertExact(UnaryOp.SIGMOID, 16.635532f, 1f);                       // first float whose sigmoid rounds to 1
    assertExact(UnaryOp.SIGMOID, -88.72284f, 0f);                       // first float where exp(-x) overflows
    assertClose(UnaryOp.SIGMOID, -88.72283f, 2.938758e-39f, 2);         // subnormal, just before the cliff
    assertClose(UnaryOp.SIGMOID, -88f, 6.054601e-39f, 2);
    assertClose(UnaryOp.SIGMOID, 1f, 0.7310586f, 1);
  }
}
