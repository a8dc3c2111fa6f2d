package dev.jgrad.optim;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The plain-Java {@link UpdateRules}: the oracle. Each loop body is PyTorch 1.13's single-tensor code path
 * ({@code torch/optim/sgd.py}, {@code adam.py}, {@code adamw.py}, {@code rmsprop.py}, {@code adagrad.py}) one
 * tensor op per line, in order, rounded as the CPU kernel rounds it (see {@link UpdateRules} and {@link #add},
 * {@link #addcmul}, {@link #addcdiv}). The range methods ({@code sgdRange}, ...) also finish the SIMD rules'
 * tails, so both give the same bits.
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
