package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;

/**
 * How a loss reduces its per-element values, PyTorch's {@code reduction='mean'|'sum'|'none'|'batchmean'}.
 *
 * <p>{@code MEAN} is a plain mean for most losses; for {@link CrossEntropyLoss} and {@link NLLLoss} with class
 * weights it is the weighted mean Σ lₙ / Σ w_{yₙ} over the rows that are not ignored, and for {@link CTCLoss} the
 * mean of the losses divided by their target lengths. {@code BATCHMEAN} belongs to {@link KLDivLoss} alone.
 */
public enum Reduction {
  /** The mean over elements (the default). */
  MEAN,
  /** The sum over elements. */
  SUM,
  /** No reduction: one loss per element (or per row for the classification losses). */
  NONE,
  /** The sum divided by the batch size (the first dim's size): only {@link KLDivLoss} accepts it. */
  BATCHMEAN;

  /** Applies the plain reduction to per-element losses (KL divergence divides by the batch itself). */
  Tensor apply(Tensor loss) {
    switch (plain("reduction")) {
      case MEAN:
        return loss.mean();
      case SUM:
        return loss.sum();
      default:
        return loss;
    }
  }

  /**
   * This reduction, refused if it is BATCHMEAN: every loss but KL divergence calls it before reducing.
   *
   * @throws IllegalArgumentException {@code batchmean is not a valid value for reduction}
   */
  Reduction plain(String op) {
    checkArgument(this != BATCHMEAN, "%s: batchmean is not a valid value for reduction (only klDiv and KLDivLoss "
        + "support it; use MEAN, SUM or NONE)", op);
    return this;
  }

  /** PyTorch's spelling: {@code mean}, {@code sum}, {@code none}, {@code batchmean}. */
  String torchName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
