package dev.jgrad.optim;

import dev.jgrad.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Per-parameter state of {@link Adam} and {@link AdamW}, under PyTorch's names. */
final class AdamState implements Optimizer.ParamState {
  static final Set<String> KEYS = Set.of("step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq");

  final int[] shape;
  /** PyTorch keeps {@code step} as a float tensor and reads it back with {@code item()}. */
  double step;
  final float[] expAvg;
  final float[] expAvgSq;
  /** Created on the first amsgrad step. */
  float[] maxExpAvgSq;

  AdamState(int[] shape, int numel) {
    this.shape = shape;
    this.expAvg = new float[numel];
    this.expAvgSq = new float[numel];
  }

  private AdamState(int[] shape, double step, float[] expAvg, float[] expAvgSq, float[] maxExpAvgSq) {
    this.shape = shape;
    this.step = step;
    this.expAvg = expAvg;
    this.expAvgSq = expAvgSq;
    this.maxExpAvgSq = maxExpAvgSq;
  }

  static AdamState restore(Optimizer owner, int index, Tensor param, Map<String, Tensor> saved) {
    owner.checkStateKeys(saved, index, KEYS);
    return new AdamState(param.shape(), owner.savedScalar(saved, "step", index),
        owner.savedTensor(saved, "exp_avg", index, param, true),
        owner.savedTensor(saved, "exp_avg_sq", index, param, true),
        owner.savedTensor(saved, "max_exp_avg_sq", index, param, false));
  }

  /** One Adam/AdamW update of {@code param} (float32 maths in {@link UpdateRules#adam}). */
  void update(Tensor param, Tensor grad, double lr, double beta1, double beta2, double eps, double weightDecay,
      boolean amsgrad, boolean maximize, boolean decoupled) {
    step += 1;
    if (amsgrad && maxExpAvgSq == null) {
      maxExpAvgSq = new float[expAvg.length];
    }
    float[] p = param.toArray();
    UpdateRules.adam(p, grad.toArray(), expAvg, expAvgSq, maxExpAvgSq, step, lr, beta1, beta2, eps, weightDecay,
        amsgrad, maximize, decoupled);
    Optimizer.writeValues(param, p);
  }

  @Override
  public LinkedHashMap<String, Tensor> toTensors() {
    LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
    m.put("step", Tensor.scalar((float) step));
    m.put("exp_avg", Tensor.of(expAvg, shape));
    m.put("exp_avg_sq", Tensor.of(expAvgSq, shape));
    if (maxExpAvgSq != null) {
      m.put("max_exp_avg_sq", Tensor.of(maxExpAvgSq, shape));
    }
    return m;
  }
}
