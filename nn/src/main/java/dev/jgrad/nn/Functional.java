package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * Every layer and loss as a function, PyTorch's {@code torch.nn.functional}. The layer classes call these; use them
 * directly when the weights live elsewhere.
 *
 * <pre>{@code
 * Tensor h = Functional.relu(Functional.linear(x, w1, b1));
 * Tensor loss = Functional.crossEntropy(Functional.linear(h, w2, b2), labels);
 * }</pre>
 *
 * <p>Shapes follow PyTorch; {@code [*]} means any number of leading dims.
 */
public final class Functional {
  private Functional() {}

  // ---------------------------------------------------------------- linear and activations

  /**
   * x·Wᵀ + b: x [*, in], weight [out, in], bias [out] or null; result [*, out].
   *
   * @throws IllegalArgumentException {@code mat1 and mat2 shapes cannot be multiplied (4x5 and 3x2)} when the last
   *     dim of x is not {@code in}
   */
  public static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
    if (input.dim() == 0 || weight.dim() != 2 || input.size(-1) != weight.size(1)) {
      int[] s = input.shape();
      int rows = s.length <= 1 ? 1 : input.numel() / Math.max(1, s[s.length - 1]);
      throw new IllegalArgumentException("linear: mat1 and mat2 shapes cannot be multiplied (" + rows + "x"
          + (s.length == 0 ? 1 : s[s.length - 1]) + " and " + (weight.dim() == 2 ? weight.size(1) + "x"
          + weight.size(0) : Arrays.toString(weight.shape())) + "): input " + Arrays.toString(s) + ", weight "
          + Arrays.toString(weight.shape()));
    }
    return input.linear(weight, bias);
  }

  public static Tensor relu(Tensor input) {
    return input.relu();
  }

  /** x where x > 0, else slope·x; the gradient at 0 is the slope (as in PyTorch). */
  public static Tensor leakyRelu(Tensor input, double negativeSlope) {
    return input.leakyRelu(negativeSlope);
  }

  /** Exact GELU x·Φ(x). */
  public static Tensor gelu(Tensor input) {
    return input.gelu();
  }

  /**
   * GELU with {@code approximate} "none" (exact) or "tanh".
   *
   * @throws IllegalArgumentException for another value
   */
  public static Tensor gelu(Tensor input, String approximate) {
    return input.gelu(approximate);
  }

  /** x·sigmoid(x). */
  public static Tensor silu(Tensor input) {
    return input.silu();
  }

  public static Tensor tanh(Tensor input) {
    return input.tanh();
  }

  public static Tensor sigmoid(Tensor input) {
    return input.sigmoid();
  }

  /** PyTorch's defaults: beta 1, threshold 20. */
  public static Tensor softplus(Tensor input) {
    return input.softplus(1, 20);
  }

  /** log(1 + exp(beta·x)) / beta, and x itself where beta·x > threshold. */
  public static Tensor softplus(Tensor input, double beta, double threshold) {
    return input.softplus(beta, threshold);
  }

  /** x where x > 0, else alpha·(exp(x) − 1). */
  public static Tensor elu(Tensor input, double alpha) {
    return input.elu(alpha);
  }

  /**
   * x where x > 0, else alpha·(exp(x / alpha) − 1).
   *
   * @throws IllegalArgumentException {@code alpha cannot be 0 for CELU}
   */
  public static Tensor celu(Tensor input, double alpha) {
    checkArgument(alpha != 0, "celu: alpha cannot be 0 for CELU");
    return input.celu(alpha);
  }

  /** scale·elu(x, alpha) with PyTorch's fixed alpha ≈ 1.6733 and scale ≈ 1.0507. */
  public static Tensor selu(Tensor input) {
    return input.selu();
  }

  /**
   * a·sigmoid(b) for the halves a, b of {@code dim}.
   *
   * @throws IllegalArgumentException {@code Halving dimension must be even, but dimension 1 is size 5}
   */
  public static Tensor glu(Tensor input, int dim) {
    return input.glu(dim);
  }

  /** min(max(x, minVal), maxVal), with a zero gradient at the bounds. PyTorch's defaults are −1 and 1. */
  public static Tensor hardtanh(Tensor input, double minVal, double maxVal) {
    return input.hardtanh(minVal, maxVal);
  }

  /** {@code hardtanh(x, 0, 6)}. */
  public static Tensor relu6(Tensor input) {
    return input.hardtanh(0, 6);
  }

  /**
   * x where x > 0, else weight·x; weight has one element or one per channel (dim 1).
   *
   * @throws IllegalArgumentException {@code Mismatch of parameter numbers and input channel size} otherwise
   */
  public static Tensor prelu(Tensor input, Tensor weight) {
    return input.prelu(weight);
  }

  /** Randomised leaky ReLU from the global generator (see {@link RReLU}). */
  public static Tensor rrelu(Tensor input, double lower, double upper, boolean training) {
    return rrelu(input, lower, upper, training, Generator.global());
  }

  /**
   * Randomised leaky ReLU: slopes from U(lower, upper) per element x ≤ 0 in training, else (lower + upper) / 2.
   *
   * @throws IllegalArgumentException {@code Lower bound should be less than or equal to the upper bound}
   */
  public static Tensor rrelu(Tensor input, double lower, double upper, boolean training, Generator generator) {
    return input.rrelu(lower, upper, training, generator);
  }

  /** x·tanh(softplus(x)). */
  public static Tensor mish(Tensor input) {
    return input.mish();
  }

  /** x·min(max(x + 3, 0), 6) / 6. */
  public static Tensor hardswish(Tensor input) {
    return input.hardswish();
  }

  /** min(max(x + 3, 0), 6) / 6. */
  public static Tensor hardsigmoid(Tensor input) {
    return input.hardsigmoid();
  }

  /** x / (1 + |x|), composed as PyTorch composes it (its grad_fn is the division's). */
  public static Tensor softsign(Tensor input) {
    return input.div(input.abs().add(1));
  }

  /** x − tanh(x), composed as PyTorch composes it (its grad_fn is the subtraction's). */
  public static Tensor tanhshrink(Tensor input) {
    return input.sub(input.tanh());
  }

  /** x where x > threshold, else value. */
  public static Tensor threshold(Tensor input, double threshold, double value) {
    return input.threshold(threshold, value);
  }

  /** log(sigmoid(x)), stable for both signs. */
  public static Tensor logSigmoid(Tensor input) {
    return input.logSigmoid();
  }

  public static Tensor softmax(Tensor input, int dim) {
    return input.softmax(dim);
  }

  /** softmax(−x) along {@code dim}. */
  public static Tensor softmin(Tensor input, int dim) {
    return input.neg().softmax(dim);
  }

  /** {@link #oneHot(Tensor, int)} with the class count inferred as max + 1. */
  public static Tensor oneHot(Tensor input) {
    return input.oneHot(-1);
  }

  /**
   * The int64 one-hot encoding [*, numClasses] of int64 class indices [*]; {@code numClasses} −1 infers max + 1.
   *
   * @throws IllegalArgumentException {@code one_hot is only applicable to index tensor.}, {@code Class values must
   *     be non-negative.}, {@code Class values must be smaller than num_classes.}
   */
  public static Tensor oneHot(Tensor input, int numClasses) {
    return input.oneHot(numClasses);
  }

  public static Tensor logSoftmax(Tensor input, int dim) {
    return input.logSoftmax(dim);
  }

  /** Merges dims {@code startDim..endDim}. */
  public static Tensor flatten(Tensor input, int startDim, int endDim) {
    return input.flatten(startDim, endDim);
  }

  // ---------------------------------------------------------------- dropout and normalisation

  /** Dropout from the global generator; the identity when not training. */
  public static Tensor dropout(Tensor input, double p, boolean training) {
    return dropout(input, p, training, Generator.global());
  }

  /**
   * Inverted dropout: in training, zeroes each element with probability p (PyTorch's mask stream) and scales the
   * rest by 1/(1−p).
   *
   * @throws IllegalArgumentException {@code dropout probability has to be between 0 and 1, but got 1.5}
   */
  public static Tensor dropout(Tensor input, double p, boolean training, Generator generator) {
    checkDropoutProbability("dropout", p);
    return input.dropout(p, training, generator);
  }

  static void checkDropoutProbability(String op, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(
          op + ": dropout probability has to be between 0 and 1, but got " + PyRepr.of(p));
    }
  }

  /**
   * Layer normalisation over the trailing {@code normalizedShape} dims; weight and bias of that shape, or null.
   *
   * @throws IllegalArgumentException {@code Given normalized_shape=[3], expected input with shape [*, 3], but got
   *     input of size [2, 4]}
   */
  public static Tensor layerNorm(Tensor input, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
    int[] s = input.shape();
    int k = normalizedShape.length;
    boolean ok = s.length >= k
        && Arrays.equals(Arrays.copyOfRange(s, s.length - k, s.length), normalizedShape);
    if (!ok) {
      throw new IllegalArgumentException("layerNorm: Given normalized_shape=" + Arrays.toString(normalizedShape)
          + ", expected input with shape [*, " + Arrays.toString(normalizedShape).replaceAll("[\\[\\]]", "")
          + "], but got input of size " + Arrays.toString(s));
    }
    return input.layerNorm(normalizedShape, weight, bias, eps);
  }

  /**
   * Batch normalisation of [N, C] or [N, C, L], PyTorch's {@code F.batch_norm}. With {@code training} the batch
   * statistics normalise (biased variance) and, when the running buffers are given, are blended into them in place
   * (unbiased variance, {@code running = (1 − momentum)·running + momentum·batch}); otherwise the running statistics
   * normalise.
   *
   * @param runningMean [C] or null; runningVar likewise (both needed when not training)
   * @param weight [C] or null; bias likewise
   * @throws IllegalArgumentException for another shape, a channel count that does not match the buffers, a single
   *     value per channel in training, or missing running statistics in evaluation
   */
  public static Tensor batchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
      boolean training, double momentum, double eps) {
    return Normalization.batchNorm(input, runningMean, runningVar, weight, bias, training, momentum, eps);
  }

  /**
   * Rows of {@code weight} [num, dim] at the int64 {@code indices} [*]: result [*, dim].
   *
   * @throws IllegalArgumentException if the indices are not int64
   * @throws IndexOutOfBoundsException {@code index out of range in self} for an index outside [0, num)
   */
  public static Tensor embedding(Tensor indices, Tensor weight) {
    checkIndices(indices, weight);
    return Tensor.embedding(indices, weight);
  }

  /** {@link #embedding(Tensor, Tensor)} whose {@code paddingIdx} row (negative counts from the end) gets no gradient. */
  public static Tensor embedding(Tensor indices, Tensor weight, int paddingIdx) {
    checkIndices(indices, weight);
    return Tensor.embedding(indices, weight, paddingIdx);
  }

  private static void checkIndices(Tensor indices, Tensor weight) {
    if (weight.dim() != 2 || indices.dtype() != DType.INT64) {
      return; // the op reports these with PyTorch's messages
    }
    int num = weight.size(0);
    long[] idx = indices.toLongArray();
    for (int i = 0; i < idx.length; i++) {
      if (idx[i] < 0 || idx[i] >= num) {
        throw new IndexOutOfBoundsException("embedding: index out of range in self: index " + idx[i]
            + " at flat position " + i + " is outside [0, " + num + ") (weight shape "
            + Arrays.toString(weight.shape()) + ")");
      }
    }
  }

  // ---------------------------------------------------------------- convolution and pooling

  /** A 2-D convolution with stride 1, no padding, no dilation, one group. */
  public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias) {
    return conv2d(input, weight, bias, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1);
  }

  /**
   * 2-D convolution: input [N, C_in, H, W] or [C_in, H, W], weight [C_out, C_in/groups, kH, kW], bias [C_out] or
   * null. Pairs are {height, width}.
   *
   * @throws IllegalArgumentException with PyTorch's messages for mismatched channels or a kernel larger than the
   *     padded input
   */
  public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
      int groups) {
    return input.conv2d(weight, bias, stride, padding, dilation, groups);
  }

  /** Max pooling with a square window and stride = window. */
  public static Tensor maxPool2d(Tensor input, int kernelSize) {
    int[] k = {kernelSize, kernelSize};
    return maxPool2d(input, k, k, new int[] {0, 0}, new int[] {1, 1}, false);
  }

  /**
   * Max pooling of [N, C, H, W] or [C, H, W]; padding counts as −∞. {@code ceilMode} adds a last, partial window
   * where floor mode would drop the remainder (never one that starts in the right or bottom padding).
   *
   * @throws IllegalArgumentException if padding exceeds half the kernel or the output would be empty
   */
  public static Tensor maxPool2d(Tensor input, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
      boolean ceilMode) {
    checkPoolPadding("maxPool2d", kernelSize, padding);
    int[] extra = ceilMode ? Pooling.ceilOverhang(input, kernelSize, stride, padding, dilation) : null;
    if (extra == null) {
      return input.maxPool2d(kernelSize, stride, padding, dilation);
    }
    // The partial window reads past the input: pad explicitly with −∞ so it never wins, then pool unpadded.
    Tensor padded = input.pad(new int[] {padding[1], padding[1] + extra[1], padding[0], padding[0] + extra[0]},
        Double.NEGATIVE_INFINITY);
    return padded.maxPool2d(kernelSize, stride, new int[] {0, 0}, dilation);
  }

  /** Average pooling with a square window and stride = window. */
  public static Tensor avgPool2d(Tensor input, int kernelSize) {
    int[] k = {kernelSize, kernelSize};
    return avgPool2d(input, k, k, new int[] {0, 0}, false, true);
  }

  /**
   * Average pooling of [N, C, H, W] or [C, H, W] with zero padding; {@code countIncludePad} divides by the window
   * including padding (PyTorch's default), otherwise by the real elements. A {@code ceilMode} partial window divides
   * by the part of the window inside the padded input.
   *
   * @throws IllegalArgumentException if padding exceeds half the kernel or the output would be empty
   */
  public static Tensor avgPool2d(Tensor input, int[] kernelSize, int[] stride, int[] padding, boolean ceilMode,
      boolean countIncludePad) {
    checkPoolPadding("avgPool2d", kernelSize, padding);
    int[] extra = ceilMode ? Pooling.ceilOverhang(input, kernelSize, stride, padding, new int[] {1, 1}) : null;
    if (extra == null) {
      return input.avgPool2d(kernelSize, stride, padding, countIncludePad);
    }
    return Pooling.avgPool2dCeil(input, kernelSize, stride, padding, extra, countIncludePad);
  }

  static void checkPoolPadding(String op, int[] kernelSize, int[] padding) {
    for (int i = 0; i < 2; i++) {
      if (padding[i] > kernelSize[i] / 2) {
        throw new IllegalArgumentException(op + ": pad should be at most half of kernel size, but got pad="
            + padding[i] + " and kernel_size=" + kernelSize[i] + " (padding " + Arrays.toString(padding)
            + ", kernel " + Arrays.toString(kernelSize) + ")");
      }
    }
  }

  // ---------------------------------------------------------------- losses

  /** Mean squared error; shapes must match. */
  public static Tensor mseLoss(Tensor input, Tensor target) {
    return Losses.mse(input, target, Reduction.MEAN);
  }

  public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
    return Losses.mse(input, target, reduction);
  }

  /** Mean absolute error; shapes must match. */
  public static Tensor l1Loss(Tensor input, Tensor target) {
    return Losses.l1(input, target, Reduction.MEAN);
  }

  public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
    return Losses.l1(input, target, reduction);
  }

  /** Smooth L1 with β = 1. */
  public static Tensor smoothL1Loss(Tensor input, Tensor target) {
    return Losses.smoothL1(input, target, Reduction.MEAN, 1.0);
  }

  /** 0.5·d²/β where |d| < β, else |d| − 0.5·β; β = 0 is L1. */
  public static Tensor smoothL1Loss(Tensor input, Tensor target, Reduction reduction, double beta) {
    return Losses.smoothL1(input, target, reduction, beta);
  }

  /** Huber with δ = 1. */
  public static Tensor huberLoss(Tensor input, Tensor target) {
    return Losses.huber(input, target, Reduction.MEAN, 1.0);
  }

  /** 0.5·d² where |d| < δ, else δ·(|d| − 0.5·δ). */
  public static Tensor huberLoss(Tensor input, Tensor target, Reduction reduction, double delta) {
    return Losses.huber(input, target, reduction, delta);
  }

  /** Cross entropy on logits with PyTorch's defaults (see {@link CrossEntropyLoss}). */
  public static Tensor crossEntropy(Tensor input, Tensor target) {
    return Losses.crossEntropy(input, target, null, -100, Reduction.MEAN, 0.0);
  }

  /**
   * Cross entropy on logits [N, C] ([C], [N, C, d...]) against int64 class indices [N] or float32 probabilities of
   * the input's shape.
   *
   * @param weight class weights [C] or null
   * @throws IllegalArgumentException for a wrong target shape or dtype (both shapes named)
   * @throws IndexOutOfBoundsException {@code Target 5 is out of bounds} for a class outside [0, C)
   */
  public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction,
      double labelSmoothing) {
    return Losses.crossEntropy(input, target, weight, ignoreIndex, reduction, labelSmoothing);
  }

  /** Negative log likelihood on log-probabilities with PyTorch's defaults (see {@link NLLLoss}). */
  public static Tensor nllLoss(Tensor input, Tensor target) {
    return Losses.nll(input, target, null, -100, Reduction.MEAN);
  }

  public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
    return Losses.nll(input, target, weight, ignoreIndex, reduction);
  }

  /** Binary cross entropy on probabilities, logs clamped at −100 (see {@link BCELoss}). */
  public static Tensor binaryCrossEntropy(Tensor input, Tensor target) {
    return Losses.binaryCrossEntropy(input, target, null, Reduction.MEAN);
  }

  public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
    return Losses.binaryCrossEntropy(input, target, weight, reduction);
  }

  /** Stable sigmoid + binary cross entropy on logits (see {@link BCEWithLogitsLoss}). */
  public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
    return Losses.binaryCrossEntropyWithLogits(input, target, null, null, Reduction.MEAN);
  }

  public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight,
      Reduction reduction) {
    return Losses.binaryCrossEntropyWithLogits(input, target, weight, posWeight, reduction);
  }
}
