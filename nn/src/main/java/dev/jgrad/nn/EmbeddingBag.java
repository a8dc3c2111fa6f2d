package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Sums, means or maxima of bags of embeddings without building the [bags, length, dim] intermediate, PyTorch's
 * {@code nn.EmbeddingBag}: 1-D int64 indices cut into bags by {@code offsets}, or 2-D indices [bags, length] (bags
 * of fixed length). The weight [num, dim] starts from N(0, 1), drawn from the global generator as PyTorch draws it,
 * with the {@code paddingIdx} row zeroed; padding indices are left out of their bag.
 *
 * <pre>{@code
 * EmbeddingBag bag = new EmbeddingBag(10, 3);   // mode "mean"
 * bag.forward(Tensor.ofLongs(1, 2, 4, 5, 4, 3, 2, 9), Tensor.ofLongs(0, 4), null).shape();   // [2, 3]
 * }</pre>
 */
public class EmbeddingBag extends Module {
  private static final List<String> MODES = List.of("sum", "mean", "max");

  private final int numEmbeddings;
  private final int embeddingDim;
  private final Double maxNorm;
  private final double normType;
  private final boolean scaleGradByFreq;
  private final String mode;
  private final boolean includeLastOffset;
  private final Integer paddingIdx;
  private final Parameter weight;

  /** Mode "mean", no max norm, no padding. */
  public EmbeddingBag(int numEmbeddings, int embeddingDim) {
    this(numEmbeddings, embeddingDim, null, 2.0, false, "mean", false, null, false, null);
  }

  /**
   * PyTorch's arguments in PyTorch's order.
   *
   * @param maxNorm renormalise each looked-up row to at most this {@code normType}-norm, in place, or null
   * @param mode "sum", "mean" or "max"
   * @param sparse must be false: jgrad has no sparse gradients
   * @param weight an initial weight [num, dim] (PyTorch's {@code _weight}), or null to draw one
   * @param includeLastOffset the last offset ends the last bag (offsets then hold bags + 1 entries)
   * @param paddingIdx the padding row; negative counts from the end; null for none
   * @throws IllegalArgumentException for a bad mode, sparse weights, max mode with scaleGradByFreq, a padding index
   *     outside [−num, num), or a weight of another shape
   */
  public EmbeddingBag(int numEmbeddings, int embeddingDim, Double maxNorm, double normType, boolean scaleGradByFreq,
      String mode, boolean sparse, Tensor weight, boolean includeLastOffset, Integer paddingIdx) {
    checkArgument(numEmbeddings >= 0 && embeddingDim >= 0, "EmbeddingBag: Trying to create tensor with negative "
        + "dimension: num_embeddings=%s, embedding_dim=%s", numEmbeddings, embeddingDim);
    checkOptions(mode, scaleGradByFreq, sparse);
    checkArgument(paddingIdx == null || (paddingIdx < numEmbeddings && paddingIdx >= -numEmbeddings),
        "EmbeddingBag: padding_idx must be within num_embeddings: padding_idx=%s, num_embeddings=%s", paddingIdx,
        numEmbeddings);
    checkArgument(weight == null || Arrays.equals(weight.shape(), new int[] {numEmbeddings, embeddingDim}),
        "EmbeddingBag: Shape of weight does not match num_embeddings and embedding_dim: weight %s, expected %s",
        weight == null ? null : Arrays.toString(weight.shape()), Arrays.toString(new int[] {numEmbeddings,
            embeddingDim}));
    Parameter.checkFits("EmbeddingBag(" + numEmbeddings + ", " + embeddingDim + ")",
        new int[] {numEmbeddings, embeddingDim});
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.maxNorm = maxNorm;
    this.normType = normType;
    this.scaleGradByFreq = scaleGradByFreq;
    this.mode = mode;
    this.includeLastOffset = includeLastOffset;
    this.paddingIdx = paddingIdx == null ? null : paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
    this.weight = registerParameter("weight",
        new Parameter(weight == null ? Tensor.zeros(numEmbeddings, embeddingDim) : weight.detach().clone()));
    if (weight == null) {
      resetParameters();
    }
  }

  private static void checkOptions(String mode, boolean scaleGradByFreq, boolean sparse) {
    checkArgument(MODES.contains(mode), "embeddingBag: mode has to be one of sum, mean or max, got '%s'", mode);
    checkArgument(!("max".equals(mode) && scaleGradByFreq),
        "embeddingBag: max mode does not support scaling the gradient by the frequency");
    checkArgument(!sparse, "embeddingBag: sparse=True is not supported: jgrad has no sparse gradients (use "
        + "sparse=false; the gradient is then a dense [num_embeddings, embedding_dim] tensor)");
  }

  /** Re-draws the weight from N(0, 1) and zeroes the padding row, as the constructor does. */
  public void resetParameters() {
    Init.normal_(weight);
    if (paddingIdx != null) {
      try (Autograd.Scope s = Autograd.noGrad()) {
        weight.select(0, paddingIdx).fill_(0);
      }
    }
  }

  /** Bags of fixed length: {@code input} [bags, length]. */
  @Override
  public Tensor forward(Tensor input) {
    return forward(input, null, null);
  }

  /**
   * @param input int64 indices, 1-D (with offsets) or 2-D [bags, length] (offsets null)
   * @param offsets int64 [bags] (or [bags + 1] with includeLastOffset), the start of each bag; null for 2-D input
   * @param perSampleWeights a weight per index, input's shape, or null (mode "sum" only)
   * @return [bags, dim]
   * @throws IllegalArgumentException with PyTorch's messages for a bad combination of shapes
   * @throws IndexOutOfBoundsException for an index outside [0, num)
   */
  public Tensor forward(Tensor input, Tensor offsets, Tensor perSampleWeights) {
    return embeddingBag(input, weight, offsets, maxNorm, normType, scaleGradByFreq, mode, false, perSampleWeights,
        includeLastOffset, paddingIdx);
  }

  /** PyTorch's {@code F.embedding_bag}: the argument rules of its Python half, then the op. */
  static Tensor embeddingBag(Tensor input, Tensor weight, Tensor offsets, Double maxNorm, double normType,
      boolean scaleGradByFreq, String mode, boolean sparse, Tensor perSampleWeights, boolean includeLastOffset,
      Integer paddingIdx) {
    String op = "embeddingBag";
    checkArgument(perSampleWeights == null || Arrays.equals(input.shape(), perSampleWeights.shape()),
        "%s: If per_sample_weights (%s) is not None, then it must have the same shape as the input (%s)", op,
        perSampleWeights == null ? null : Arrays.toString(perSampleWeights.shape()), Arrays.toString(input.shape()));
    Tensor indices = input;
    Tensor bagStarts = offsets;
    Tensor sampleWeights = perSampleWeights;
    if (input.dim() == 2) {
      checkArgument(offsets == null, "%s: if input is 2D, then offsets has to be None, as input is treated is a "
          + "mini-batch of fixed length sequences. However, found offsets of shape %s", op,
          offsets == null ? null : Arrays.toString(offsets.shape()));
      int bags = input.size(0);
      int length = input.size(1);
      long[] starts = new long[bags];
      for (int b = 0; b < bags; b++) {
        starts[b] = (long) b * length;
      }
      bagStarts = Tensor.ofLongs(starts);
      indices = input.reshape(-1);
      sampleWeights = perSampleWeights == null ? null : perSampleWeights.reshape(-1);
    } else if (input.dim() == 1) {
      checkArgument(offsets != null, "%s: offsets has to be a 1D Tensor but got None", op);
      checkArgument(offsets.dim() == 1, "%s: offsets has to be a 1D Tensor, got shape %s", op,
          Arrays.toString(offsets.shape()));
    } else {
      throw new IllegalArgumentException(op + ": input has to be 1D or 2D Tensor, but got Tensor of dimension "
          + input.dim() + " (shape " + Arrays.toString(input.shape()) + ")");
    }
    checkOptions(mode, scaleGradByFreq, sparse);
    if (maxNorm != null) {
      renorm(weight, indices, maxNorm, normType);
    }
    return Tensor.embeddingBag(weight, indices, bagStarts, scaleGradByFreq, mode, sampleWeights, includeLastOffset,
        paddingIdx);
  }

  /**
   * ATen's embedding_renorm_: each distinct row that {@code indices} use whose {@code normType}-norm exceeds
   * {@code maxNorm} is scaled in place by maxNorm / (norm + 1e-7), outside the graph.
   */
  private static void renorm(Tensor weight, Tensor indices, double maxNorm, double normType) {
    if (indices.dtype() != DType.INT64) {
      return; // the op refuses it with PyTorch's message
    }
    long[] rows = Arrays.stream(indices.toLongArray()).sorted().distinct().toArray();
    try (Autograd.Scope s = Autograd.noGrad()) {
      for (long r : rows) {
        if (r < 0 || r >= weight.size(0)) {
          continue; // the op reports it
        }
        Tensor row = weight.select(0, (int) r);
        double norm = row.norm(normType).doubleValue();
        if (norm > maxNorm) {
          row.mul_(maxNorm / (norm + 1e-7));
        }
      }
    }
  }

  public Parameter weight() {
    return weight;
  }

  public String mode() {
    return mode;
  }

  /** The padding row (non-negative), or null. */
  public Integer paddingIdx() {
    return paddingIdx;
  }

  @Override
  protected String extraRepr() {
    StringBuilder s = new StringBuilder().append(numEmbeddings).append(", ").append(embeddingDim);
    if (maxNorm != null) {
      s.append(", max_norm=").append(PyRepr.of(maxNorm));
    }
    if (normType != 2) {
      s.append(", norm_type=").append(PyRepr.of(normType));
    }
    if (scaleGradByFreq) {
      s.append(", scale_grad_by_freq=True");
    }
    s.append(", mode=").append(mode);
    if (paddingIdx != null) {
      s.append(", padding_idx=").append(paddingIdx);
    }
    return s.toString();
  }
}
