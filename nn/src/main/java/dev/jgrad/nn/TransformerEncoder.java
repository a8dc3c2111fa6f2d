package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;

/**
 * A stack of encoder layers, PyTorch's {@code nn.TransformerEncoder}: {@code numLayers} deep copies of the given
 * layer (each starts with the layer's weights, as PyTorch's {@code copy.deepcopy} clones), applied in turn, then the
 * optional final {@code norm}. State-dict names: {@code layers.0.self_attn.in_proj_weight}, ...,
 * {@code norm.weight}.
 *
 * <pre>{@code
 * TransformerEncoder encoder = new TransformerEncoder(new TransformerEncoderLayer(512, 8), 6, null);
 * Tensor out = encoder.forward(src, Transformer.generateSquareSubsequentMask(src.size(0)), null);
 * }</pre>
 */
public class TransformerEncoder extends Module {
  private final ModuleList layers;
  private final LayerNorm norm;

  /**
   * @param layer copied {@code numLayers} times; the layer itself is not part of the encoder
   * @param norm applied to the last layer's output, or null
   * @throws IllegalArgumentException if {@code numLayers} is negative
   */
  public TransformerEncoder(TransformerEncoderLayer layer, int numLayers, LayerNorm norm) {
    checkArgument(numLayers >= 0, "TransformerEncoder: num_layers must be non-negative, got %s", numLayers);
    layers = registerModule("layers", new ModuleList());
    for (int i = 0; i < numLayers; i++) {
      layers.add(layer.deepCopy());
    }
    this.norm = norm == null ? null : registerModule("norm", norm);
  }

  @Override
  public Tensor forward(Tensor src) {
    return forward(src, null, null);
  }

  /**
   * @param mask [S, S] or [N·nhead, S, S], or null (bool True or float −∞ leaves a position out)
   * @param srcKeyPaddingMask [N, S] ([S] unbatched), or null
   */
  public Tensor forward(Tensor src, Tensor mask, Tensor srcKeyPaddingMask) {
    Tensor out = src;
    for (Module layer : layers) {
      out = ((TransformerEncoderLayer) layer).forward(out, mask, srcKeyPaddingMask);
    }
    return norm == null ? out : norm.forward(out);
  }

  public ModuleList layers() {
    return layers;
  }

  /** The final norm, or null. */
  public LayerNorm norm() {
    return norm;
  }
}
