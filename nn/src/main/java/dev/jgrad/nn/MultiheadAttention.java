package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Multi-head attention, PyTorch's {@code nn.MultiheadAttention}:
 * {@code out = concat(head_1, ..., head_h)·W_oᵀ + b_o} with {@code head_i = softmax(q_i·k_iᵀ / √d + mask)·v_i}, where
 * q, k and v are the projections of query, key and value and d = embedDim / numHeads.
 *
 * <p>Shapes (L target length, S source length, N batch, E embedDim): query [L, N, E], key [S, N, kdim], value
 * [S, N, vdim]; [N, L, E] etc. with {@code batchFirst}; [L, E] etc. for one unbatched sequence. The output has the
 * query's shape.
 *
 * <p><b>Masks.</b> {@code attnMask} is [L, S] (shared by every batch entry and head) or [N·numHeads, L, S]
 * ([numHeads, L, S] unbatched), and {@code keyPaddingMask} is [N, S] ([S] unbatched). A <b>bool mask marks the
 * positions to LEAVE OUT</b> (True: not attended), PyTorch's convention for this class; a float mask is added to the
 * scores (use −∞ to leave a position out). This is the opposite of {@link Functional#scaledDotProductAttention},
 * where True marks the positions that take part. A row whose every position is left out gives NaN, as in PyTorch.
 *
 * <p><b>Parameters</b>, with PyTorch's state-dict names: {@code in_proj_weight} [3E, E] (or {@code q_proj_weight}
 * [E, E], {@code k_proj_weight} [E, kdim], {@code v_proj_weight} [E, vdim] when kdim or vdim differ from E),
 * {@code in_proj_bias} [3E], {@code bias_k} and {@code bias_v} [1, 1, E] with {@code addBiasKv},
 * {@code out_proj.weight} [E, E], {@code out_proj.bias} [E]. They are initialised in PyTorch's order from the global
 * generator: {@code out_proj} as a Linear, then xavier_uniform_ on the projection weights, zero biases, and
 * xavier_normal_ on {@code bias_k}, {@code bias_v}; so {@code Tensor.manualSeed(0); new MultiheadAttention(8, 2)}
 * holds the weights of {@code torch.manual_seed(0); nn.MultiheadAttention(8, 2)}.
 *
 * <p>When query, key and value are the same tensor (self-attention) the three projections are one matrix product;
 * the heads run as batched matrix products over [N·numHeads, L, d].
 *
 * <pre>{@code
 * MultiheadAttention mha = new MultiheadAttention(64, 8);
 * Tensor x = Tensor.randn(10, 32, 64);                         // [L, N, E]
 * Tensor y = mha.forward(x);                                   // self-attention, [10, 32, 64]
 * MultiheadAttention.Output o = mha.forward(q, mem, mem, padding, true, null, true);
 * o.weights();                                                 // [N, L, S], averaged over heads
 * }</pre>
 */
public class MultiheadAttention extends Module {
  private static final String OP = "MultiheadAttention";

  /** The attention output and, when asked for, the attention weights (else null). */
  public record Output(Tensor output, Tensor weights) {}

  private final int embedDim;
  private final int numHeads;
  private final int headDim;
  private final int kdim;
  private final int vdim;
  private final double dropout;
  private final boolean bias;
  private final boolean addZeroAttn;
  private final boolean batchFirst;
  private final boolean sameEmbedDim;
  private final Parameter inProjWeight;
  private final Parameter qProjWeight;
  private final Parameter kProjWeight;
  private final Parameter vProjWeight;
  private final Parameter inProjBias;
  private final Parameter biasK;
  private final Parameter biasV;
  private final Linear outProj;

  /** Attention with PyTorch's defaults: no dropout, biases, kdim = vdim = embedDim, sequence-first. */
  public MultiheadAttention(int embedDim, int numHeads) {
    this(embedDim, numHeads, 0.0, true, false, false, embedDim, embedDim, false);
  }

  /**
   * @param dropout dropout probability on the attention weights (training only)
   * @param bias whether the in- and out-projections have biases
   * @param addBiasKv append a learned bias row to the key and value sequences
   * @param addZeroAttn append a zero row to the key and value sequences (after their projections)
   * @param kdim the key's feature size (PyTorch's None is {@code embedDim})
   * @param vdim the value's feature size (PyTorch's None is {@code embedDim})
   * @param batchFirst inputs and output are [N, L, E] instead of [L, N, E]
   * @throws IllegalArgumentException {@code embed_dim must be divisible by num_heads}, non-positive sizes, or a
   *     dropout outside [0, 1]
   */
  public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, boolean addBiasKv,
      boolean addZeroAttn, int kdim, int vdim, boolean batchFirst) {
    checkArgument(embedDim > 0 && numHeads > 0 && kdim > 0 && vdim > 0,
        "%s: embed_dim and num_heads must be greater than 0, got embed_dim=%s, num_heads=%s, kdim=%s, vdim=%s", OP,
        embedDim, numHeads, kdim, vdim);
    checkArgument(embedDim % numHeads == 0,
        "%s: embed_dim must be divisible by num_heads, got embed_dim=%s and num_heads=%s", OP, embedDim, numHeads);
    Functional.checkDropoutProbability(OP, dropout);
    this.embedDim = embedDim;
    this.numHeads = numHeads;
    this.headDim = embedDim / numHeads;
    this.kdim = kdim;
    this.vdim = vdim;
    this.dropout = dropout;
    this.bias = bias;
    this.addZeroAttn = addZeroAttn;
    this.batchFirst = batchFirst;
    this.sameEmbedDim = kdim == embedDim && vdim == embedDim;
    // PyTorch builds out_proj (drawing its Linear init) before initialising the projections: keep that order.
    Linear out = new Linear(embedDim, embedDim, bias) {
      @Override
      protected String typeName() {
        return "NonDynamicallyQuantizableLinear";
      }
    };
    if (sameEmbedDim) {
      inProjWeight = registerParameter("in_proj_weight", new Parameter(Tensor.zeros(3 * embedDim, embedDim)));
      qProjWeight = kProjWeight = vProjWeight = null;
      Init.xavierUniform_(inProjWeight);
    } else {
      qProjWeight = registerParameter("q_proj_weight", new Parameter(Tensor.zeros(embedDim, embedDim)));
      kProjWeight = registerParameter("k_proj_weight", new Parameter(Tensor.zeros(embedDim, kdim)));
      vProjWeight = registerParameter("v_proj_weight", new Parameter(Tensor.zeros(embedDim, vdim)));
      inProjWeight = null;
      Init.xavierUniform_(qProjWeight);
      Init.xavierUniform_(kProjWeight);
      Init.xavierUniform_(vProjWeight);
    }
    inProjBias = registerParameter("in_proj_bias", bias ? new Parameter(Tensor.zeros(3 * embedDim)) : null);
    if (bias) {
      Init.zeros_(out.bias());
    }
    biasK = registerParameter("bias_k", addBiasKv ? new Parameter(Tensor.zeros(1, 1, embedDim)) : null);
    biasV = registerParameter("bias_v", addBiasKv ? new Parameter(Tensor.zeros(1, 1, embedDim)) : null);
    if (addBiasKv) {
      Init.xavierNormal_(biasK);
      Init.xavierNormal_(biasV);
    }
    outProj = registerModule("out_proj", out);
  }

  /** Self-attention without masks: {@code forward(x, x, x, null, false, null, true).output()}. */
  @Override
  public Tensor forward(Tensor x) {
    return forward(x, x, x, null, false, null, true).output();
  }

  /**
   * Attention of {@code query} over {@code key}/{@code value}, PyTorch's {@code forward}.
   *
   * @param keyPaddingMask [N, S] ([S] unbatched) or null; bool True or a float −∞ leaves that key out
   * @param needWeights whether to return the attention weights
   * @param attnMask [L, S] or [N·numHeads, L, S] ([numHeads, L, S] unbatched) or null; bool True leaves the position
   *     out, a float mask is added to the scores
   * @param averageAttnWeights weights averaged over heads, [N, L, S], or per head, [N, numHeads, L, S]
   * @return the output, the query's shape with E features, and the weights (null unless {@code needWeights})
   * @throws IllegalArgumentException for wrong ranks, sizes or mask shapes, with PyTorch's phrases
   */
  public Output forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, boolean needWeights,
      Tensor attnMask, boolean averageAttnWeights) {
    boolean batched = checkRanks(query, key, value, keyPaddingMask, attnMask);
    boolean selfAttention = query == key && key == value;
    boolean keyIsValue = key == value;
    Tensor q = query;
    Tensor k = key;
    Tensor v = value;
    Tensor kpm = keyPaddingMask;
    if (!batched) {
      q = q.unsqueeze(1);
      k = k.unsqueeze(1);
      v = v.unsqueeze(1);
      kpm = kpm == null ? null : kpm.unsqueeze(0);
    } else if (batchFirst) {
      q = q.transpose(0, 1);
      k = k.transpose(0, 1);
      v = v.transpose(0, 1);
    }
    // From here on, sequence-first: q [L, N, E], k [S, N, kdim], v [S, N, vdim].
    int tgtLen = q.size(0);
    int bsz = q.size(1);
    checkSizes(q, k, v);
    Tensor mask = additiveMask(attnMask, kpm, tgtLen, k.size(0), bsz, batched);

    Tensor[] heads = project(q, k, v, selfAttention, keyIsValue);
    Tensor qh = heads[0];
    Tensor kh = heads[1];
    Tensor vh = heads[2];
    double p = isTraining() ? dropout : 0.0;
    Tensor[] attended = Attention.scaledDotProduct(qh, kh, vh, mask, p, bsz, numHeads);
    int srcLen = kh.size(1);

    // [N·H, L, d] -> [L, N, E] (or [N, L, E] with batchFirst, so the transpose back costs nothing), then out_proj.
    Tensor o = attended[0].view(bsz, numHeads, tgtLen, headDim);
    Tensor out;
    if (batched && batchFirst) {
      out = outProj.forward(o.permute(0, 2, 1, 3).reshape(bsz * tgtLen, embedDim)).view(bsz, tgtLen, embedDim);
    } else {
      out = outProj.forward(o.permute(2, 0, 1, 3).reshape(tgtLen * bsz, embedDim)).view(tgtLen, bsz, embedDim);
      if (!batched) {
        out = out.squeeze(1);
      }
    }
    Tensor weights = null;
    if (needWeights) {
      weights = attended[1].view(bsz, numHeads, tgtLen, srcLen);
      if (averageAttnWeights) {
        weights = weights.sum(1).div(numHeads);
      }
      if (!batched) {
        weights = weights.squeeze(0);
      }
    }
    return new Output(out, weights);
  }

  // ---------------------------------------------------------------- projections

  /** The in-projections split into heads: q [N·H, L, d], k and v [N·H, S', d] with bias_k/v and zero rows added. */
  private Tensor[] project(Tensor q, Tensor k, Tensor v, boolean selfAttention, boolean keyIsValue) {
    int e = embedDim;
    int bsz = q.size(1);
    if (selfAttention && sameEmbedDim && biasK == null && !addZeroAttn) {
      // One product for q, k and v, then one copy that lays out all three as [3, N·H, L, d].
      int len = q.size(0);
      Tensor qkv = linear(q, inProjWeight, inProjBias).view(len, bsz, 3, numHeads, headDim)
          .permute(2, 1, 3, 0, 4).reshape(3, bsz * numHeads, len, headDim);
      return new Tensor[] {qkv.select(0, 0), qkv.select(0, 1), qkv.select(0, 2)};
    }
    Tensor pq;
    Tensor pk;
    Tensor pv;
    if (sameEmbedDim && keyIsValue) {
      pq = linear(q, inProjWeight.narrow(0, 0, e), slice(inProjBias, 0));
      List<Tensor> kv = linear(k, inProjWeight.narrow(0, e, 2 * e), inProjBias == null ? null
          : inProjBias.narrow(0, e, 2 * e)).chunk(2, -1);
      pk = kv.get(0);
      pv = kv.get(1);
    } else {
      pq = linear(q, sameEmbedDim ? inProjWeight.narrow(0, 0, e) : qProjWeight, slice(inProjBias, 0));
      pk = linear(k, sameEmbedDim ? inProjWeight.narrow(0, e, e) : kProjWeight, slice(inProjBias, 1));
      pv = linear(v, sameEmbedDim ? inProjWeight.narrow(0, 2 * e, e) : vProjWeight, slice(inProjBias, 2));
    }
    if (biasK != null) {
      pk = Tensor.cat(List.of(pk, biasK.expand(1, bsz, e)), 0);
      pv = Tensor.cat(List.of(pv, biasV.expand(1, bsz, e)), 0);
    }
    Tensor qh = heads(pq, bsz);
    Tensor kh = heads(pk, bsz);
    Tensor vh = heads(pv, bsz);
    if (addZeroAttn) {
      Tensor zeros = Tensor.zeros(kh.dtype(), bsz * numHeads, 1, headDim);
      kh = Tensor.cat(List.of(kh, zeros), 1);
      vh = Tensor.cat(List.of(vh, zeros), 1);
    }
    return new Tensor[] {qh, kh, vh};
  }

  private Tensor slice(Tensor b, int i) {
    return b == null ? null : b.narrow(0, i * embedDim, embedDim);
  }

  /** x [len, N, in] · wᵀ + b, with one product over all rows. */
  private static Tensor linear(Tensor x, Tensor w, Tensor b) {
    int len = x.size(0);
    int n = x.size(1);
    return x.reshape(len * n, x.size(2)).linear(w, b).view(len, n, w.size(0));
  }

  /** [len, N, E] -> [N·H, len, d], a view when the projection is contiguous. */
  private Tensor heads(Tensor x, int bsz) {
    int len = x.size(0);
    return x.contiguous().view(len, bsz * numHeads, headDim).transpose(0, 1);
  }

  // ---------------------------------------------------------------- checks and masks

  private boolean checkRanks(Tensor query, Tensor key, Tensor value, Tensor kpm, Tensor attnMask) {
    if (query.dim() == 3) {
      checkArgument(key.dim() == 3 && value.dim() == 3,
          "%s: For batched (3-D) `query`, expected `key` and `value` to be 3-D but found %s-D and %s-D tensors "
              + "respectively (query %s, key %s, value %s)", OP, key.dim(), value.dim(), Attention.str(query.shape()),
          Attention.str(key.shape()), Attention.str(value.shape()));
      checkArgument(kpm == null || kpm.dim() == 2,
          "%s: For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D but found %s-D tensor "
              + "instead (shape %s)", OP, kpm == null ? 0 : kpm.dim(), kpm == null ? "" : Attention.str(kpm.shape()));
      checkArgument(attnMask == null || attnMask.dim() == 2 || attnMask.dim() == 3,
          "%s: For batched (3-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D but found %s-D tensor "
              + "instead (shape %s)", OP, attnMask == null ? 0 : attnMask.dim(),
          attnMask == null ? "" : Attention.str(attnMask.shape()));
      return true;
    }
    checkArgument(query.dim() == 2,
        "%s: query should be unbatched 2D or batched 3D tensor but received %s-D query tensor (shape %s)", OP,
        query.dim(), Attention.str(query.shape()));
    checkArgument(key.dim() == 2 && value.dim() == 2,
        "%s: For unbatched (2-D) `query`, expected `key` and `value` to be 2-D but found %s-D and %s-D tensors "
            + "respectively (query %s, key %s, value %s)", OP, key.dim(), value.dim(), Attention.str(query.shape()),
        Attention.str(key.shape()), Attention.str(value.shape()));
    checkArgument(kpm == null || kpm.dim() == 1,
        "%s: For unbatched (2-D) `query`, expected `key_padding_mask` to be `None` or 1-D but found %s-D tensor "
            + "instead (shape %s)", OP, kpm == null ? 0 : kpm.dim(), kpm == null ? "" : Attention.str(kpm.shape()));
    if (attnMask != null) {
      checkArgument(attnMask.dim() == 2 || attnMask.dim() == 3,
          "%s: For unbatched (2-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D but found %s-D tensor "
              + "instead (shape %s)", OP, attnMask.dim(), Attention.str(attnMask.shape()));
      int[] expected = {numHeads, query.size(0), key.size(0)};
      checkArgument(attnMask.dim() == 2 || Arrays.equals(attnMask.shape(), expected),
          "%s: Expected `attn_mask` shape to be %s but got %s", OP, Attention.tuple(expected),
          Attention.str(attnMask.shape()));
    }
    return false;
  }

  /** Sizes of sequence-first q [L, N, E], k [S, N, kdim], v [S, N, vdim]. */
  private void checkSizes(Tensor q, Tensor k, Tensor v) {
    checkArgument(q.size(2) == embedDim, "%s: was expecting embedding dimension of %s, but got %s (query shape %s)",
        OP, embedDim, q.size(2), Attention.str(q.shape()));
    if (sameEmbedDim) {
      checkArgument(Arrays.equals(k.shape(), v.shape()), "%s: key shape %s does not match value shape %s",
          OP, Attention.str(k.shape()), Attention.str(v.shape()));
    } else {
      checkArgument(k.size(0) == v.size(0) && k.size(1) == v.size(1),
          "%s: key's sequence and batch dims %s do not match value's %s", OP, Attention.str(k.size(0), k.size(1)),
          Attention.str(v.size(0), v.size(1)));
    }
    checkArgument(k.size(1) == q.size(1), "%s: key's batch size %s does not match query's %s (query %s, key %s)",
        OP, k.size(1), q.size(1), Attention.str(q.shape()), Attention.str(k.shape()));
    checkArgument(k.size(2) == kdim && v.size(2) == vdim,
        "%s: expected key and value feature sizes kdim=%s and vdim=%s, but got key %s and value %s", OP, kdim, vdim,
        Attention.str(k.shape()), Attention.str(v.shape()));
  }

  /**
   * attn_mask and key_padding_mask as one additive float mask broadcastable to the scores seen as [N, H, L, S'] (S'
   * counts the bias_k and zero rows), or null; PyTorch's checks and combination rules. Kept in its broadcast shape
   * (at most [N, H, L, S'] when a 3-D mask is given) rather than expanded to the scores' size.
   */
  private Tensor additiveMask(Tensor attnMask, Tensor kpm, int tgtLen, int srcLen, int bsz, boolean batched) {
    int extra = (biasK != null ? 1 : 0) + (addZeroAttn ? 1 : 0);
    int fullSrc = srcLen + extra;
    Tensor attn = null;
    if (attnMask != null) {
      Attention.checkMaskDtype(OP, "attn_mask", attnMask);
      if (attnMask.dim() == 2) {
        int[] expected = {tgtLen, srcLen};
        checkArgument(Arrays.equals(attnMask.shape(), expected),
            "%s: The shape of the 2D attn_mask is %s, but should be %s.", OP, Attention.str(attnMask.shape()),
            Attention.tuple(expected));
        attn = attnMask.unsqueeze(0);
      } else {
        int[] expected = {bsz * numHeads, tgtLen, srcLen};
        checkArgument(!batched || Arrays.equals(attnMask.shape(), expected),
            "%s: The shape of the 3D attn_mask is %s, but should be %s.", OP, Attention.str(attnMask.shape()),
            Attention.tuple(expected));
        attn = attnMask;
      }
      attn = Attention.isBool(attn) ? Attention.additive(attn, true) : attn;
      attn = extra == 0 ? attn : attn.pad(0, extra);
      attn = attn.view(attn.size(0) == 1 ? 1 : bsz, attn.size(0) == 1 ? 1 : numHeads, tgtLen, fullSrc);
    }
    Tensor padding = null;
    if (kpm != null) {
      checkArgument(kpm.dtype() == DType.BOOL || kpm.dtype().isFloatingPoint(),
          "%s: only bool and floating types of key_padding_mask are supported, got %s", OP, kpm.dtype().torchName());
      int[] expected = {bsz, srcLen};
      checkArgument(Arrays.equals(kpm.shape(), expected),
          "%s: expecting key_padding_mask shape of %s, but got %s", OP,
          Attention.tuple(batched ? expected : new int[] {srcLen}),
          Attention.str(batched ? kpm.shape() : new int[] {kpm.size(1)}));
      boolean additive = !Attention.isBool(kpm) && (attnMask == null);
      checkArgument(additive || Attention.isBool(kpm) || Attention.isBool(attnMask),
          "%s: masked_fill_ only supports boolean masks, but got mask with dtype float: a float key_padding_mask "
              + "can be combined with a bool attn_mask or none, not with a float attn_mask", OP);
      // PyTorch or's a bool attn_mask with the padding mask's non-zero entries.
      padding = additive ? kpm : Attention.additive(Attention.isBool(kpm) ? kpm : kpm.ne(0), true);
      padding = extra == 0 ? padding : padding.pad(0, extra);
      padding = padding.view(bsz, 1, 1, fullSrc);
    }
    return attn == null ? padding : padding == null ? attn : attn.add(padding);
  }

  // ---------------------------------------------------------------- accessors

  public int embedDim() {
    return embedDim;
  }

  public int numHeads() {
    return numHeads;
  }

  public int headDim() {
    return headDim;
  }

  public boolean batchFirst() {
    return batchFirst;
  }

  public double dropout() {
    return dropout;
  }

  /** {@code in_proj_weight} [3E, E], or null when kdim or vdim differ from embedDim. */
  public Parameter inProjWeight() {
    return inProjWeight;
  }

  /** {@code in_proj_bias} [3E], or null without bias. */
  public Parameter inProjBias() {
    return inProjBias;
  }

  public Linear outProj() {
    return outProj;
  }

  @Override
  protected Module blankCopy() {
    return new MultiheadAttention(embedDim, numHeads, dropout, bias, biasK != null, addZeroAttn, kdim, vdim,
        batchFirst);
  }
}
