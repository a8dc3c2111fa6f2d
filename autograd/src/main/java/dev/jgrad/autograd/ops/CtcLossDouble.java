package dev.jgrad.autograd.ops;

import static dev.jgrad.autograd.access.TensorAccess.attach;
import static dev.jgrad.autograd.access.TensorAccess.edgeOf;
import static dev.jgrad.autograd.access.TensorAccess.fresh;
import static dev.jgrad.autograd.access.TensorAccess.shapeOf;

import dev.jgrad.autograd.GradMode;
import dev.jgrad.autograd.Node;
import dev.jgrad.autograd.Tensor;

/**
 * {@link CtcLoss} for float64 log-probabilities: the same recursions in double, as PyTorch's kernel for double.
 * A float32 loss keeps its own float loops: one double implementation rounding every step to float gave the same
 * float32 values but took 5.4-6.5 ms instead of 4.3-4.8 ms per step at T = 50, N = 16, C = 20, S = 10 (loaded
 * machine). Called by {@link CtcLoss#forward} only.
 */
final class CtcLossDouble {
  private CtcLossDouble() {}

  private static final double NEG_INF = Double.NEGATIVE_INFINITY;

  /**
   * @param logProbs [T, N, C] float64
   * @param targets every label, validated in [0, C) and never blank
   * @param offsets where sample b's labels start in {@code targets}
   * @param targetLengths per sample
   * @param inputLengths per sample, in [0, T]
   * @return the per-sample losses [N]
   */
  public static Tensor forward(Tensor logProbs, int[] targets, int[] offsets, int[] targetLengths, int[] inputLengths,
      int blank, boolean zeroInfinity) {
    int[] s = shapeOf(logProbs);
    int n = s[1];
    int c = s[2];
    double[] lp = logProbs.toDoubleArray();
    double[] nll = new double[n];
    double[][] alphas = new double[n][];
    for (int b = 0; b < n; b++) {
      CtcLoss.Sample smp = new CtcLoss.Sample(targets, offsets[b], targetLengths[b], inputLengths[b]);
      alphas[b] = alpha(lp, n, c, b, smp, blank);
      nll[b] = negLogLikelihood(alphas[b], smp);
    }
    Tensor r = fresh(nll, new int[] {n});
    if (logProbs.requiresGrad() && GradMode.isEnabled()) {
      attach(r, new Backward(logProbs, lp, targets, offsets, targetLengths, inputLengths, blank, zeroInfinity, alphas,
          nll));
    }
    return r;
  }

  private static double at(double[] lp, int n, int c, int t, int b, int k) {
    return lp[(t * n + b) * c + k];
  }

  /** log α[t, s] for t < inputLength, s ≤ 2·targetLength, row-major with row length 2·targetLength + 1. */
  private static double[] alpha(double[] lp, int n, int c, int b, CtcLoss.Sample smp, int blank) {
    int width = 2 * smp.targetLength() + 1;
    int steps = smp.inputLength();
    double[] la = new double[Math.max(steps, 1) * width];
    java.util.Arrays.fill(la, NEG_INF);
    if (steps == 0) {
      return la;
    }
    la[0] = at(lp, n, c, 0, b, blank);
    if (smp.targetLength() > 0) {
      la[1] = at(lp, n, c, 0, b, smp.prime(1, blank));
    }
    for (int t = 1; t < steps; t++) {
      int prev = (t - 1) * width;
      for (int s = 0; s < width; s++) {
        int label = smp.prime(s, blank);
        double la1 = la[prev + s];
        double la2 = s > 0 ? la[prev + s - 1] : NEG_INF;
        double la3 = s > 1 && smp.prime(s - 2, blank) != label ? la[prev + s - 2] : NEG_INF;
        la[t * width + s] = logSumExp(la1, la2, la3) + at(lp, n, c, t, b, label);
      }
    }
    return la;
  }

  /** log(e^a + e^b + e^c) shifted by the largest, as PyTorch: 0 when all are −∞ (so the sum stays −∞). */
  private static double logSumExp(double a, double b, double c) {
    double m = Math.max(a, Math.max(b, c));
    if (m == NEG_INF) {
      m = 0;
    }
    return Math.log(Math.exp(a - m) + Math.exp(b - m) + Math.exp(c - m)) + m;
  }

  /** −log(α[T−1, 2S] + α[T−1, 2S−1]); an input of length 0 explains only the empty target. */
  private static double negLogLikelihood(double[] la, CtcLoss.Sample smp) {
    if (smp.inputLength() == 0) {
      return smp.targetLength() == 0 ? 0 : Double.POSITIVE_INFINITY;
    }
    int width = 2 * smp.targetLength() + 1;
    int last = (smp.inputLength() - 1) * width;
    if (smp.targetLength() == 0) {
      return -la[last];
    }
    return -logSumExp(la[last + width - 1], la[last + width - 2], NEG_INF);
  }

  static final class Backward extends Node {
    private final int[] shape;
    private final double[] lp;
    private final int[] targets;
    private final int[] offsets;
    private final int[] targetLengths;
    private final int[] inputLengths;
    private final int blank;
    private final boolean zeroInfinity;
    private final double[][] alphas;
    private final double[] nll;

    Backward(Tensor logProbs, double[] lp, int[] targets, int[] offsets, int[] targetLengths, int[] inputLengths,
        int blank, boolean zeroInfinity, double[][] alphas, double[] nll) {
      super(edgeOf(logProbs));
      this.shape = shapeOf(logProbs).clone();
      this.lp = lp;
      this.targets = targets;
      this.offsets = offsets;
      this.targetLengths = targetLengths;
      this.inputLengths = inputLengths;
      this.blank = blank;
      this.zeroInfinity = zeroInfinity;
      this.alphas = alphas;
      this.nll = nll;
    }

    @Override
    public String name() {
      return "CtcLossBackward0";
    }

    /**
     * The gradient for a unit upstream gradient of every sample, times the upstream gradient per sample: linear in
     * g, so double backward reaches g (PyTorch has no double backward for this loss at all).
     */
    @Override
    protected Tensor[] apply(Tensor g) {
      int n = shape[1];
      Tensor unit = fresh(unitGradient(), shape.clone());
      return new Tensor[] {unit.mul(g.reshape(1, n, 1))};
    }

    private double[] unitGradient() {
      int n = shape[1];
      int c = shape[2];
      double[] grad = new double[lp.length];
      for (int b = 0; b < n; b++) {
        CtcLoss.Sample smp = new CtcLoss.Sample(targets, offsets[b], targetLengths[b], inputLengths[b]);
        if ((zeroInfinity && nll[b] == Double.POSITIVE_INFINITY) || smp.inputLength() == 0) {
          continue;   // rows past the input length, and every row of a zeroed sample, stay 0
        }
        double[] collected = collect(b, smp, n, c);
        for (int t = 0; t < smp.inputLength(); t++) {
          for (int k = 0; k < c; k++) {
            int i = (t * n + b) * c + k;
            double l = lp[i];
            grad[i] = Math.exp(l) - Math.exp(collected[t * c + k] + nll[b] - l);
          }
        }
      }
      return grad;
    }

    /** log Σ_{s: label(s) = k} α[t, s]·β[t, s] per (t, k), −∞ where no s has label k. */
    private double[] collect(int b, CtcLoss.Sample smp, int n, int c) {
      int width = 2 * smp.targetLength() + 1;
      int steps = smp.inputLength();
      double[] la = alphas[b];
      double[] lb = new double[steps * width];
      java.util.Arrays.fill(lb, NEG_INF);
      double[] out = new double[steps * c];
      java.util.Arrays.fill(out, NEG_INF);
      int last = steps - 1;
      lb[last * width + width - 1] = at(lp, n, c, last, b, blank);
      out[last * c + blank] = la[last * width + width - 1] + lb[last * width + width - 1];
      if (smp.targetLength() > 0) {
        int label = smp.prime(width - 2, blank);
        lb[last * width + width - 2] = at(lp, n, c, last, b, label);
        // A blank and a label: different classes, so plain assignment rather than a log-sum.
        out[last * c + label] = la[last * width + width - 2] + lb[last * width + width - 2];
      }
      for (int t = steps - 2; t >= 0; t--) {
        int next = (t + 1) * width;
        for (int s = width - 1; s >= 0; s--) {
          int label = smp.prime(s, blank);
          double lb1 = lb[next + s];
          double lb2 = s < width - 1 ? lb[next + s + 1] : NEG_INF;
          double lb3 = s < width - 2 && smp.prime(s + 2, blank) != label ? lb[next + s + 2] : NEG_INF;
          double beta = logSumExp(lb1, lb2, lb3) + at(lp, n, c, t, b, label);
          lb[t * width + s] = beta;
          double ab = la[t * width + s] + beta;
          int o = t * c + label;
          double acc = out[o];
          if (acc == NEG_INF) {
            out[o] = ab;
          } else {
            double m = Math.max(acc, ab);
            out[o] = Math.log(Math.exp(acc - m) + Math.exp(ab - m)) + m;
          }
        }
      }
      return out;
    }
  }
}
