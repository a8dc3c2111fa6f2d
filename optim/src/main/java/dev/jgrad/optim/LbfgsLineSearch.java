package dev.jgrad.optim;

import java.util.List;

/**
 * The strong-Wolfe line search of {@link LBFGS}, torch/optim/lbfgs.py's {@code _strong_wolfe} and {@code
 * _cubic_interpolate} (1.13) line for line. PyTorch mixes Python floats (losses, step lengths) with one-element
 * float32 tensors (directional derivatives {@code gtd}); an expression holding a tensor is a float32 tensor op
 * whose Python operands are first cast to float, so those are written in float here and the rest in double.
 */
final class LbfgsLineSearch {
  private static final double C1 = 1e-4;
  private static final double C2 = 0.9;
  private static final int MAX_LS = 25;

  private LbfgsLineSearch() {}

  /** The loss and flattened gradient at one trial point. */
  record Evaluation(double loss, float[] grad) {}

  /** The loss and gradient at {@code x + t d} (the parameters are restored to {@code x} afterwards). */
  @FunctionalInterface
  interface Objective {
    Evaluation at(List<float[]> x, double t, float[] d);
  }

  /** What the search found: the accepted step {@code t}, its loss and gradient, and the closure calls it made. */
  record Result(double loss, float[] grad, double t, int funcEvals) {}

  /**
   * {@code _strong_wolfe(obj_func, x, t, d, f, g, gtd)} with PyTorch's {@code c1 = 1e-4}, {@code c2 = 0.9},
   * {@code max_ls = 25}: a bracketing phase that grows the step by cubic extrapolation, then a zoom phase that
   * shrinks the bracket by cubic interpolation (safeguarded) until the strong Wolfe conditions hold.
   */
  static Result strongWolfe(Objective obj, List<float[]> x, double t, float[] d, double f, float[] g, float gtd,
      double toleranceChange) {
    float dNorm = LBFGS.maxAbs(d);
    Evaluation e = obj.at(x, t, d);
    double fNew = e.loss();
    float[] gNew = e.grad();
    int lsFuncEvals = 1;
    float gtdNew = LBFGS.dot(gNew, d);

    double tPrev = 0;
    double fPrev = f;
    float[] gPrev = g;
    float gtdPrev = gtd;
    boolean done = false;
    int lsIter = 0;
    double[] bracket = null;
    double[] bracketF = null;
    float[][] bracketG = null;
    float[] bracketGtd = null;
    while (lsIter < MAX_LS) {
      if (fNew > armijo(f, t, gtd) || (lsIter > 1 && fNew >= fPrev)) {     // sufficient decrease fails
        bracket = new double[] {tPrev, t};
        bracketF = new double[] {fPrev, fNew};
        bracketG = new float[][] {gPrev, gNew};
        bracketGtd = new float[] {gtdPrev, gtdNew};
        break;
      }
      if (Math.abs(gtdNew) <= (float) -C2 * gtd) {                          // strong Wolfe holds
        bracket = new double[] {t};
        bracketF = new double[] {fNew};
        bracketG = new float[][] {gNew};
        done = true;
        break;
      }
      if (gtdNew >= 0) {
        bracket = new double[] {tPrev, t};
        bracketF = new double[] {fPrev, fNew};
        bracketG = new float[][] {gPrev, gNew};
        bracketGtd = new float[] {gtdPrev, gtdNew};
        break;
      }
      double minStep = t + 0.01 * (t - tPrev);                              // interpolate
      double maxStep = t * 10;
      double tmp = t;
      t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
      tPrev = tmp;
      fPrev = fNew;
      gPrev = gNew;
      gtdPrev = gtdNew;
      e = obj.at(x, t, d);
      fNew = e.loss();
      gNew = e.grad();
      lsFuncEvals++;
      gtdNew = LBFGS.dot(gNew, d);
      lsIter++;
    }
    if (lsIter == MAX_LS) {                                                 // reached the maximum of searches
      bracket = new double[] {0, t};
      bracketF = new double[] {f, fNew};
      bracketG = new float[][] {g, gNew};
    }

    // zoom: shrink the bracket until a point satisfies the criteria
    boolean insufProgress = false;
    int lowPos = bracketF[0] <= bracketF[bracketF.length - 1] ? 0 : 1;
    int highPos = 1 - lowPos;
    while (!done && lsIter < MAX_LS) {
      if ((float) Math.abs(bracket[1] - bracket[0]) * dNorm < (float) toleranceChange) {   // bracket too small
        break;
      }
      t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
      double hi = Math.max(bracket[0], bracket[1]);
      double lo = Math.min(bracket[0], bracket[1]);
      double eps = 0.1 * (hi - lo);
      if (Math.min(hi - t, t - lo) < eps) {                                 // too close to a bound
        if (insufProgress || t >= hi || t <= lo) {
          t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - eps : lo + eps;    // evaluate at 0.1 away from the bound
          insufProgress = false;
        } else {
          insufProgress = true;
        }
      } else {
        insufProgress = false;
      }
      e = obj.at(x, t, d);
      fNew = e.loss();
      gNew = e.grad();
      lsFuncEvals++;
      gtdNew = LBFGS.dot(gNew, d);
      lsIter++;
      if (fNew > armijo(f, t, gtd) || fNew >= bracketF[lowPos]) {           // Armijo fails or not lower than low
        bracket[highPos] = t;
        bracketF[highPos] = fNew;
        bracketG[highPos] = gNew;
        bracketGtd[highPos] = gtdNew;
        lowPos = bracketF[0] <= bracketF[1] ? 0 : 1;
        highPos = 1 - lowPos;
      } else {
        if (Math.abs(gtdNew) <= (float) -C2 * gtd) {                        // Wolfe conditions hold
          done = true;
        } else if (gtdNew * (float) (bracket[highPos] - bracket[lowPos]) >= 0) {   // old high becomes new low
          bracket[highPos] = bracket[lowPos];
          bracketF[highPos] = bracketF[lowPos];
          bracketG[highPos] = bracketG[lowPos];
          bracketGtd[highPos] = bracketGtd[lowPos];
        }
        bracket[lowPos] = t;                                                // new point becomes new low
        bracketF[lowPos] = fNew;
        bracketG[lowPos] = gNew;
        bracketGtd[lowPos] = gtdNew;
      }
    }
    return new Result(bracketF[lowPos], bracketG[lowPos], bracket[lowPos], lsFuncEvals);
  }

  /** {@code f + c1 * t * gtd}: a float32 tensor, since {@code gtd} is one. */
  private static float armijo(double f, double t, float gtd) {
    return (float) f + (float) (C1 * t) * gtd;
  }

  /** {@code _cubic_interpolate} without bounds: the bracket's own ends. */
  static double cubicInterpolate(double x1, double f1, float g1, double x2, double f2, float g2) {
    return x1 <= x2 ? cubicInterpolate(x1, f1, g1, x2, f2, g2, x1, x2)
        : cubicInterpolate(x1, f1, g1, x2, f2, g2, x2, x1);
  }

  /**
   * The minimiser of the cubic through {@code (x1, f1)} and {@code (x2, f2)} with slopes {@code g1}, {@code g2},
   * clamped to {@code [xminBound, xmaxBound]}; the bounds' midpoint when the cubic has no minimum. (Nocedal and
   * Wright, Numerical Optimization, 2nd ed., equation 3.59.)
   */
  static double cubicInterpolate(double x1, double f1, float g1, double x2, double f2, float g2, double xminBound,
      double xmaxBound) {
    float d1 = g1 + g2 - (float) (3 * (f1 - f2) / (x1 - x2));
    float d2Square = d1 * d1 - g1 * g2;
    if (d2Square >= 0) {
      float d2 = (float) Math.sqrt(d2Square);
      float minPos = x1 <= x2
          ? (float) x2 - (float) (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
          : (float) x1 - (float) (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
      if ((float) xminBound > minPos) {                                    // Python's max(min_pos, xmin_bound)
        return xmaxBound < xminBound ? xmaxBound : xminBound;             // min(..., xmax_bound), two floats
      }
      return (float) xmaxBound < minPos ? xmaxBound : minPos;             // tensor against float: in float32
    }
    return (xminBound + xmaxBound) / 2.;
  }
}
