package dev.jgrad.optim;

/**
 * The per-step scalars of the built-in optimizers' update rules, for both dtypes.
 *
 * <p>The scalars ({@link SgdScalars}, ...) are the values PyTorch computes in Python from the hyperparameters
 * ({@code 1 - beta1}, {@code lr / bias_correction1}, ...), written once here in double: a float64 tensor op uses them
 * as they are, and the float32 rules' records ({@link UpdateRules.SgdStep}, ...) are these values cast to float, so
 * both dtypes share one formula per scalar.
 *
 * <p>The float64 loops that read them are {@link DoubleUpdateLoops}, generated from the float32 rules of
 * {@link JavaUpdateRules}. The state buffers are the parameter's dtype, as {@code torch.zeros_like(p)} makes them;
 * the step count and the one-element scalars ASGD's {@code eta} and {@code mu} and NAdam's {@code mu_product} stay
 * float32 tensors in PyTorch ({@code torch.tensor(0.)}), so their values arrive here rounded to float.
 */
final class DoubleUpdateRules {
  private DoubleUpdateRules() {}

  // ------------------------------------------------------------------------------------------------ scalars

  /** SGD's scalars; the flags test the values, as sgd.py's {@code if weight_decay != 0} does. */
  record SgdScalars(double weightDecay, boolean decay, double momentum, boolean useMomentum, double keep,
      double negLr, boolean nesterov, boolean maximize, boolean firstStep) {

    /** @param firstStep the momentum buffer holds no value yet */
    SgdScalars(double lr, double momentum, double dampening, double weightDecay, boolean nesterov,
        boolean maximize, boolean firstStep) {
      this(weightDecay, weightDecay != 0, momentum, momentum != 0, 1 - dampening, -lr, nesterov, maximize,
          firstStep);
    }

    static SgdScalars of(SGD.Options o, boolean firstStep) {
      return new SgdScalars(o.lr(), o.momentum(), o.dampening(), o.weightDecay(), o.nesterov(), o.maximize(),
          firstStep);
    }
  }

  /**
   * Adam's and AdamW's scalars (StrictMath.pow: the same bits on every JVM). {@code decoupled} is AdamW's decay
   * {@code p *= 1 - lr·wd}; otherwise a non-zero decay is L2, added to the gradient.
   */
  record AdamScalars(boolean maximize, double weightDecay, boolean l2, boolean decoupled, double decay,
      double beta1, double oneMinusBeta1, double beta2, double oneMinusBeta2, boolean amsgrad,
      double biasCorrection2Sqrt, double eps, double negStepSize) {

    /** @param step the step count including this step (1 on the first) */
    AdamScalars(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled,
        boolean amsgrad, boolean maximize, double step) {
      this(maximize, weightDecay, !decoupled && weightDecay != 0, decoupled, 1 - lr * weightDecay, beta1,
          1 - beta1, beta2, 1 - beta2, amsgrad, Math.sqrt(1 - StrictMath.pow(beta2, step)), eps,
          -(lr / (1 - StrictMath.pow(beta1, step))));
    }

    static AdamScalars of(AdamHyperparameters<?> o, boolean decoupled, double step) {
      return new AdamScalars(o.lr(), o.beta1(), o.beta2(), o.eps(), o.weightDecay(), decoupled, o.amsgrad(),
          o.maximize(), step);
    }
  }

  /** RMSprop's scalars (the flags test the values, as rmsprop.py does). */
  record RmspropScalars(double alpha, double oneMinusAlpha, double eps, double weightDecay, boolean decay,
      double momentum, boolean useMomentum, boolean centered, double negLr, boolean maximize) {

    static RmspropScalars of(double lr, double alpha, double eps, double weightDecay, double momentum,
        boolean centered, boolean maximize) {
      return new RmspropScalars(alpha, 1 - alpha, eps, weightDecay, weightDecay != 0, momentum, momentum > 0,
          centered, -lr, maximize);
    }

    static RmspropScalars of(RMSprop.Options o) {
      return of(o.lr(), o.alpha(), o.eps(), o.weightDecay(), o.momentum(), o.centered(), o.maximize());
    }
  }

  /** Adagrad's scalars: {@code negClr = -lr / (1 + (step - 1)·lrDecay)}, as adagrad.py. */
  record AdagradScalars(double negClr, double eps, double weightDecay, boolean decay, boolean maximize) {

    /** @param step the step count including this step (1 on the first) */
    AdagradScalars(double lr, double lrDecay, double eps, double weightDecay, boolean maximize, double step) {
      this(-(lr / (1 + (step - 1) * lrDecay)), eps, weightDecay, weightDecay != 0, maximize);
    }

    static AdagradScalars of(Adagrad.Options o, double step) {
      return new AdagradScalars(o.lr(), o.lrDecay(), o.eps(), o.weightDecay(), o.maximize(), step);
    }
  }

  /** Adamax's scalars: {@code negClr = -lr / (1 - beta1^step)}, as adamax.py. */
  record AdamaxScalars(double beta1, double oneMinusBeta1, double beta2, double eps, double weightDecay,
      boolean decay, double negClr, boolean maximize) {

    /** @param step the step count including this step (1 on the first) */
    AdamaxScalars(double lr, double beta1, double beta2, double eps, double weightDecay, boolean maximize,
        double step) {
      this(beta1, 1 - beta1, beta2, eps, weightDecay, weightDecay != 0, -(lr / (1 - StrictMath.pow(beta1, step))),
          maximize);
    }

    static AdamaxScalars of(Adamax.Options o, double step) {
      return new AdamaxScalars(o.lr(), o.beta1(), o.beta2(), o.eps(), o.weightDecay(), o.maximize(), step);
    }
  }

  /**
   * NAdam's scalars. The momentum cache {@code mu_t = beta1 (1 - 0.5 · 0.96^(t · momentumDecay))} is a double, as
   * nadam.py computes it; {@code mu_product} is a one-element tensor there, and {@code mu_product_next =
   * mu_product * mu * mu_next} is computed in its dtype (float32 as created, the parameter's dtype once loaded from
   * a state dict).
   *
   * @param gradCoef {@code -lr (1 - mu_t) / (1 - mu_product)}, the gradient's coefficient
   * @param avgCoef {@code -lr mu_{t+1} / (1 - mu_product · mu_t · mu_{t+1})}, the first moment's coefficient
   *     (nadam.py multiplies by {@code mu_t} once more although {@code mu_product} already holds it; kept, since
   *     PyTorch 1.13's trajectories are the oracle)
   */
  record NadamScalars(double beta1, double oneMinusBeta1, double beta2, double oneMinusBeta2,
      double biasCorrection2, double eps, double weightDecay, boolean decay, double gradCoef, double avgCoef) {

    /**
     * @param step the step count including this step (1 on the first)
     * @param muProduct the product of the momentum caches up to and including this step's
     * @param floatProduct {@code mu_product} is a float32 tensor (its products round to float)
     */
    NadamScalars(double lr, double beta1, double beta2, double eps, double weightDecay, double momentumDecay,
        double step, double muProduct, boolean floatProduct) {
      this(beta1, 1 - beta1, beta2, 1 - beta2, 1 - StrictMath.pow(beta2, step), eps, weightDecay,
          weightDecay != 0, -lr * (1. - mu(beta1, momentumDecay, step)) / (1. - muProduct),
          -lr * mu(beta1, momentumDecay, step + 1) / (1. - (floatProduct
              ? (double) ((float) muProduct * (float) mu(beta1, momentumDecay, step)
                  * (float) mu(beta1, momentumDecay, step + 1))
              : muProduct * mu(beta1, momentumDecay, step) * mu(beta1, momentumDecay, step + 1))));
    }

    /** The momentum cache {@code mu_t}, in double. */
    static double mu(double beta1, double momentumDecay, double step) {
      return beta1 * (1. - 0.5 * StrictMath.pow(0.96, step * momentumDecay));
    }

    /** {@code mu_product *= mu_t}: the product after step {@code step}, in float32 when {@code floatProduct}. */
    static double nextMuProduct(double muProduct, boolean floatProduct, double beta1, double momentumDecay,
        double step) {
      return floatProduct
          ? (float) muProduct * (float) mu(beta1, momentumDecay, step)
          : muProduct * mu(beta1, momentumDecay, step);
    }

    static NadamScalars of(NAdam.Options o, double step, double muProduct, boolean floatProduct) {
      return new NadamScalars(o.lr(), o.beta1(), o.beta2(), o.eps(), o.weightDecay(), o.momentumDecay(), step,
          muProduct, floatProduct);
    }
  }

  /**
   * RAdam's scalars, as radam.py computes them. The update is rectified when the length of the approximated simple
   * moving average {@code rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t)} exceeds 5, with {@code rho_inf = 2 / (1 -
   * beta2) - 1}; otherwise it is a plain momentum step.
   */
  record RadamScalars(double beta1, double oneMinusBeta1, double beta2, double oneMinusBeta2,
      double biasCorrection1, double lr, boolean rectified, double biasCorrection2Sqrt, double rect, double eps,
      double weightDecay, boolean decay) {

    /** @param step the step count including this step (1 on the first) */
    static RadamScalars of(double lr, double beta1, double beta2, double eps, double weightDecay, double step) {
      double bc2 = 1 - StrictMath.pow(beta2, step);
      double rhoInf = 2 / (1 - beta2) - 1;
      double rhoT = rhoInf - 2 * step * StrictMath.pow(beta2, step) / bc2;
      return new RadamScalars(beta1, 1 - beta1, beta2, 1 - beta2, 1 - StrictMath.pow(beta1, step), lr, rhoT > 5.,
          Math.sqrt(bc2), Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)), eps,
          weightDecay, weightDecay != 0);
    }

    static RadamScalars of(RAdam.Options o, double step) {
      return of(o.lr(), o.beta1(), o.beta2(), o.eps(), o.weightDecay(), step);
    }
  }

  /** Adadelta's scalars (the flag tests the value, as adadelta.py does). */
  record AdadeltaScalars(double rho, double oneMinusRho, double eps, double weightDecay, boolean decay,
      double negLr, boolean maximize) {

    static AdadeltaScalars of(double lr, double rho, double eps, double weightDecay, boolean maximize) {
      return new AdadeltaScalars(rho, 1 - rho, eps, weightDecay, weightDecay != 0, -lr, maximize);
    }

    static AdadeltaScalars of(Adadelta.Options o) {
      return of(o.lr(), o.rho(), o.eps(), o.weightDecay(), o.maximize());
    }
  }

  /**
   * ASGD's scalars for one step, from the parameter's {@code eta} and {@code mu} state (asgd.py reads them with
   * {@code item()}).
   *
   * @param decay {@code 1 - lambd · eta}
   * @param average {@code mu != 1}: average into {@code ax}; otherwise {@code ax} copies the parameter
   */
  record AsgdScalars(double decay, double negEta, boolean average, double mu, double weightDecay,
      boolean useDecay, boolean maximize) {

    static AsgdScalars of(double lambd, double weightDecay, boolean maximize, double eta, double mu) {
      return new AsgdScalars(1 - lambd * eta, -eta, mu != 1, mu, weightDecay, weightDecay != 0, maximize);
    }

    static AsgdScalars of(ASGD.Options o, double eta, double mu) {
      return of(o.lambd(), o.weightDecay(), o.maximize(), eta, mu);
    }
  }

  /** Rprop's scalars (the values the step-size tensor is filled and clamped with). */
  record RpropScalars(double etaMinus, double etaPlus, double stepSizeMin, double stepSizeMax, boolean maximize) {

    static RpropScalars of(Rprop.Options o) {
      return new RpropScalars(o.etaMinus(), o.etaPlus(), o.stepSizeMin(), o.stepSizeMax(), o.maximize());
    }
  }
}
