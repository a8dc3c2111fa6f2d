package dev.jgrad.autograd.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision exp, log, tanh, sigmoid and GELU (with its derivative) on whole vectors, written with the Vector
 * API's basic arithmetic (fused multiply-adds, compares, blends, integer bit tricks) after Cephes' {@code expf},
 * {@code logf} and {@code tanhf}; the normal tail behind GELU is a polynomial fitted for it (see {@link #tailPoly}).
 *
 * <p>Why not {@code lanewise(VectorOperators.EXP)}: on x86 those operators reach Intel's SVML stubs only when C2
 * intrinsifies the call; otherwise each lane goes through {@link Math#exp} one at a time. Measured on this machine
 * (AVX2, 8 lanes, 1e6 floats, JDK 17 and 25): SVML exp 0.64 ms, log 0.83 ms, tanh 1.9-2.5 ms; these polynomials
 * 0.6-0.7, 0.85-0.9 and 1.1-1.5 ms. But the same {@code lanewise(TANH)} took 23-27 ms on JDK 25 (and LOG 3.8 ms) when it sat
 * in a method that also held EXP and LOG calls, and on CPUs or JDKs without the stubs (aarch64 on JDK 17) every
 * operator is that slow. The polynomials need no stub, run at the same speed on every JDK, and give the same bits
 * everywhere, so a result does not depend on the JVM that computed it.
 *
 * <p>Accuracy against the double-precision result rounded to float ({@link JavaKernels}), checked over every float
 * in the ranges where the functions are not constant: exp, log and tanh within 1 ulp; sigmoid within 2 ulp, and 4
 * below x = -16.63, where {@code 1 + exp(-x)} is a tie that an exp one ulp off rounds the other way. Special values
 * are exact: NaN stays NaN, {@code exp(-inf) = 0}, {@code exp(x) = inf} from 88.72284 on, subnormal results below
 * -87.33655 and 0 below -103.97208; {@code tanh(±0) = ±0}. log leaves zero, subnormal, negative, infinite and NaN
 * inputs to its caller. The GELU functions state their own bounds.
 */
final class VectorMath {

  private VectorMath() {}

  // exp: x = n·ln2 + r with |r| <= ln2/2, exp(x) = 2^n · exp(r). ln2 is split so that n·LN2_HI is exact.
  private static final float LOG2E = 1.44269504088896341f;
  private static final float LN2_HI = 0.693359375f;
  private static final float LN2_LO = -2.12194440e-4f;
  /** 1.5·2^23: adding it rounds a float of magnitude below 2^22 to an integer held in the low mantissa bits. */
  private static final float ROUND_MAGIC = 12582912f;
  private static final int ROUND_MAGIC_BITS = 0x4B400000;
  /** Beyond these, exp overflows to inf or rounds to 0; clamping first keeps n within [-150, 128]. */
  private static final float EXP_HI = 89f;
  private static final float EXP_LO = -104f;
  private static final float E0 = 1.9875691500e-4f, E1 = 1.3981999507e-3f, E2 = 8.3334519073e-3f,
      E3 = 4.1665795894e-2f, E4 = 1.6666665459e-1f, E5 = 5.0000001201e-1f;

  // log: x = 2^e · m with m in [sqrt(0.5), sqrt(2)), log(x) = e·ln2 + log1p(m - 1).
  private static final float SQRT_HALF = 0.707106781186547524f;
  private static final float L0 = 7.0376836292e-2f, L1 = -1.1514610310e-1f, L2 = 1.1676998740e-1f,
      L3 = -1.2420140846e-1f, L4 = 1.4249322787e-1f, L5 = -1.6668057665e-1f, L6 = 2.0000714765e-1f,
      L7 = -2.4999993993e-1f, L8 = 3.3333331174e-1f;

  // tanh: an odd polynomial below 0.625, 1 - 2/(exp(2|x|) + 1) above.
  private static final float TANH_SMALL = 0.625f;
  private static final float T0 = -5.70498872745e-3f, T1 = 2.06390887954e-2f, T2 = -5.37397155531e-2f,
      T3 = 1.33314422036e-1f, T4 = -3.33332819422e-1f;

  /** exp of every lane (see the class comment for accuracy and special values). */
  static FloatVector exp(FloatVector x) {
    VectorSpecies<Float> s = x.species();
    // Compare-and-blend: cheaper on x86 than min/max with Java's NaN and -0 rules, and a NaN compares false, so it
    // survives and poisons the result.
    FloatVector c = x.blend(EXP_HI, x.compare(VectorOperators.GT, EXP_HI));
    c = c.blend(EXP_LO, c.compare(VectorOperators.LT, EXP_LO));
    FloatVector t = c.fma(FloatVector.broadcast(s, LOG2E), FloatVector.broadcast(s, ROUND_MAGIC));
    FloatVector n = t.sub(ROUND_MAGIC);
    IntVector ni = t.reinterpretAsInts().sub(ROUND_MAGIC_BITS);
    FloatVector r = n.fma(FloatVector.broadcast(s, -LN2_HI), c);
    r = n.fma(FloatVector.broadcast(s, -LN2_LO), r);
    FloatVector p = r.fma(FloatVector.broadcast(s, E0), FloatVector.broadcast(s, E1));
    p = p.fma(r, FloatVector.broadcast(s, E2));
    p = p.fma(r, FloatVector.broadcast(s, E3));
    p = p.fma(r, FloatVector.broadcast(s, E4));
    p = p.fma(r, FloatVector.broadcast(s, E5));
    FloatVector y = p.fma(r.mul(r), r).add(1f);
    // 2^n in two factors, 2^(n - n/2) and 2^(n/2), each a normal float for n in [-150, 128]: the first product is
    // exact and the second rounds once, so overflow to inf and subnormal results come out right.
    IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
    IntVector n2 = ni.sub(n1);
    FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    return y.mul(s1).mul(s2);
  }

  /** {@code 1 / (1 + exp(-x))} in float, as PyTorch computes sigmoid: exactly 0 at -100 and exactly 1 at 100. */
  static FloatVector sigmoid(FloatVector x) {
    return FloatVector.broadcast(x.species(), 1f).div(exp(x.neg()).add(1f));
  }

  /** The lanes that {@link #logNormal} computes: positive, normal and finite (so not NaN). */
  static VectorMask<Float> logNormalLanes(FloatVector x) {
    // As an unsigned integer, bits(x) - bits(MIN_NORMAL) is below 0x7f000000 exactly for those; every other input
    // wraps or lands above. Flipping the sign bit makes it a signed compare, one instruction on x86 (two float
    // compares and a mask "and" cost 40% more for the whole log on JDK 17).
    return x.reinterpretAsInts().sub(0x00800000 ^ 0x80000000).compare(VectorOperators.LT, 0x7f000000 ^ 0x80000000)
        .cast(x.species());
  }

  /**
   * Natural log of the lanes in {@link #logNormalLanes}; the other lanes (zero, subnormal, negative, infinite, NaN)
   * hold garbage that the caller replaces. Not done here with blends, because they cost 60% more on every vector
   * (1.37 instead of 0.86 ms for 1e6 floats), nor behind a branch that merges two vectors, which C2 on JDK 17
   * sometimes compiles into boxed slow paths (5.3 ms).
   */
  static FloatVector logNormal(FloatVector x) {
    VectorSpecies<Float> s = x.species();
    IntVector bits = x.reinterpretAsInts();
    // Exponent and mantissa: m in [0.5, 1), x = m · 2^e.
    IntVector e = bits.lanewise(VectorOperators.LSHR, 23).sub(126);
    FloatVector m = bits.and(0x007fffff).or(0x3f000000).reinterpretAsFloats();
    // m < sqrt(1/2): use 2m - 1 and one less in the exponent, so that the argument of log1p is in [-0.29, 0.42).
    VectorMask<Float> small = m.compare(VectorOperators.LT, SQRT_HALF);
    FloatVector zero = FloatVector.zero(s);
    FloatVector f = m.add(zero.blend(m, small)).sub(1f);
    // The integer exponent as a float without a conversion instruction (|e| < 2^22); both subtractions are exact.
    FloatVector fe = e.add(ROUND_MAGIC_BITS).reinterpretAsFloats().sub(ROUND_MAGIC).sub(zero.blend(1f, small));
    FloatVector z = f.mul(f);
    FloatVector p = f.fma(FloatVector.broadcast(s, L0), FloatVector.broadcast(s, L1));
    p = p.fma(f, FloatVector.broadcast(s, L2));
    p = p.fma(f, FloatVector.broadcast(s, L3));
    p = p.fma(f, FloatVector.broadcast(s, L4));
    p = p.fma(f, FloatVector.broadcast(s, L5));
    p = p.fma(f, FloatVector.broadcast(s, L6));
    p = p.fma(f, FloatVector.broadcast(s, L7));
    p = p.fma(f, FloatVector.broadcast(s, L8));
    // log1p(f) = f - f^2/2 + f^3 · P(f), and e·ln2 added in two parts, the small one first.
    FloatVector y = p.mul(f).mul(z);
    y = fe.fma(FloatVector.broadcast(s, LN2_LO), y);
    y = z.fma(FloatVector.broadcast(s, -0.5f), y);
    return fe.fma(FloatVector.broadcast(s, LN2_HI), f.add(y));
  }

  /** tanh of every lane: odd, tanh(±0) = ±0, ±1 from |x| = 9.010914 on, NaN stays NaN. */
  static FloatVector tanh(FloatVector x) {
    VectorSpecies<Float> s = x.species();
    // Work on |x| and put x's sign back at the end: that also makes tanh(-0) = -0, which x + x^3·P(x^2) would not
    // (-0 + +0 is +0). NaN keeps being NaN whatever its sign bit.
    FloatVector a = x.abs();
    // |x| < 0.625: |x| + |x|^3 · P(x^2); the cancellation in 1 - 2/(e + 1) would lose bits there.
    FloatVector z = a.mul(a);
    FloatVector p = z.fma(FloatVector.broadcast(s, T0), FloatVector.broadcast(s, T1));
    p = p.fma(z, FloatVector.broadcast(s, T2));
    p = p.fma(z, FloatVector.broadcast(s, T3));
    p = p.fma(z, FloatVector.broadcast(s, T4));
    FloatVector small = p.mul(z).fma(a, a);
    // exp(2|x|) overflows to inf from |x| = 44.4 on, which gives exactly 1; NaN stays NaN through exp. Both halves
    // are computed for every vector: skipping exp when all lanes are small would merge two vectors at a branch,
    // and C2 on JDK 17 then boxes them and falls back to slow paths (7.7 ms instead of 1.5 ms for 1e6 floats).
    FloatVector q = FloatVector.broadcast(s, 2f).div(exp(a.add(a)).add(1f));
    FloatVector result = FloatVector.broadcast(s, 1f).sub(q).blend(small, a.compare(VectorOperators.LT, TANH_SMALL));
    return result.reinterpretAsInts().or(x.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats();
  }
  // GELU. The exact form is x·Φ(x) with Φ the standard normal CDF. Φ(x) = 0.5·(1 + erf(x/√2)) loses every bit for
  // x below about -3 in float (1 + erf is a difference of nearly equal numbers; PyTorch's float kernel has that
  // error), so the tail Q(a) = P(N > a) = 0.5·erfc(a/√2) for a = |x| is computed directly instead:
  // Φ(x) = Q(|x|) for x < 0 and 1 - Q(|x|) otherwise, both with full relative accuracy.
  // Q(a) = exp(-a²/2) · t·P(t) with t = 1/(1 + GQ·a): t·P(t) is 0.5·erfcx(a/√2), which is smooth in t on (0, 1];
  // P has degree 10, fitted (iteratively reweighted least squares on 500 Chebyshev nodes, mpmath erfc as the
  // reference) for relative error: max 3.6e-9 in exact arithmetic over a in [0, 14.6], about 2 ulp once the
  // coefficients are rounded to float and it is evaluated in float. Beyond 14.6 exp(-a²/2) is 0 in float, so P
  // is never needed there.
  private static final float GQ = 0.35355338f;
  private static final float G0 = 0.14104441f, G1 = 0.14112286f, G2 = 0.122623034f, G3 = 0.09260702f,
      G4 = 0.028121643f, G5 = 0.016088957f, G6 = -0.0084245205f, G7 = -0.14747909f, G8 = 0.19250193f,
      G9 = -0.096205994f, G10 = 0.017999753f;
  /** |x| is clamped here before squaring: exp(-a²/2) is already 0, and inf·inf - inf would give NaN. */
  private static final float GELU_CLAMP = 20f;
  /** 1/√(2π), the normal density at 0. */
  private static final float INV_SQRT_2PI = 0.3989422804014327f;
  // Tanh form: 0.5·x·(1 + tanh(u)) = x·sigmoid(2u) = x / (1 + exp(-2u)), which has no cancellation for x < 0
  // (1 + tanh(u) has, as in PyTorch's float kernel). 2u = x·(TA + TB·x²) with u = √(2/π)·(x + 0.044715·x³).
  private static final float TA = 1.5957691216057308f;
  private static final float TB = 0.0713548162726009f;
  /** Beyond ±10 the tanh-form derivative is 1 or 0 to float precision; clamping keeps exp(-2u) finite. */
  private static final float GELU_TANH_CLAMP = 10f;

  /** {@code v} with every lane above {@code hi} set to hi and below -hi to -hi; NaN lanes stay NaN. */
  private static FloatVector clampSymmetric(FloatVector v, float hi) {
    FloatVector c = v.blend(hi, v.compare(VectorOperators.GT, hi));
    return c.blend(-hi, c.compare(VectorOperators.LT, -hi));
  }

  /**
   * {@code exp(-a²/2)} for lanes {@code a >= 0} (already clamped). a² is split into {@code h + l} exactly with a
   * fused multiply-add, so the large exponent is not rounded (rounding a² = 98 to float would cost 50 ulp);
   * {@code exp(-l/2)} is {@code 1 - l/2} to float precision.
   */
  private static FloatVector halfGaussian(FloatVector a) {
    FloatVector h = a.mul(a);
    FloatVector l = a.fma(a, h.neg());
    FloatVector e = exp(h.mul(-0.5f));
    return e.fma(l.mul(-0.5f), e);
  }

  /** {@code |x|} clamped to {@link #GELU_CLAMP} (NaN stays NaN): the argument of the normal tail. */
  static FloatVector geluAbs(FloatVector x) {
    FloatVector a = x.abs();
    return a.blend(GELU_CLAMP, a.compare(VectorOperators.GT, GELU_CLAMP));
  }

  /**
   * {@code t·P(t) = 0.5·erfcx(a/√2)} for lanes {@code a = geluAbs(x)}: the normal tail is {@code Q(a) =
   * exp(-a²/2)·t·P(t)}. Kept apart from the rest so the vector kernels can run it as its own pass: GELU in one
   * function is more than C2 on JDK 17 inlines into a loop (NodeCountInliningCutoff), and out of line every
   * vector is boxed.
   */
  static FloatVector tailPoly(FloatVector a) {
    VectorSpecies<Float> s = a.species();
    FloatVector one = FloatVector.broadcast(s, 1f);
    FloatVector t = one.div(a.fma(FloatVector.broadcast(s, GQ), one));
    FloatVector p = t.fma(FloatVector.broadcast(s, G10), FloatVector.broadcast(s, G9));
    p = p.fma(t, FloatVector.broadcast(s, G8));
    p = p.fma(t, FloatVector.broadcast(s, G7));
    p = p.fma(t, FloatVector.broadcast(s, G6));
    p = p.fma(t, FloatVector.broadcast(s, G5));
    p = p.fma(t, FloatVector.broadcast(s, G4));
    p = p.fma(t, FloatVector.broadcast(s, G3));
    p = p.fma(t, FloatVector.broadcast(s, G2));
    p = p.fma(t, FloatVector.broadcast(s, G1));
    p = p.fma(t, FloatVector.broadcast(s, G0));
    return p.mul(t);
  }

  /**
   * Exact GELU {@code x·Φ(x)} (torch's {@code approximate='none'}) of every lane. Within 6 ulp of the double
   * result rounded to float wherever that result is itself accurate (x above -5.5; measured 5); below, the
   * double {@code 1 + erf} of {@link JavaKernels} cancels, and this stays within 6 ulp of {@code x·Q(|x|)} down to
   * -13, where results turn subnormal. Special values: NaN stays NaN, {@code gelu(±0) = ±0},
   * {@code gelu(inf) = inf}, {@code gelu(-inf) = NaN} (-inf·0, as in PyTorch), and large negative x gives -0.
   */
  static FloatVector gelu(FloatVector x) {
    FloatVector a = geluAbs(x);
    return geluFromTail(x, a, tailPoly(a));
  }

  /** {@link #gelu} given {@code a = geluAbs(x)} and {@code tp = tailPoly(a)}. */
  static FloatVector geluFromTail(FloatVector x, FloatVector a, FloatVector tp) {
    FloatVector q = halfGaussian(a).mul(tp);
    // x·(1 - Q), not x - x·Q: inf - inf·0 would be NaN at x = inf, and -0 would become +0. A float compare
    // (not the sign bit, whose int-to-float mask cast C2 on JDK 17 boxes) sends -0 this way too, which is
    // right: -0·0.5 = -0.
    FloatVector pos = x.mul(FloatVector.broadcast(x.species(), 1f).sub(q));
    return pos.blend(x.mul(q), x.compare(VectorOperators.LT, 0f));
  }

  /**
   * The derivative of exact GELU, {@code Φ(x) + x·φ(x)}, of every lane; φ is the normal density. It crosses 0
   * near x = -0.7518, so the error bound is relative to the terms: within {@code 8·2^-24·(Φ(x) + |x|·φ(x))} of
   * the double result (measured 6.0). NaN and ±inf give NaN (inf·0, as in PyTorch's backward).
   */
  static FloatVector geluGrad(FloatVector x) {
    FloatVector a = geluAbs(x);
    return geluGradFromTail(x, a, tailPoly(a));
  }

  /** {@link #geluGrad} given {@code a = geluAbs(x)} and {@code tp = tailPoly(a)}. */
  static FloatVector geluGradFromTail(FloatVector x, FloatVector a, FloatVector tp) {
    FloatVector e = halfGaussian(a);
    FloatVector q = e.mul(tp);
    FloatVector cdf = FloatVector.broadcast(x.species(), 1f).sub(q).blend(q, x.compare(VectorOperators.LT, 0f));
    return x.fma(e.mul(INV_SQRT_2PI), cdf);
  }

  /**
   * Tanh-approximated GELU {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))} (torch's {@code approximate='tanh'})
   * of every lane, evaluated as {@code x / (1 + exp(-2u))}. Within 2 ulp of the double result rounded to float
   * for x >= -1 and {@code 2 + 6·|x|} ulp below (measured 12 on [-3, -2), 28 on [-5, -4)), because 2u, a float
   * product with a few roundings, carries them into exp; against {@code x / (1 + exp(-2u))} in double, within
   * {@code 2 + 3·|2u|} ulp down to -10. NaN stays NaN, {@code ±0} gives ±0, inf gives inf, -inf gives NaN.
   */
  static FloatVector geluTanh(FloatVector x) {
    VectorSpecies<Float> s = x.species();
    FloatVector twoU = x.mul(x.mul(x).fma(FloatVector.broadcast(s, TB), FloatVector.broadcast(s, TA)));
    return x.div(exp(twoU.neg()).add(1f));
  }

  /**
   * The derivative of tanh-approximated GELU (PyTorch's {@code GeluBackward} formula
   * {@code 0.5·(1 + t) + 0.5·x·(1 - t²)·√(2/π)·(1 + 3·0.044715·x²)}, t the tanh) of every lane, evaluated as
   * {@code s + x·s·(s·e)·(TA + 3·TB·x²)} with {@code e = exp(-2u)} and {@code s = 1/(1 + e)}, so that neither
   * {@code 1 + t} nor {@code 1 - t²} cancels. Error bound relative to the terms, as {@link #geluGrad}, of
   * {@code (5 + 6·max(0, -x))·2^-24} (measured 3.9 for x >= -1, 30.5 on [-5, -4)). NaN and
   * {@code |x| >= 2^64} (±inf included) give NaN, as PyTorch's float formula does (its x² overflows: 0·inf).
   */
  static FloatVector geluTanhGrad(FloatVector x) {
    VectorSpecies<Float> s = x.species();
    FloatVector xc = clampSymmetric(x, GELU_TANH_CLAMP);
    FloatVector x2 = xc.mul(xc);
    FloatVector e = exp(xc.mul(x2.fma(FloatVector.broadcast(s, TB), FloatVector.broadcast(s, TA))).neg());
    FloatVector sig = FloatVector.broadcast(s, 1f).div(e.add(1f));
    FloatVector slope = x2.fma(FloatVector.broadcast(s, 3f * TB), FloatVector.broadcast(s, TA));
    FloatVector d = xc.mul(sig).mul(sig.mul(e)).fma(slope, sig);
    // Below -10 the derivative (< 6e-36) is 0, as the double formula gives, so that an infinite upstream
    // gradient becomes NaN there in both kernels.
    d = d.blend(0f, x.compare(VectorOperators.LT, -GELU_TANH_CLAMP));
    // From |x| = 2^64 on, x² overflows in PyTorch's float formula and its (1 - t²)·(1 + 3κx²) is 0·inf = NaN;
    // infinite x likewise.
    return d.blend(Float.NaN, x.abs().compare(VectorOperators.GE, 0x1p64f));
  }
}
