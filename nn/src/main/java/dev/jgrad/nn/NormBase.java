package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;

/**
 * The state batch and instance normalisation share, PyTorch's {@code _NormBase}: {@code numFeatures} channels,
 * eps, momentum, the optional affine weight (ones) and bias (zeros), and the optional buffers {@code running_mean}
 * (zeros), {@code running_var} (ones) and {@code num_batches_tracked} (int64 0), registered in that order so the
 * state dict's names and order are PyTorch's.
 */
abstract class NormBase extends Module {
  final int numFeatures;
  final double eps;
  Double momentum;
  private final Parameter weight;
  private final Parameter bias;
  private final Tensor runningMean;
  private final Tensor runningVar;
  private final Tensor numBatchesTracked;

  NormBase(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
    checkArgument(numFeatures > 0, "%s: num_features must be positive, got %s", typeName(), numFeatures);
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.momentum = momentum;
    this.weight = registerParameter("weight", affine ? new Parameter(Tensor.ones(numFeatures)) : null);
    this.bias = registerParameter("bias", affine ? new Parameter(Tensor.zeros(numFeatures)) : null);
    this.runningMean = registerBuffer("running_mean", trackRunningStats ? Tensor.zeros(numFeatures) : null);
    this.runningVar = registerBuffer("running_var", trackRunningStats ? Tensor.ones(numFeatures) : null);
    this.numBatchesTracked = registerBuffer("num_batches_tracked",
        trackRunningStats ? Tensor.scalar(0f).to(DType.INT64) : null);
  }

  /** The per-channel scale, or null without affine. */
  public Parameter weight() {
    return weight;
  }

  /** The per-channel shift, or null without affine. */
  public Parameter bias() {
    return bias;
  }

  /** The running mean buffer (updated in place), or null without running statistics. */
  public Tensor runningMean() {
    return runningMean;
  }

  /** The running (unbiased) variance buffer, or null without running statistics. */
  public Tensor runningVar() {
    return runningVar;
  }

  /** The int64 count of training batches seen, or null without running statistics. */
  public Tensor numBatchesTracked() {
    return numBatchesTracked;
  }

  public int numFeatures() {
    return numFeatures;
  }

  public double eps() {
    return eps;
  }

  /** The running-average factor, or null for a cumulative moving average. */
  public Double momentum() {
    return momentum;
  }

  /**
   * Changes the running-average factor (PyTorch's {@code module.momentum = ...}); null switches to a cumulative
   * moving average, as {@code AveragedModel.updateBn} does while it recomputes the statistics.
   */
  public void setMomentum(Double momentum) {
    this.momentum = momentum;
  }

  /**
   * Running mean back to zeros, running variance to ones and the batch count to 0 (PyTorch's {@code
   * reset_running_stats}); nothing without running statistics.
   */
  public void resetRunningStats() {
    if (runningMean != null) {
      Autograd.noGrad(() -> {
        runningMean.zero_();
        runningVar.fill_(1.0);
        numBatchesTracked.zero_();
      });
    }
  }

  @Override
  protected String extraRepr() {
    return numFeatures + ", eps=" + PyRepr.of(eps) + ", momentum=" + (momentum == null ? "None" : PyRepr.of(momentum))
        + ", affine=" + PyRepr.bool(weight != null) + ", track_running_stats=" + PyRepr.bool(runningMean != null);
  }
}
