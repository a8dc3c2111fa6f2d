package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Kullback-Leibler divergence, PyTorch's {@code nn.KLDivLoss}: pointwise y·(log y − x) for log-probabilities x and
 * probabilities y (e^y·(y − x) with {@code logTarget}, y then log-probabilities too). Input and target broadcast.
 *
 * <p>Use {@link Reduction#BATCHMEAN} for the KL divergence itself (the sum divided by the batch size). {@code MEAN},
 * the default as in PyTorch, divides by every element (batch × support) and so is not the divergence: PyTorch warns
 * about it and plans to make it behave as BATCHMEAN; jgrad keeps PyTorch 1.13's value and logs PyTorch's warning
 * (to {@code dev.jgrad.nn.Losses}) on every call.
 *
 * <pre>{@code
 * Loss kl = new KLDivLoss(Reduction.BATCHMEAN, false);
 * kl.forward(logits.logSoftmax(1), targetProbabilities);
 * }</pre>
 */
public class KLDivLoss extends Loss {
  private final boolean logTarget;

  public KLDivLoss() {
    this(Reduction.MEAN, false);
  }

  public KLDivLoss(Reduction reduction) {
    this(reduction, false);
  }

  /** @param logTarget whether the target holds log-probabilities */
  public KLDivLoss(Reduction reduction, boolean logTarget) {
    super(reduction);
    this.logTarget = logTarget;
  }

  public boolean logTarget() {
    return logTarget;
  }

  /** @throws IllegalArgumentException for integral inputs or shapes that do not broadcast */
  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return ProbabilisticLosses.klDiv(input, target, reduction(), logTarget);
  }
}
