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
 * the same floats.
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
   * SGD's scalars as PyTorch passes them to its float tensor ops (Python doubles cast to float); the flags test the
   * double values, as sgd.py's {@code if weight_decay != 0} does.
   *
   * @param firstStep the momentum buffer holds no value yet: it becomes the (decayed) gradient, undampened
   */
  record SgdStep(float weightDecay, boolean decay, float momentum, boolean useMomentum, float keep, float negLr,
      boolean nesterov, boolean maximize, boolean firstStep) {

    SgdStep(double lr, double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize,
        boolean firstStep) {
      this((float) weightDecay, weightDecay != 0, (float) momentum, momentum != 0, (float) (1 - dampening),
          (float) -lr, nesterov, maximize, firstStep);
    }

    static SgdStep of(SGD.Options o, boolean firstStep) {
      return new SgdStep(o.lr(), o.momentum(), o.dampening(), o.weightDecay(), o.nesterov(), o.maximize(),
          firstStep);
    }
  }

  /**
   * Adam's scalars, computed in double as PyTorch computes them in Python (StrictMath.pow: the same bits on every
   * JVM), then cast to float. {@code decoupled} is AdamW's decay {@code p *= 1 - lr·wd}; otherwise a non-zero decay
   * is L2, added to the gradient.
   */
  record AdamStep(boolean maximize, float weightDecay, boolean l2, boolean decoupled, float decay, float beta1,
      float oneMinusBeta1, float beta2, float oneMinusBeta2, boolean amsgrad, float biasCorrection2Sqrt, float eps,
      float negStepSize) {

    /** @param step the step count including this step (1 on the first), a float in PyTorch */
    AdamStep(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled,
        boolean amsgrad, boolean maximize, double step) {
      this(maximize, (float) weightDecay, !decoupled && weightDecay != 0, decoupled,
          (float) (1 - lr * weightDecay),
          (float) beta1,
          (float) (1 - beta1),
          (float) beta2,
          (float) (1 - beta2),
          amsgrad,
          (float) Math.sqrt(1 - StrictMath.pow(beta2, step)),
          (float) eps,
          (float) -(lr / (1 - StrictMath.pow(beta1, step))));
    }

    static AdamStep of(AdamHyperparameters<?> o, boolean decoupled, double step) {
      return new AdamStep(o.lr(), o.beta1(), o.beta2(), o.eps(), o.weightDecay(), decoupled, o.amsgrad(),
          o.maximize(), step);
    }
  }

  /** RMSprop's scalars (Python doubles cast to float; the flags test the doubles, as rmsprop.py does). */
  record RmspropStep(float alpha, float oneMinusAlpha, float eps, float weightDecay, boolean decay, float momentum,
      boolean useMomentum, boolean centered, float negLr, boolean maximize) {

    RmspropStep(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered,
        boolean maximize) {
      this((float) alpha, (float) (1 - alpha), (float) eps, (float) weightDecay, weightDecay != 0, (float) momentum,
          momentum > 0, centered, (float) -lr, maximize);
    }

    static RmspropStep of(RMSprop.Options o) {
      return new RmspropStep(o.lr(), o.alpha(), o.eps(), o.weightDecay(), o.momentum(), o.centered(), o.maximize());
    }
  }

  /**
   * Adagrad's scalars: {@code clr = lr / (1 + (step - 1)·lrDecay)} in double, as adagrad.py, then cast.
   *
   * @param negClr {@code -clr} as a float
   */
  record AdagradStep(float negClr, float eps, float weightDecay, boolean decay, boolean maximize) {

    /** @param step the step count including this step (1 on the first) */
    AdagradStep(double lr, double lrDecay, double eps, double weightDecay, boolean maximize, double step) {
      this((float) -(lr / (1 + (step - 1) * lrDecay)), (float) eps, (float) weightDecay, weightDecay != 0, maximize);
    }

    static AdagradStep of(Adagrad.Options o, double step) {
      return new AdagradStep(o.lr(), o.lrDecay(), o.eps(), o.weightDecay(), o.maximize(), step);
    }
  }

  /**
   * Adamax's scalars: {@code clr = lr / (1 - beta1^step)} in double, as adamax.py, then cast.
   *
   * @param negClr {@code -clr} as a float
   */
  record AdamaxStep(float beta1, float oneMinusBeta1, float beta2, float eps, float weightDecay, boolean decay,
      float negClr, boolean maximize) {

    /** @param step the step count including this step (1 on the first) */
    AdamaxStep(double lr, double beta1, double beta2, double eps, double weightDecay, boolean maximize,
        double step) {
      this((float) beta1, (float) (1 - beta1), (float) beta2, (float) eps, (float) weightDecay, weightDecay != 0,
          (float) -(lr / (1 - StrictMath.pow(beta1, step))), maximize);
    }

    static AdamaxStep of(Adamax.Options o, double step) {
      return new AdamaxStep(o.lr(), o.beta1(), o.beta2(), o.eps(), o.weightDecay(), o.maximize(), step);
    }
  }

  /**
   * NAdam's scalars. The momentum cache {@code mu_t = beta1 (1 - 0.5 · 0.96^(t · momentumDecay))} is a double, as
   * nadam.py computes it; the product of the caches is a float32 tensor there ({@code mu_product}), so it is a
   * float here, multiplied by the float-cast caches one at a time.
   *
   * @param gradCoef {@code -lr (1 - mu_t) / (1 - mu_product)}, the gradient's coefficient
   * @param avgCoef {@code -lr mu_{t+1} / (1 - mu_product · mu_t · mu_{t+1})}, the first moment's coefficient
   *     (nadam.py's {@code mu_product_next = mu_product * mu * mu_next} multiplies by {@code mu_t} once more
   *     although {@code mu_product} already holds it; kept, since PyTorch 1.13's trajectories are the oracle)
   */
  record NadamStep(float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float biasCorrection2,
      float eps, float weightDecay, boolean decay, float gradCoef, float avgCoef) {

    /**
     * @param step the step count including this step (1 on the first)
     * @param muProduct the product of the momentum caches up to and including this step's
     */
    NadamStep(double lr, double beta1, double beta2, double eps, double weightDecay, double momentumDecay,
        double step, float muProduct) {
      this((float) beta1, (float) (1 - beta1), (float) beta2, (float) (1 - beta2),
          (float) (1 - StrictMath.pow(beta2, step)), (float) eps, (float) weightDecay, weightDecay != 0,
          (float) (-lr * (1. - mu(beta1, momentumDecay, step)) / (1. - muProduct)),
          (float) (-lr * mu(beta1, momentumDecay, step + 1)
              / (1. - muProduct * (float) mu(beta1, momentumDecay, step) * (float) mu(beta1, momentumDecay, step + 1))));
    }

    /** The momentum cache {@code mu_t}, in double. */
    static double mu(double beta1, double momentumDecay, double step) {
      return beta1 * (1. - 0.5 * StrictMath.pow(0.96, step * momentumDecay));
    }

    /** {@code mu_product *= mu_t}: the float32 product after step {@code step}. */
    static float nextMuProduct(float muProduct, double beta1, double momentumDecay, double step) {
      return muProduct * (float) mu(beta1, momentumDecay, step);
    }

    static NadamStep of(NAdam.Options o, double step, float muProduct) {
      return new NadamStep(o.lr(), o.beta1(), o.beta2(), o.eps(), o.weightDecay(), o.momentumDecay(), step,
          muProduct);
    }
  }

  /**
   * RAdam's scalars, computed in double as radam.py does. The update is rectified when the length of the
   * approximated simple moving average {@code rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t)} exceeds 5, with
   * {@code rho_inf = 2 / (1 - beta2) - 1}; otherwise it is a plain momentum step.
   */
  record RadamStep(float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float biasCorrection1,
      float lr, boolean rectified, float biasCorrection2Sqrt, float rect, float eps, float weightDecay,
      boolean decay) {

    /** @param step the step count including this step (1 on the first) */
    RadamStep(double lr, double beta1, double beta2, double eps, double weightDecay, double step) {
      this(lr, beta1, beta2, eps, weightDecay, step, 1 - StrictMath.pow(beta2, step), 2 / (1 - beta2) - 1);
    }

    private RadamStep(double lr, double beta1, double beta2, double eps, double weightDecay, double step,
        double bc2, double rhoInf) {
      this(lr, beta1, beta2, eps, weightDecay, step, bc2, rhoInf,
          rhoInf - 2 * step * StrictMath.pow(beta2, step) / bc2);
    }

    private RadamStep(double lr, double beta1, double beta2, double eps, double weightDecay, double step,
        double bc2, double rhoInf, double rhoT) {
      this((float) beta1, (float) (1 - beta1), (float) beta2, (float) (1 - beta2),
          (float) (1 - StrictMath.pow(beta1, step)), (float) lr, rhoT > 5., (float) Math.sqrt(bc2),
          (float) Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)),
          (float) eps, (float) weightDecay, weightDecay != 0);
    }

    static RadamStep of(RAdam.Options o, double step) {
      return new RadamStep(o.lr(), o.beta1(), o.beta2(), o.eps(), o.weightDecay(), step);
    }
  }

  /** Adadelta's scalars (Python doubles cast to float; the flag tests the double, as adadelta.py does). */
  record AdadeltaStep(float rho, float oneMinusRho, float eps, float weightDecay, boolean decay, float negLr,
      boolean maximize) {

    AdadeltaStep(double lr, double rho, double eps, double weightDecay, boolean maximize) {
      this((float) rho, (float) (1 - rho), (float) eps, (float) weightDecay, weightDecay != 0, (float) -lr,
          maximize);
    }

    static AdadeltaStep of(Adadelta.Options o) {
      return new AdadeltaStep(o.lr(), o.rho(), o.eps(), o.weightDecay(), o.maximize());
    }
  }

  /**
   * ASGD's scalars for one step, from the parameter's float32 {@code eta} and {@code mu} state (asgd.py reads them
   * with {@code item()}).
   *
   * @param decay {@code 1 - lambd · eta}
   * @param average {@code mu != 1}: average into {@code ax}; otherwise {@code ax} copies the parameter
   */
  record AsgdStep(float decay, float negEta, boolean average, float mu, float weightDecay, boolean useDecay,
      boolean maximize) {

    AsgdStep(double lambd, double weightDecay, boolean maximize, float eta, float mu) {
      this((float) (1 - lambd * eta), -eta, mu != 1, mu, (float) weightDecay, weightDecay != 0, maximize);
    }

    static AsgdStep of(ASGD.Options o, float eta, float mu) {
      return new AsgdStep(o.lambd(), o.weightDecay(), o.maximize(), eta, mu);
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

  /** Rprop's scalars (Python doubles cast to float, as the float32 tensors they fill). */
  record RpropStep(float etaMinus, float etaPlus, float stepSizeMin, float stepSizeMax, boolean maximize) {

    RpropStep(double etaMinus, double etaPlus, double stepSizeMin, double stepSizeMax, boolean maximize) {
      this((float) etaMinus, (float) etaPlus, (float) stepSizeMin, (float) stepSizeMax, maximize);
    }

    static RpropStep of(Rprop.Options o) {
      return new RpropStep(o.etaMinus(), o.etaPlus(), o.stepSizeMin(), o.stepSizeMax(), o.maximize());
    }
  }

  /** Holds the choice, made on first use. */
  final class Chosen {
    private Chosen() {}

    static final UpdateRules RULES = KernelChoice.select(MethodHandles.lookup(), UpdateRules.class,
        JavaUpdateRules.INSTANCE, "dev.jgrad.optim.VectorUpdateRules");
  }
}
