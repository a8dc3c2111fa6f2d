package dev.jgrad.examples;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Embedding;
import dev.jgrad.nn.LayerNorm;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Transformer;
import dev.jgrad.nn.TransformerEncoder;
import dev.jgrad.nn.TransformerEncoderLayer;

/**
 * A small decoder-only Transformer over characters (GPT-style): token and learned position embeddings, pre-norm
 * encoder layers under a causal mask (each position sees only itself and the positions before it), a final layer
 * norm and a linear layer over the alphabet. {@code forward} maps ids {@code [batch, time]} (time up to the
 * context length) to logits {@code [batch, time, vocabulary]}.
 */
public final class CharTransformer extends Module {
  private final int context;
  private final Embedding tokens;
  private final Embedding positions;
  private final TransformerEncoder blocks;
  private final LayerNorm norm;
  private final Linear head;

  public CharTransformer(int vocabulary, int context, int width, int heads, int layers, double dropout) {
    this.context = context;
    this.tokens = registerModule("tokens", new Embedding(vocabulary, width));
    this.positions = registerModule("positions", new Embedding(context, width));
    TransformerEncoderLayer layer =
        new TransformerEncoderLayer(width, heads, 4 * width, dropout, "gelu", 1e-5, true, true);
    this.blocks = registerModule("blocks", new TransformerEncoder(layer, layers, null));
    this.norm = registerModule("norm", new LayerNorm(width));
    this.head = registerModule("head", new Linear(width, vocabulary));
  }

  /** The longest input this model takes. */
  public int context() {
    return context;
  }

  @Override
  public Tensor forward(Tensor ids) {
    int time = ids.shape()[1];
    checkArgument(time <= context, "CharTransformer: an input of %s characters is longer than the context of %s",
        time, context);
    Tensor where = Tensor.arange((long) time);
    Tensor x = tokens.call(ids).add(positions.call(where));
    Tensor mask = Transformer.generateSquareSubsequentMask(time);
    return head.call(norm.call(blocks.forward(x, mask, null)));
  }
}
