package dev.jgrad.autograd.kernels;

import static dev.jgrad.autograd.kernels.KernelReference.ulpDistance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jgrad.autograd.kernels.UnaryOp;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Accuracy of the SIMD exp, log, tanh, sigmoid and GELU ({@link VectorMath}, reached through {@link Kernels#unary}
 * and {@link Kernels#geluBackward})
 * against the plain-Java kernels, which compute in double and round once: a dense grid over [-20, 20], a stride
 * through all 2^32 bit patterns, and the special values and overflow/underflow thresholds, whose results are pinned
 * exactly. The ulp bounds are the ones {@link UnaryOp} documents ({@link KernelReference#unaryUlpBound});
 * a one-off run over every float where the functions are not constant (every third positive float for log) found
 * the same maxima: exp 1, log 1, tanh 1, sigmoid 2, and 4 below x = -16.625. GELU was measured over every
 * multiple of 2^-16 in [-10, 10]: 6 ulp (exact form; 2 for x >= 1) and {@code 2 + 6·|x|} for x < 0 (tanh form:
 * 2 for x >= -1, 12 on [-3, -2), 28 on [-5, -4)) where the double oracle is accurate, i.e. above -5.5; below, the
 * SIMD results are checked against accurate double references instead (the oracle's {@code 1 + erf} cancels).
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
      if (d > bound.at(x[i]) && !KernelReference.unaryAgrees(op, x[i], want[i], got[i])) {
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
  // ------------------------------------------------------------------------------------------------------ GELU

  @Test
  void geluWithinDocumentedBoundWhereTheOracleIsAccurate() {
    for (UnaryOp op : new UnaryOp[] {UnaryOp.GELU, UnaryOp.GELU_TANH}) {
      assertWithinUlp(op, denseGrid(), documented(op));
      assertWithinUlp(op, strided(), documented(op));
    }
  }

  /** 0.5·erfc(z) in double for z >= 3 by its continued fraction (Lentz's form, evaluated backwards). */
  private static double halfErfc(double z) {
    double k = z;
    for (int i = 300; i >= 1; i--) {
      k = z + (i / 2.0) / k;
    }
    return 0.5 * Math.exp(-z * z) / (Math.sqrt(Math.PI) * k);
  }

  @Test
  void geluTailsMatchAccurateReferencesWhereTheOracleCancels() {
    // Below -5.5 the oracle's double 1 + erf (1 + tanh) has lost float precision, so the SIMD tails are measured
    // against references without the cancellation: x·Q(|x|) with Q from erfc's continued fraction, and
    // x / (1 + exp(-2u)) in double. Exact gelu stops at -13 (smaller results are subnormal floats).
    int n = 7 * 16384 + 1;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = -13f + i * 0x1p-14f;    // [-13, -6]
    }
    float[] got = new float[n];
    vector.unary(UnaryOp.GELU, x, 0, got, 0, n);
    for (int i = 0; i < n; i++) {
      float want = (float) (x[i] * halfErfc(-x[i] / Math.sqrt(2)));
      assertTrue(ulpDistance(want, got[i]) <= 6, "gelu(" + x[i] + "): want " + want + ", got " + got[i]);
    }
    vector.unary(UnaryOp.GELU_TANH, x, 0, got, 0, n);
    for (int i = 0; i < n; i++) {
      double v = x[i];
      float want = (float) (v / (1 + Math.exp(-2 * Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))));
      if (x[i] >= -10f) {
        // The float 2u carries a few roundings of its own size, which exp turns into a relative error: measured
        // up to 190 ulp at x = -9.98 (2u = -87), where the result is 1.8e-37; PyTorch's float 1 + tanh is 0 there.
        double twoU = 2 * Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v);
        long bound = 2 + (long) Math.ceil(3 * Math.abs(twoU));
        assertTrue(ulpDistance(want, got[i]) <= bound, "gelu_tanh(" + x[i] + "): want " + want + ", got " + got[i]);
      }
    }
  }

  @Test
  void geluSpecialValues() {
    for (UnaryOp op : new UnaryOp[] {UnaryOp.GELU, UnaryOp.GELU_TANH}) {
      assertExact(op, Float.NaN, Float.NaN);
      assertExact(op, 0f, 0f);
      assertExact(op, -0f, -0f);
      assertExact(op, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY);
      assertExact(op, Float.NEGATIVE_INFINITY, Float.NaN);                // -inf·0, as in PyTorch
      assertExact(op, Float.MAX_VALUE, Float.MAX_VALUE);
      assertExact(op, -Float.MAX_VALUE, -0f);
      assertExact(op, 1e30f, 1e30f);
      assertExact(op, -1e30f, -0f);
      assertExact(op, 20f, 20f);
      assertExact(op, -20f, -0f);
    }
    assertClose(UnaryOp.GELU, 1f, 0.8413447f, 2);
    assertClose(UnaryOp.GELU, -1f, -0.15865526f, 2);
    assertClose(UnaryOp.GELU, -5f, -1.4332579e-6f, 4);       // 5·Φ(-5); PyTorch's float 1 + erf gives -1.49e-6
    assertClose(UnaryOp.GELU_TANH, 1f, 0.8411920f, 2);
    assertClose(UnaryOp.GELU_TANH, -1f, -0.15880801f, 2);
  }

  @Test
  void geluBackwardWithinDocumentedBound() {
    float[] x = denseGrid();
    float[] g = new float[x.length];
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < g.length; i++) {
      g[i] = (float) (r.nextDouble() * 4 - 2);
    }
    for (boolean tanh : new boolean[] {false, true}) {
      float[] want = new float[x.length];
      float[] got = new float[x.length];
      java.geluBackward(tanh, g, 0, x, 0, want, 0, x.length);
      vector.geluBackward(tanh, g, 0, x, 0, got, 0, x.length);
      for (int i = 0; i < x.length; i++) {
        if (!KernelReference.geluGradAgrees(tanh, g[i], x[i], want[i], got[i])) {
          fail(String.format("geluBackward tanh=%s g=%s x=%s: java %s, vector %s", tanh, g[i], x[i], want[i],
              got[i]));
        }
      }
    }
  }

  @Test
  void geluBackwardSpecialValues() {
    float[] x = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1e30f, -1e30f, 20f, -20f};
    for (boolean tanh : new boolean[] {false, true}) {
      // Every size so both the padded and the vector path see each value.
      for (int n : new int[] {9, 17, 40}) {
        float[] xs = new float[n];
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
          xs[i] = x[i % x.length];
          g[i] = 2f;
        }
        float[] out = new float[n];
        vector.geluBackward(tanh, g, 0, xs, 0, out, 0, n);
        float[] oracle = new float[n];
        java.geluBackward(tanh, g, 0, xs, 0, oracle, 0, n);
        for (int i = 0; i < n; i++) {
          float want;
          switch (i % x.length) {
            case 0: case 1: case 2: want = Float.NaN; break;     // NaN, and inf·0 at ±inf as in PyTorch
            case 3: case 4: want = 1f; break;                   // 2 · 0.5
            case 5: want = tanh ? Float.NaN : 2f; break;     // PyTorch's float x² overflows in the tanh formula
            case 6: want = tanh ? Float.NaN : 0f; break;
            case 7: want = 2f; break;
            default: want = 0f; break;
          }
          // Delta 0: -0 (from x·φ(x) rounding to -0 at -20) equals 0, NaN equals NaN.
          assertEquals(want, out[i], 0f, "vector tanh=" + tanh + " x=" + xs[i]);
          assertEquals(want, oracle[i], 0f, "java tanh=" + tanh + " x=" + xs[i]);
        }
      }
    }
  }
}
