package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * The losses of a predicted distribution behind {@link Functional}: KL divergence, Poisson and Gaussian negative
 * log-likelihood. PyTorch 1.13 computes each as a composition of tensor ops; so does this class, op for op, so values,
 * gradients (of every input, targets included) and grad_fn names agree with PyTorch's.
 */
final class ProbabilisticLosses {
  private ProbabilisticLosses() {}

  /**
   * Pointwise y·(log y − x) (x log-probabilities, y probabilities; 0 where y = 0), or e^y·(y − x) with
   * {@code logTarget}. BATCHMEAN divides the sum by the input's first dim; MEAN divides by every element, which is
   * not the KL divergence: PyTorch warns, and so does this (a log record on every call, as jgrad's warnings are).
   */
  static Tensor klDiv(Tensor input, Tensor target, Reduction r, boolean logTarget) {
    checkArgument(input.dtype().isFloatingPoint() && target.dtype().isFloatingPoint(),
        "klDiv: Integral inputs not supported. (input %s, target %s)", input.dtype().torchName(),
        target.dtype().torchName());
    if (r == Reduction.MEAN) {
      Losses.LOG.warning("klDiv: reduction: 'mean' divides the total loss by both the batch size and the support "
          + "size.'batchmean' divides only by the batch size, and aligns with the KL div math definition.'mean' will "
          + "be changed to behave the same as 'batchmean' in the next major release.");
    }
    Tensor out = logTarget ? target.exp().mul(target.sub(input)) : xlogy(target).sub(target.mul(input));
    if (r == Reduction.BATCHMEAN) {
      return input.dim() == 0 ? out.sum() : out.sum().div(input.size(0));
    }
    return r.apply(out);
  }

  /** PyTorch's xlogy(y, y): y·log y, exactly 0 where y = 0 (its gradient there is NaN in both libraries). */
  private static Tensor xlogy(Tensor y) {
    return Tensor.where(y.ne(0), y.mul(y.log()), 0.0);
  }

  /**
   * e^x − y·x with {@code logInput} (x the log-rate), else x − y·log(x + ε); {@code full} adds the Stirling term
   * y·log y − y + ½·log(2πy) where y > 1.
   */
  static Tensor poissonNll(Tensor input, Tensor target, boolean logInput, boolean full, double eps, Reduction r) {
    r.plain("poissonNllLoss");
    Tensor loss = logInput ? input.exp().sub(target.mul(input)) : input.sub(target.mul(input.add(eps).log()));
    if (full) {
      Tensor stirling = target.mul(target.log()).sub(target).add(target.mul(2 * Math.PI).log().mul(0.5));
      loss = loss.add(stirling.maskedFill(target.le(1), 0));
    }
    return r.apply(loss);
  }

  /**
   * ½·(log v + (x − y)²/v) (+ ½·log 2π with {@code full}). {@code var} has the input's shape, or that shape without
   * its last dim, or with a last dim of 1 (one variance per row); it is clamped to ≥ ε without the clamp being
   * recorded, as PyTorch does, so the gradient of a clamped variance is that at ε.
   */
  static Tensor gaussianNll(Tensor input, Tensor target, Tensor var, boolean full, double eps, Reduction r) {
    String op = "gaussianNllLoss";
    int[] in = input.shape();
    int[] vs = var.shape();
    if (!Arrays.equals(vs, in)) {
      if (Arrays.equals(withoutLast(in), vs)) {
        var = var.unsqueeze(var.dim());
      } else if (!(vs.length > 0 && Arrays.equals(withoutLast(in), withoutLast(vs)) && vs[vs.length - 1] == 1)) {
        throw new IllegalArgumentException(op + ": var is of incorrect size: " + Arrays.toString(vs) + " for input "
            + Arrays.toString(in) + " (expected the input's shape, or it without the last dim, or with a last dim of "
            + "1)");
      }
    }
    r.plain(op);
    checkArgument(var.lt(0).sum().item() == 0, "%s: var has negative entry/entries", op);
    Tensor v = var.clone();
    try (Autograd.Scope s = Autograd.noGrad()) {
      v.clamp_(eps, Double.POSITIVE_INFINITY);
    }
    Tensor loss = v.log().add(input.sub(target).pow(2).div(v)).mul(0.5);
    if (full) {
      loss = loss.add(0.5 * Math.log(2 * Math.PI));
    }
    return r.apply(loss);
  }

  private static int[] withoutLast(int[] shape) {
    return Arrays.copyOf(shape, Math.max(shape.length - 1, 0));
  }
}
