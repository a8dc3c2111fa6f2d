package dev.jgrad.nn;

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

  public static Tensor softmax(Tensor input, int dim) {
    return input.softmax(dim);
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

  /** KL divergence with PyTorch's defaults (MEAN, which logs PyTorch's warning; see {@link KLDivLoss}). */
  public static Tensor klDiv(Tensor input, Tensor target) {
    return ProbabilisticLosses.klDiv(input, target, Reduction.MEAN, false);
  }

  /**
   * KL divergence of log-probabilities {@code input} from {@code target} (probabilities, or log-probabilities with
   * {@code logTarget}); {@link Reduction#BATCHMEAN} gives the divergence itself.
   */
  public static Tensor klDiv(Tensor input, Tensor target, Reduction reduction, boolean logTarget) {
    return ProbabilisticLosses.klDiv(input, target, reduction, logTarget);
  }

  /** Poisson negative log-likelihood of log-rates (see {@link PoissonNLLLoss}). */
  public static Tensor poissonNllLoss(Tensor input, Tensor target) {
    return ProbabilisticLosses.poissonNll(input, target, true, false, 1e-8, Reduction.MEAN);
  }

  public static Tensor poissonNllLoss(Tensor input, Tensor target, boolean logInput, boolean full, double eps,
      Reduction reduction) {
    return ProbabilisticLosses.poissonNll(input, target, logInput, full, eps, reduction);
  }

  /** Gaussian negative log-likelihood with variance {@code var} (see {@link GaussianNLLLoss} for its shapes). */
  public static Tensor gaussianNllLoss(Tensor input, Tensor target, Tensor var) {
    return ProbabilisticLosses.gaussianNll(input, target, var, false, 1e-6, Reduction.MEAN);
  }

  public static Tensor gaussianNllLoss(Tensor input, Tensor target, Tensor var, boolean full, double eps,
      Reduction reduction) {
    return ProbabilisticLosses.gaussianNll(input, target, var, full, eps, reduction);
  }

  /** 1 − cos where y = 1, max(0, cos − margin) where y = −1 (see {@link CosineEmbeddingLoss}). */
  public static Tensor cosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target) {
    return MarginLosses.cosineEmbedding(input1, input2, target, 0.0, Reduction.MEAN);
  }

  public static Tensor cosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target, double margin,
      Reduction reduction) {
    return MarginLosses.cosineEmbedding(input1, input2, target, margin, reduction);
  }

  /** max(0, −y·(x₁ − x₂) + margin) (see {@link MarginRankingLoss}). */
  public static Tensor marginRankingLoss(Tensor input1, Tensor input2, Tensor target) {
    return MarginLosses.marginRanking(input1, input2, target, 0.0, Reduction.MEAN);
  }

  public static Tensor marginRankingLoss(Tensor input1, Tensor input2, Tensor target, double margin,
      Reduction reduction) {
    return MarginLosses.marginRanking(input1, input2, target, margin, reduction);
  }

  /** x where y = 1, max(0, 1 − x) where y = −1 (see {@link HingeEmbeddingLoss}). */
  public static Tensor hingeEmbeddingLoss(Tensor input, Tensor target) {
    return MarginLosses.hingeEmbedding(input, target, 1.0, Reduction.MEAN);
  }

  public static Tensor hingeEmbeddingLoss(Tensor input, Tensor target, double margin, Reduction reduction) {
    return MarginLosses.hingeEmbedding(input, target, margin, reduction);
  }

  /** Triplet loss with margin 1 and Euclidean distance (see {@link TripletMarginLoss}). */
  public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative) {
    return MarginLosses.tripletMargin(anchor, positive, negative, 1.0, 2.0, 1e-6, false, Reduction.MEAN);
  }

  public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative, double margin, double p,
      double eps, boolean swap, Reduction reduction) {
    return MarginLosses.tripletMargin(anchor, positive, negative, margin, p, eps, swap, reduction);
  }

  /** log(1 + e^{−x·y}) for y = ±1 (see {@link SoftMarginLoss}). */
  public static Tensor softMarginLoss(Tensor input, Tensor target) {
    return MarginLosses.softMargin(input, target, Reduction.MEAN);
  }

  public static Tensor softMarginLoss(Tensor input, Tensor target, Reduction reduction) {
    return MarginLosses.softMargin(input, target, reduction);
  }

  /** One-versus-all logistic loss over the last dim (see {@link MultiLabelSoftMarginLoss}). */
  public static Tensor multilabelSoftMarginLoss(Tensor input, Tensor target) {
    return MarginLosses.multilabelSoftMargin(input, target, null, Reduction.MEAN);
  }

  /** @param weight class weights broadcastable to the input, or null */
  public static Tensor multilabelSoftMarginLoss(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
    return MarginLosses.multilabelSoftMargin(input, target, weight, reduction);
  }

  /** Multi-label hinge loss; int64 targets end each row with −1 (see {@link MultiLabelMarginLoss}). */
  public static Tensor multilabelMarginLoss(Tensor input, Tensor target) {
    return MarginLosses.multilabelMargin(input, target, Reduction.MEAN);
  }

  public static Tensor multilabelMarginLoss(Tensor input, Tensor target, Reduction reduction) {
    return MarginLosses.multilabelMargin(input, target, reduction);
  }

  /** Multi-class hinge loss with p = 1, margin 1 (see {@link MultiMarginLoss}). */
  public static Tensor multiMarginLoss(Tensor input, Tensor target) {
    return MarginLosses.multiMargin(input, target, 1, 1.0, null, Reduction.MEAN);
  }

  /**
   * @param p 1 or 2
   * @param weight class weights [C], or null
   */
  public static Tensor multiMarginLoss(Tensor input, Tensor target, int p, double margin, Tensor weight,
      Reduction reduction) {
    return MarginLosses.multiMargin(input, target, p, margin, weight, reduction);
  }

  /** CTC loss with blank 0 and MEAN (see {@link CTCLoss} for shapes and reductions). */
  public static Tensor ctcLoss(Tensor logProbs, Tensor targets, int[] inputLengths, int[] targetLengths) {
    return CtcLosses.ctc(logProbs, targets, inputLengths, targetLengths, 0, Reduction.MEAN, false);
  }

  public static Tensor ctcLoss(Tensor logProbs, Tensor targets, int[] inputLengths, int[] targetLengths, int blank,
      Reduction reduction, boolean zeroInfinity) {
    return CtcLosses.ctc(logProbs, targets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
  }

  /** Lengths as integral tensors [N] (0-dim for an unbatched input). */
  public static Tensor ctcLoss(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths, int blank,
      Reduction reduction, boolean zeroInfinity) {
    return CtcLosses.ctc(logProbs, targets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
  }
}
