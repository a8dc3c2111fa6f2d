package dev.jgrad.optim;

/**
 * The update maths of the built-in optimizers: float32 loops over the parameter, gradient and state arrays that
 * reproduce PyTorch's single-tensor code path ({@code _single_tensor_sgd}, {@code _single_tensor_adam}, ...) to
 * the bit.
 *
 * <p>Rounding note (why the loops look the way they do). Each PyTorch tensor op rounds once to float32, and its
 * scalar arguments are Python doubles cast to float. Measured on torch 1.13's CPU kernels (tools/gen_optim_golden.py
 * fixtures, and a probe comparing against numpy float32): {@code a.add(b, alpha=s)} is one fused multiply-add
 * {@code fma(b, s, a)}; {@code a.addcmul(b, c, value=s)} is {@code fma(s*b, c, a)}; {@code a.addcdiv(b, c,
 * value=s)} is {@code a + (s*b)/c} (no fma); {@code mul}, {@code div}, {@code sqrt} by a scalar round once. Scalars
 * computed from hyperparameters ({@code 1 - beta1}, {@code lr / bias_correction1}) are computed in double first,
 * exactly as Python does, then cast. Every loop below follows its PyTorch line in that order; changing the order
 * of operations changes the last bit of the result.
 *
 * <p>SGD and Adam/AdamW run the same maths through the SIMD kernels ({@link dev.jgrad.autograd.Fused#sgd},
 * {@link dev.jgrad.autograd.Fused#adam}); {@link #sgd} and {@link #adam} stay here as the readable transcription the
 * kernels are tested against bit for bit (UpdateRulesTest). RMSprop and Adagrad run these loops directly on the
 * tensors' storage through {@link dev.jgrad.autograd.Fused#update}.
 */
final class UpdateRules {
  private UpdateRules() {}

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

  /**
   * SGD: {@code d = ±g (+ wd·p)}; with momentum {@code buf = d} on the first step, else {@code buf = μ·buf +
   * (1−dampening)·d}; {@code d = nesterov ? d + μ·buf : buf}; {@code p −= lr·d}.
   *
   * @param buf the momentum buffer (ignored when momentum is 0)
   * @param firstStep true when {@code buf} holds no value yet: it is set to {@code d}
   */
  static void sgd(float[] p, float[] g, float[] buf, boolean firstStep, double lr, double momentum,
      double dampening, double weightDecay, boolean nesterov, boolean maximize) {
    float wd = (float) weightDecay;
    float mom = (float) momentum;
    float keep = (float) (1 - dampening);
    float negLr = (float) -lr;
    boolean decay = weightDecay != 0;
    boolean useMomentum = momentum != 0;
    for (int i = 0; i < p.length; i++) {
      float d = maximize ? -g[i] : g[i];
      if (decay) {
        d = add(d, p[i], wd);                           // d_p.add(param, alpha=weight_decay)
      }
      if (useMomentum) {
        float b = firstStep ? d : add(buf[i] * mom, d, keep);   // buf.mul_(momentum).add_(d_p, alpha=1-damp)
        buf[i] = b;
        d = nesterov ? add(d, b, mom) : b;              // d_p.add(buf, alpha=momentum)
      }
      p[i] = add(p[i], d, negLr);                       // param.add_(d_p, alpha=-lr)
    }
  }

  /**
   * Adam and AdamW (PyTorch 1.13's {@code _single_tensor_adam}/{@code _single_tensor_adamw}, float step count
   * {@code step} already incremented). With {@code decoupled} the decay is {@code p *= 1 − lr·wd} before the
   * moments (AdamW); otherwise it is L2, {@code g += wd·p} (Adam).
   *
   * @param maxExpAvgSq the running maximum of {@code expAvgSq} (amsgrad only, else ignored)
   */
  static void adam(float[] p, float[] g, float[] expAvg, float[] expAvgSq, float[] maxExpAvgSq, double step,
      double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad, boolean maximize,
      boolean decoupled) {
    double biasCorrection1 = 1 - StrictMath.pow(beta1, step);
    double biasCorrection2 = 1 - StrictMath.pow(beta2, step);
    float negStepSize = (float) -(lr / biasCorrection1);
    float bc2Sqrt = (float) Math.sqrt(biasCorrection2);
    float b1 = (float) beta1;
    float oneMinusB1 = (float) (1 - beta1);
    float b2 = (float) beta2;
    float oneMinusB2 = (float) (1 - beta2);
    float epsF = (float) eps;
    float wd = (float) weightDecay;
    float decayFactor = (float) (1 - lr * weightDecay);
    boolean l2 = !decoupled && weightDecay != 0;
    for (int i = 0; i < p.length; i++) {
      float gi = maximize ? -g[i] : g[i];
      float pi = p[i];
      if (decoupled) {
        pi = pi * decayFactor;                            // param.mul_(1 - lr * weight_decay)
      } else if (l2) {
        gi = add(gi, pi, wd);                             // grad.add(param, alpha=weight_decay)
      }
      float m = add(expAvg[i] * b1, gi, oneMinusB1);                 // exp_avg.mul_(b1).add_(grad, alpha=1-b1)
      float v = addcmul(expAvgSq[i] * b2, gi, gi, oneMinusB2);       // exp_avg_sq.mul_(b2).addcmul_(g, g, 1-b2)
      expAvg[i] = m;
      expAvgSq[i] = v;
      float base = v;
      if (amsgrad) {
        base = Math.max(maxExpAvgSq[i], v);               // torch.maximum over the raw (not bias-corrected) v
        maxExpAvgSq[i] = base;
      }
      float denom = (float) Math.sqrt(base) / bc2Sqrt + epsF;        // (v.sqrt() / bc2_sqrt).add_(eps)
      p[i] = addcdiv(pi, m, denom, negStepSize);          // param.addcdiv_(exp_avg, denom, value=-step_size)
    }
  }

  /**
   * RMSprop: {@code v = α·v + (1−α)·g²}; centered: {@code ḡ = α·ḡ + (1−α)·g}, {@code avg = sqrt(v − ḡ²) + eps},
   * else {@code avg = sqrt(v) + eps}; with momentum {@code buf = μ·buf + g/avg}, {@code p −= lr·buf}, else
   * {@code p −= lr·g/avg}.
   *
   * <p>The parameter and gradient are {@code p[pOff ..]} and {@code g[gOff ..]} ({@code n} values, as
   * {@link dev.jgrad.autograd.Fused#update} hands them over); the state buffers start at 0.
   *
   * @param gradAvg centered only, else ignored
   * @param buf momentum &gt; 0 only, else ignored
   */
  static void rmsprop(float[] p, int pOff, float[] g, int gOff, int n, float[] squareAvg, float[] gradAvg,
      float[] buf, double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered,
      boolean maximize) {
    float a = (float) alpha;
    float oneMinusA = (float) (1 - alpha);
    float epsF = (float) eps;
    float wd = (float) weightDecay;
    float mom = (float) momentum;
    float negLr = (float) -lr;
    boolean decay = weightDecay != 0;
    boolean useMomentum = momentum > 0;
    for (int i = 0; i < n; i++) {
      float gi = maximize ? -g[gOff + i] : g[gOff + i];
      if (decay) {
        gi = add(gi, p[pOff + i], wd);                    // grad.add(param, alpha=weight_decay)
      }
      float v = addcmul(squareAvg[i] * a, gi, gi, oneMinusA);        // square_avg.mul_(a).addcmul_(g, g, 1-a)
      squareAvg[i] = v;
      float avg;
      if (centered) {
        float ga = add(gradAvg[i] * a, gi, oneMinusA);               // grad_avg.mul_(a).add_(grad, alpha=1-a)
        gradAvg[i] = ga;
        avg = (float) Math.sqrt(addcmul(v, ga, ga, -1f)); // square_avg.addcmul(ga, ga, value=-1).sqrt_()
      } else {
        avg = (float) Math.sqrt(v);
      }
      avg = avg + epsF;                                   // avg.add_(eps)
      if (useMomentum) {
        float b = addcdiv(buf[i] * mom, gi, avg, 1f);     // buf.mul_(momentum).addcdiv_(grad, avg)
        buf[i] = b;
        p[pOff + i] = add(p[pOff + i], b, negLr);         // param.add_(buf, alpha=-lr)
      } else {
        p[pOff + i] = addcdiv(p[pOff + i], gi, avg, negLr); // param.addcdiv_(grad, avg, value=-lr)
      }
    }
  }

  /**
   * Adagrad: {@code clr = lr / (1 + (step−1)·lrDecay)}; {@code sum += g²}; {@code p −= clr·g / (sqrt(sum) +
   * eps)} ({@code step} already incremented). The parameter and gradient are {@code p[pOff ..]} and
   * {@code g[gOff ..]} ({@code n} values); {@code sum} starts at 0.
   */
  static void adagrad(float[] p, int pOff, float[] g, int gOff, int n, float[] sum, double step, double lr,
      double lrDecay, double eps, double weightDecay, boolean maximize) {
    double clr = lr / (1 + (step - 1) * lrDecay);
    float negClr = (float) -clr;
    float epsF = (float) eps;
    float wd = (float) weightDecay;
    boolean decay = weightDecay != 0;
    for (int i = 0; i < n; i++) {
      float gi = maximize ? -g[gOff + i] : g[gOff + i];
      if (decay) {
        gi = add(gi, p[pOff + i], wd);                    // grad.add(param, alpha=weight_decay)
      }
      float s = addcmul(sum[i], gi, gi, 1f);              // state_sum.addcmul_(grad, grad, value=1)
      sum[i] = s;
      float std = (float) Math.sqrt(s) + epsF;            // state_sum.sqrt().add_(eps)
      p[pOff + i] = addcdiv(p[pOff + i], gi, std, negClr); // param.addcdiv_(grad, std, value=-clr)
    }
  }
}
