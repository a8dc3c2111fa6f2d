package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.logging.Logger;

/**
 * The dropout variants behind {@link Functional}'s dropout1d, dropout2d, alphaDropout and featureAlphaDropout:
 * PyTorch 1.13's {@code _dropout_impl} and the rank rules of {@code F.dropout1d} / {@code F.dropout2d}. Each mask
 * is one {@code bernoulli_(1 − p)} over the noise tensor (per element, or per [sample, channel] for the feature
 * forms), drawn from the generator in PyTorch's order, so a seeded run drops what PyTorch drops.
 */
final class Dropouts {
  private Dropouts() {}

  static final Logger LOG = Logger.getLogger("dev.jgrad.nn.Dropouts");

  /** The SELU constant PyTorch's alpha dropout uses (−SELU's negative saturation value). */
  private static final double ALPHA = 1.7580993408473766;

  /** F.dropout1d: [N, C, L] or unbatched [C, L], whole channels zeroed. */
  static Tensor dropout1d(Tensor input, double p, boolean training, Generator generator) {
    Functional.checkDropoutProbability("dropout1d", p);
    int d = input.dim();
    checkArgument(d == 2 || d == 3, "dropout1d: Expected 2D or 3D input, but received a %sD input of shape %s. "
        + "Note that dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, a channel "
        + "dimension, and an optional batch dimension (i.e. 2D or 3D inputs).", d, Arrays.toString(input.shape()));
    if (d == 2) {
      return noise(input.unsqueeze(0), p, training, generator, true, false).squeeze(0);
    }
    return noise(input, p, training, generator, true, false);
  }

  /**
   * F.dropout2d: whole channels of [N, C, H, W] zeroed. As in PyTorch 1.13, a 3-D input is taken as [N, C, L]
   * (channel-wise 1-D dropout) and other ranks are accepted with a warning (a 2-D input [N, C] then drops single
   * elements).
   */
  static Tensor dropout2d(Tensor input, double p, boolean training, Generator generator) {
    Functional.checkDropoutProbability("dropout2d", p);
    int d = input.dim();
    if (d != 3 && d != 4) {
      LOG.warning("dropout2d: Received a " + d + "-D input to dropout2d, which is deprecated and will result in an "
          + "error in a future release. To retain the behavior and silence this warning, please use dropout "
          + "instead. Note that dropout2d exists to provide channel-wise dropout on inputs with 2 spatial "
          + "dimensions, a channel dimension, and an optional batch dimension (i.e. 3D or 4D inputs).");
    }
    if (d == 3) {
      LOG.warning("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior "
          + "is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior will "
          + "change in a future release to interpret the input as one without a batch dimension, i.e. shape "
          + "(C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using dropout1d "
          + "instead.");
    }
    return noise(input, p, training, generator, true, false);
  }

  /** F.alpha_dropout (feature = false) and F.feature_alpha_dropout (feature = true). */
  static Tensor alphaDropout(Tensor input, double p, boolean training, Generator generator, boolean feature) {
    Functional.checkDropoutProbability(feature ? "featureAlphaDropout" : "alphaDropout", p);
    return noise(input, p, training, generator, feature, true);
  }

  /**
   * ATen's {@code _dropout_impl}: the input itself when p is 0, not training or empty; input · 0 when p is 1;
   * otherwise noise = bernoulli(1 − p) of the input's shape, or of [N, C, 1, ...] for the feature forms, then
   * input · noise / (1 − p), or for alpha dropout input · (noise · a) + b, b = (noise − 1) · α·a + α·a·p, with
   * a = 1 / √((α²·p + 1)(1 − p)), so a SELU network keeps its mean and variance.
   */
  private static Tensor noise(Tensor input, double p, boolean training, Generator generator, boolean feature,
      boolean alpha) {
    if (p == 0 || !training || input.numel() == 0) {
      return input;
    }
    if (p == 1) {
      return input.mul(Tensor.scalar(0f));
    }
    int[] shape = input.shape();
    if (feature) {
      checkArgument(shape.length >= 2, "Feature dropout requires at least 2 dimensions in the input, got shape %s",
          Arrays.toString(shape));
      shape = shape.clone();
      Arrays.fill(shape, 2, shape.length, 1);
    }
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    float[] mask = new float[n];
    generator.bernoulli(mask, 0, n, 1 - p);
    Tensor noise = Tensor.of(mask, shape);
    if (!alpha) {
      return input.mul(noise.div(1 - p));
    }
    double a = 1 / Math.sqrt((ALPHA * ALPHA * p + 1) * (1 - p));
    Tensor b = noise.add(-1).mul(ALPHA * a).add(ALPHA * a * p);
    return input.mul(noise.mul(a)).add(b);
  }
}
