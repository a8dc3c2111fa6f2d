package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Transformer encoder and decoder layers and stacks against tools/gen_attention_golden.py's fixtures (torch 1.13):
 * values and gradients of inputs and every parameter, seeded initialisation, state-dict names, reprs, messages.
 */
class TransformerTest {
  private static final Golden G = MultiheadAttentionTest.G;

  private static TransformerEncoderLayer enc(String activation, boolean batchFirst, boolean normFirst,
      double dropout) {
    return new TransformerEncoderLayer(8, 2, 16, dropout, activation, 1e-5, batchFirst, normFirst);
  }

  private static TransformerDecoderLayer dec(String activation, boolean batchFirst, boolean normFirst,
      double dropout) {
    return new TransformerDecoderLayer(8, 2, 16, dropout, activation, 1e-5, batchFirst, normFirst);
  }

  static Stream<Arguments> encoderCases() {
    return Stream.of(
        Arguments.of("enc_post_relu", enc("relu", false, false, 0)),
        Arguments.of("enc_pre_gelu", enc("gelu", false, true, 0)),
        Arguments.of("enc_batch_first", enc("relu", true, false, 0)),
        Arguments.of("enc_eval_dropout", enc("relu", false, false, 0.1).eval()),
        Arguments.of("enc_stack", new TransformerEncoder(enc("relu", false, false, 0), 2, new LayerNorm(8))),
        Arguments.of("enc_stack_pre", new TransformerEncoder(enc("gelu", true, true, 0), 2, null)));
  }

  static Stream<Arguments> decoderCases() {
    return Stream.of(
        Arguments.of("dec_post_relu", dec("relu", false, false, 0)),
        Arguments.of("dec_pre_gelu", dec("gelu", false, true, 0)),
        Arguments.of("dec_batch_first", dec("relu", true, false, 0)),
        Arguments.of("dec_eval_dropout", dec("relu", false, false, 0.1).eval()),
        Arguments.of("dec_stack", new TransformerDecoder(dec("relu", false, false, 0), 2, new LayerNorm(8))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encoderCases")
  void encoderMatchesTorch(String c, Module m) {
    MultiheadAttentionTest.load(c, m);
    Tensor src = G.tensor(c + ".src").requiresGrad_(true);
    Tensor mask = G.optional(c, "mask");
    Tensor kpm = G.optional(c, "key_padding_mask");
    Tensor out = m instanceof TransformerEncoder e ? e.forward(src, mask, kpm)
        : ((TransformerEncoderLayer) m).forward(src, mask, kpm);
    check(c, m, out, Map.of("src", src));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decoderCases")
  void decoderMatchesTorch(String c, Module m) {
    MultiheadAttentionTest.load(c, m);
    Tensor tgt = G.tensor(c + ".tgt").requiresGrad_(true);
    Tensor memory = G.tensor(c + ".memory").requiresGrad_(true);
    Tensor[] masks = {G.optional(c, "tgt_mask"), G.optional(c, "memory_mask"), G.optional(c, "tgt_key_padding_mask"),
        G.optional(c, "memory_key_padding_mask")};
    Tensor out = m instanceof TransformerDecoder d ? d.forward(tgt, memory, masks[0], masks[1], masks[2], masks[3])
        : ((TransformerDecoderLayer) m).forward(tgt, memory, masks[0], masks[1], masks[2], masks[3]);
    check(c, m, out, Map.of("tgt", tgt, "memory", memory));
  }

  private static void check(String c, Module m, Tensor out, Map<String, Tensor> inputs) {
    Golden.assertClose(c + ".out", G.tensor(c + ".out"), out, 1e-4, 2e-5);
    out.mul(G.tensor(c + ".g_out")).sum().backward();
    MultiheadAttentionTest.checkGrads(c, m, inputs, 1e-3, 1e-4);
  }

  @Test
  void seededConstructionHoldsTorchsWeightsAndEveryCopyStartsEqual() {
    Tensor.manualSeed(0);
    MultiheadAttentionTest.checkInit("init_enc", new TransformerEncoder(new TransformerEncoderLayer(8, 2, 16, 0.1,
        "relu", 1e-5, false, false), 2, null));
    Tensor.manualSeed(1);
    MultiheadAttentionTest.checkInit("init_dec", new TransformerDecoder(new TransformerDecoderLayer(8, 2, 16, 0.1,
        "relu", 1e-5, false, false), 2, new LayerNorm(8)));
  }

  @Test
  void transformerInitialisationAndForwardMatchTorch() {
    Tensor.manualSeed(2);
    Transformer model = new Transformer(8, 2, 2, 1, 16, 0.0, "relu", 1e-5, false, false);
    MultiheadAttentionTest.checkInit("init_transformer", model);
    Tensor out = model.forward(G.tensor("init_transformer.src"), G.tensor("init_transformer.tgt"), null,
        Transformer.generateSquareSubsequentMask(4), null, null, null, null);
    Golden.assertClose("init_transformer.out", G.tensor("init_transformer.out"), out, 1e-4, 2e-5);
  }

  @Test
  void squareSubsequentMaskIsTorchs() {
    Golden.assertExact("square_mask_4", G.tensor("square_mask_4"), Transformer.generateSquareSubsequentMask(4));
    assertEquals(0, Transformer.generateSquareSubsequentMask(0).numel());
  }

  @Test
  void stateDictNamesAndRepr() {
    TransformerEncoder e = new TransformerEncoder(enc("relu", false, false, 0.1), 2, null);
    List<String> names = List.copyOf(e.stateDict().keySet());
    assertEquals(List.of("layers.0.self_attn.in_proj_weight", "layers.0.self_attn.in_proj_bias",
        "layers.0.self_attn.out_proj.weight", "layers.0.self_attn.out_proj.bias", "layers.0.linear1.weight",
        "layers.0.linear1.bias", "layers.0.linear2.weight", "layers.0.linear2.bias", "layers.0.norm1.weight",
        "layers.0.norm1.bias", "layers.0.norm2.weight", "layers.0.norm2.bias"), names.subList(0, 12));
    assertEquals(24, names.size());
    assertEquals(G.string("repr_enc_layer"), enc("relu", false, false, 0.1).toString());
    assertEquals(G.string("repr_enc"), new TransformerEncoder(new TransformerEncoderLayer(8, 2, 16, 0.2, "gelu", 1e-6,
        false, false), 2, new LayerNorm(8)).toString());
    assertEquals(G.string("repr_dec_layer"), dec("relu", false, false, 0.1).toString());
    assertEquals(G.string("repr_dec"), new TransformerDecoder(dec("relu", false, false, 0.1), 2, null)
        .toString());
  }

  @Test
  void copiesAreIndependent() {
    TransformerEncoderLayer layer = enc("relu", false, false, 0.1);
    TransformerEncoder e = new TransformerEncoder(layer, 2, null);
    Map<String, Tensor> state = new LinkedHashMap<>(e.stateDict());
    e.parameters().get(0).grad();
    try (var s = dev.jgrad.autograd.Autograd.noGrad()) {
      ((TransformerEncoderLayer) e.layers().get(0)).selfAttn().inProjWeight().fill_(2);
    }
    Golden.assertExact("layer 1 untouched", layer.selfAttn().inProjWeight(),
        state.get("layers.1.self_attn.in_proj_weight"));
  }

  @Test
  void messages() {
    Golden.assertContains(assertThrows(IllegalArgumentException.class, () -> new TransformerEncoderLayer(8, 2, 16,
        0.1, "tanh", 1e-5, false, false)).getMessage(), "activation should be relu/gelu, not tanh");
    Golden.assertContains(assertThrows(IllegalArgumentException.class, () -> new TransformerDecoderLayer(8, 3))
        .getMessage(), "embed_dim must be divisible by num_heads");
    Transformer model = new Transformer(8, 2, 1, 1, 16, 0.0, "relu", 1e-5, false, false);
    Golden.assertContains(assertThrows(IllegalArgumentException.class, () -> model.forward(Tensor.randn(5, 2, 8),
        Tensor.randn(4, 3, 8), null, null, null, null, null, null)).getMessage(),
        "the batch number of src and tgt must be equal", "[5, 2, 8]", "[4, 3, 8]");
    Golden.assertContains(assertThrows(IllegalArgumentException.class, () -> model.forward(Tensor.randn(5, 2, 6),
        Tensor.randn(4, 2, 8), null, null, null, null, null, null)).getMessage(),
        "the feature number of src and tgt must be equal to d_model=8");
    TransformerEncoderLayer layer = enc("relu", false, false, 0.1);
    Golden.assertContains(assertThrows(IllegalArgumentException.class, () -> layer.forward(Tensor.randn(5, 2, 8),
        Tensor.zeros(4, 4), null)).getMessage(), "The shape of the 2D attn_mask is [4, 4], but should be (5, 5).");
    Golden.assertContains(assertThrows(UnsupportedOperationException.class, () -> new TransformerDecoderLayer(8, 2)
        .forward(Tensor.randn(4, 8))).getMessage(), "'memory'");
  }
}
