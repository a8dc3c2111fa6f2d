package dev.jgrad.optim;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link UpdateRules} on the {@code jdk.incubator.vector} module. Each loop repeats, lane by lane and in the same
 * order, the float operations of its {@link JavaUpdateRules} range method, and finishes the tail with that method,
 * so both give the same bits: {@code FloatVector.fma} rounds once like {@code Math.fma}, and the lane-wise
 * {@code sqrt}, {@code div}, {@code mul} and {@code add} are the IEEE operations. Only the kernels' own choice
 * loads this class, by name ({@link UpdateRules#get()}), so the library still runs without the module.
 */
final class VectorUpdateRules implements UpdateRules {

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  /** Constructed by name through {@link dev.jgrad.autograd.kernels.KernelChoice}. */
  VectorUpdateRules() {}

  @Override
  public String name() {
    return "vector";
  }

  @Override
  public String toString() {
    return "vector (FloatVector " + L + " lanes)";
  }

  @Override
  public void sgd(float[] p, int pOff, float[] g, int gOff, int n, float[] buf, SgdStep s) {
    JavaUpdateRules.checkSgd(p, pOff, g, gOff, n, buf, s);
    FloatVector wd = FloatVector.broadcast(S, s.weightDecay());
    FloatVector mom = FloatVector.broadcast(S, s.momentum());
    FloatVector keep = FloatVector.broadcast(S, s.keep());
    FloatVector negLr = FloatVector.broadcast(S, s.negLr());
    boolean maximize = s.maximize();        // the flags in locals: loop-invariant for C2 without proving it
    boolean decay = s.decay();
    boolean useMomentum = s.useMomentum();
    boolean firstStep = s.firstStep();
    boolean nesterov = s.nesterov();
    int upper = S.loopBound(n);
    for (int i = 0; i < upper; i += L) {
      FloatVector d = FloatVector.fromArray(S, g, gOff + i);
      if (maximize) {
        d = d.neg();
      }
      FloatVector pv = FloatVector.fromArray(S, p, pOff + i);
      if (decay) {
        d = pv.fma(wd, d);
      }
      if (useMomentum) {
        FloatVector b = firstStep ? d : d.fma(keep, FloatVector.fromArray(S, buf, i).mul(mom));
        b.intoArray(buf, i);
        d = nesterov ? b.fma(mom, d) : b;
      }
      d.fma(negLr, pv).intoArray(p, pOff + i);
    }
    JavaUpdateRules.sgdRange(p, pOff, g, gOff, buf, upper, n, s);
  }

  @Override
  public void adam(float[] p, int pOff, float[] g, int gOff, int n, float[] expAvg, float[] expAvgSq,
      float[] maxExpAvgSq, AdamStep s) {
    JavaUpdateRules.checkAdam(p, pOff, g, gOff, n, expAvg, expAvgSq, maxExpAvgSq, s);
    FloatVector wd = FloatVector.broadcast(S, s.weightDecay());
    FloatVector decay = FloatVector.broadcast(S, s.decay());
    FloatVector b1 = FloatVector.broadcast(S, s.beta1());
    FloatVector oneMinusB1 = FloatVector.broadcast(S, s.oneMinusBeta1());
    FloatVector b2 = FloatVector.broadcast(S, s.beta2());
    FloatVector oneMinusB2 = FloatVector.broadcast(S, s.oneMinusBeta2());
    FloatVector bc2Sqrt = FloatVector.broadcast(S, s.biasCorrection2Sqrt());
    FloatVector eps = FloatVector.broadcast(S, s.eps());
    FloatVector negStep = FloatVector.broadcast(S, s.negStepSize());
    boolean maximize = s.maximize();
    boolean decoupled = s.decoupled();
    boolean l2 = s.l2();
    boolean amsgrad = s.amsgrad();
    int upper = S.loopBound(n);
    for (int i = 0; i < upper; i += L) {
      FloatVector gi = FloatVector.fromArray(S, g, gOff + i);
      if (maximize) {
        gi = gi.neg();
      }
      FloatVector pi = FloatVector.fromArray(S, p, pOff + i);
      if (decoupled) {
        pi = pi.mul(decay);
      } else if (l2) {
        gi = pi.fma(wd, gi);
      }
      FloatVector mi = gi.fma(oneMinusB1, FloatVector.fromArray(S, expAvg, i).mul(b1));
      mi.intoArray(expAvg, i);
      FloatVector vi = oneMinusB2.mul(gi).fma(gi, FloatVector.fromArray(S, expAvgSq, i).mul(b2));
      vi.intoArray(expAvgSq, i);
      if (amsgrad) {
        vi = FloatVector.fromArray(S, maxExpAvgSq, i).max(vi);
        vi.intoArray(maxExpAvgSq, i);
      }
      FloatVector denom = vi.sqrt().div(bc2Sqrt).add(eps);
      pi.add(negStep.mul(mi).div(denom)).intoArray(p, pOff + i);
    }
    JavaUpdateRules.adamRange(p, pOff, g, gOff, expAvg, expAvgSq, maxExpAvgSq, upper, n, s);
  }

  @Override
  public void rmsprop(float[] p, int pOff, float[] g, int gOff, int n, float[] squareAvg, float[] gradAvg,
      float[] buf, RmspropStep s) {
    JavaUpdateRules.checkRmsprop(p, pOff, g, gOff, n, squareAvg, gradAvg, buf, s);
    FloatVector alpha = FloatVector.broadcast(S, s.alpha());
    FloatVector oneMinusAlpha = FloatVector.broadcast(S, s.oneMinusAlpha());
    FloatVector eps = FloatVector.broadcast(S, s.eps());
    FloatVector wd = FloatVector.broadcast(S, s.weightDecay());
    FloatVector mom = FloatVector.broadcast(S, s.momentum());
    FloatVector negLr = FloatVector.broadcast(S, s.negLr());
    boolean maximize = s.maximize();
    boolean decay = s.decay();
    boolean centered = s.centered();
    boolean useMomentum = s.useMomentum();
    int upper = S.loopBound(n);
    for (int i = 0; i < upper; i += L) {
      FloatVector gi = FloatVector.fromArray(S, g, gOff + i);
      if (maximize) {
        gi = gi.neg();
      }
      FloatVector pv = FloatVector.fromArray(S, p, pOff + i);
      if (decay) {
        gi = pv.fma(wd, gi);
      }
      FloatVector v = oneMinusAlpha.mul(gi).fma(gi, FloatVector.fromArray(S, squareAvg, i).mul(alpha));
      v.intoArray(squareAvg, i);
      FloatVector avg;
      if (centered) {
        FloatVector ga = gi.fma(oneMinusAlpha, FloatVector.fromArray(S, gradAvg, i).mul(alpha));
        ga.intoArray(gradAvg, i);
        avg = ga.neg().fma(ga, v).sqrt();      // addcmul(v, ga, ga, value=-1): fma(-1·ga, ga, v), -1·ga is -ga
      } else {
        avg = v.sqrt();
      }
      avg = avg.add(eps);
      if (useMomentum) {
        FloatVector b = FloatVector.fromArray(S, buf, i).mul(mom).add(gi.div(avg));   // value 1: 1·g is g
        b.intoArray(buf, i);
        b.fma(negLr, pv).intoArray(p, pOff + i);
      } else {
        pv.add(negLr.mul(gi).div(avg)).intoArray(p, pOff + i);
      }
    }
    JavaUpdateRules.rmspropRange(p, pOff, g, gOff, squareAvg, gradAvg, buf, upper, n, s);
  }

  @Override
  public void adagrad(float[] p, int pOff, float[] g, int gOff, int n, float[] sum, AdagradStep s) {
    JavaUpdateRules.checkAdagrad(p, pOff, g, gOff, n, sum);
    FloatVector eps = FloatVector.broadcast(S, s.eps());
    FloatVector wd = FloatVector.broadcast(S, s.weightDecay());
    FloatVector negClr = FloatVector.broadcast(S, s.negClr());
    boolean maximize = s.maximize();
    boolean decay = s.decay();
    int upper = S.loopBound(n);
    for (int i = 0; i < upper; i += L) {
      FloatVector gi = FloatVector.fromArray(S, g, gOff + i);
      if (maximize) {
        gi = gi.neg();
      }
      FloatVector pv = FloatVector.fromArray(S, p, pOff + i);
      if (decay) {
        gi = pv.fma(wd, gi);
      }
      FloatVector si = gi.fma(gi, FloatVector.fromArray(S, sum, i));   // value 1: 1·g is g
      si.intoArray(sum, i);
      FloatVector std = si.sqrt().add(eps);
      pv.add(negClr.mul(gi).div(std)).intoArray(p, pOff + i);
    }
    JavaUpdateRules.adagradRange(p, pOff, g, gOff, sum, upper, n, s);
  }
  @Override
  public void adamax(float[] p, int pOff, float[] g, int gOff, int n, float[] expAvg, float[] expInf,
      AdamaxStep s) {
    JavaUpdateRules.checkTwoBuffers("adamax", p, pOff, g, gOff, n, "exp_avg", expAvg, "exp_inf", expInf);
    FloatVector wd = FloatVector.broadcast(S, s.weightDecay());
    FloatVector b1 = FloatVector.broadcast(S, s.beta1());
    FloatVector oneMinusB1 = FloatVector.broadcast(S, s.oneMinusBeta1());
    FloatVector b2 = FloatVector.broadcast(S, s.beta2());
    FloatVector eps = FloatVector.broadcast(S, s.eps());
    FloatVector negClr = FloatVector.broadcast(S, s.negClr());
    boolean maximize = s.maximize();
    boolean decay = s.decay();
    int upper = S.loopBound(n);
    for (int i = 0; i < upper; i += L) {
      FloatVector gi = FloatVector.fromArray(S, g, gOff + i);
      if (maximize) {
        gi = gi.neg();
      }
      FloatVector pv = FloatVector.fromArray(S, p, pOff + i);
      if (decay) {
        gi = pv.fma(wd, gi);
      }
      FloatVector mi = gi.fma(oneMinusB1, FloatVector.fromArray(S, expAvg, i).mul(b1));
      mi.intoArray(expAvg, i);
      FloatVector ui = FloatVector.fromArray(S, expInf, i).mul(b2).max(gi.abs().add(eps));  // max: NaN-propagating
      ui.intoArray(expInf, i);
      pv.add(negClr.mul(mi).div(ui)).intoArray(p, pOff + i);
    }
    JavaUpdateRules.adamaxRange(p, pOff, g, gOff, expAvg, expInf, upper, n, s);
  }

  @Override
  public void nadam(float[] p, int pOff, float[] g, int gOff, int n, float[] expAvg, float[] expAvgSq,
      NadamStep s) {
    JavaUpdateRules.checkTwoBuffers("nadam", p, pOff, g, gOff, n, "exp_avg", expAvg, "exp_avg_sq", expAvgSq);
    FloatVector wd = FloatVector.broadcast(S, s.weightDecay());
    FloatVector b1 = FloatVector.broadcast(S, s.beta1());
    FloatVector oneMinusB1 = FloatVector.broadcast(S, s.oneMinusBeta1());
    FloatVector b2 = FloatVector.broadcast(S, s.beta2());
    FloatVector oneMinusB2 = FloatVector.broadcast(S, s.oneMinusBeta2());
    FloatVector bc2 = FloatVector.broadcast(S, s.biasCorrection2());
    FloatVector eps = FloatVector.broadcast(S, s.eps());
    FloatVector gradCoef = FloatVector.broadcast(S, s.gradCoef());
    FloatVector avgCoef = FloatVector.broadcast(S, s.avgCoef());
    boolean decay = s.decay();
    int upper = S.loopBound(n);
    for (int i = 0; i < upper; i += L) {
      FloatVector gi = FloatVector.fromArray(S, g, gOff + i);
      FloatVector pv = FloatVector.fromArray(S, p, pOff + i);
      if (decay) {
        gi = pv.fma(wd, gi);
      }
      FloatVector mi = gi.fma(oneMinusB1, FloatVector.fromArray(S, expAvg, i).mul(b1));
      mi.intoArray(expAvg, i);
      FloatVector vi = oneMinusB2.mul(gi).fma(gi, FloatVector.fromArray(S, expAvgSq, i).mul(b2));
      vi.intoArray(expAvgSq, i);
      FloatVector denom = vi.div(bc2).sqrt().add(eps);
      pv = pv.add(gradCoef.mul(gi).div(denom));
      pv.add(avgCoef.mul(mi).div(denom)).intoArray(p, pOff + i);
    }
    JavaUpdateRules.nadamRange(p, pOff, g, gOff, expAvg, expAvgSq, upper, n, s);
  }

  @Override
  public void radam(float[] p, int pOff, float[] g, int gOff, int n, float[] expAvg, float[] expAvgSq,
      RadamStep s) {
    JavaUpdateRules.checkTwoBuffers("radam", p, pOff, g, gOff, n, "exp_avg", expAvg, "exp_avg_sq", expAvgSq);
    FloatVector wd = FloatVector.broadcast(S, s.weightDecay());
    FloatVector b1 = FloatVector.broadcast(S, s.beta1());
    FloatVector oneMinusB1 = FloatVector.broadcast(S, s.oneMinusBeta1());
    FloatVector b2 = FloatVector.broadcast(S, s.beta2());
    FloatVector oneMinusB2 = FloatVector.broadcast(S, s.oneMinusBeta2());
    FloatVector bc1 = FloatVector.broadcast(S, s.biasCorrection1());
    FloatVector lr = FloatVector.broadcast(S, s.lr());
    FloatVector one = FloatVector.broadcast(S, 1f);
    FloatVector eps = FloatVector.broadcast(S, s.eps());
    FloatVector bc2Sqrt = FloatVector.broadcast(S, s.biasCorrection2Sqrt());
    FloatVector rect = FloatVector.broadcast(S, s.rect());
    boolean decay = s.decay();
    boolean rectified = s.rectified();
    int upper = S.loopBound(n);
    for (int i = 0; i < upper; i += L) {
      FloatVector gi = FloatVector.fromArray(S, g, gOff + i);
      FloatVector pv = FloatVector.fromArray(S, p, pOff + i);
      if (decay) {
        gi = pv.fma(wd, gi);
      }
      FloatVector mi = gi.fma(oneMinusB1, FloatVector.fromArray(S, expAvg, i).mul(b1));
      mi.intoArray(expAvg, i);
      FloatVector vi = oneMinusB2.mul(gi).fma(gi, FloatVector.fromArray(S, expAvgSq, i).mul(b2));
      vi.intoArray(expAvgSq, i);
      FloatVector update = mi.div(bc1).mul(lr);
      if (rectified) {
        update = update.mul(one.div(vi.sqrt().add(eps)).mul(bc2Sqrt)).mul(rect);
      }
      pv.sub(update).intoArray(p, pOff + i);
    }
    JavaUpdateRules.radamRange(p, pOff, g, gOff, expAvg, expAvgSq, upper, n, s);
  }

  @Override
  public void adadelta(float[] p, int pOff, float[] g, int gOff, int n, float[] squareAvg, float[] accDelta,
      AdadeltaStep s) {
    JavaUpdateRules.checkTwoBuffers("adadelta", p, pOff, g, gOff, n, "square_avg", squareAvg, "acc_delta",
        accDelta);
    FloatVector wd = FloatVector.broadcast(S, s.weightDecay());
    FloatVector rho = FloatVector.broadcast(S, s.rho());
    FloatVector oneMinusRho = FloatVector.broadcast(S, s.oneMinusRho());
    FloatVector eps = FloatVector.broadcast(S, s.eps());
    FloatVector negLr = FloatVector.broadcast(S, s.negLr());
    boolean maximize = s.maximize();
    boolean decay = s.decay();
    int upper = S.loopBound(n);
    for (int i = 0; i < upper; i += L) {
      FloatVector gi = FloatVector.fromArray(S, g, gOff + i);
      if (maximize) {
        gi = gi.neg();
      }
      FloatVector pv = FloatVector.fromArray(S, p, pOff + i);
      if (decay) {
        gi = pv.fma(wd, gi);
      }
      FloatVector vi = oneMinusRho.mul(gi).fma(gi, FloatVector.fromArray(S, squareAvg, i).mul(rho));
      vi.intoArray(squareAvg, i);
      FloatVector std = vi.add(eps).sqrt();
      FloatVector ai = FloatVector.fromArray(S, accDelta, i);
      FloatVector delta = ai.add(eps).sqrt().div(std).mul(gi);
      oneMinusRho.mul(delta).fma(delta, ai.mul(rho)).intoArray(accDelta, i);
      delta.fma(negLr, pv).intoArray(p, pOff + i);
    }
    JavaUpdateRules.adadeltaRange(p, pOff, g, gOff, squareAvg, accDelta, upper, n, s);
  }

  @Override
  public void asgd(float[] p, int pOff, float[] g, int gOff, int n, float[] ax, AsgdStep s) {
    JavaUpdateRules.checkAsgd(p, pOff, g, gOff, n, ax);
    FloatVector wd = FloatVector.broadcast(S, s.weightDecay());
    FloatVector decay = FloatVector.broadcast(S, s.decay());
    FloatVector negEta = FloatVector.broadcast(S, s.negEta());
    FloatVector mu = FloatVector.broadcast(S, s.mu());
    boolean maximize = s.maximize();
    boolean useDecay = s.useDecay();
    boolean average = s.average();
    int upper = S.loopBound(n);
    for (int i = 0; i < upper; i += L) {
      FloatVector gi = FloatVector.fromArray(S, g, gOff + i);
      if (maximize) {
        gi = gi.neg();
      }
      FloatVector pv = FloatVector.fromArray(S, p, pOff + i);
      if (useDecay) {
        gi = pv.fma(wd, gi);
      }
      pv = gi.fma(negEta, pv.mul(decay));
      pv.intoArray(p, pOff + i);
      if (average) {
        FloatVector a = FloatVector.fromArray(S, ax, i);
        a.add(pv.sub(a).mul(mu)).intoArray(ax, i);
      } else {
        pv.intoArray(ax, i);
      }
    }
    JavaUpdateRules.asgdRange(p, pOff, g, gOff, ax, upper, n, s);
  }

  @Override
  public void rprop(float[] p, int pOff, float[] g, int gOff, int n, float[] prev, float[] stepSize, RpropStep s) {
    JavaUpdateRules.checkTwoBuffers("rprop", p, pOff, g, gOff, n, "prev", prev, "step_size", stepSize);
    FloatVector zero = FloatVector.zero(S);
    FloatVector one = FloatVector.broadcast(S, 1f);
    FloatVector etaMinus = FloatVector.broadcast(S, s.etaMinus());
    FloatVector etaPlus = FloatVector.broadcast(S, s.etaPlus());
    FloatVector min = FloatVector.broadcast(S, s.stepSizeMin());
    FloatVector max = FloatVector.broadcast(S, s.stepSizeMax());
    boolean maximize = s.maximize();
    int upper = S.loopBound(n);
    for (int i = 0; i < upper; i += L) {
      FloatVector gi = FloatVector.fromArray(S, g, gOff + i);
      if (maximize) {
        gi = gi.neg();
      }
      FloatVector product = gi.mul(FloatVector.fromArray(S, prev, i));
      // sign > 0 → etaplus, sign < 0 → etaminus, else (zeros and NaN, whose sign is 0) → 1
      FloatVector factor = one.blend(etaPlus, product.compare(VectorOperators.GT, zero))
          .blend(etaMinus, product.compare(VectorOperators.LT, zero));
      FloatVector step = FloatVector.fromArray(S, stepSize, i).mul(factor).max(min).min(max);
      step.intoArray(stepSize, i);
      gi = gi.blend(zero, factor.compare(VectorOperators.EQ, etaMinus));
      FloatVector sign = zero.blend(one, gi.compare(VectorOperators.GT, zero))
          .blend(one.neg(), gi.compare(VectorOperators.LT, zero));
      sign.neg().fma(step, FloatVector.fromArray(S, p, pOff + i)).intoArray(p, pOff + i);
      gi.intoArray(prev, i);
    }
    JavaUpdateRules.rpropRange(p, pOff, g, gOff, prev, stepSize, upper, n, s);
  }
}
