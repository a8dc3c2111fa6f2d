package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Instance normalisation, PyTorch's {@code _InstanceNorm}: each channel of each sample is normalised by its own
 * mean and biased variance, in training and evaluation alike unless the module tracks running statistics (then
 * evaluation uses those). {@link InstanceNorm1d} and {@link InstanceNorm2d} differ in the ranks they accept; an
 * input without the batch dim is normalised as a batch of one. Unlike batch norm, affine and track_running_stats
 * default to false, momentum cannot be null, and {@code num_batches_tracked} is kept (for the state dict) but not
 * counted.
 */
public abstract class InstanceNorm extends NormBase {
  InstanceNorm(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
    super(numFeatures, eps, momentum, affine, trackRunningStats);
  }

  /** Refuses an input of the wrong rank with PyTorch's message, e.g. {@code expected 2D or 3D input (got 4D input)}. */
  abstract void checkInputDim(Tensor input);

  /** The rank of an input without the batch dim. */
  abstract int noBatchDim();

  /**
   * @throws IllegalArgumentException for an input of the wrong rank, a channel count that does not match the
   *     parameters or buffers, or one spatial element in training
   */
  @Override
  public Tensor forward(Tensor input) {
    checkInputDim(input);
    if (input.dim() == noBatchDim()) {
      return normalise(input.unsqueeze(0)).squeeze(0);
    }
    return normalise(input);
  }

  private Tensor normalise(Tensor input) {
    return Functional.instanceNorm(input, runningMean(), runningVar(), weight(), bias(),
        isTraining() || runningMean() == null, momentum, eps);
  }
}
