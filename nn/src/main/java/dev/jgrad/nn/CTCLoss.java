package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.jgrad.autograd.Tensor;

/**
 * Connectionist temporal classification, PyTorch's {@code nn.CTCLoss}: the negative log-likelihood of each target
 * sequence summed over every alignment of it to the input frames (blanks between and around labels, repeats merged),
 * by the alpha recursion in log space; the backward (grad_fn {@code CtcLossBackward0}) runs the beta recursion.
 *
 * <p>Log-probabilities are [T, N, C] (or [T, C] for one sequence), log-softmax over the C classes. Targets are either
 * padded [N, S] (S ≥ the longest target; the padding is never read) or all targets concatenated into one 1-D tensor
 * of length Σ target lengths. {@code inputLengths} and {@code targetLengths} give each sample's lengths.
 *
 * <p>Reductions: NONE gives one loss per sample; SUM adds them; MEAN divides each loss by its target length (at
 * least 1) and then averages over the batch, as PyTorch does. A target that no alignment can produce (e.g. longer
 * than the input, counting a blank between repeated labels) has an infinite loss; {@code zeroInfinity} replaces those
 * losses and their gradients by 0.
 *
 * <pre>{@code
 * CTCLoss ctc = new CTCLoss();
 * Tensor loss = ctc.forward(logits.logSoftmax(2), targets, new int[] {50, 48}, new int[] {20, 17});
 * }</pre>
 */
public class CTCLoss {
  private final int blank;
  private final Reduction reduction;
  private final boolean zeroInfinity;

  public CTCLoss() {
    this(0, Reduction.MEAN, false);
  }

  public CTCLoss(int blank) {
    this(blank, Reduction.MEAN, false);
  }

  /** PyTorch's positional order: blank, reduction, zero_infinity. */
  public CTCLoss(int blank, Reduction reduction, boolean zeroInfinity) {
    this.blank = blank;
    this.reduction = checkNotNull(reduction, "CTCLoss: reduction must not be null");
    this.zeroInfinity = zeroInfinity;
  }

  /**
   * @throws IllegalArgumentException with PyTorch's messages for a wrong rank, a blank outside the classes, lengths
   *     not one per sample, an input length above T, targets too short for their lengths, and for labels outside
   *     [0, C) or equal to the blank
   */
  public Tensor forward(Tensor logProbs, Tensor targets, int[] inputLengths, int[] targetLengths) {
    return CtcLosses.ctc(logProbs, targets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
  }

  /** Lengths as integral tensors [N] (0-dim for an unbatched input). */
  public Tensor forward(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths) {
    return CtcLosses.ctc(logProbs, targets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
  }

  public int blank() {
    return blank;
  }

  public Reduction reduction() {
    return reduction;
  }

  public boolean zeroInfinity() {
    return zeroInfinity;
  }

  /** PyTorch's repr: {@code CTCLoss()}. */
  @Override
  public String toString() {
    return "CTCLoss()";
  }
}
