package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * One Transformer decoder block, PyTorch's {@code nn.TransformerDecoderLayer}: self-attention over the target,
 * attention over the encoder's output ({@code memory}) and a feed-forward network, each with dropout, a residual
 * connection and layer normalisation (after the residual sum, or before the sub-block with {@code normFirst}).
 *
 * <p>tgt [T, N, E] and memory [S, N, E] ([N, T, E] and [N, S, E] with {@code batchFirst}, [T, E] and [S, E]
 * unbatched); the output has tgt's shape. Masks follow {@link MultiheadAttention}: a bool True leaves a position
 * out, a float mask is added to the scores. Children and state-dict names are PyTorch's: {@code self_attn},
 * {@code multihead_attn}, {@code linear1}, {@code dropout}, {@code linear2}, {@code norm1}..{@code norm3},
 * {@code dropout1}..{@code dropout3}, initialised in PyTorch's order.
 *
 * <pre>{@code
 * TransformerDecoderLayer layer = new TransformerDecoderLayer(512, 8);
 * Tensor out = layer.forward(tgt, memory, Transformer.generateSquareSubsequentMask(20), null, null, null);
 * }</pre>
 */
public class TransformerDecoderLayer extends Module {
  private final int dModel;
  private final int nhead;
  private final int dimFeedforward;
  private final double dropoutP;
  private final String activation;
  private final double layerNormEps;
  private final boolean batchFirst;
  private final boolean normFirst;
  private final MultiheadAttention selfAttn;
  private final MultiheadAttention multiheadAttn;
  private final Linear linear1;
  private final Dropout dropout;
  private final Linear linear2;
  private final LayerNorm norm1;
  private final LayerNorm norm2;
  private final LayerNorm norm3;
  private final Dropout dropout1;
  private final Dropout dropout2;
  private final Dropout dropout3;

  /** PyTorch's defaults: feed-forward 2048, dropout 0.1, relu, eps 1e-5, sequence-first, post-norm. */
  public TransformerDecoderLayer(int dModel, int nhead) {
    this(dModel, nhead, 2048, 0.1, "relu", 1e-5, false, false);
  }

  /**
   * @param activation {@code "relu"} or {@code "gelu"} (exact)
   * @throws IllegalArgumentException {@code activation should be relu/gelu, not tanh}, or the attention's checks
   */
  public TransformerDecoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, String activation,
      double layerNormEps, boolean batchFirst, boolean normFirst) {
    TransformerEncoderLayer.checkActivation("TransformerDecoderLayer", activation);
    this.dModel = dModel;
    this.nhead = nhead;
    this.dimFeedforward = dimFeedforward;
    this.dropoutP = dropout;
    this.activation = activation;
    this.layerNormEps = layerNormEps;
    this.batchFirst = batchFirst;
    this.normFirst = normFirst;
    selfAttn = registerModule("self_attn",
        new MultiheadAttention(dModel, nhead, dropout, true, false, false, dModel, dModel, batchFirst));
    multiheadAttn = registerModule("multihead_attn",
        new MultiheadAttention(dModel, nhead, dropout, true, false, false, dModel, dModel, batchFirst));
    linear1 = registerModule("linear1", new Linear(dModel, dimFeedforward));
    this.dropout = registerModule("dropout", new Dropout(dropout));
    linear2 = registerModule("linear2", new Linear(dimFeedforward, dModel));
    norm1 = registerModule("norm1", new LayerNorm(new int[] {dModel}, layerNormEps, true));
    norm2 = registerModule("norm2", new LayerNorm(new int[] {dModel}, layerNormEps, true));
    norm3 = registerModule("norm3", new LayerNorm(new int[] {dModel}, layerNormEps, true));
    dropout1 = registerModule("dropout1", new Dropout(dropout));
    dropout2 = registerModule("dropout2", new Dropout(dropout));
    dropout3 = registerModule("dropout3", new Dropout(dropout));
  }

  /**
   * A decoder layer needs the memory; PyTorch's one-argument call fails the same way.
   *
   * @throws UnsupportedOperationException always: call {@link #forward(Tensor, Tensor, Tensor, Tensor, Tensor, Tensor)}
   */
  @Override
  public Tensor forward(Tensor tgt) {
    throw new UnsupportedOperationException("TransformerDecoderLayer.forward: missing 1 required positional argument: "
        + "'memory'; call forward(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask)");
  }

  /**
   * @param tgtMask [T, T] or [N·nhead, T, T], or null
   * @param memoryMask [T, S] or [N·nhead, T, S], or null
   * @param tgtKeyPaddingMask [N, T] ([T] unbatched), or null
   * @param memoryKeyPaddingMask [N, S] ([S] unbatched), or null
   */
  public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
      Tensor memoryKeyPaddingMask) {
    Tensor x = tgt;
    if (normFirst) {
      x = x.add(selfAttention(norm1.forward(x), tgtMask, tgtKeyPaddingMask));
      x = x.add(memoryAttention(norm2.forward(x), memory, memoryMask, memoryKeyPaddingMask));
      return x.add(feedForward(norm3.forward(x)));
    }
    x = norm1.forward(x.add(selfAttention(x, tgtMask, tgtKeyPaddingMask)));
    x = norm2.forward(x.add(memoryAttention(x, memory, memoryMask, memoryKeyPaddingMask)));
    return norm3.forward(x.add(feedForward(x)));
  }

  private Tensor selfAttention(Tensor x, Tensor mask, Tensor keyPaddingMask) {
    return dropout1.forward(selfAttn.forward(x, x, x, keyPaddingMask, false, mask, true).output());
  }

  private Tensor memoryAttention(Tensor x, Tensor memory, Tensor mask, Tensor keyPaddingMask) {
    return dropout2.forward(multiheadAttn.forward(x, memory, memory, keyPaddingMask, false, mask, true).output());
  }

  private Tensor feedForward(Tensor x) {
    return dropout3.forward(linear2.forward(dropout.forward(
        TransformerEncoderLayer.activate(activation, linear1.forward(x)))));
  }

  public MultiheadAttention selfAttn() {
    return selfAttn;
  }

  public MultiheadAttention multiheadAttn() {
    return multiheadAttn;
  }

  @Override
  public TransformerDecoderLayer deepCopy() {
    return (TransformerDecoderLayer) super.deepCopy();
  }

  @Override
  protected Module blankCopy() {
    return new TransformerDecoderLayer(dModel, nhead, dimFeedforward, dropoutP, activation, layerNormEps, batchFirst,
        normFirst);
  }
}
