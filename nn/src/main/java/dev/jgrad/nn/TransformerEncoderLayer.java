package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;

/**
 * One Transformer encoder block, PyTorch's {@code nn.TransformerEncoderLayer}: self-attention and a feed-forward
 * network ({@code linear2(dropout(activation(linear1(x))))}), each with dropout, a residual connection and layer
 * normalisation, applied after the residual sum ({@code normFirst = false}, the original Transformer) or before the
 * sub-block ({@code normFirst = true}).
 *
 * <p>Input and output [S, N, E] ([N, S, E] with {@code batchFirst}, [S, E] unbatched). Masks follow
 * {@link MultiheadAttention}: a bool True leaves a position out, a float mask is added to the scores. Children and
 * state-dict names are PyTorch's: {@code self_attn}, {@code linear1}, {@code dropout}, {@code linear2},
 * {@code norm1}, {@code norm2}, {@code dropout1}, {@code dropout2}; they are initialised in PyTorch's order, so a
 * seeded construction holds PyTorch's weights.
 *
 * <pre>{@code
 * TransformerEncoderLayer layer = new TransformerEncoderLayer(512, 8);
 * Tensor out = layer.forward(Tensor.randn(10, 32, 512));   // [10, 32, 512]
 * }</pre>
 */
public class TransformerEncoderLayer extends Module {
  private final int dModel;
  private final int nhead;
  private final int dimFeedforward;
  private final double dropoutP;
  private final String activation;
  private final double layerNormEps;
  private final boolean batchFirst;
  private final boolean normFirst;
  private final MultiheadAttention selfAttn;
  private final Linear linear1;
  private final Dropout dropout;
  private final Linear linear2;
  private final LayerNorm norm1;
  private final LayerNorm norm2;
  private final Dropout dropout1;
  private final Dropout dropout2;

  /** PyTorch's defaults: feed-forward 2048, dropout 0.1, relu, eps 1e-5, sequence-first, post-norm. */
  public TransformerEncoderLayer(int dModel, int nhead) {
    this(dModel, nhead, 2048, 0.1, "relu", 1e-5, false, false);
  }

  /**
   * @param activation {@code "relu"} or {@code "gelu"} (exact)
   * @throws IllegalArgumentException {@code activation should be relu/gelu, not tanh}, or the attention's checks
   */
  public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward, double dropout, String activation,
      double layerNormEps, boolean batchFirst, boolean normFirst) {
    checkActivation("TransformerEncoderLayer", activation);
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
    linear1 = registerModule("linear1", new Linear(dModel, dimFeedforward));
    this.dropout = registerModule("dropout", new Dropout(dropout));
    linear2 = registerModule("linear2", new Linear(dimFeedforward, dModel));
    norm1 = registerModule("norm1", new LayerNorm(new int[] {dModel}, layerNormEps, true));
    norm2 = registerModule("norm2", new LayerNorm(new int[] {dModel}, layerNormEps, true));
    dropout1 = registerModule("dropout1", new Dropout(dropout));
    dropout2 = registerModule("dropout2", new Dropout(dropout));
  }

  static void checkActivation(String op, String activation) {
    checkArgument("relu".equals(activation) || "gelu".equals(activation),
        "%s: activation should be relu/gelu, not %s", op, activation);
  }

  static Tensor activate(String activation, Tensor x) {
    return "relu".equals(activation) ? x.relu() : x.gelu();
  }

  /** The layer without masks. */
  @Override
  public Tensor forward(Tensor src) {
    return forward(src, null, null);
  }

  /**
   * @param srcMask [S, S] or [N·nhead, S, S], or null
   * @param srcKeyPaddingMask [N, S] ([S] unbatched), or null
   */
  public Tensor forward(Tensor src, Tensor srcMask, Tensor srcKeyPaddingMask) {
    Tensor x = src;
    if (normFirst) {
      x = x.add(selfAttention(norm1.forward(x), srcMask, srcKeyPaddingMask));
      return x.add(feedForward(norm2.forward(x)));
    }
    x = norm1.forward(x.add(selfAttention(x, srcMask, srcKeyPaddingMask)));
    return norm2.forward(x.add(feedForward(x)));
  }

  private Tensor selfAttention(Tensor x, Tensor mask, Tensor keyPaddingMask) {
    return dropout1.forward(selfAttn.forward(x, x, x, keyPaddingMask, false, mask, true).output());
  }

  private Tensor feedForward(Tensor x) {
    return dropout2.forward(linear2.forward(dropout.forward(activate(activation, linear1.forward(x)))));
  }

  public MultiheadAttention selfAttn() {
    return selfAttn;
  }

  public boolean normFirst() {
    return normFirst;
  }

  public boolean batchFirst() {
    return batchFirst;
  }

  @Override
  public TransformerEncoderLayer deepCopy() {
    return (TransformerEncoderLayer) super.deepCopy();
  }

  @Override
  protected Module blankCopy() {
    return new TransformerEncoderLayer(dModel, nhead, dimFeedforward, dropoutP, activation, layerNormEps, batchFirst,
        normFirst);
  }
}
