package dev.jgrad.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One update rule with one combination of its options, for the tests of {@link UpdateRules}: it runs the rule
 * through an implementation ({@link #start}) and, for the oracle's own test, through a double-precision
 * transcription of PyTorch's single-tensor code ({@link #reference}).
 */
interface UpdateCase {

  /** Every rule with every combination of its options (flags on and off, scalars zero and non-zero). */
  static List<UpdateCase> all() {
    List<UpdateCase> all = new ArrayList<>();
    for (int c = 0; c < 32; c++) {
      all.add(new Sgd(bit(c, 0) ? 0.9 : 0, bit(c, 1) ? 0.3 : 0, bit(c, 2) ? 0.05 : 0, bit(c, 3), bit(c, 4)));
      all.add(new Adam(bit(c, 0) ? 0.9 : 0, bit(c, 1) ? 0.05 : 0, bit(c, 2), bit(c, 3), bit(c, 4)));
    }
    for (int c = 0; c < 16; c++) {
      all.add(new Rmsprop(bit(c, 0) ? 0.9 : 0, bit(c, 1) ? 0.05 : 0, bit(c, 2), bit(c, 3)));
    }
    for (int c = 0; c < 8; c++) {
      all.add(new Adagrad(bit(c, 0) ? 0.01 : 0, bit(c, 1) ? 0.05 : 0, bit(c, 2)));
    }
    return all;
  }

  private static boolean bit(int c, int i) {
    return (c & (1 << i)) != 0;
  }

  /** How many state buffers the rule keeps. */
  int buffers();

  /** The state before the first step (zeros unless the rule says otherwise). */
  default float initialState() {
    return 0f;
  }

  /** Step {@code step} (1 on the first) through {@code rules}. */
  void apply(UpdateRules rules, float[] p, int pOff, float[] g, int gOff, int n, float[][] state, int step);

  /** The same step on one element in double: {@code s[0]} is the parameter, {@code s[1..]} the buffers. */
  void reference(double[] s, double g, int step);

  /**
   * A run of this case on {@code n} values of random (seeded) parameters, with the parameter at {@code pOff} and
   * the gradient at {@code gOff} in larger arrays.
   */
  default Run start(UpdateRules rules, SplittableRandom random, int n, int pOff, int gOff) {
    float[] p = new float[pOff + n];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) random.nextGaussian();
    }
    float[][] state = new float[buffers()][n];
    for (float[] b : state) {
      Arrays.fill(b, initialState());
    }
    return new Run(this, rules, random, p, pOff, gOff, n, state);
  }

  /** A double-precision run from the given float parameters (offset 0). */
  default Reference reference(float[] p) {
    double[][] s = new double[p.length][buffers() + 1];
    for (int i = 0; i < p.length; i++) {
      Arrays.fill(s[i], initialState());
      s[i][0] = p[i];
    }
    return new Reference(this, s);
  }

  /** Steps of one case through one implementation. */
  record Run(UpdateCase c, UpdateRules rules, SplittableRandom random, float[] param, int pOff, int gOff, int n,
      float[][] state) {

    /** Draws a gradient, applies step {@code step}, and returns the gradient's {@code n} values. */
    float[] step(int step) {
      float[] g = new float[gOff + n];
      for (int i = 0; i < g.length; i++) {
        g[i] = (float) random.nextGaussian();
      }
      c.apply(rules, param, pOff, g, gOff, n, state, step);
      return Arrays.copyOfRange(g, gOff, gOff + n);
    }

    /** The whole parameter array (padding included) followed by every buffer. */
    float[] snapshot() {
      float[] all = Arrays.copyOf(param, param.length + state.length * n);
      for (int b = 0; b < state.length; b++) {
        System.arraycopy(state[b], 0, all, param.length + b * n, n);
      }
      return all;
    }
  }

  /** The double transcription, element by element. */
  record Reference(UpdateCase c, double[][] s) {
    void step(float[] g, int step) {
      for (int i = 0; i < s.length; i++) {
        c.reference(s[i], g[i], step);
      }
    }

    double[] param() {
      double[] p = new double[s.length];
      for (int i = 0; i < s.length; i++) {
        p[i] = s[i][0];
      }
      return p;
    }
  }

  record Sgd(double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize)
      implements UpdateCase {
    static final double LR = 0.05;

    @Override
    public int buffers() {
      return 1;
    }

    @Override
    public void apply(UpdateRules r, float[] p, int pOff, float[] g, int gOff, int n, float[][] state, int step) {
      r.sgd(p, pOff, g, gOff, n, momentum != 0 ? state[0] : null,
          new UpdateRules.SgdStep(LR, momentum, dampening, weightDecay, nesterov, maximize, step == 1));
    }

    @Override
    public void reference(double[] s, double g, int step) {
      double d = maximize ? -g : g;
      if (weightDecay != 0) {
        d += weightDecay * s[0];
      }
      if (momentum != 0) {
        s[1] = step == 1 ? d : momentum * s[1] + (1 - dampening) * d;
        d = nesterov ? d + momentum * s[1] : s[1];
      }
      s[0] -= LR * d;
    }
  }

  record Adam(double beta1, double weightDecay, boolean decoupled, boolean amsgrad, boolean maximize)
      implements UpdateCase {
    static final double LR = 0.05;
    static final double BETA2 = 0.99;
    static final double EPS = 1e-8;

    @Override
    public int buffers() {
      return 3;
    }

    @Override
    public void apply(UpdateRules r, float[] p, int pOff, float[] g, int gOff, int n, float[][] state, int step) {
      r.adam(p, pOff, g, gOff, n, state[0], state[1], amsgrad ? state[2] : null,
          new UpdateRules.AdamStep(LR, beta1, BETA2, EPS, weightDecay, decoupled, amsgrad, maximize, step));
    }

    @Override
    public void reference(double[] s, double g, int step) {
      g = maximize ? -g : g;
      if (decoupled) {
        s[0] *= 1 - LR * weightDecay;
      } else if (weightDecay != 0) {
        g += weightDecay * s[0];
      }
      s[1] = beta1 * s[1] + (1 - beta1) * g;
      s[2] = BETA2 * s[2] + (1 - BETA2) * g * g;
      s[3] = amsgrad ? Math.max(s[3], s[2]) : s[3];
      double denom = Math.sqrt(amsgrad ? s[3] : s[2]) / Math.sqrt(1 - Math.pow(BETA2, step)) + EPS;
      s[0] -= LR / (1 - Math.pow(beta1, step)) * s[1] / denom;
    }
  }

  record Rmsprop(double momentum, double weightDecay, boolean centered, boolean maximize) implements UpdateCase {
    static final double LR = 0.01;
    static final double ALPHA = 0.99;
    static final double EPS = 1e-8;

    @Override
    public int buffers() {
      return 3;
    }

    @Override
    public void apply(UpdateRules r, float[] p, int pOff, float[] g, int gOff, int n, float[][] state, int step) {
      r.rmsprop(p, pOff, g, gOff, n, state[0], centered ? state[1] : null, momentum > 0 ? state[2] : null,
          new UpdateRules.RmspropStep(LR, ALPHA, EPS, weightDecay, momentum, centered, maximize));
    }

    @Override
    public void reference(double[] s, double g, int step) {
      g = maximize ? -g : g;
      if (weightDecay != 0) {
        g += weightDecay * s[0];
      }
      s[1] = ALPHA * s[1] + (1 - ALPHA) * g * g;
      double avg;
      if (centered) {
        s[2] = ALPHA * s[2] + (1 - ALPHA) * g;
        avg = Math.sqrt(s[1] - s[2] * s[2]) + EPS;
      } else {
        avg = Math.sqrt(s[1]) + EPS;
      }
      if (momentum > 0) {
        s[3] = momentum * s[3] + g / avg;
        s[0] -= LR * s[3];
      } else {
        s[0] -= LR * g / avg;
      }
    }
  }

  record Adagrad(double lrDecay, double weightDecay, boolean maximize) implements UpdateCase {
    static final double LR = 0.05;
    static final double EPS = 1e-10;

    @Override
    public int buffers() {
      return 1;
    }

    @Override
    public float initialState() {
      return 0.1f;   // initial_accumulator_value
    }

    @Override
    public void apply(UpdateRules r, float[] p, int pOff, float[] g, int gOff, int n, float[][] state, int step) {
      r.adagrad(p, pOff, g, gOff, n, state[0],
          new UpdateRules.AdagradStep(LR, lrDecay, EPS, weightDecay, maximize, step));
    }

    @Override
    public void reference(double[] s, double g, int step) {
      g = maximize ? -g : g;
      if (weightDecay != 0) {
        g += weightDecay * s[0];
      }
      s[1] += g * g;
      s[0] -= LR / (1 + (step - 1) * lrDecay) * g / (Math.sqrt(s[1]) + EPS);
    }
  }
}
