package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;

/**
 * Group normalisation, PyTorch's {@code nn.GroupNorm}: the channels of each sample of [N, C, *] are split into
 * {@code numGroups} groups, each normalised by its own mean and biased variance, then scaled and shifted per channel
 * (weight ones, bias zeros). The same computation runs in training and evaluation; there are no running statistics.
 *
 * <pre>{@code
 * GroupNorm norm = new GroupNorm(2, 6);
 * norm.forward(Tensor.randn(4, 6, 5, 5));   // channels 0-2 and 3-5 of each sample normalised together
 * }</pre>
 */
public class GroupNorm extends Module {
  private final int numGroups;
  private final int numChannels;
  private final double eps;
  private final Parameter weight;
  private final Parameter bias;

  public GroupNorm(int numGroups, int numChannels) {
    this(numGroups, numChannels, 1e-5, true);
  }

  /**
   * @throws IllegalArgumentException {@code num_channels must be divisible by num_groups}, or a non-positive count
   */
  public GroupNorm(int numGroups, int numChannels, double eps, boolean affine) {
    checkArgument(numGroups > 0 && numChannels > 0,
        "GroupNorm: num_groups and num_channels must be positive, got num_groups=%s, num_channels=%s", numGroups,
        numChannels);
    checkArgument(numChannels % numGroups == 0,
        "GroupNorm: num_channels must be divisible by num_groups (num_channels=%s, num_groups=%s)", numChannels,
        numGroups);
    this.numGroups = numGroups;
    this.numChannels = numChannels;
    this.eps = eps;
    this.weight = registerParameter("weight", affine ? new Parameter(Tensor.ones(numChannels)) : null);
    this.bias = registerParameter("bias", affine ? new Parameter(Tensor.zeros(numChannels)) : null);
  }

  /** @throws IllegalArgumentException for an input whose dim 1 is not a multiple of the groups or not numChannels */
  @Override
  public Tensor forward(Tensor input) {
    return Functional.groupNorm(input, numGroups, weight, bias, eps);
  }

  /** The per-channel scale, or null without affine. */
  public Parameter weight() {
    return weight;
  }

  /** The per-channel shift, or null without affine. */
  public Parameter bias() {
    return bias;
  }

  public int numGroups() {
    return numGroups;
  }

  public int numChannels() {
    return numChannels;
  }

  @Override
  protected String extraRepr() {
    return numGroups + ", " + numChannels + ", eps=" + PyRepr.of(eps) + ", affine=" + PyRepr.bool(weight != null);
  }
}
