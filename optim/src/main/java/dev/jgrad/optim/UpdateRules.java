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

  /** Holds the choice, made on first use. */
  final class Chosen {
    private Chosen() {}

    static final UpdateRules RULES = KernelChoice.select(MethodHandles.lookup(), UpdateRules.class,
        JavaUpdateRules.INSTANCE, "dev.jgrad.optim.VectorUpdateRules");
  }
}
