package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;

/**
 * Batch normalisation over [N, C] or [N, C, L] inputs, PyTorch's {@code nn.BatchNorm1d} (see {@link BatchNorm}). Buffers
 * {@code running_mean} (zeros), {@code running_var} (ones) and {@code num_batches_tracked} (int64 0) are in the
 * state dict; weight starts at ones, bias at zeros.
 *
 * <pre>{@code
 * BatchNorm1d bn = new BatchNorm1d(3);
 * bn.forward(Tensor.randn(8, 3));   // updates running_mean / running_var
 * bn.eval().forward(x);             // uses them
 * }</pre>
 */
public class BatchNorm1d extends BatchNorm {
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
    super(numFeatures, eps, momentum, affine, trackRunningStats);
  }

  @Override
  void checkInputDim(Tensor input) {
    checkRank(input, 2, 3);
  }
}
