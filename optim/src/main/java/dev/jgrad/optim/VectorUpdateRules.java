package dev.jgrad.optim;

import jdk.incubator.vector.FloatVector;
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
}
