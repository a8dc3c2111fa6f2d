package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.ops.Fused;
import dev.jgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * The connectionist temporal classification loss behind {@link Functional#ctcLoss} and {@link CTCLoss}: validates
 * PyTorch's way, runs the per-sample loss node ({@link Fused#ctcLoss}, {@code CtcLossBackward0}) and reduces as
 * PyTorch's {@code ctc_loss} does.
 */
final class CtcLosses {
  private CtcLosses() {}

  private static final String FROM = " (while checking arguments for ctc_loss_cpu)";

  /** Lengths given as tensors: integral, one per sample (a 0-dim tensor for an unbatched input). */
  static Tensor ctc(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths, int blank, Reduction r,
      boolean zeroInfinity) {
    return ctc(logProbs, targets, lengths("input_lengths", inputLengths), lengths("target_lengths", targetLengths),
        blank, r, zeroInfinity);
  }

  private static int[] lengths(String what, Tensor t) {
    checkArgument(!t.dtype().isFloatingPoint() && t.dtype() != dev.jgrad.autograd.DType.BOOL,
        "ctcLoss: %s must be integral, got %s", what, t.dtype().torchName());
    return Arrays.stream(t.toLongArray()).mapToInt(Math::toIntExact).toArray();
  }

  /**
   * @param logProbs [T, N, C] (or [T, C] unbatched), log-softmax over C
   * @param targets padded [N, S] or the concatenation of every target [Σ target lengths] (or [S] unbatched)
   */
  static Tensor ctc(Tensor logProbs, Tensor targets, int[] inputLengths, int[] targetLengths, int blank, Reduction r,
      boolean zeroInfinity) {
    String op = "ctcLoss";
    r.plain(op);
    boolean batched = logProbs.dim() == 3;
    checkArgument(batched || logProbs.dim() == 2, "%s: Expected 3-dimensional tensor, but got %s-dimensional tensor "
        + "for argument #1 'log_probs'%s: log_probs must be [T, N, C] or [T, C], got %s", op, logProbs.dim(), FROM,
        Arrays.toString(logProbs.shape()));
    Tensor lp = batched ? logProbs : logProbs.unsqueeze(1);
    int steps = lp.size(0);
    int n = lp.size(1);
    int classes = lp.size(2);
    checkArgument(targets.dim() == 1 || targets.dim() == 2, "%s: Expected 1 to 2 dimensions, but got "
        + "%s-dimensional tensor for argument #2 'targets'%s", op, targets.dim(), FROM);
    checkArgument(blank >= 0 && blank < classes, "%s: blank must be in label range: blank %s, %s classes", op, blank,
        classes);
    checkArgument(inputLengths.length == n, "%s: input_lengths must be of size batch_size: %s lengths, batch size %s",
        op, inputLengths.length, n);
    checkArgument(targetLengths.length == n,
        "%s: target_lengths must be of size batch_size: %s lengths, batch size %s", op, targetLengths.length, n);
    int[] offsets = new int[n];
    int maxTarget = 0;
    for (int b = 0; b < n; b++) {
      checkArgument(targetLengths[b] >= 0 && inputLengths[b] >= 0,
          "%s: lengths must be non-negative, got input length %s and target length %s for sample %s", op,
          inputLengths[b], targetLengths[b], b);
      maxTarget = Math.max(maxTarget, targetLengths[b]);
    }
    if (targets.dim() == 1) {
      int pos = 0;
      for (int b = 0; b < n; b++) {
        offsets[b] = pos;
        pos += targetLengths[b];
      }
      checkArgument(targets.size(0) == pos, "%s: Expected tensor to have size %s at dimension 0, but got size %s for "
          + "argument #2 'targets'%s: concatenated targets must hold the sum of the target lengths", op, pos,
          targets.size(0), FROM);
    } else {
      checkArgument(targets.size(0) == n, "%s: Expected tensor to have size %s at dimension 0, but got size %s for "
          + "argument #2 'targets'%s", op, n, targets.size(0), FROM);
      checkArgument(targets.size(1) >= maxTarget, "%s: Expected tensor to have size at least %s at dimension 1, but "
          + "got size %s for argument #2 'targets'%s", op, maxTarget, targets.size(1), FROM);
      for (int b = 0; b < n; b++) {
        offsets[b] = b * targets.size(1);
      }
    }
    for (int b = 0; b < n; b++) {
      checkArgument(inputLengths[b] <= steps, "%s: Expected input_lengths to have value at most %s, but got value %s%s",
          op, steps, inputLengths[b], FROM);
    }
    int[] labels = labels(op, targets, offsets, targetLengths, blank, classes);
    Tensor losses = Fused.ctcLoss(lp, labels, offsets, targetLengths, inputLengths, blank, zeroInfinity);
    if (zeroInfinity) {
      losses = Tensor.where(losses.ne(Double.POSITIVE_INFINITY), losses, 0.0);
    }
    switch (r) {
      case MEAN:
        float[] divisors = new float[n];
        for (int b = 0; b < n; b++) {
          divisors[b] = Math.max(targetLengths[b], 1);
        }
        return losses.div(Tensor.of(divisors, n)).mean();
      case SUM:
        return losses.sum();
      default:
        return batched ? losses : losses.squeeze(0);
    }
  }

  /** The targets as ints (float targets are truncated, as PyTorch's conversion to int64), each label checked. */
  private static int[] labels(String op, Tensor targets, int[] offsets, int[] targetLengths, int blank, int classes) {
    float[] asFloat = targets.dtype().isFloatingPoint() ? targets.toArray() : null;
    long[] asLong = asFloat == null ? targets.toLongArray() : null;
    int[] out = new int[targets.numel()];
    for (int i = 0; i < out.length; i++) {
      out[i] = asFloat != null ? (int) asFloat[i] : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE,
          asLong[i]));
    }
    for (int b = 0; b < offsets.length; b++) {
      for (int k = offsets[b]; k < offsets[b] + targetLengths[b]; k++) {
        checkArgument(out[k] >= 0 && out[k] < classes && out[k] != blank, "%s: target label %s of sample %s is out "
            + "of range: labels must be in [0, %s) and not the blank (%s)", op, out[k], b, classes, blank);
      }
    }
    return out;
  }
}
