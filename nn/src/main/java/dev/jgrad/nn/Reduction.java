package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * How a loss reduces its per-element values, PyTorch's {@code reduction='mean'|'sum'|'none'}.
 *
 * <p>{@code MEAN} is a plain mean for most losses; for {@link CrossEntropyLoss} and {@link NLLLoss} with class
 * weights it is the weighted mean Σ lₙ / Σ w_{yₙ} over the rows that are not ignored.
 */
public enum Reduction {
  /** The mean over elements (the default). */
  MEAN,
  /** The sum over elements. */
  SUM,
  /** No reduction: one loss per element (or per row for the classification losses). */
  NONE;

  /** Applies the plain reduction to per-element losses. */
  Tensor apply(Tensor loss) {
    switch (this) {
      case MEAN:
        return loss.mean();
      case SUM:
        return loss.sum();
      default:
        return loss;
    }
  }

  /** PyTorch's spelling: {@code mean}, {@code sum}, {@code none}. */
  String torchName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
