package dev.jgrad.autograd.random;

/**
 * Scalar, bit-exact replicas of {@code log256_ps} and {@code sincos256_ps} from ATen's
 * {@code native/cpu/avx_mathfun.h} (Cephes polynomials in float), one lane at a time.
 *
 * <p>PyTorch's CPU {@code normal_} on float32 tensors of 16+ elements runs these on AVX2 machines. That
 * translation unit is built with {@code -mavx2 -mfma} and GCC's default {@code -ffp-contract=fast}, so
 * every multiply whose only use is an add or subtract becomes a fused multiply-add (the first multiply in
 * statement order wins when both operands of an add are products). The {@link Math#fma} calls below sit
 * exactly where GCC fuses; with plain {@code a * b + c} instead, about 1% of normals differ by one ulp.
 * Verified bit for bit on 2 million {@code torch.randn} values.
 */
public final class RandomAvxMath {
  private static final float SQRTHF = (float) 0.707106781186547524;
  private static final float LOG_P0 = (float) 7.0376836292E-2;
  private static final float LOG_P1 = (float) -1.1514610310E-1;
  private static final float LOG_P2 = (float) 1.1676998740E-1;
  private static final float LOG_P3 = (float) -1.2420140846E-1;
  private static final float LOG_P4 = (float) 1.4249322787E-1;
  private static final float LOG_P5 = (float) -1.6668057665E-1;
  private static final float LOG_P6 = (float) 2.0000714765E-1;
  private static final float LOG_P7 = (float) -2.4999993993E-1;
  private static final float LOG_P8 = (float) 3.3333331174E-1;
  private static final float LOG_Q1 = (float) -2.12194440e-4;
  private static final float LOG_Q2 = (float) 0.693359375;
  private static final float MIN_NORM_POS = Float.intBitsToFloat(0x00800000);
  private static final int HALF_BITS = Float.floatToRawIntBits(0.5f);

  private static final float MINUS_DP1 = (float) -0.78515625;
  private static final float MINUS_DP2 = (float) -2.4187564849853515625e-4;
  private static final float MINUS_DP3 = (float) -3.77489497744594108e-8;
  private static final float SINCOF_P0 = (float) -1.9515295891E-4;
  private static final float SINCOF_P1 = (float) 8.3321608736E-3;
  private static final float SINCOF_P2 = (float) -1.6666654611E-1;
  private static final float COSCOF_P0 = (float) 2.443315711809948E-005;
  private static final float COSCOF_P1 = (float) -1.388731625493765E-003;
  private static final float COSCOF_P2 = (float) 4.166664568298827E-002;
  private static final float FOPI = (float) 1.27323954473516; // 4 / pi

  private RandomAvxMath() {
  }

  /** {@code log256_ps} for one lane: natural log, NaN for {@code x <= 0}. */
  public static float log(float x0) {
    boolean invalid = x0 <= 0f;
    float x = x0 > MIN_NORM_POS ? x0 : MIN_NORM_POS; // _mm256_max_ps cuts off denormals
    int bits = Float.floatToRawIntBits(x);
    float e = (float) ((bits >>> 23) - 0x7f);
    x = Float.intBitsToFloat((bits & ~0x7f800000) | HALF_BITS); // mantissa in [0.5, 1)
    e = e + 1f;
    boolean small = x < SQRTHF;
    float tmp = small ? x : 0f;
    x = x - 1f;
    e = e - (small ? 1f : 0f);
    x = x + tmp;
    float z = x * x;
    float y = LOG_P0;
    y = Math.fma(y, x, LOG_P1);
    y = Math.fma(y, x, LOG_P2);
    y = Math.fma(y, x, LOG_P3);
    y = Math.fma(y, x, LOG_P4);
    y = Math.fma(y, x, LOG_P5);
    y = Math.fma(y, x, LOG_P6);
    y = Math.fma(y, x, LOG_P7);
    y = Math.fma(y, x, LOG_P8);
    y = y * x;
    y = Math.fma(y, z, e * LOG_Q1); // y*z comes first in source order, so it is the fused product
    y = y - z * 0.5f;
    x = x + y;
    x = Math.fma(e, LOG_Q2, x);
    return invalid ? Float.NaN : x;
  }

  /** {@code sincos256_ps} for one lane: writes {@code sin(x)} to {@code out[0]} and {@code cos(x)} to {@code out[1]}. */
  public static void sincos(float x0, float[] out) {
    int signSin = Float.floatToRawIntBits(x0) & 0x80000000;
    float x = Math.abs(x0);
    int j = (int) (x * FOPI); // _mm256_cvttps_epi32 truncates
    j = (j + 1) & ~1;
    float y = (float) j;
    int swapSignSin = (j & 4) << 29;
    boolean sinPoly = (j & 2) == 0;
    // "Extended precision modular arithmetic": x = ((x - y*DP1) - y*DP2) - y*DP3
    x = Math.fma(y, MINUS_DP1, x);
    x = Math.fma(y, MINUS_DP2, x);
    x = Math.fma(y, MINUS_DP3, x);
    int signCos = (~(j - 2) & 4) << 29;
    signSin ^= swapSignSin;

    float z = x * x;
    float yc = COSCOF_P0;
    yc = Math.fma(yc, z, COSCOF_P1);
    yc = Math.fma(yc, z, COSCOF_P2);
    yc = yc * z;
    yc = Math.fma(yc, z, -(z * 0.5f));
    yc = yc + 1f;

    float ys = SINCOF_P0;
    ys = Math.fma(ys, z, SINCOF_P1);
    ys = Math.fma(ys, z, SINCOF_P2);
    ys = ys * z;
    ys = Math.fma(ys, x, x);

    // Both polynomials are evaluated; masks pick which one is the sine and which the cosine.
    float ysin2 = sinPoly ? ys : 0f;
    float ysin1 = sinPoly ? 0f : yc;
    ys = ys - ysin2;
    yc = yc - ysin1;
    float s = ysin1 + ysin2;
    float c = yc + ys;
    out[0] = Float.intBitsToFloat(Float.floatToRawIntBits(s) ^ signSin);
    out[1] = Float.intBitsToFloat(Float.floatToRawIntBits(c) ^ signCos);
  }
}
