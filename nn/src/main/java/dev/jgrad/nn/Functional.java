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

  // ---------------------------------------------------------------- attention

  /**
   * Scaled dot-product attention with PyTorch 2's meaning ({@code F.scaled_dot_product_attention}; 1.13 has no
   * public one): {@code softmax(q·kᵀ / √E + mask)·v}, dropout on the weights when {@code dropoutP > 0} (always, as
   * in PyTorch: pass 0 in evaluation).
   *
   * <p>Shapes: query [..., L, E], key [..., S, E], value [..., S, Ev] with the same leading dims; the result is
   * [..., L, Ev]. The heads run as one batched matrix product over the leading dims.
   *
   * <p><b>Mask convention:</b> a <b>bool {@code attnMask} marks the positions that TAKE PART</b> (True: attended,
   * False: left out), the opposite of {@link MultiheadAttention}'s bool masks, which mark the positions to leave
   * out. A float mask is added to the scores. The mask broadcasts to [..., L, S]. {@code isCausal} lets position i
   * attend to positions 0..i only (the lower triangle of an [L, S] grid, top-left aligned).
   *
   * @param attnMask bool or float mask broadcastable to [..., L, S], or null
   * @throws IllegalArgumentException for mismatched shapes, a mask together with {@code isCausal}, a mask of another
   *     dtype, or {@code dropoutP} outside [0, 1]
   */
  public static Tensor scaledDotProductAttention(Tensor query, Tensor key, Tensor value, Tensor attnMask,
      double dropoutP, boolean isCausal) {
    String op = "scaledDotProductAttention";
    int d = query.dim();
    checkArgument(d >= 2 && key.dim() == d && value.dim() == d,
        "%s: query, key and value must have the same number of dims, at least 2, got query %s, key %s, value %s", op,
        Arrays.toString(query.shape()), Arrays.toString(key.shape()), Arrays.toString(value.shape()));
    int[] batch = Arrays.copyOf(query.shape(), d - 2);
    checkArgument(Arrays.equals(batch, Arrays.copyOf(key.shape(), d - 2))
            && Arrays.equals(batch, Arrays.copyOf(value.shape(), d - 2)) && query.size(-1) == key.size(-1)
            && key.size(-2) == value.size(-2),
        "%s: expected query [..., L, E], key [..., S, E] and value [..., S, Ev] with the same leading dims, got "
            + "query %s, key %s, value %s", op, Arrays.toString(query.shape()), Arrays.toString(key.shape()),
        Arrays.toString(value.shape()));
    checkArgument(!(isCausal && attnMask != null),
        "%s: Explicit attn_mask should not be set when is_causal=True (mask %s)", op,
        attnMask == null ? "" : Arrays.toString(attnMask.shape()));
    checkDropoutProbability(op, dropoutP);
    int tgt = query.size(-2);
    int src = key.size(-2);
    Tensor mask = null;
    if (attnMask != null) {
      Attention.checkMaskDtype(op, "attn_mask", attnMask);
      mask = Attention.isBool(attnMask) ? Attention.additive(attnMask, false) : attnMask;
    } else if (isCausal) {
      mask = Tensor.full(new int[] {tgt, src}, Float.NEGATIVE_INFINITY);
      for (int i = 0; i < tgt; i++) {
        mask.narrow(0, i, 1).narrow(1, 0, Math.min(i + 1, src)).zero_();
      }
    }
    int b = Arrays.stream(batch).reduce(1, (x, y) -> x * y);
    Tensor[] r = Attention.scaledDotProduct(query.reshape(b, tgt, query.size(-1)), key.reshape(b, src, key.size(-1)),
        value.reshape(b, src, value.size(-1)), mask, dropoutP, batch);
    int[] outShape = Arrays.copyOf(batch, d);
    outShape[d - 2] = tgt;
    outShape[d - 1] = value.size(-1);
    return r[0].view(outShape);
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
