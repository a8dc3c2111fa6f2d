package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;

/**
 * A stack of decoder layers, PyTorch's {@code nn.TransformerDecoder}: {@code numLayers} deep copies of the given
 * layer (each starts with the layer's weights), applied in turn to the target with the same memory, then the
 * optional final {@code norm}. State-dict names: {@code layers.0.self_attn.in_proj_weight}, ...,
 * {@code norm.weight}.
 */
public class TransformerDecoder extends Module {
  private final ModuleList layers;
  private final LayerNorm norm;

  /**
   * @param layer copied {@code numLayers} times; the layer itself is not part of the decoder
   * @param norm applied to the last layer's output, or null
   * @throws IllegalArgumentException if {@code numLayers} is negative
   */
  public TransformerDecoder(TransformerDecoderLayer layer, int numLayers, LayerNorm norm) {
    checkArgument(numLayers >= 0, "TransformerDecoder: num_layers must be non-negative, got %s", numLayers);
    layers = registerModule("layers", new ModuleList());
    for (int i = 0; i < numLayers; i++) {
      layers.add(layer.deepCopy());
    }
    this.norm = norm == null ? null : registerModule("norm", norm);
  }

  /**
   * A decoder needs the memory.
   *
   * @throws UnsupportedOperationException always: call {@link #forward(Tensor, Tensor, Tensor, Tensor, Tensor, Tensor)}
   */
  @Override
  public Tensor forward(Tensor tgt) {
    throw new UnsupportedOperationException("TransformerDecoder.forward: missing 1 required positional argument: "
        + "'memory'; call forward(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask)");
  }

  /** See {@link TransformerDecoderLayer#forward(Tensor, Tensor, Tensor, Tensor, Tensor, Tensor)} for the masks. */
  public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
      Tensor memoryKeyPaddingMask) {
    Tensor out = tgt;
    for (Module layer : layers) {
      out = ((TransformerDecoderLayer) layer).forward(out, memory, tgtMask, memoryMask, tgtKeyPaddingMask,
          memoryKeyPaddingMask);
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
