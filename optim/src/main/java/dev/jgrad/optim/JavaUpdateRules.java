package dev.jgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The plain-Java {@link UpdateRules}: the oracle. Each loop body is PyTorch 1.13's single-tensor code path
 * ({@code torch/optim/sgd.py}, {@code adam.py}, {@code adamw.py}, {@code rmsprop.py}, {@code adagrad.py},
 * {@code adamax.py}, {@code nadam.py}, {@code radam.py}, {@code adadelta.py}, {@code asgd.py}, {@code rprop.py}) one
 * tensor op per line, in order, rounded as the CPU kernel rounds it (see {@link UpdateRules} and {@link #add},
 * {@link #addcmul}, {@link #addcdiv}). The range methods ({@code sgdRange}, ...) also finish the SIMD rules'
 * tails, so both give the same bits.
 *
 * <p>These methods are also the float64 rules: {@link DoubleUpdateLoops} is generated from this file (the
 * element operations and the range loops, {@code float} replaced by {@code double}) and DoubleUpdateLoopsTest
 * fails until it is regenerated after an edit here.
 */
final class JavaUpdateRules implements UpdateRules {

  static final JavaUpdateRules INSTANCE = new JavaUpdateRules();

  private JavaUpdateRules() {}

  @Override
  public String name() {
    return "java";
  }

  @Override
  public String toString() {
    return "java (plain loops)";
  }

  /** PyTorch's {@code a.add(b, alpha=s)} on one float32 element: a single fused multiply-add. */
  static float add(float a, float b, float alpha) {
    return Math.fma(b, alpha, a);
  }

  /** PyTorch's {@code a.addcmul(b, c, value=s)}: {@code fma(s·b, c, a)}. */
  static float addcmul(float a, float b, float c, float value) {
    return Math.fma(value * b, c, a);
  }

  /** PyTorch's {@code a.addcdiv(b, c, value=s)}: {@code a + (s·b)/c}, three roundings. */
  static float addcdiv(float a, float b, float c, float value) {
    return a + (value * b) / c;
  }

  // ------------------------------------------------------------------------------------------------------ SGD

  @Override
  public void sgd(float[] p, int pOff, float[] g, int gOff, int n, float[] buf, SgdStep s) {
    checkSgd(p, pOff, g, gOff, n, buf, s);
    sgdRange(p, pOff, g, gOff, buf, 0, n, s);
  }

  /**
   * SGD on elements {@code [from, to)}: {@code d = ±g (+ wd·p)}; with momentum {@code buf = d} on the first step,
   * else {@code buf = μ·buf + (1−dampening)·d}, and {@code d = nesterov ? d + μ·buf : buf}; {@code p −= lr·d}.
   */
  static void sgdRange(float[] p, int pOff, float[] g, int gOff, float[] buf, int from, int to, SgdStep s) {
    for (int i = from; i < to; i++) {
      float d = s.maximize() ? -g[gOff + i] : g[gOff + i];
      if (s.decay()) {
        d = add(d, p[pOff + i], s.weightDecay());                  // d_p = d_p.add(param, alpha=weight_decay)
      }
      if (s.useMomentum()) {
        // torch.clone(d_p) on the first step, then buf.mul_(momentum).add_(d_p, alpha=1 - dampening)
        float b = s.firstStep() ? d : add(buf[i] * s.momentum(), d, s.keep());
        buf[i] = b;
        d = s.nesterov() ? add(d, b, s.momentum()) : b;            // d_p = d_p.add(buf, alpha=momentum)
      }
      p[pOff + i] = add(p[pOff + i], d, s.negLr());                // param.add_(d_p, alpha=-lr)
    }
  }

  // ----------------------------------------------------------------------------------------------- Adam, AdamW

  @Override
  public void adam(float[] p, int pOff, float[] g, int gOff, int n, float[] expAvg, float[] expAvgSq,
      float[] maxExpAvgSq, AdamStep s) {
    checkAdam(p, pOff, g, gOff, n, expAvg, expAvgSq, maxExpAvgSq, s);
    adamRange(p, pOff, g, gOff, expAvg, expAvgSq, maxExpAvgSq, 0, n, s);
  }

  /**
   * Adam and AdamW on elements {@code [from, to)}. With {@code decoupled} the decay is {@code p *= 1 − lr·wd} before
   * the moments (AdamW); otherwise it is L2, {@code g += wd·p} (Adam). With amsgrad the running maximum of the raw
   * (not bias-corrected) second moment is used.
   */
  static void adamRange(float[] p, int pOff, float[] g, int gOff, float[] m, float[] v, float[] vMax, int from,
      int to, AdamStep s) {
    for (int i = from; i < to; i++) {
      float gi = s.maximize() ? -g[gOff + i] : g[gOff + i];
      float pi = p[pOff + i];
      if (s.decoupled()) {
        pi = pi * s.decay();                                        // param.mul_(1 - lr * weight_decay)
      } else if (s.l2()) {
        gi = add(gi, pi, s.weightDecay());                          // grad = grad.add(param, alpha=weight_decay)
      }
      float mi = add(m[i] * s.beta1(), gi, s.oneMinusBeta1());      // exp_avg.mul_(beta1).add_(grad, alpha=1-beta1)
      m[i] = mi;
      float vi = addcmul(v[i] * s.beta2(), gi, gi, s.oneMinusBeta2()); // exp_avg_sq.mul_(b2).addcmul_(g, g, 1-b2)
      v[i] = vi;
      if (s.amsgrad()) {
        vi = Math.max(vMax[i], vi);             // torch.maximum(max_exp_avg_sq, exp_avg_sq), NaN-propagating
        vMax[i] = vi;
      }
      float denom = (float) Math.sqrt(vi) / s.biasCorrection2Sqrt() + s.eps();  // (v.sqrt() / bc2_sqrt).add_(eps)
      p[pOff + i] = addcdiv(pi, mi, denom, s.negStepSize());        // param.addcdiv_(exp_avg, denom, value=-step_size)
    }
  }

  // --------------------------------------------------------------------------------------------------- RMSprop

  @Override
  public void rmsprop(float[] p, int pOff, float[] g, int gOff, int n, float[] squareAvg, float[] gradAvg,
      float[] buf, RmspropStep s) {
    checkRmsprop(p, pOff, g, gOff, n, squareAvg, gradAvg, buf, s);
    rmspropRange(p, pOff, g, gOff, squareAvg, gradAvg, buf, 0, n, s);
  }

  /**
   * RMSprop on elements {@code [from, to)}: {@code v = α·v + (1−α)·g²}; centered: {@code ḡ = α·ḡ + (1−α)·g},
   * {@code avg = sqrt(v − ḡ²) + eps}, else {@code avg = sqrt(v) + eps}; with momentum {@code buf = μ·buf + g/avg},
   * {@code p −= lr·buf}, else {@code p −= lr·g/avg}.
   */
  static void rmspropRange(float[] p, int pOff, float[] g, int gOff, float[] squareAvg, float[] gradAvg,
      float[] buf, int from, int to, RmspropStep s) {
    for (int i = from; i < to; i++) {
      float gi = s.maximize() ? -g[gOff + i] : g[gOff + i];
      if (s.decay()) {
        gi = add(gi, p[pOff + i], s.weightDecay());                 // grad = grad.add(param, alpha=weight_decay)
      }
      float v = addcmul(squareAvg[i] * s.alpha(), gi, gi, s.oneMinusAlpha()); // square_avg.mul_(a).addcmul_(g, g, 1-a)
      squareAvg[i] = v;
      float avg;
      if (s.centered()) {
        float ga = add(gradAvg[i] * s.alpha(), gi, s.oneMinusAlpha()); // grad_avg.mul_(a).add_(grad, alpha=1-a)
        gradAvg[i] = ga;
        avg = (float) Math.sqrt(addcmul(v, ga, ga, -1f));           // square_avg.addcmul(ga, ga, value=-1).sqrt_()
      } else {
        avg = (float) Math.sqrt(v);                                 // square_avg.sqrt()
      }
      avg = avg + s.eps();                                          // avg.add_(eps)
      if (s.useMomentum()) {
        float b = addcdiv(buf[i] * s.momentum(), gi, avg, 1f);      // buf.mul_(momentum).addcdiv_(grad, avg)
        buf[i] = b;
        p[pOff + i] = add(p[pOff + i], b, s.negLr());               // param.add_(buf, alpha=-lr)
      } else {
        p[pOff + i] = addcdiv(p[pOff + i], gi, avg, s.negLr());     // param.addcdiv_(grad, avg, value=-lr)
      }
    }
  }

  // --------------------------------------------------------------------------------------------------- Adagrad

  @Override
  public void adagrad(float[] p, int pOff, float[] g, int gOff, int n, float[] sum, AdagradStep s) {
    checkAdagrad(p, pOff, g, gOff, n, sum);
    adagradRange(p, pOff, g, gOff, sum, 0, n, s);
  }

  /** Adagrad on elements {@code [from, to)}: {@code sum += g²}; {@code p −= clr·g / (sqrt(sum) + eps)}. */
  static void adagradRange(float[] p, int pOff, float[] g, int gOff, float[] sum, int from, int to,
      AdagradStep s) {
    for (int i = from; i < to; i++) {
      float gi = s.maximize() ? -g[gOff + i] : g[gOff + i];
      if (s.decay()) {
        gi = add(gi, p[pOff + i], s.weightDecay());                 // grad = grad.add(param, alpha=weight_decay)
      }
      float si = addcmul(sum[i], gi, gi, 1f);                       // state_sum.addcmul_(grad, grad, value=1)
      sum[i] = si;
      float std = (float) Math.sqrt(si) + s.eps();                  // state_sum.sqrt().add_(eps)
      p[pOff + i] = addcdiv(p[pOff + i], gi, std, s.negClr());      // param.addcdiv_(grad, std, value=-clr)
    }
  }

  // ---------------------------------------------------------------------------------------------------- Adamax

  @Override
  public void adamax(float[] p, int pOff, float[] g, int gOff, int n, float[] expAvg, float[] expInf,
      AdamaxStep s) {
    checkTwoBuffers("adamax", p, pOff, g, gOff, n, "exp_avg", expAvg, "exp_inf", expInf);
    adamaxRange(p, pOff, g, gOff, expAvg, expInf, 0, n, s);
  }

  /**
   * Adamax on elements {@code [from, to)}: {@code m = β1·m + (1−β1)·g}; {@code u = max(β2·u, |g| + eps)} (NaN
   * propagating, as {@code torch.amax}); {@code p −= clr·m/u}.
   */
  static void adamaxRange(float[] p, int pOff, float[] g, int gOff, float[] m, float[] u, int from, int to,
      AdamaxStep s) {
    for (int i = from; i < to; i++) {
      float gi = s.maximize() ? -g[gOff + i] : g[gOff + i];
      if (s.decay()) {
        gi = add(gi, p[pOff + i], s.weightDecay());                 // grad = grad.add(param, alpha=weight_decay)
      }
      float mi = add(m[i] * s.beta1(), gi, s.oneMinusBeta1());      // exp_avg.mul_(beta1).add_(grad, alpha=1-beta1)
      m[i] = mi;
      float ui = Math.max(u[i] * s.beta2(), Math.abs(gi) + s.eps()); // amax(cat([exp_inf*b2, |g|+eps]), 0)
      u[i] = ui;
      p[pOff + i] = addcdiv(p[pOff + i], mi, ui, s.negClr());       // param.addcdiv_(exp_avg, exp_inf, value=-clr)
    }
  }

  // ----------------------------------------------------------------------------------------------------- NAdam

  @Override
  public void nadam(float[] p, int pOff, float[] g, int gOff, int n, float[] expAvg, float[] expAvgSq,
      NadamStep s) {
    checkTwoBuffers("nadam", p, pOff, g, gOff, n, "exp_avg", expAvg, "exp_avg_sq", expAvgSq);
    nadamRange(p, pOff, g, gOff, expAvg, expAvgSq, 0, n, s);
  }

  /**
   * NAdam on elements {@code [from, to)}: Adam's moments, {@code denom = sqrt(v / bc2) + eps}, then two steps,
   * one along the gradient and one along the first moment, with the coefficients of {@link NadamStep}.
   */
  static void nadamRange(float[] p, int pOff, float[] g, int gOff, float[] m, float[] v, int from, int to,
      NadamStep s) {
    for (int i = from; i < to; i++) {
      float gi = g[gOff + i];
      if (s.decay()) {
        gi = add(gi, p[pOff + i], s.weightDecay());                 // grad = grad.add(param, alpha=weight_decay)
      }
      float mi = add(m[i] * s.beta1(), gi, s.oneMinusBeta1());      // exp_avg.mul_(beta1).add_(grad, alpha=1-beta1)
      m[i] = mi;
      float vi = addcmul(v[i] * s.beta2(), gi, gi, s.oneMinusBeta2()); // exp_avg_sq.mul_(b2).addcmul_(g, g, 1-b2)
      v[i] = vi;
      float denom = (float) Math.sqrt(vi / s.biasCorrection2()) + s.eps(); // exp_avg_sq.div(bc2).sqrt().add_(eps)
      float pi = addcdiv(p[pOff + i], gi, denom, s.gradCoef());     // param.addcdiv_(grad, denom, value=...)
      p[pOff + i] = addcdiv(pi, mi, denom, s.avgCoef());            // param.addcdiv_(exp_avg, denom, value=...)
    }
  }

  // ----------------------------------------------------------------------------------------------------- RAdam

  @Override
  public void radam(float[] p, int pOff, float[] g, int gOff, int n, float[] expAvg, float[] expAvgSq,
      RadamStep s) {
    checkTwoBuffers("radam", p, pOff, g, gOff, n, "exp_avg", expAvg, "exp_avg_sq", expAvgSq);
    radamRange(p, pOff, g, gOff, expAvg, expAvgSq, 0, n, s);
  }

  /**
   * RAdam on elements {@code [from, to)}: Adam's moments; {@code m̂ = m / bc1}; rectified, {@code p −= m̂·lr ·
   * (1/(sqrt(v) + eps))·sqrt(bc2) · rect}; otherwise {@code p −= m̂·lr}. PyTorch evaluates the scalar-over-tensor
   * {@code sqrt(bc2) / denom} as {@code denom.reciprocal() * sqrt(bc2)} (Tensor.__rtruediv__), hence the
   * reciprocal.
   */
  static void radamRange(float[] p, int pOff, float[] g, int gOff, float[] m, float[] v, int from, int to,
      RadamStep s) {
    for (int i = from; i < to; i++) {
      float gi = g[gOff + i];
      if (s.decay()) {
        gi = add(gi, p[pOff + i], s.weightDecay());                 // grad = grad.add(param, alpha=weight_decay)
      }
      float mi = add(m[i] * s.beta1(), gi, s.oneMinusBeta1());      // exp_avg.mul_(beta1).add_(grad, alpha=1-beta1)
      m[i] = mi;
      float vi = addcmul(v[i] * s.beta2(), gi, gi, s.oneMinusBeta2()); // exp_avg_sq.mul_(b2).addcmul_(g, g, 1-b2)
      v[i] = vi;
      float corrected = mi / s.biasCorrection1();                   // exp_avg / bias_correction1
      float update;
      if (s.rectified()) {
        float adaptiveLr = (1f / ((float) Math.sqrt(vi) + s.eps())) * s.biasCorrection2Sqrt();
        update = corrected * s.lr() * adaptiveLr * s.rect();        // bias_corrected_exp_avg * lr * adaptive_lr * rect
      } else {
        update = corrected * s.lr();                                // bias_corrected_exp_avg * lr
      }
      p[pOff + i] = p[pOff + i] - update;                           // param.add_(update, alpha=-1.0)
    }
  }

  // -------------------------------------------------------------------------------------------------- Adadelta

  @Override
  public void adadelta(float[] p, int pOff, float[] g, int gOff, int n, float[] squareAvg, float[] accDelta,
      AdadeltaStep s) {
    checkTwoBuffers("adadelta", p, pOff, g, gOff, n, "square_avg", squareAvg, "acc_delta", accDelta);
    adadeltaRange(p, pOff, g, gOff, squareAvg, accDelta, 0, n, s);
  }

  /**
   * Adadelta on elements {@code [from, to)}: {@code v = ρ·v + (1−ρ)·g²};
   * {@code δ = sqrt(a + eps) / sqrt(v + eps) · g}; {@code a = ρ·a + (1−ρ)·δ²}; {@code p −= lr·δ}.
   */
  static void adadeltaRange(float[] p, int pOff, float[] g, int gOff, float[] v, float[] a, int from, int to,
      AdadeltaStep s) {
    for (int i = from; i < to; i++) {
      float gi = s.maximize() ? -g[gOff + i] : g[gOff + i];
      if (s.decay()) {
        gi = add(gi, p[pOff + i], s.weightDecay());                 // grad = grad.add(param, alpha=weight_decay)
      }
      float vi = addcmul(v[i] * s.rho(), gi, gi, s.oneMinusRho());  // square_avg.mul_(rho).addcmul_(g, g, 1-rho)
      v[i] = vi;
      float std = (float) Math.sqrt(vi + s.eps());                  // square_avg.add(eps).sqrt_()
      float delta = (float) Math.sqrt(a[i] + s.eps()) / std * gi;   // acc_delta.add(eps).sqrt_().div_(std).mul_(g)
      a[i] = addcmul(a[i] * s.rho(), delta, delta, s.oneMinusRho()); // acc_delta.mul_(rho).addcmul_(d, d, 1-rho)
      p[pOff + i] = add(p[pOff + i], delta, s.negLr());             // param.add_(delta, alpha=-lr)
    }
  }

  // ------------------------------------------------------------------------------------------------------ ASGD

  @Override
  public void asgd(float[] p, int pOff, float[] g, int gOff, int n, float[] ax, AsgdStep s) {
    checkAsgd(p, pOff, g, gOff, n, ax);
    asgdRange(p, pOff, g, gOff, ax, 0, n, s);
  }

  /**
   * ASGD on elements {@code [from, to)}: {@code p = p·(1 − λ·η) − η·g}; then {@code ax += (p − ax)·μ}, or
   * {@code ax = p} while {@code μ} is 1.
   */
  static void asgdRange(float[] p, int pOff, float[] g, int gOff, float[] ax, int from, int to, AsgdStep s) {
    for (int i = from; i < to; i++) {
      float gi = s.maximize() ? -g[gOff + i] : g[gOff + i];
      if (s.useDecay()) {
        gi = add(gi, p[pOff + i], s.weightDecay());                 // grad = grad.add(param, alpha=weight_decay)
      }
      float pi = p[pOff + i] * s.decay();                           // param.mul_(1 - lambd * eta.item())
      pi = add(pi, gi, s.negEta());                                 // param.add_(grad, alpha=-eta.item())
      p[pOff + i] = pi;
      ax[i] = s.average() ? ax[i] + (pi - ax[i]) * s.mu() : pi;     // ax.add_(param.sub(ax).mul(mu)), else copy_
    }
  }

  // ----------------------------------------------------------------------------------------------------- Rprop

  @Override
  public void rprop(float[] p, int pOff, float[] g, int gOff, int n, float[] prev, float[] stepSize, RpropStep s) {
    checkTwoBuffers("rprop", p, pOff, g, gOff, n, "prev", prev, "step_size", stepSize);
    rpropRange(p, pOff, g, gOff, prev, stepSize, 0, n, s);
  }

  /**
   * Rprop on elements {@code [from, to)}: the step size grows by etaplus where the gradient kept its sign, shrinks
   * by etaminus where it flipped (and that gradient is then taken as 0), clamped to [min, max]; {@code p −=
   * sign(g)·step}; {@code prev = g}.
   */
  static void rpropRange(float[] p, int pOff, float[] g, int gOff, float[] prev, float[] stepSize, int from, int to,
      RpropStep s) {
    for (int i = from; i < to; i++) {
      float gi = s.maximize() ? -g[gOff + i] : g[gOff + i];
      float sign = sign(gi * prev[i]);                              // grad.mul(prev).sign()
      float factor = sign > 0 ? s.etaPlus() : sign < 0 ? s.etaMinus() : 1f; // sign[gt 0] = etaplus, ...
      float step = Math.min(Math.max(stepSize[i] * factor, s.stepSizeMin()), s.stepSizeMax()); // mul_, clamp_
      stepSize[i] = step;
      if (factor == s.etaMinus()) {
        gi = 0f;                                                    // grad[sign.eq(etaminus)] = 0
      }
      p[pOff + i] = addcmul(p[pOff + i], sign(gi), step, -1f);      // param.addcmul_(grad.sign(), step_size, value=-1)
      prev[i] = gi;                                                 // prev.copy_(grad)
    }
  }

  /** {@code torch.sign} of 1.13's CPU kernel: 1, -1, or 0 for zeros of both signs and for NaN. */
  static float sign(float x) {
    return x > 0 ? 1f : x < 0 ? -1f : 0f;
  }

  // ---------------------------------------------------------------------------------------------------- checks
  // Done once per call, before any loop, by both twins: a short array must not leave a half-updated parameter.
  // Messages are built only on failure, so the success path does not allocate.

  static void checkSgd(float[] p, int pOff, float[] g, int gOff, int n, float[] buf, SgdStep s) {
    checkParamAndGrad("sgd", p, pOff, g, gOff, n);
    if (s.useMomentum()) {
      checkBuffer("sgd", "momentum_buffer", buf, n, "momentum is used");
    }
  }

  static void checkAdam(float[] p, int pOff, float[] g, int gOff, int n, float[] expAvg, float[] expAvgSq,
      float[] maxExpAvgSq, AdamStep s) {
    checkParamAndGrad("adam", p, pOff, g, gOff, n);
    checkBuffer("adam", "exp_avg", expAvg, n, null);
    checkBuffer("adam", "exp_avg_sq", expAvgSq, n, null);
    if (s.amsgrad()) {
      checkBuffer("adam", "max_exp_avg_sq", maxExpAvgSq, n, "amsgrad is on");
    }
  }

  static void checkRmsprop(float[] p, int pOff, float[] g, int gOff, int n, float[] squareAvg, float[] gradAvg,
      float[] buf, RmspropStep s) {
    checkParamAndGrad("rmsprop", p, pOff, g, gOff, n);
    checkBuffer("rmsprop", "square_avg", squareAvg, n, null);
    if (s.centered()) {
      checkBuffer("rmsprop", "grad_avg", gradAvg, n, "centered is on");
    }
    if (s.useMomentum()) {
      checkBuffer("rmsprop", "momentum_buffer", buf, n, "momentum is used");
    }
  }

  static void checkAdagrad(float[] p, int pOff, float[] g, int gOff, int n, float[] sum) {
    checkParamAndGrad("adagrad", p, pOff, g, gOff, n);
    checkBuffer("adagrad", "sum", sum, n, null);
  }

  /** The parameter, the gradient and two state buffers that every step of the rule needs. */
  static void checkTwoBuffers(String rule, float[] p, int pOff, float[] g, int gOff, int n, String firstName,
      float[] first, String secondName, float[] second) {
    checkParamAndGrad(rule, p, pOff, g, gOff, n);
    checkBuffer(rule, firstName, first, n, null);
    checkBuffer(rule, secondName, second, n, null);
  }

  static void checkAsgd(float[] p, int pOff, float[] g, int gOff, int n, float[] ax) {
    checkParamAndGrad("asgd", p, pOff, g, gOff, n);
    checkBuffer("asgd", "ax", ax, n, null);
  }

  private static void checkParamAndGrad(String rule, float[] p, int pOff, float[] g, int gOff, int n) {
    checkRange(rule, "param", p, pOff, n);
    checkRange(rule, "grad", g, gOff, n);
  }

  /** The buffer {@code [0, n)}; {@code why} (may be null) says what needs it, for the message when it is null. */
  private static void checkBuffer(String rule, String name, float[] buf, int n, String why) {
    checkArgument(buf != null || why == null, "%s: %s is null but %s", rule, name, why);
    checkRange(rule, name, buf, 0, n);
  }

  private static void checkRange(String rule, String name, float[] x, int off, int n) {
    checkArgument(x != null, "%s: %s is null", rule, name);
    if (n < 0 || off < 0 || off > x.length - n) {
      throw new IllegalArgumentException(rule + ": " + name + " range [" + off + ", " + ((long) off + n)
          + ") (offset " + off + ", length " + n + ") is outside the array of length " + x.length);
    }
  }
}
