package dev.jgrad.benchmarks;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * SGD with momentum and Adam written with in-place {@link Tensor} ops, following PyTorch's update formulas
 * (torch.optim.SGD and torch.optim.Adam with default options, {@code maximize=false}, no weight decay). Used by the
 * benchmarks as the fallback when the optim module does not offer an optimizer, and as a reference for its speed.
 */
abstract class RawOptim {
  final List<Tensor> params;

  RawOptim(List<Tensor> params) {
    this.params = List.copyOf(params);
  }

  /** Applies one update to every parameter that has a gradient, under no-grad. */
  final void step() {
    try (var g = Autograd.noGrad()) {
      update();
    }
  }

  abstract void update();

  /** Sets every gradient to null. */
  final void zeroGrad() {
    for (Tensor p : params) {
      p.setGrad(null);
    }
  }

  /** {@code buf = momentum * buf + grad} (first step: {@code buf = grad}); {@code p -= lr * buf}. */
  static final class Sgd extends RawOptim {
    private final double lr;
    private final double momentum;
    private final Tensor[] buffers;

    Sgd(List<Tensor> params, double lr, double momentum) {
      super(params);
      this.lr = lr;
      this.momentum = momentum;
      this.buffers = new Tensor[params.size()];
    }

    @Override
    void update() {
      for (int i = 0; i < params.size(); i++) {
        Tensor p = params.get(i);
        Tensor g = p.grad();
        if (g == null) {
          continue;
        }
        if (momentum != 0) {
          if (buffers[i] == null) {
            buffers[i] = g.clone();
          } else {
            buffers[i].mul_(momentum).add_(g);
          }
          g = buffers[i];
        }
        p.sub_(g.mul(lr));
      }
    }
  }

  /** Adam: {@code m, v} moving averages, bias-corrected, {@code p -= lr * m̂ / (sqrt(v̂) + eps)}. */
  static final class Adam extends RawOptim {
    private final double lr;
    private final double beta1 = 0.9;
    private final double beta2 = 0.999;
    private final double eps = 1e-8;
    private final List<Tensor> m = new ArrayList<>();
    private final List<Tensor> v = new ArrayList<>();
    private int t;

    Adam(List<Tensor> params, double lr) {
      super(params);
      this.lr = lr;
      for (Tensor p : params) {
        m.add(Tensor.zerosLike(p));
        v.add(Tensor.zerosLike(p));
      }
    }

    @Override
    void update() {
      t++;
      double bc1 = 1 - Math.pow(beta1, t);
      double bc2 = 1 - Math.pow(beta2, t);
      for (int i = 0; i < params.size(); i++) {
        Tensor p = params.get(i);
        Tensor g = p.grad();
        if (g == null) {
          continue;
        }
        m.get(i).mul_(beta1).add_(g.mul(1 - beta1));
        v.get(i).mul_(beta2).add_(g.mul(g).mul(1 - beta2));
        Tensor denom = v.get(i).sqrt().div(Math.sqrt(bc2)).add(eps);
        p.sub_(m.get(i).div(denom).mul(lr / bc1));
      }
    }
  }
}
