package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.ShardContext;
import dev.jgrad.autograd.Spatial;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.ValuesAndIndices;
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
    if (training && ShardContext.current() != null) {
      return dropout(input, p, true, null);   // the per-row stream: the global generator is off limits here
    }
    return dropout(input, p, training, Generator.global());
  }

  /**
   * Inverted dropout: in training, zeroes each element with probability p (PyTorch's mask stream) and scales the
   * rest by 1/(1−p).
   *
   * <p>In a data-parallel replica (inside a {@link ShardContext}) the mask of each row of dim 0 is drawn from the
   * context's counter-based stream keyed by the row's global index instead (and {@code generator} is not used), so
   * a row gets the same mask whichever replica computes it and however many replicas there are. The input's first
   * dimension must then be the shard's rows.
   *
   * @throws IllegalArgumentException {@code dropout probability has to be between 0 and 1, but got 1.5}
   */
  public static Tensor dropout(Tensor input, double p, boolean training, Generator generator) {
    checkDropoutProbability("dropout", p);
    ShardContext shard = training ? ShardContext.current() : null;
    if (shard != null) {
      return shardDropout(input, p, shard);
    }
    return input.dropout(p, training, generator);
  }

  /** Inverted dropout with masks from the shard's per-row stream; the scaling is that of PyTorch's dropout. */
  private static Tensor shardDropout(Tensor input, double p, ShardContext shard) {
    int[] shape = input.shape();
    checkArgument(shape.length >= 1 && shape[0] == shard.rows(), "dropout: in a data-parallel replica the input's "
        + "first dimension must be the shard's %s rows (masks are drawn per global row), got shape %s",
        shard.rows(), Arrays.toString(shape));
    int draw = shard.nextDraw();
    if (p == 0 || input.numel() == 0) {
      return input;
    }
    if (p == 1) {
      return input.mul(Tensor.scalar(0f));
    }
    int rows = shape[0];
    int perRow = input.numel() / rows;
    float scale = 1f / (float) (1 - p);
    float[] mask = new float[input.numel()];
    for (int r = 0; r < rows; r++) {
      long key = shard.rowKey(draw, shard.rowOffset() + r);
      for (int j = 0, o = r * perRow; j < perRow; j++) {
        mask[o + j] = ShardContext.uniform(key, j) >= p ? scale : 0f;
      }
    }
    return input.mul(Tensor.of(mask, shape));
  }

  /**
   * Channel-wise dropout of [N, C, L] or unbatched [C, L], PyTorch's {@code F.dropout1d}: in training each channel
   * of each sample is zeroed with probability p (one mask value per channel, PyTorch's stream) and the rest scaled
   * by 1/(1−p).
   *
   * @throws IllegalArgumentException {@code dropout1d: Expected 2D or 3D input, but received a 4D input}, or p
   *     outside [0, 1]
   */
  public static Tensor dropout1d(Tensor input, double p, boolean training, Generator generator) {
    return Dropouts.dropout1d(input, p, training, generator);
  }

  /** {@link #dropout1d(Tensor, double, boolean, Generator)} with the global generator. */
  public static Tensor dropout1d(Tensor input, double p, boolean training) {
    return Dropouts.dropout1d(input, p, training, Generator.global());
  }

  /**
   * Channel-wise dropout of [N, C, H, W], PyTorch 1.13's {@code F.dropout2d}: a 3-D input is taken as [N, C, L]
   * with a warning, other ranks (at least 2) are accepted with a warning and drop per [N, C] entry; the warnings are
   * log records of {@code dev.jgrad.nn.Dropouts}, PyTorch's texts.
   *
   * @throws IllegalArgumentException {@code Feature dropout requires at least 2 dimensions in the input}, or p
   *     outside [0, 1]
   */
  public static Tensor dropout2d(Tensor input, double p, boolean training, Generator generator) {
    return Dropouts.dropout2d(input, p, training, generator);
  }

  /** {@link #dropout2d(Tensor, double, boolean, Generator)} with the global generator. */
  public static Tensor dropout2d(Tensor input, double p, boolean training) {
    return Dropouts.dropout2d(input, p, training, Generator.global());
  }

  /**
   * Alpha dropout, PyTorch's {@code F.alpha_dropout}: in training each element is replaced by SELU's negative
   * saturation value with probability p, and an affine map keeps zero mean and unit variance.
   *
   * @throws IllegalArgumentException if p is outside [0, 1]
   */
  public static Tensor alphaDropout(Tensor input, double p, boolean training, Generator generator) {
    return Dropouts.alphaDropout(input, p, training, generator, false);
  }

  /** {@link #alphaDropout(Tensor, double, boolean, Generator)} with the global generator. */
  public static Tensor alphaDropout(Tensor input, double p, boolean training) {
    return Dropouts.alphaDropout(input, p, training, Generator.global(), false);
  }

  /**
   * Alpha dropout of whole channels of [N, C, *], PyTorch's {@code F.feature_alpha_dropout}.
   *
   * @throws IllegalArgumentException for fewer than 2 dims, or p outside [0, 1]
   */
  public static Tensor featureAlphaDropout(Tensor input, double p, boolean training, Generator generator) {
    return Dropouts.alphaDropout(input, p, training, generator, true);
  }

  /** {@link #featureAlphaDropout(Tensor, double, boolean, Generator)} with the global generator. */
  public static Tensor featureAlphaDropout(Tensor input, double p, boolean training) {
    return Dropouts.alphaDropout(input, p, training, Generator.global(), true);
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
   * Batch normalisation of [N, C, *], PyTorch's {@code F.batch_norm}. With {@code training} the batch statistics
   * normalise (biased variance) and, when the running buffers are given, are blended into them in place (unbiased
   * variance, {@code running = (1 − momentum)·running + momentum·batch}); otherwise the running statistics
   * normalise. The gradient node is NativeBatchNormBackward0.
   *
   * @param runningMean [C] or null; runningVar likewise (both needed when not training)
   * @param weight [C] or null; bias likewise
   * @throws IllegalArgumentException for fewer than 2 dims, a channel count that does not match the buffers or
   *     parameters ({@code running_mean should contain 4 elements not 3}), a single value per channel in training,
   *     or missing running statistics in evaluation
   */
  public static Tensor batchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
      boolean training, double momentum, double eps) {
    if (training) {
      checkBatchSize("batchNorm", input.shape());
    }
    return input.batchNorm(weight, bias, runningMean, runningVar, training, momentum, eps);
  }

  /**
   * Instance normalisation of [N, C, *], PyTorch's {@code F.instance_norm}: each channel of each sample is
   * normalised by its own statistics when {@code useInputStats}, otherwise by the running ones. As in ATen, this is
   * batch norm of the input seen as [1, N·C, *] with the parameters and buffers repeated N times; the running
   * buffers [C] then receive the mean over the samples of the N updated copies.
   *
   * @throws IllegalArgumentException for fewer than 2 dims, one spatial element in training ({@code Expected more
   *     than 1 spatial element when training}), mismatched sizes, or missing running statistics without
   *     {@code useInputStats}
   */
  public static Tensor instanceNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
      boolean useInputStats, double momentum, double eps) {
    int[] s = input.shape();
    checkArgument(s.length >= 2, "instanceNorm: expected an input of at least 2 dims [N, C, *], got shape %s",
        Arrays.toString(s));
    checkArgument(useInputStats || (runningMean != null && runningVar != null),
        "instanceNorm: Expected running_mean and running_var to be defined when use_input_stats is false");
    if (useInputStats) {
      int spatial = 1;
      for (int i = 2; i < s.length; i++) {
        spatial *= s[i];
      }
      checkArgument(spatial != 1, "instanceNorm: Expected more than 1 spatial element when training, got input size "
          + "%s", Arrays.toString(s));
    }
    int b = s[0];
    int c = s[1];
    int[] folded = s.clone();
    folded[0] = 1;
    folded[1] = b * c;
    Tensor meanCopies = runningMean == null ? null : runningMean.repeat(b);
    Tensor varCopies = runningVar == null ? null : runningVar.repeat(b);
    Tensor out = input.contiguous().view(folded).batchNorm(weight == null ? null : weight.repeat(b),
        bias == null ? null : bias.repeat(b), meanCopies, varCopies, useInputStats, momentum, eps);
    try (Autograd.Scope g = Autograd.noGrad()) {
      if (runningMean != null) {
        runningMean.copy_(meanCopies.view(b, c).mean(0, false));
      }
      if (runningVar != null) {
        runningVar.copy_(varCopies.view(b, c).mean(0, false));
      }
    }
    return out.view(s);
  }

  /**
   * Group normalisation of [N, C, *], PyTorch's {@code F.group_norm}: the C channels of each sample form
   * {@code numGroups} groups, each normalised by its own mean and biased variance, then scaled and shifted per
   * channel by weight and bias [C] (or null). The gradient node is NativeGroupNormBackward0.
   *
   * @throws IllegalArgumentException {@code Expected number of channels in input to be divisible by num_groups},
   *     weight or bias not [C], or a single value per group
   */
  public static Tensor groupNorm(Tensor input, int numGroups, Tensor weight, Tensor bias, double eps) {
    int[] s = input.shape();
    checkArgument(s.length >= 2, "groupNorm: expected an input of at least 2 dims [N, C, *], got shape %s",
        Arrays.toString(s));
    checkArgument(numGroups > 0, "groupNorm: num_groups must be positive, got %s", numGroups);
    int[] verified = new int[s.length];
    verified[0] = s[0] * s[1] / numGroups;
    verified[1] = numGroups;
    System.arraycopy(s, 2, verified, 2, s.length - 2);
    checkBatchSize("groupNorm", verified);
    return input.groupNorm(numGroups, weight, bias, eps);
  }

  /**
   * PyTorch's {@code _verify_batch_size}: more than one value per channel, counting dim 0 and the dims after 1.
   */
  private static void checkBatchSize(String op, int[] size) {
    long count = size.length == 0 ? 0 : size[0];
    for (int i = 2; i < size.length; i++) {
      count *= size[i];
    }
    checkArgument(count != 1, "%s: Expected more than 1 value per channel when training, got input size %s", op,
        Arrays.toString(size));
  }

  /**
   * Local response normalisation across channels, PyTorch's {@code F.local_response_norm}: x / (k + alpha ·
   * mean of x² over a window of {@code size} channels centred on each channel, zero padded)^beta, for [N, C, *]
   * with at least 3 dims. Composed of Tensor ops, as in PyTorch.
   *
   * @throws IllegalArgumentException {@code Expected 3D or higher dimensionality input (got 2 dimensions)}
   */
  public static Tensor localResponseNorm(Tensor input, int size, double alpha, double beta, double k) {
    int[] s = input.shape();
    checkArgument(s.length >= 3, "localResponseNorm: Expected 3D or higher dimensionality input (got %s dimensions)"
        + " of shape %s", s.length, Arrays.toString(s));
    checkArgument(size > 0, "localResponseNorm: size must be positive, got %s", size);
    if (input.numel() == 0) {
      return input;
    }
    int channels = s[1];
    Tensor squares = input.mul(input).reshape(s[0], channels, -1);
    Tensor padded = squares.pad(0, 0, size / 2, (size - 1) / 2);
    Tensor window = padded.narrow(1, 0, channels);
    for (int i = 1; i < size; i++) {
      window = window.add(padded.narrow(1, i, channels));
    }
    Tensor div = window.div(size).reshape(s).mul(alpha).add(k).pow(beta);
    return input.div(div);
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

  /**
   * PyTorch's {@code F.embedding_bag(input, weight, offsets, max_norm, norm_type, scale_grad_by_freq, mode, sparse,
   * per_sample_weights, include_last_offset, padding_idx)}: see {@link EmbeddingBag}. {@code sparse} must be false.
   *
   * @throws IllegalArgumentException with PyTorch's messages for bad shapes, modes and offsets
   * @throws IndexOutOfBoundsException for an index outside [0, num)
   */
  public static Tensor embeddingBag(Tensor input, Tensor weight, Tensor offsets, Double maxNorm, double normType,
      boolean scaleGradByFreq, String mode, boolean sparse, Tensor perSampleWeights, boolean includeLastOffset,
      Integer paddingIdx) {
    return EmbeddingBag.embeddingBag(input, weight, offsets, maxNorm, normType, scaleGradByFreq, mode, sparse,
        perSampleWeights, includeLastOffset, paddingIdx);
  }

  // ---------------------------------------------------------------- bilinear, similarity and distance

  /**
   * x1ᵀ·A·x2 + b, PyTorch's {@code F.bilinear}: input1 [*, in1], input2 [*, in2], weight [out, in1, in2], bias
   * [out] or null; result [*, out].
   *
   * @throws IllegalArgumentException {@code bilinear(): input1 size does not match weight size: got 2 but expected
   *     3} and PyTorch's other {@code bilinear():} messages
   */
  public static Tensor bilinear(Tensor input1, Tensor input2, Tensor weight, Tensor bias) {
    return Bilinear.bilinear(input1, input2, weight, bias);
  }

  /** Cosine similarity along dim 1 with eps 1e-8. */
  public static Tensor cosineSimilarity(Tensor x1, Tensor x2) {
    return Distances.cosineSimilarity(x1, x2, 1, 1e-8);
  }

  /**
   * Cosine similarity along {@code dim}, PyTorch's {@code F.cosine_similarity}: Σ (x1 / max(‖x1‖, eps)) ·
   * (x2 / max(‖x2‖, eps)); the inputs broadcast.
   *
   * @throws IllegalArgumentException if the shapes do not broadcast
   * @throws IndexOutOfBoundsException if dim is out of range
   */
  public static Tensor cosineSimilarity(Tensor x1, Tensor x2, int dim, double eps) {
    return Distances.cosineSimilarity(x1, x2, dim, eps);
  }

  /** Euclidean pairwise distance with eps 1e-6. */
  public static Tensor pairwiseDistance(Tensor x1, Tensor x2) {
    return Distances.pairwiseDistance(x1, x2, 2.0, 1e-6, false);
  }

  /**
   * ‖x1 − x2 + eps‖_p over the last dim, PyTorch's {@code F.pairwise_distance}; the inputs broadcast.
   *
   * @throws IllegalArgumentException if the shapes do not broadcast
   */
  public static Tensor pairwiseDistance(Tensor x1, Tensor x2, double p, double eps, boolean keepdim) {
    return Distances.pairwiseDistance(x1, x2, p, eps, keepdim);
  }

  /** L2 normalisation along dim 1 with eps 1e-12. */
  public static Tensor normalize(Tensor input) {
    return Distances.normalize(input, 2.0, 1, 1e-12);
  }

  /**
   * input / max(‖input‖_p along dim, eps), PyTorch's {@code F.normalize}.
   *
   * @throws IndexOutOfBoundsException {@code Dimension out of range} for a bad dim
   */
  public static Tensor normalize(Tensor input, double p, int dim, double eps) {
    return Distances.normalize(input, p, dim, eps);
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

  /** Max pooling over the last dim of [N, C, L] or [C, L], PyTorch's {@code F.max_pool1d} (stride null: kernel). */
  public static Tensor maxPool1d(Tensor input, int kernelSize, Integer stride, int padding, int dilation,
      boolean ceilMode) {
    checkArgument(input.dim() == 2 || input.dim() == 3, "max_pool1d: Expected 2D or 3D (batch mode) tensor with "
        + "optional 0 dim batch size for input, but got:%s", Arrays.toString(input.shape()));
    int s = stride == null ? kernelSize : stride;
    checkArgument(kernelSize > 0 && s > 0 && dilation > 0 && padding >= 0, "max_pool1d: kernel_size, stride and "
        + "dilation must be positive and padding non-negative, got kernel_size=%s stride=%s padding=%s dilation=%s",
        kernelSize, s, padding, dilation);
    checkArgument(padding <= kernelSize / 2, "max_pool1d() padding should be at most half of kernel size, but got "
        + "padding=%s and kernel_size=%s", padding, kernelSize);
    return maxPool2d(input.unsqueeze(-2), new int[] {1, kernelSize}, new int[] {1, s}, new int[] {0, padding},
        new int[] {1, dilation}, ceilMode).squeeze(-2);
  }

  /** Average pooling over the last dim of [N, C, L] or [C, L], PyTorch's {@code F.avg_pool1d} (stride null: kernel). */
  public static Tensor avgPool1d(Tensor input, int kernelSize, Integer stride, int padding, boolean ceilMode,
      boolean countIncludePad) {
    checkArgument(input.dim() == 2 || input.dim() == 3, "avg_pool1d: Expected 2 to 3 dimensions, but got "
        + "%s-dimensional tensor for argument #1 'self' (while checking arguments for avg_pool1d)", input.dim());
    int s = stride == null ? kernelSize : stride;
    checkArgument(kernelSize > 0 && s > 0 && padding >= 0, "avg_pool1d: kernel_size and stride must be positive and "
        + "padding non-negative, got kernel_size=%s stride=%s padding=%s", kernelSize, s, padding);
    checkArgument(padding <= kernelSize / 2, "avg_pool1d: pad should be at most half of kernel size, but got pad=%s "
        + "and kernel_size=%s", padding, kernelSize);
    return avgPool2d(input.unsqueeze(-2), new int[] {1, kernelSize}, new int[] {1, s}, new int[] {0, padding},
        ceilMode, countIncludePad).squeeze(-2);
  }

  /** Adaptive average pooling of [N, C, L] or [C, L] to {@code outputSize}, PyTorch's {@code F.adaptive_avg_pool1d}. */
  public static Tensor adaptiveAvgPool1d(Tensor input, int outputSize) {
    checkArgument(input.dim() == 2 || input.dim() == 3, "adaptive_avg_pool1d: Expected 2 to 3 dimensions, but got "
        + "%s-dimensional tensor for argument #1 'self' (while checking arguments for adaptive_avg_pool1d)",
        input.dim());
    return Spatial.adaptiveAvgPool2d(input.unsqueeze(-2), new int[] {1, outputSize}).squeeze(-2);
  }

  /** Adaptive average pooling of [N, C, H, W] or [C, H, W] to a square {@code outputSize}. */
  public static Tensor adaptiveAvgPool2d(Tensor input, int outputSize) {
    return adaptiveAvgPool2d(input, outputSize, outputSize);
  }

  /**
   * Adaptive average pooling to {outH, outW}, PyTorch's {@code F.adaptive_avg_pool2d}: output i along a dim of size
   * in averages [⌊i·in/out⌋, ⌈(i + 1)·in/out⌉). A null size keeps the input's.
   *
   * @throws IllegalArgumentException {@code Expected 3D or 4D tensor}, or a negative size
   */
  public static Tensor adaptiveAvgPool2d(Tensor input, Integer outH, Integer outW) {
    return Spatial.adaptiveAvgPool2d(input, adaptiveSize(input, outH, outW));
  }

  /** Adaptive max pooling of [N, C, H, W] or [C, H, W] to {outH, outW} (null keeps the input's size). */
  public static Tensor adaptiveMaxPool2d(Tensor input, Integer outH, Integer outW) {
    return adaptiveMaxPool2dWithIndices(input, outH, outW).values();
  }

  /**
   * Adaptive max pooling with the int64 indices (flat h·W + w within each plane) of each maximum, PyTorch's
   * {@code F.adaptive_max_pool2d(..., return_indices=True)}.
   */
  public static ValuesAndIndices adaptiveMaxPool2dWithIndices(Tensor input, Integer outH, Integer outW) {
    return Spatial.adaptiveMaxPool2d(input, adaptiveSize(input, outH, outW));
  }

  /** PyTorch's _list_with_default: a null size is the input's. */
  private static int[] adaptiveSize(Tensor input, Integer outH, Integer outW) {
    int nd = input.dim();
    return new int[] {outH != null ? outH : nd >= 2 ? input.size(nd - 2) : 0,
        outW != null ? outW : nd >= 1 ? input.size(nd - 1) : 0};
  }

  /**
   * 1-D convolution: input [N, C_in, L] or [C_in, L], weight [C_out, C_in/groups, K], bias [C_out] or null; the
   * options are arrays of one value.
   */
  public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
      int groups) {
    return Spatial.conv1d(input, weight, bias, stride, padding, dilation, groups);
  }

  /** 1-D convolution with padding "same" or "valid". */
  public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation,
      int groups) {
    return Spatial.conv1d(input, weight, bias, stride, padding, dilation, groups);
  }

  /**
   * 2-D convolution with padding "valid" (none) or "same" (output size = input size, stride 1 only; an odd total
   * padding puts the extra row or column at the end, as PyTorch).
   *
   * @throws IllegalArgumentException {@code Invalid padding string: 'foo'} or {@code padding='same' is not supported
   *     for strided convolutions}
   */
  public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, String padding, int[] dilation,
      int groups) {
    return Spatial.conv2d(input, weight, bias, stride, padding, dilation, groups);
  }

  /**
   * Transposed 2-D convolution in PyTorch's argument order: input [N, C_in, H, W] or [C_in, H, W], weight
   * [C_in, C_out/groups, kH, kW], bias [C_out] or null; pairs are {height, width}.
   */
  public static Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
      int[] outputPadding, int groups, int[] dilation) {
    return Spatial.convTranspose2d(input, weight, bias, stride, padding, outputPadding, groups, dilation);
  }

  /** Transposed 1-D convolution in PyTorch's argument order (options of one value). */
  public static Tensor convTranspose1d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding,
      int[] outputPadding, int groups, int[] dilation) {
    return Spatial.convTranspose1d(input, weight, bias, stride, padding, outputPadding, groups, dilation);
  }

  // ---------------------------------------------------------------- padding and resampling

  /** Zero padding, {@code pad = {left, right, top, bottom, ...}} from the last dim backwards. */
  public static Tensor pad(Tensor input, int[] pad) {
    return Spatial.pad(input, pad, "constant", null);
  }

  /**
   * PyTorch's {@code F.pad} with {@code mode} "constant" (zeros), "reflect", "replicate" or "circular"; the
   * non-constant modes pad the last 1, 2 or 3 dims (pad of length 2, 4, 6) of an input with one or two more dims.
   *
   * @throws IllegalArgumentException with PyTorch's messages for a bad length, mode, size or rank
   */
  public static Tensor pad(Tensor input, int[] pad, String mode) {
    return Spatial.pad(input, pad, mode, null);
  }

  /** {@link #pad(Tensor, int[], String)} with a fill value, which only "constant" accepts (others: 0 only). */
  public static Tensor pad(Tensor input, int[] pad, String mode, double value) {
    return Spatial.pad(input, pad, mode, value);
  }

  /**
   * PyTorch's {@code F.interpolate}: [N, C, L] in modes "nearest" and "linear", [N, C, H, W] in "nearest" and
   * "bilinear"; exactly one of {@code size} and {@code scaleFactor} (one value per spatial dim, or one for all).
   * With a scale factor the output size is ⌊in·scale⌋ and positions are sampled with 1/scale, as PyTorch.
   * {@code alignCorners} is null when not given (false) and only allowed for the linear modes.
   *
   * @throws IllegalArgumentException with PyTorch's messages, e.g. {@code only one of size or scale_factor should be
   *     defined}
   */
  public static Tensor interpolate(Tensor input, int[] size, double[] scaleFactor, String mode, Boolean alignCorners) {
    int dims = Math.max(input.dim() - 2, 1);
    int[] sz = size != null && size.length == 1 ? ConvNd.fill(size[0], dims) : size;
    double[] sf = scaleFactor;
    if (scaleFactor != null && scaleFactor.length == 1) {
      sf = new double[dims];
      Arrays.fill(sf, scaleFactor[0]);
    }
    return Spatial.interpolate(input, sz, sf, mode, alignCorners);
  }

  /** [*, C·r², H, W] to [*, C, H·r, W·r]. */
  public static Tensor pixelShuffle(Tensor input, int upscaleFactor) {
    return Spatial.pixelShuffle(input, upscaleFactor);
  }

  /** [*, C, H·r, W·r] to [*, C·r², H, W]. */
  public static Tensor pixelUnshuffle(Tensor input, int downscaleFactor) {
    return Spatial.pixelUnshuffle(input, downscaleFactor);
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

  /** 0.5·d²/β where |d| &lt; β, else |d| − 0.5·β; β = 0 is L1. */
  public static Tensor smoothL1Loss(Tensor input, Tensor target, Reduction reduction, double beta) {
    return Losses.smoothL1(input, target, reduction, beta);
  }

  /** Huber with δ = 1. */
  public static Tensor huberLoss(Tensor input, Tensor target) {
    return Losses.huber(input, target, Reduction.MEAN, 1.0);
  }

  /** 0.5·d² where |d| &lt; δ, else δ·(|d| − 0.5·δ). */
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
