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
    for (int c = 0; c < 4; c++) {
      all.add(new Adamax(bit(c, 0) ? 0.05 : 0, bit(c, 1)));
      all.add(new Nadam(bit(c, 0) ? 0.05 : 0, bit(c, 1) ? 0.1 : 4e-3));
      all.add(new Radam(bit(c, 0) ? 0.05 : 0, bit(c, 1)));
      all.add(new Adadelta(bit(c, 0) ? 0.05 : 0, bit(c, 1)));
      all.add(new Rprop(bit(c, 0) ? 0.3 : 0.5, bit(c, 1)));
    }
    for (int c = 0; c < 8; c++) {
      all.add(new Asgd(bit(c, 0) ? 0.05 : 0, bit(c, 1), bit(c, 2)));
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

  /** Step {@code step} through the float64 loops ({@link DoubleUpdateLoops}), state in double. */
  void applyDoubles(double[] p, int pOff, double[] g, int gOff, int n, double[][] state, int step);

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
      r.sgd(p, pOff, g, gOff, n, momentum != 0 ? state[0] : null, new UpdateRules.SgdStep(scalars(step)));
    }

    @Override
    public void applyDoubles(double[] p, int pOff, double[] g, int gOff, int n, double[][] state, int step) {
      DoubleUpdateLoops.sgdRange(p, pOff, g, gOff, momentum != 0 ? state[0] : null, 0, n, scalars(step));
    }

    private DoubleUpdateRules.SgdScalars scalars(int step) {
      return new DoubleUpdateRules.SgdScalars(LR, momentum, dampening, weightDecay, nesterov, maximize, step == 1);
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
          new UpdateRules.AdamStep(scalars(step)));
    }

    @Override
    public void applyDoubles(double[] p, int pOff, double[] g, int gOff, int n, double[][] state, int step) {
      DoubleUpdateLoops.adamRange(p, pOff, g, gOff, state[0], state[1], amsgrad ? state[2] : null, 0, n,
          scalars(step));
    }

    private DoubleUpdateRules.AdamScalars scalars(int step) {
      return new DoubleUpdateRules.AdamScalars(LR, beta1, BETA2, EPS, weightDecay, decoupled, amsgrad, maximize,
          step);
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
          new UpdateRules.RmspropStep(scalars()));
    }

    @Override
    public void applyDoubles(double[] p, int pOff, double[] g, int gOff, int n, double[][] state, int step) {
      DoubleUpdateLoops.rmspropRange(p, pOff, g, gOff, state[0], centered ? state[1] : null,
          momentum > 0 ? state[2] : null, 0, n, scalars());
    }

    private DoubleUpdateRules.RmspropScalars scalars() {
      return DoubleUpdateRules.RmspropScalars.of(LR, ALPHA, EPS, weightDecay, momentum, centered, maximize);
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
      r.adagrad(p, pOff, g, gOff, n, state[0], new UpdateRules.AdagradStep(scalars(step)));
    }

    @Override
    public void applyDoubles(double[] p, int pOff, double[] g, int gOff, int n, double[][] state, int step) {
      DoubleUpdateLoops.adagradRange(p, pOff, g, gOff, state[0], 0, n, scalars(step));
    }

    private DoubleUpdateRules.AdagradScalars scalars(int step) {
      return new DoubleUpdateRules.AdagradScalars(LR, lrDecay, EPS, weightDecay, maximize, step);
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
  record Adamax(double weightDecay, boolean maximize) implements UpdateCase {
    static final double LR = 0.05;
    static final double BETA1 = 0.9;
    static final double BETA2 = 0.99;
    static final double EPS = 1e-8;

    @Override
    public int buffers() {
      return 2;
    }

    @Override
    public void apply(UpdateRules r, float[] p, int pOff, float[] g, int gOff, int n, float[][] state, int step) {
      r.adamax(p, pOff, g, gOff, n, state[0], state[1], new UpdateRules.AdamaxStep(scalars(step)));
    }

    @Override
    public void applyDoubles(double[] p, int pOff, double[] g, int gOff, int n, double[][] state, int step) {
      DoubleUpdateLoops.adamaxRange(p, pOff, g, gOff, state[0], state[1], 0, n, scalars(step));
    }

    private DoubleUpdateRules.AdamaxScalars scalars(int step) {
      return new DoubleUpdateRules.AdamaxScalars(LR, BETA1, BETA2, EPS, weightDecay, maximize, step);
    }

    @Override
    public void reference(double[] s, double g, int step) {
      g = maximize ? -g : g;
      if (weightDecay != 0) {
        g += weightDecay * s[0];
      }
      s[1] = BETA1 * s[1] + (1 - BETA1) * g;
      s[2] = Math.max(BETA2 * s[2], Math.abs(g) + EPS);
      s[0] -= LR / (1 - Math.pow(BETA1, step)) * s[1] / s[2];
    }
  }

  record Nadam(double weightDecay, double momentumDecay) implements UpdateCase {
    static final double LR = 0.05;
    static final double BETA1 = 0.9;
    static final double BETA2 = 0.99;
    static final double EPS = 1e-8;

    @Override
    public int buffers() {
      return 2;
    }

    @Override
    public void apply(UpdateRules r, float[] p, int pOff, float[] g, int gOff, int n, float[][] state, int step) {
      float muProduct = 1f;
      for (int k = 1; k <= step; k++) {
        muProduct = UpdateRules.NadamStep.nextMuProduct(muProduct, BETA1, momentumDecay, k);
      }
      r.nadam(p, pOff, g, gOff, n, state[0], state[1],
          new UpdateRules.NadamStep(LR, BETA1, BETA2, EPS, weightDecay, momentumDecay, step, muProduct));
    }

    /** With {@code mu_product} a float64 tensor, as after loading a float64 state dict. */
    @Override
    public void applyDoubles(double[] p, int pOff, double[] g, int gOff, int n, double[][] state, int step) {
      double muProduct = 1;
      for (int k = 1; k <= step; k++) {
        muProduct = DoubleUpdateRules.NadamScalars.nextMuProduct(muProduct, false, BETA1, momentumDecay, k);
      }
      DoubleUpdateLoops.nadamRange(p, pOff, g, gOff, state[0], state[1], 0, n, new DoubleUpdateRules.NadamScalars(
          LR, BETA1, BETA2, EPS, weightDecay, momentumDecay, step, muProduct, false));
    }

    private double mu(int t) {
      return BETA1 * (1 - 0.5 * Math.pow(0.96, t * momentumDecay));
    }

    @Override
    public void reference(double[] s, double g, int step) {
      if (weightDecay != 0) {
        g += weightDecay * s[0];
      }
      double muProduct = 1;
      for (int k = 1; k <= step; k++) {
        muProduct *= mu(k);
      }
      s[1] = BETA1 * s[1] + (1 - BETA1) * g;
      s[2] = BETA2 * s[2] + (1 - BETA2) * g * g;
      double denom = Math.sqrt(s[2] / (1 - Math.pow(BETA2, step))) + EPS;
      s[0] -= LR * (1 - mu(step)) / (1 - muProduct) * g / denom;
      // nadam.py's mu_product_next = mu_product * mu * mu_next, with mu_product already including mu
      s[0] -= LR * mu(step + 1) / (1 - muProduct * mu(step) * mu(step + 1)) * s[1] / denom;
    }
  }

  /** @param late run as steps 6, 7, ..., where the update is rectified (rho_t &gt; 5), instead of 1, 2, ... */
  record Radam(double weightDecay, boolean late) implements UpdateCase {
    static final double LR = 0.05;
    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPS = 1e-8;

    @Override
    public int buffers() {
      return 2;
    }

    @Override
    public void apply(UpdateRules r, float[] p, int pOff, float[] g, int gOff, int n, float[][] state, int step) {
      r.radam(p, pOff, g, gOff, n, state[0], state[1], new UpdateRules.RadamStep(scalars(step)));
    }

    @Override
    public void applyDoubles(double[] p, int pOff, double[] g, int gOff, int n, double[][] state, int step) {
      DoubleUpdateLoops.radamRange(p, pOff, g, gOff, state[0], state[1], 0, n, scalars(step));
    }

    private DoubleUpdateRules.RadamScalars scalars(int step) {
      return DoubleUpdateRules.RadamScalars.of(LR, BETA1, BETA2, EPS, weightDecay, step + (late ? 5 : 0));
    }

    @Override
    public void reference(double[] s, double g, int step) {
      int t = step + (late ? 5 : 0);
      if (weightDecay != 0) {
        g += weightDecay * s[0];
      }
      s[1] = BETA1 * s[1] + (1 - BETA1) * g;
      s[2] = BETA2 * s[2] + (1 - BETA2) * g * g;
      double corrected = s[1] / (1 - Math.pow(BETA1, t));
      double bc2 = 1 - Math.pow(BETA2, t);
      double rhoInf = 2 / (1 - BETA2) - 1;
      double rhoT = rhoInf - 2 * t * Math.pow(BETA2, t) / bc2;
      if (rhoT > 5) {
        double rect = Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
        s[0] -= corrected * LR * Math.sqrt(bc2) / (Math.sqrt(s[2]) + EPS) * rect;
      } else {
        s[0] -= corrected * LR;
      }
    }
  }

  record Adadelta(double weightDecay, boolean maximize) implements UpdateCase {
    static final double LR = 1.0;
    static final double RHO = 0.9;
    static final double EPS = 1e-6;

    @Override
    public int buffers() {
      return 2;
    }

    @Override
    public void apply(UpdateRules r, float[] p, int pOff, float[] g, int gOff, int n, float[][] state, int step) {
      r.adadelta(p, pOff, g, gOff, n, state[0], state[1], new UpdateRules.AdadeltaStep(scalars()));
    }

    @Override
    public void applyDoubles(double[] p, int pOff, double[] g, int gOff, int n, double[][] state, int step) {
      DoubleUpdateLoops.adadeltaRange(p, pOff, g, gOff, state[0], state[1], 0, n, scalars());
    }

    private DoubleUpdateRules.AdadeltaScalars scalars() {
      return DoubleUpdateRules.AdadeltaScalars.of(LR, RHO, EPS, weightDecay, maximize);
    }

    @Override
    public void reference(double[] s, double g, int step) {
      g = maximize ? -g : g;
      if (weightDecay != 0) {
        g += weightDecay * s[0];
      }
      s[1] = RHO * s[1] + (1 - RHO) * g * g;
      double delta = Math.sqrt(s[2] + EPS) / Math.sqrt(s[1] + EPS) * g;
      s[2] = RHO * s[2] + (1 - RHO) * delta * delta;
      s[0] -= LR * delta;
    }
  }

  /** @param averaging {@code t0 = 0}, so that {@code mu} is below 1 from the third step on (else t0 = 1e6) */
  record Asgd(double weightDecay, boolean maximize, boolean averaging) implements UpdateCase {
    static final double LR = 0.05;
    static final double LAMBD = 0.01;
    static final double ALPHA = 0.75;

    @Override
    public int buffers() {
      return 1;
    }

    private ASGD.Options options() {
      return new ASGD.Options(LR, LAMBD, ALPHA, averaging ? 0 : 1e6, weightDecay, maximize);
    }

    @Override
    public void apply(UpdateRules r, float[] p, int pOff, float[] g, int gOff, int n, float[][] state, int step) {
      ASGD.Options o = options();
      float eta = step == 1 ? (float) LR : UpdateRules.AsgdStep.nextEta(o, step - 1);
      float mu = step == 1 ? 1f : UpdateRules.AsgdStep.nextMu(o, step - 1);
      r.asgd(p, pOff, g, gOff, n, state[0], UpdateRules.AsgdStep.of(o, eta, mu));
    }

    /** With {@code eta} and {@code mu} unrounded, as {@link #reference} computes them. */
    @Override
    public void applyDoubles(double[] p, int pOff, double[] g, int gOff, int n, double[][] state, int step) {
      double eta = LR / Math.pow(1 + LAMBD * LR * (step - 1), ALPHA);
      double mu = 1 / Math.max(1, step - 1 - options().t0());
      DoubleUpdateLoops.asgdRange(p, pOff, g, gOff, state[0], 0, n,
          DoubleUpdateRules.AsgdScalars.of(options(), eta, mu));
    }

    @Override
    public void reference(double[] s, double g, int step) {
      double t0 = averaging ? 0 : 1e6;
      double eta = LR / Math.pow(1 + LAMBD * LR * (step - 1), ALPHA);
      double mu = 1 / Math.max(1, step - 1 - t0);
      g = maximize ? -g : g;
      if (weightDecay != 0) {
        g += weightDecay * s[0];
      }
      s[0] = s[0] * (1 - LAMBD * eta) - eta * g;
      s[1] = mu != 1 ? s[1] + (s[0] - s[1]) * mu : s[0];
    }
  }

  record Rprop(double etaMinus, boolean maximize) implements UpdateCase {
    static final double LR = 0.01;
    static final double ETA_PLUS = 1.2;
    static final double MIN = 1e-6;
    static final double MAX = 50;

    @Override
    public int buffers() {
      return 2;
    }

    @Override
    public float initialState() {
      return (float) LR;      // step_size starts at lr; prev at lr too, so the first step's signs vary
    }

    @Override
    public void apply(UpdateRules r, float[] p, int pOff, float[] g, int gOff, int n, float[][] state, int step) {
      r.rprop(p, pOff, g, gOff, n, state[0], state[1], new UpdateRules.RpropStep(scalars()));
    }

    @Override
    public void applyDoubles(double[] p, int pOff, double[] g, int gOff, int n, double[][] state, int step) {
      DoubleUpdateLoops.rpropRange(p, pOff, g, gOff, state[0], state[1], 0, n, scalars());
    }

    private DoubleUpdateRules.RpropScalars scalars() {
      return new DoubleUpdateRules.RpropScalars(etaMinus, ETA_PLUS, MIN, MAX, maximize);
    }

    @Override
    public void reference(double[] s, double g, int step) {
      g = maximize ? -g : g;
      double sign = Math.signum(g * s[1]);
      double factor = sign > 0 ? ETA_PLUS : sign < 0 ? etaMinus : 1;
      s[2] = Math.min(Math.max(s[2] * factor, MIN), MAX);
      if (sign < 0) {
        g = 0;
      }
      s[0] -= Math.signum(g) * s[2];
      s[1] = g;
    }
  }
}
