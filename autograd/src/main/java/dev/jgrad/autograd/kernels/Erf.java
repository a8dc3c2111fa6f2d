package dev.jgrad.autograd.kernels;

/**
 * The error function to double precision (W. J. Cody's rational approximations, as in most libms): the scalar erf of
 * the plain-Java kernels and of {@code Tensor.erf}, public only so that both packages share one copy.
 *
 * <pre>{@code
 * double e = Erf.erf(0.5);   // 0.5204998778130465
 * }</pre>
 */
public final class Erf {
  private Erf() {}

  /** erf(x); NaN for NaN, ±1 at ±infinity. */
  public static double erf(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    double ax = Math.abs(x);
    if (ax < 0.5) {
      double t = x * x;
      double num = (((0.1857777061846031526730 * t + 3.161123743870565596947) * t + 113.8641541510501556495) * t
          + 377.4852376853020208137) * t + 3209.377589138469472562;
      double den = (((t + 23.60129095234412093499) * t + 244.0246379344441733056) * t + 1282.616526077372275645) * t
          + 2844.236833439170622273;
      return x * num / den;
    }
    double r = ax < 4 ? erfcMid(ax) : erfcLarge(ax);
    double v = 1.0 - r;
    return x < 0 ? -v : v;
  }

  private static double erfcMid(double x) {
    double num = (((((((2.15311535474403846343e-8 * x + 5.64188496988670089180e-1) * x + 8.88314979438837594118)
        * x + 6.61191906371416294775e1) * x + 2.98635138197400131132e2) * x + 8.81952221241769090411e2) * x
        + 1.71204761263407058314e3) * x + 2.05107837782607146532e3) * x + 1.23033935479799725272e3;
    double den = (((((((x + 1.57449261107098347253e1) * x + 1.17693950891312499305e2) * x
        + 5.37181101862009857509e2) * x + 1.62138957456669018874e3) * x + 3.29079923573345962678e3) * x
        + 4.36261909014324715820e3) * x + 3.43936767414372163696e3) * x + 1.23033935480374942043e3;
    return Math.exp(-x * x) * num / den;
  }

  private static double erfcLarge(double x) {
    double z = 1.0 / (x * x);
    double num = ((((1.63153871373020978498e-2 * z + 3.05326634961232344035e-1) * z + 3.60344899949804439429e-1)
        * z + 1.25781726111229246204e-1) * z + 1.60837851487422766278e-2) * z + 6.58749161529837803157e-4;
    double den = ((((z + 2.56852019228982242072) * z + 1.87295284992346725209) * z + 5.27905102951428412248e-1)
        * z + 6.05183413124413191178e-2) * z + 2.33520497626869185443e-3;
    double r = z * num / den;
    r = (1.0 / Math.sqrt(Math.PI) - r) / x;
    return Math.exp(-x * x) * r;
  }
}
