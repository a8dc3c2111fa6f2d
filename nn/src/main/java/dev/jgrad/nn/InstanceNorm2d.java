package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Instance normalisation of [N, C, H, W] or [C, H, W], PyTorch's {@code nn.InstanceNorm2d} (see {@link InstanceNorm}).
 * Defaults as PyTorch's: eps 1e-5, momentum 0.1, no affine parameters, no running statistics.
 *
 * <pre>{@code
 * InstanceNorm2d norm = new InstanceNorm2d(3);
 * norm.forward(Tensor.randn(4, 3, 5, 5));   // each [n, c] slice: mean 0, variance ≈ 1
 * }</pre>
 */
public class InstanceNorm2d extends InstanceNorm {
  public InstanceNorm2d(int numFeatures) {
    this(numFeatures, 1e-5, 0.1, false, false);
  }

  /**
   * @param affine learn a per-channel weight (ones) and bias (zeros)
   * @param trackRunningStats keep running statistics and normalise with them in evaluation
   * @throws IllegalArgumentException if {@code numFeatures <= 0}
   */
  public InstanceNorm2d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
    super(numFeatures, eps, momentum, affine, trackRunningStats);
  }

  @Override
  void checkInputDim(Tensor input) {
    BatchNorm.checkRank(input, 3, 4);
  }

  @Override
  int noBatchDim() {
    return 3;
  }
}
