package dev.jgrad.nn;

import com.google.common.base.Preconditions;
import dev.jgrad.autograd.Tensor;

/**
 * Batch normalisation over the channels (dim 1) of [N, C, *], PyTorch's {@code _BatchNorm}; {@link BatchNorm1d},
 * {@link BatchNorm2d} and {@link BatchNorm3d} differ only in the input ranks they accept.
 *
 * <p>Training: normalises with the batch mean and biased variance of each channel, counts the batch in
 * {@code num_batches_tracked} and blends the batch statistics into the running ones (unbiased variance):
 * running = (1 − momentum)·running + momentum·batch, with momentum 1 / num_batches_tracked (a cumulative average)
 * when momentum is null. Evaluation: normalises with the running statistics, or with the batch's when the module
 * keeps none.
 */
public abstract class BatchNorm extends NormBase {
  BatchNorm(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
    super(numFeatures, eps, momentum, affine, trackRunningStats);
  }

  /** Refuses an input of the wrong rank with PyTorch's message, e.g. {@code expected 4D input (got 3D input)}. */
  abstract void checkInputDim(Tensor input);

  /**
   * @throws IllegalArgumentException for an input of the wrong rank or channel count, or a single value per
   *     channel in training ({@code Expected more than 1 value per channel when training})
   */
  @Override
  public Tensor forward(Tensor input) {
    checkInputDim(input);
    double factor = momentum == null ? 0.0 : momentum;
    Tensor tracked = numBatchesTracked();
    if (isTraining() && tracked != null) {
      tracked.add_(1); // a buffer: never requires grad, so this needs no no-grad scope
      if (momentum == null) {
        factor = 1.0 / tracked.item();
      }
    }
    boolean useBatchStats = isTraining() || runningMean() == null;
    return Functional.batchNorm(input, runningMean(), runningVar(), weight(), bias(), useBatchStats, factor, eps);
  }

  static void checkRank(Tensor input, int... ranks) {
    int d = input.dim();
    boolean ok = false;
    for (int r : ranks) {
      ok |= d == r;
    }
    String expected = ranks.length == 1 ? ranks[0] + "D" : ranks[0] + "D or " + ranks[1] + "D";
    Preconditions.checkArgument(ok, "expected %s input (got %sD input) of shape %s", expected, d,
        java.util.Arrays.toString(input.shape()));
  }
}
