package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;

/**
 * Batch normalisation over [N, C] or [N, C, L] inputs, PyTorch's {@code nn.BatchNorm1d}.
 *
 * <p>Training: normalises with the batch mean and the biased variance, and updates the running statistics with the
 * unbiased variance: running = (1 − momentum)·running + momentum·batch (momentum 0.1; null momentum gives the
 * cumulative average). Evaluation: normalises with the running statistics. Buffers {@code running_mean} (zeros),
 * {@code running_var} (ones) and {@code num_batches_tracked} (int64 0) are in the state dict; weight starts at ones,
 * bias at zeros.
 *
 * <pre>{@code
 * BatchNorm1d bn = new BatchNorm1d(3);
 * bn.forward(Tensor.randn(8, 3));   // updates running_mean / running_var
 * bn.eval().forward(x);             // uses them
 * }</pre>
 */
public class BatchNorm1d extends Module {
  private final int numFeatures;
  private final double eps;
  private final Double momentum;
  private final Parameter weight;
  private final Parameter bias;
  private final Tensor runningMean;
  private final Tensor runningVar;
  private final Tensor numBatchesTracked;

  public BatchNorm1d(int numFeatures) {
    this(numFeatures, 1e-5, 0.1, true, true);
  }

  /**
   * @param momentum the running-average factor, or null for a cumulative moving average
   * @param affine learn a per-channel weight and bias
   * @param trackRunningStats keep running statistics (without them, evaluation also uses batch statistics)
   * @throws IllegalArgumentException if {@code numFeatures <= 0}
   */
  public BatchNorm1d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
    checkArgument(numFeatures > 0, "BatchNorm1d: num_features must be positive, got %s", numFeatures);
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

  /**
   * @throws IllegalArgumentException for a shape other than [N, C] or [N, C, L] with C = numFeatures, or for a
   *     single value per channel in training ({@code Expected more than 1 value per channel when training})
   */
  @Override
  public Tensor forward(Tensor input) {
    double factor = momentum == null ? 0.0 : momentum;
    if (isTraining() && numBatchesTracked != null) {
      numBatchesTracked.add_(1); // a buffer: never requires grad, so this needs no no-grad scope
      if (momentum == null) {
        factor = 1.0 / numBatchesTracked.item();
      }
    }
    boolean useBatchStats = isTraining() || runningMean == null;
    return Functional.batchNorm(input, runningMean, runningVar, weight, bias, useBatchStats, factor, eps);
  }

  public Parameter weight() {
    return weight;
  }

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

  @Override
  protected String extraRepr() {
    return numFeatures + ", eps=" + PyRepr.of(eps) + ", momentum=" + (momentum == null ? "None" : PyRepr.of(momentum))
        + ", affine=" + PyRepr.bool(weight != null) + ", track_running_stats=" + PyRepr.bool(runningMean != null);
  }
}
