package dev.jgrad.optim;

import dev.jgrad.autograd.kernels.KernelChoice;
import java.lang.invoke.MethodHandles;

/**
 * The update maths of the built-in optimizers, the one place it lives: each rule is written once in plain Java
 * ({@link JavaUpdateRules}, the oracle, a line-by-line transcription of PyTorch 1.13's single-tensor code path in
 * {@code torch/optim/*.py}) and once on the {@code jdk.incubator.vector} module ({@code VectorUpdateRules}), which
 * repeats the same float operations lane by lane and so gives the same bits. {@link #get()} follows the choice of
 * autograd's kernels ({@code -Djgrad.kernels=auto|java|vector} and the Vector API module check, logged once by
 * {@link dev.jgrad.autograd.kernels.Kernels#get()}).
 *
 * <p>Every rule updates {@code n} values in place: the parameter {@code p[pOff ..]} is read and written, the
 * gradient {@code g[gOff ..]} only read, the state buffers (the optimizer's {@link BufferState} arrays) start at 0.
 * The optimizers hand the tensors' storage over through {@link dev.jgrad.autograd.ops.Fused#update}. The per-step
 * scalars come in a record ({@link SgdStep}, ...) made once per parameter from the options, so both twins read
 * the same floats: the double values of {@link DoubleUpdateRules}' records (which {@link DoubleUpdateLoops}, the
 * float64 loops generated from {@link JavaUpdateRules}, read as they are) cast to float.
 *
 * <p>Rounding (why the loops look the way they do). Each PyTorch tensor op rounds once to float32, and its scalar
 * arguments are Python doubles cast to float. Measured on torch 1.13's CPU kernels (tools/gen_optim_golden.py
 * fixtures, golden/optim/rounding.txt): {@code a.add(b, alpha=s)} is one fused multiply-add {@code fma(b, s, a)};
 * {@code a.addcmul(b, c, value=s)} is {@code fma(s*b, c, a)}; {@code a.addcdiv(b, c, value=s)} is
 * {@code a + (s*b)/c} (no fma); {@code mul}, {@code div}, {@code sqrt} round once. Scalars computed from
 * hyperparameters ({@code 1 - beta1}, {@code lr / bias_correction1}) are computed in double first, exactly as
 * Python does, then cast. Changing the order of operations changes the last bit of the result.
 */
interface UpdateRules {

  /** The rules matching the kernels chosen for this JVM (plain Java or SIMD); chosen once. */
  static UpdateRules get() {
    return Chosen.RULES;
  }

  /** The plain-Java rules: the oracle the SIMD rules are tested against, and the fallback. */
  static UpdateRules java() {
    return JavaUpdateRules.INSTANCE;
  }

  /** {@code "java"} or {@code "vector"}. */
  String name();

  /** SGD ({@code _single_tensor_sgd}); {@code buf} is the momentum buffer, null allowed when momentum is 0. */
  void sgd(float[] p, int pOff, float[] g, int gOff, int n, float[] buf, SgdStep s);

  /**
   * Adam or AdamW ({@code _single_tensor_adam}, {@code _single_tensor_adamw}); {@code maxExpAvgSq} may be null
   * unless amsgrad.
   */
  void adam(float[] p, int pOff, float[] g, int gOff, int n, float[] expAvg, float[] expAvgSq, float[] maxExpAvgSq,
      AdamStep s);

  /**
   * RMSprop ({@code _single_tensor_rmsprop}); {@code gradAvg} may be null unless centered, {@code buf} unless
   * momentum &gt; 0.
   */
  void rmsprop(float[] p, int pOff, float[] g, int gOff, int n, float[] squareAvg, float[] gradAvg, float[] buf,
      RmspropStep s);

  /** Adagrad ({@code _single_tensor_adagrad}). */
  void adagrad(float[] p, int pOff, float[] g, int gOff, int n, float[] sum, AdagradStep s);

  /** Adamax ({@code _single_tensor_adamax}): {@code expInf} is the exponentially weighted infinity norm. */
  void adamax(float[] p, int pOff, float[] g, int gOff, int n, float[] expAvg, float[] expInf, AdamaxStep s);

  /** NAdam ({@code _single_tensor_nadam}). */
  void nadam(float[] p, int pOff, float[] g, int gOff, int n, float[] expAvg, float[] expAvgSq, NadamStep s);

  /** RAdam ({@code _single_tensor_radam}). */
  void radam(float[] p, int pOff, float[] g, int gOff, int n, float[] expAvg, float[] expAvgSq, RadamStep s);

  /** Adadelta ({@code _single_tensor_adadelta}). */
  void adadelta(float[] p, int pOff, float[] g, int gOff, int n, float[] squareAvg, float[] accDelta,
      AdadeltaStep s);

  /** ASGD ({@code _single_tensor_asgd}): the parameter step and the running average {@code ax}. */
  void asgd(float[] p, int pOff, float[] g, int gOff, int n, float[] ax, AsgdStep s);

  /** Rprop ({@code _single_tensor_rprop}): {@code prev} is the last gradient used, {@code stepSize} per element. */
  void rprop(float[] p, int pOff, float[] g, int gOff, int n, float[] prev, float[] stepSize, RpropStep s);

  /**
   * SGD's scalars as PyTorch passes them to its float tensor ops: {@link DoubleUpdateRules.SgdScalars} cast to
   * float.
   *
   * @param firstStep the momentum buffer holds no value yet: it becomes the (decayed) gradient, undampened
   */
  record SgdStep(float weightDecay, boolean decay, float momentum, boolean useMomentum, float keep, float negLr,
      boolean nesterov, boolean maximize, boolean firstStep) {

    SgdStep(DoubleUpdateRules.SgdScalars d) {
      this((float) d.weightDecay(), d.decay(), (float) d.momentum(), d.useMomentum(), (float) d.keep(),
          (float) d.negLr(), d.nesterov(), d.maximize(), d.firstStep());
    }

    SgdStep(double lr, double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize,
        boolean firstStep) {
      this(new DoubleUpdateRules.SgdScalars(lr, momentum, dampening, weightDecay, nesterov, maximize, firstStep));
    }

    static SgdStep of(SGD.Options o, boolean firstStep) {
      return new SgdStep(DoubleUpdateRules.SgdScalars.of(o, firstStep));
    }
  }

  /** Adam's scalars ({@link DoubleUpdateRules.AdamScalars}) cast to float. */
  record AdamStep(boolean maximize, float weightDecay, boolean l2, boolean decoupled, float decay, float beta1,
      float oneMinusBeta1, float beta2, float oneMinusBeta2, boolean amsgrad, float biasCorrection2Sqrt, float eps,
      float negStepSize) {

    AdamStep(DoubleUpdateRules.AdamScalars d) {
      this(d.maximize(), (float) d.weightDecay(), d.l2(), d.decoupled(), (float) d.decay(), (float) d.beta1(),
          (float) d.oneMinusBeta1(), (float) d.beta2(), (float) d.oneMinusBeta2(), d.amsgrad(),
          (float) d.biasCorrection2Sqrt(), (float) d.eps(), (float) d.negStepSize());
    }

    /** @param step the step count including this step (1 on the first), a float in PyTorch */
    AdamStep(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled,
        boolean amsgrad, boolean maximize, double step) {
      this(new DoubleUpdateRules.AdamScalars(lr, beta1, beta2, eps, weightDecay, decoupled, amsgrad, maximize,
          step));
    }

    static AdamStep of(AdamHyperparameters<?> o, boolean decoupled, double step) {
      return new AdamStep(DoubleUpdateRules.AdamScalars.of(o, decoupled, step));
    }
  }

  /** RMSprop's scalars ({@link DoubleUpdateRules.RmspropScalars}) cast to float. */
  record RmspropStep(float alpha, float oneMinusAlpha, float eps, float weightDecay, boolean decay, float momentum,
      boolean useMomentum, boolean centered, float negLr, boolean maximize) {

    RmspropStep(DoubleUpdateRules.RmspropScalars d) {
      this((float) d.alpha(), (float) d.oneMinusAlpha(), (float) d.eps(), (float) d.weightDecay(), d.decay(),
          (float) d.momentum(), d.useMomentum(), d.centered(), (float) d.negLr(), d.maximize());
    }

    RmspropStep(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered,
        boolean maximize) {
      this(DoubleUpdateRules.RmspropScalars.of(lr, alpha, eps, weightDecay, momentum, centered, maximize));
    }

    static RmspropStep of(RMSprop.Options o) {
      return new RmspropStep(DoubleUpdateRules.RmspropScalars.of(o));
    }
  }

  /**
   * Adagrad's scalars ({@link DoubleUpdateRules.AdagradScalars}) cast to float.
   *
   * @param negClr {@code -clr} as a float
   */
  record AdagradStep(float negClr, float eps, float weightDecay, boolean decay, boolean maximize) {

    AdagradStep(DoubleUpdateRules.AdagradScalars d) {
      this((float) d.negClr(), (float) d.eps(), (float) d.weightDecay(), d.decay(), d.maximize());
    }

    /** @param step the step count including this step (1 on the first) */
    AdagradStep(double lr, double lrDecay, double eps, double weightDecay, boolean maximize, double step) {
      this(new DoubleUpdateRules.AdagradScalars(lr, lrDecay, eps, weightDecay, maximize, step));
    }

    static AdagradStep of(Adagrad.Options o, double step) {
      return new AdagradStep(DoubleUpdateRules.AdagradScalars.of(o, step));
    }
  }

  /**
   * Adamax's scalars ({@link DoubleUpdateRules.AdamaxScalars}) cast to float.
   *
   * @param negClr {@code -clr} as a float
   */
  record AdamaxStep(float beta1, float oneMinusBeta1, float beta2, float eps, float weightDecay, boolean decay,
      float negClr, boolean maximize) {

    AdamaxStep(DoubleUpdateRules.AdamaxScalars d) {
      this((float) d.beta1(), (float) d.oneMinusBeta1(), (float) d.beta2(), (float) d.eps(),
          (float) d.weightDecay(), d.decay(), (float) d.negClr(), d.maximize());
    }

    /** @param step the step count including this step (1 on the first) */
    AdamaxStep(double lr, double beta1, double beta2, double eps, double weightDecay, boolean maximize,
        double step) {
      this(new DoubleUpdateRules.AdamaxScalars(lr, beta1, beta2, eps, weightDecay, maximize, step));
    }

    static AdamaxStep of(Adamax.Options o, double step) {
      return new AdamaxStep(DoubleUpdateRules.AdamaxScalars.of(o, step));
    }
  }

  /**
   * NAdam's scalars ({@link DoubleUpdateRules.NadamScalars}, with PyTorch's float32 {@code mu_product}) cast to
   * float.
   */
  record NadamStep(float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float biasCorrection2,
      float eps, float weightDecay, boolean decay, float gradCoef, float avgCoef) {

    NadamStep(DoubleUpdateRules.NadamScalars d) {
      this((float) d.beta1(), (float) d.oneMinusBeta1(), (float) d.beta2(), (float) d.oneMinusBeta2(),
          (float) d.biasCorrection2(), (float) d.eps(), (float) d.weightDecay(), d.decay(), (float) d.gradCoef(),
          (float) d.avgCoef());
    }

    /**
     * @param step the step count including this step (1 on the first)
     * @param muProduct the product of the momentum caches up to and including this step's
     */
    NadamStep(double lr, double beta1, double beta2, double eps, double weightDecay, double momentumDecay,
        double step, float muProduct) {
      this(new DoubleUpdateRules.NadamScalars(lr, beta1, beta2, eps, weightDecay, momentumDecay, step, muProduct,
          true));
    }

    /** {@code mu_product *= mu_t}: the float32 product after step {@code step}. */
    static float nextMuProduct(float muProduct, double beta1, double momentumDecay, double step) {
      return (float) DoubleUpdateRules.NadamScalars.nextMuProduct(muProduct, true, beta1, momentumDecay, step);
    }

    static NadamStep of(NAdam.Options o, double step, float muProduct) {
      return new NadamStep(DoubleUpdateRules.NadamScalars.of(o, step, muProduct, true));
    }
  }

  /** RAdam's scalars ({@link DoubleUpdateRules.RadamScalars}) cast to float. */
  record RadamStep(float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float biasCorrection1,
      float lr, boolean rectified, float biasCorrection2Sqrt, float rect, float eps, float weightDecay,
      boolean decay) {

    RadamStep(DoubleUpdateRules.RadamScalars d) {
      this((float) d.beta1(), (float) d.oneMinusBeta1(), (float) d.beta2(), (float) d.oneMinusBeta2(),
          (float) d.biasCorrection1(), (float) d.lr(), d.rectified(), (float) d.biasCorrection2Sqrt(),
          (float) d.rect(), (float) d.eps(), (float) d.weightDecay(), d.decay());
    }

    /** @param step the step count including this step (1 on the first) */
    RadamStep(double lr, double beta1, double beta2, double eps, double weightDecay, double step) {
      this(DoubleUpdateRules.RadamScalars.of(lr, beta1, beta2, eps, weightDecay, step));
    }

    static RadamStep of(RAdam.Options o, double step) {
      return new RadamStep(DoubleUpdateRules.RadamScalars.of(o, step));
    }
  }

  /** Adadelta's scalars ({@link DoubleUpdateRules.AdadeltaScalars}) cast to float. */
  record AdadeltaStep(float rho, float oneMinusRho, float eps, float weightDecay, boolean decay, float negLr,
      boolean maximize) {

    AdadeltaStep(DoubleUpdateRules.AdadeltaScalars d) {
      this((float) d.rho(), (float) d.oneMinusRho(), (float) d.eps(), (float) d.weightDecay(), d.decay(),
          (float) d.negLr(), d.maximize());
    }

    AdadeltaStep(double lr, double rho, double eps, double weightDecay, boolean maximize) {
      this(DoubleUpdateRules.AdadeltaScalars.of(lr, rho, eps, weightDecay, maximize));
    }

    static AdadeltaStep of(Adadelta.Options o) {
      return new AdadeltaStep(DoubleUpdateRules.AdadeltaScalars.of(o));
    }
  }

  /**
   * ASGD's scalars ({@link DoubleUpdateRules.AsgdScalars}) cast to float, from the parameter's float32 {@code eta}
   * and {@code mu} state.
   *
   * @param decay {@code 1 - lambd · eta}
   * @param average {@code mu != 1}: average into {@code ax}; otherwise {@code ax} copies the parameter
   */
  record AsgdStep(float decay, float negEta, boolean average, float mu, float weightDecay, boolean useDecay,
      boolean maximize) {

    AsgdStep(DoubleUpdateRules.AsgdScalars d) {
      this((float) d.decay(), (float) d.negEta(), d.average(), (float) d.mu(), (float) d.weightDecay(),
          d.useDecay(), d.maximize());
    }

    AsgdStep(double lambd, double weightDecay, boolean maximize, float eta, float mu) {
      this(DoubleUpdateRules.AsgdScalars.of(lambd, weightDecay, maximize, eta, mu));
    }

    static AsgdStep of(ASGD.Options o, float eta, float mu) {
      return new AsgdStep(DoubleUpdateRules.AsgdScalars.of(o, eta, mu));
    }

    /** {@code eta} after step {@code step}: {@code lr / (1 + lambd · lr · step)^alpha}, stored as a float. */
    static float nextEta(ASGD.Options o, double step) {
      return (float) (o.lr() / StrictMath.pow(1 + o.lambd() * o.lr() * step, o.alpha()));
    }

    /** {@code mu} after step {@code step}: {@code 1 / max(1, step - t0)}, stored as a float. */
    static float nextMu(ASGD.Options o, double step) {
      return (float) (1 / Math.max(1, step - o.t0()));
    }
  }

  /** Rprop's scalars ({@link DoubleUpdateRules.RpropScalars}) cast to float, as the float32 tensors they fill. */
  record RpropStep(float etaMinus, float etaPlus, float stepSizeMin, float stepSizeMax, boolean maximize) {

    RpropStep(DoubleUpdateRules.RpropScalars d) {
      this((float) d.etaMinus(), (float) d.etaPlus(), (float) d.stepSizeMin(), (float) d.stepSizeMax(),
          d.maximize());
    }

    RpropStep(double etaMinus, double etaPlus, double stepSizeMin, double stepSizeMax, boolean maximize) {
      this(new DoubleUpdateRules.RpropScalars(etaMinus, etaPlus, stepSizeMin, stepSizeMax, maximize));
    }

    static RpropStep of(Rprop.Options o) {
      return new RpropStep(DoubleUpdateRules.RpropScalars.of(o));
    }
  }

  /** Holds the choice, made on first use. */
  final class Chosen {
    private Chosen() {}

    static final UpdateRules RULES = KernelChoice.select(MethodHandles.lookup(), UpdateRules.class,
        JavaUpdateRules.INSTANCE, "dev.jgrad.optim.VectorUpdateRules");
  }
}
