package dev.jgrad.autograd;

import dev.jgrad.autograd.kernels.Kernels;

/** Neural-network building blocks that are more than a composition: softmax and log-softmax. */
final class NNOps {
  private NNOps() {}

  /**
   * Softmax or log-softmax along {@code dim}. The kernel subtracts each row's max before exponentiating so that
   * inputs of ±1000 stay finite; log-softmax is x - max - log(Σ exp(x - max)), never log(softmax(x)).
   */
  static Tensor softmax(Tensor x, int dim, boolean log) {
    String op = log ? "logSoftmax" : "softmax";
    if (!x.dtype.isFloatingPoint()) {
      throw new IllegalArgumentException(op + ": expected a floating point tensor, got " + x.dtype.torchName());
    }
    int nd = x.shape.length;
    int d = Shapes.dim(dim, nd, op);
    Tensor r;
    if (nd == 0) {
      r = Tensor.fresh(new float[] {log ? 0f : 1f}, Shapes.SCALAR, DType.FLOAT32);
    } else {
      int last = nd - 1;
      Tensor moved = d == last ? x.detach() : x.detach().transpose(d, last);
      int cols = moved.shape[last];
      int n = moved.numel();
      float[] out = new float[n];
      if (n > 0) {
        Kernels.get().softmaxRows(moved.data(), moved.dataOffset(), out, 0, n / cols, cols, log);
      }
      Tensor t = Tensor.fresh(out, moved.shape.clone(), DType.FLOAT32);
      r = d == last ? t : t.transpose(d, last).contiguous();
    }
    if (x.requiresGrad && GradMode.isEnabled()) {
      r.attach(new SoftmaxBackward(x, r, d, log));
    }
    return r;
  }

  static final class SoftmaxBackward extends Node {
    final int dim;
    final boolean log;

    SoftmaxBackward(Tensor x, Tensor out, int dim, boolean log) {
      super(x.edge());
      this.dim = dim;
      this.log = log;
      save(out);
    }

    @Override
    public String name() {
      return log ? "LogSoftmaxBackward0" : "SoftmaxBackward0";
    }

    @Override
    protected Tensor[] apply(Tensor g) {
      Tensor y = saved(0);
      if (y.dim() == 0) {
        return new Tensor[] {log ? Tensor.zerosLike(g) : Tensor.zerosLike(g)};
      }
      if (log) {
        // d logsoftmax: g - softmax · Σ g
        return new Tensor[] {g.sub(y.exp().mul(g.sum(dim, true)))};
      }
      // d softmax: y · (g - Σ g·y)
      return new Tensor[] {y.mul(g.sub(g.mul(y).sum(dim, true)))};
    }
  }
}
