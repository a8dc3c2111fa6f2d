package dev.jgrad.optim;

import dev.jgrad.optim.LbfgsArithmetic.Vector;
import java.util.List;

/**
 * The strong-Wolfe line search of {@link LBFGS}, torch/optim/lbfgs.py's {@code _strong_wolfe} and {@code
 * _cubic_interpolate} (1.13) line for line. PyTorch mixes Python floats (losses, step lengths) with one-element
 * tensors of the parameters' dtype (directional derivatives {@code gtd}); an expression holding a tensor is a
 * tensor op in that dtype whose Python operands are first cast to it, so those are rounded by
 * {@link LbfgsArithmetic#r} here (to float for float32) and the rest is double.
 */
final class LbfgsLineSearch {
  private static final double C1 = 1e-4;
  private static final double C2 = 0.9;
  private static final int MAX_LS = 25;

  private LbfgsLineSearch() {}

  /** The loss and flattened gradient at one trial point. */
  record Evaluation(double loss, Vector grad) {}

  /** The loss and gradient at {@code x + t d} (the parameters are restored to {@code x} afterwards). */
  @FunctionalInterface
  interface Objective {
    Evaluation at(List<Vector> x, double t, Vector d);
  }

  /** What the search found: the accepted step {@code t}, its loss and gradient, and the closure calls it made. */
  record Result(double loss, Vector grad, double t, int funcEvals) {}

  /**
   * {@code _strong_wolfe(obj_func, x, t, d, f, g, gtd)} with PyTorch's {@code c1 = 1e-4}, {@code c2 = 0.9},
   * {@code max_ls = 25}: a bracketing phase that grows the step by cubic extrapolation, then a zoom phase that
   * shrinks the bracket by cubic interpolation (safeguarded) until the strong Wolfe conditions hold.
   */
  static Result strongWolfe(LbfgsArithmetic a, Objective obj, List<Vector> x, double t, Vector d, double f,
      Vector g, double gtd, double toleranceChange) {
    double dNorm = d.maxAbs();
    Evaluation e = obj.at(x, t, d);
    double fNew = e.loss();
    Vector gNew = e.grad();
    int lsFuncEvals = 1;
    double gtdNew = gNew.dot(d);

    double tPrev = 0;
    double fPrev = f;
    Vector gPrev = g;
    double gtdPrev = gtd;
    boolean done = false;
    int lsIter = 0;
    double[] bracket = null;
    double[] bracketF = null;
    Vector[] bracketG = null;
    double[] bracketGtd = null;
    while (lsIter < MAX_LS) {
      if (fNew > armijo(a, f, t, gtd) || (lsIter > 1 && fNew >= fPrev)) {     // sufficient decrease fails
        bracket = new double[] {tPrev, t};
        bracketF = new double[] {fPrev, fNew};
        bracketG = new Vector[] {gPrev, gNew};
        bracketGtd = new double[] {gtdPrev, gtdNew};
        break;
      }
      if (Math.abs(gtdNew) <= a.r(a.r(-C2) * gtd)) {                        // strong Wolfe holds
        bracket = new double[] {t};
        bracketF = new double[] {fNew};
        bracketG = new Vector[] {gNew};
        done = true;
        break;
      }
      if (gtdNew >= 0) {
        bracket = new double[] {tPrev, t};
        bracketF = new double[] {fPrev, fNew};
        bracketG = new Vector[] {gPrev, gNew};
        bracketGtd = new double[] {gtdPrev, gtdNew};
        break;
      }
      double minStep = t + 0.01 * (t - tPrev);                              // interpolate
      double maxStep = t * 10;
      double tmp = t;
      t = cubicInterpolate(a, tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
      tPrev = tmp;
      fPrev = fNew;
      gPrev = gNew;
      gtdPrev = gtdNew;
      e = obj.at(x, t, d);
      fNew = e.loss();
      gNew = e.grad();
      lsFuncEvals++;
      gtdNew = gNew.dot(d);
      lsIter++;
    }
    if (lsIter == MAX_LS) {                                                 // reached the maximum of searches
      bracket = new double[] {0, t};
      bracketF = new double[] {f, fNew};
      bracketG = new Vector[] {g, gNew};
    }

    // zoom: shrink the bracket until a point satisfies the criteria
    boolean insufProgress = false;
    int lowPos = bracketF[0] <= bracketF[bracketF.length - 1] ? 0 : 1;
    int highPos = 1 - lowPos;
    while (!done && lsIter < MAX_LS) {
      if (a.r(a.r(Math.abs(bracket[1] - bracket[0])) * dNorm) < a.r(toleranceChange)) {   // bracket too small
        break;
      }
      t = cubicInterpolate(a, bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
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
      gtdNew = gNew.dot(d);
      lsIter++;
      if (fNew > armijo(a, f, t, gtd) || fNew >= bracketF[lowPos]) {           // Armijo fails or not lower than low
        bracket[highPos] = t;
        bracketF[highPos] = fNew;
        bracketG[highPos] = gNew;
        bracketGtd[highPos] = gtdNew;
        lowPos = bracketF[0] <= bracketF[1] ? 0 : 1;
        highPos = 1 - lowPos;
      } else {
        if (Math.abs(gtdNew) <= a.r(a.r(-C2) * gtd)) {                      // Wolfe conditions hold
          done = true;
        } else if (a.r(gtdNew * a.r(bracket[highPos] - bracket[lowPos])) >= 0) {   // old high becomes new low
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

  /** {@code f + c1 * t * gtd}: a tensor of the dtype, since {@code gtd} is one. */
  private static double armijo(LbfgsArithmetic a, double f, double t, double gtd) {
    return a.r(a.r(f) + a.r(a.r(C1 * t) * gtd));
  }

  /** {@code _cubic_interpolate} without bounds: the bracket's own ends. */
  static double cubicInterpolate(LbfgsArithmetic a, double x1, double f1, double g1, double x2, double f2,
      double g2) {
    return x1 <= x2 ? cubicInterpolate(a, x1, f1, g1, x2, f2, g2, x1, x2)
        : cubicInterpolate(a, x1, f1, g1, x2, f2, g2, x2, x1);
  }

  /**
   * The minimiser of the cubic through {@code (x1, f1)} and {@code (x2, f2)} with slopes {@code g1}, {@code g2},
   * clamped to {@code [xminBound, xmaxBound]}; the bounds' midpoint when the cubic has no minimum. (Nocedal and
   * Wright, Numerical Optimization, 2nd ed., equation 3.59.)
   */
  static double cubicInterpolate(LbfgsArithmetic a, double x1, double f1, double g1, double x2, double f2,
      double g2, double xminBound, double xmaxBound) {
    double d1 = a.r(a.r(g1 + g2) - a.r(3 * (f1 - f2) / (x1 - x2)));
    double d2Square = a.r(a.r(d1 * d1) - a.r(g1 * g2));
    if (d2Square >= 0) {
      double d2 = a.r(Math.sqrt(d2Square));
      double minPos = x1 <= x2
          ? a.r(a.r(x2) - a.r(a.r(x2 - x1) * a.r(a.r(a.r(g2 + d2) - d1) / a.r(a.r(g2 - g1) + 2 * d2))))
          : a.r(a.r(x1) - a.r(a.r(x1 - x2) * a.r(a.r(a.r(g1 + d2) - d1) / a.r(a.r(g1 - g2) + 2 * d2))));
      if (a.r(xminBound) > minPos) {                                       // Python's max(min_pos, xmin_bound)
        return xmaxBound < xminBound ? xmaxBound : xminBound;             // min(..., xmax_bound), two floats
      }
      return a.r(xmaxBound) < minPos ? xmaxBound : minPos;                // tensor against float: in the dtype
    }
    return (xminBound + xmaxBound) / 2.;
  }
}
