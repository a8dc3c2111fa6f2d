package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * The encoder-decoder Transformer, PyTorch's {@code nn.Transformer}: a {@link TransformerEncoder} of
 * {@code numEncoderLayers} layers with a final LayerNorm, and a {@link TransformerDecoder} of
 * {@code numDecoderLayers} layers with a final LayerNorm; after construction every parameter with more than one dim
 * is re-drawn with xavier_uniform_, as PyTorch does. State-dict names: {@code encoder.layers.0.self_attn...},
 * {@code encoder.norm.weight}, {@code decoder.layers.0.multihead_attn...}, {@code decoder.norm.bias}.
 *
 * <pre>{@code
 * Transformer model = new Transformer(512, 8, 6, 6, 2048, 0.1, "relu", 1e-5, false, false);
 * Tensor out = model.forward(src, tgt, null, Transformer.generateSquareSubsequentMask(tgt.size(0)), null, null,
 *     null, null);
 * }</pre>
 */
public class Transformer extends Module {
  private final int dModel;
  private final boolean batchFirst;
  private final TransformerEncoder encoder;
  private final TransformerDecoder decoder;

  /** PyTorch's defaults: d_model 512, 8 heads, 6 + 6 layers, feed-forward 2048, dropout 0.1, relu. */
  public Transformer() {
    this(512, 8, 6, 6, 2048, 0.1, "relu", 1e-5, false, false);
  }

  /** @throws IllegalArgumentException for the layers' invalid options */
  public Transformer(int dModel, int nhead, int numEncoderLayers, int numDecoderLayers, int dimFeedforward,
      double dropout, String activation, double layerNormEps, boolean batchFirst, boolean normFirst) {
    this.dModel = dModel;
    this.batchFirst = batchFirst;
    TransformerEncoderLayer encoderLayer = new TransformerEncoderLayer(dModel, nhead, dimFeedforward, dropout,
        activation, layerNormEps, batchFirst, normFirst);
    encoder = registerModule("encoder", new TransformerEncoder(encoderLayer, numEncoderLayers,
        new LayerNorm(new int[] {dModel}, layerNormEps, true)));
    TransformerDecoderLayer decoderLayer = new TransformerDecoderLayer(dModel, nhead, dimFeedforward, dropout,
        activation, layerNormEps, batchFirst, normFirst);
    decoder = registerModule("decoder", new TransformerDecoder(decoderLayer, numDecoderLayers,
        new LayerNorm(new int[] {dModel}, layerNormEps, true)));
    for (Parameter p : parameters()) {
      if (p.dim() > 1) {
        Init.xavierUniform_(p);
      }
    }
  }

  /**
   * A square float mask for causal attention over {@code n} positions: 0 on and below the diagonal, −∞ above it
   * (position i may attend to 0..i), PyTorch's {@code generate_square_subsequent_mask}.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public static Tensor generateSquareSubsequentMask(int n) {
    checkArgument(n >= 0, "generateSquareSubsequentMask: the size must be non-negative, got %s", n);
    float[] v = new float[n * n];
    for (int i = 0; i < n; i++) {
      Arrays.fill(v, i * n + i + 1, (i + 1) * n, Float.NEGATIVE_INFINITY);
    }
    return Tensor.of(v, n, n);
  }

  /**
   * A Transformer needs source and target.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public Tensor forward(Tensor src) {
    throw new UnsupportedOperationException("Transformer.forward: missing 1 required positional argument: 'tgt'; "
        + "call forward(src, tgt, srcMask, tgtMask, memoryMask, srcKeyPaddingMask, tgtKeyPaddingMask, "
        + "memoryKeyPaddingMask)");
  }

  /**
   * Encodes {@code src} and decodes {@code tgt} against it. Masks as in {@link TransformerEncoder} and
   * {@link TransformerDecoder}.
   *
   * @throws IllegalArgumentException {@code the batch number of src and tgt must be equal}, {@code the feature number
   *     of src and tgt must be equal to d_model}
   */
  public Tensor forward(Tensor src, Tensor tgt, Tensor srcMask, Tensor tgtMask, Tensor memoryMask,
      Tensor srcKeyPaddingMask, Tensor tgtKeyPaddingMask, Tensor memoryKeyPaddingMask) {
    int batchDim = batchFirst ? 0 : 1;
    checkArgument(src.dim() != 3 || tgt.dim() != 3 || src.size(batchDim) == tgt.size(batchDim),
        "Transformer: the batch number of src and tgt must be equal, got src %s and tgt %s",
        Arrays.toString(src.shape()), Arrays.toString(tgt.shape()));
    checkArgument(src.dim() > 0 && tgt.dim() > 0 && src.size(-1) == dModel && tgt.size(-1) == dModel,
        "Transformer: the feature number of src and tgt must be equal to d_model=%s, got src %s and tgt %s", dModel,
        Arrays.toString(src.shape()), Arrays.toString(tgt.shape()));
    Tensor memory = encoder.forward(src, srcMask, srcKeyPaddingMask);
    return decoder.forward(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask);
  }

  public TransformerEncoder encoder() {
    return encoder;
  }

  public TransformerDecoder decoder() {
    return decoder;
  }
}
