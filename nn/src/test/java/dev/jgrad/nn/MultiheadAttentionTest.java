package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** MultiheadAttention against tools/gen_attention_golden.py's fixtures (torch 1.13), plus checks and messages. */
class MultiheadAttentionTest {
  static final Golden G = Golden.of("attention.txt");

  private static MultiheadAttention mha(boolean bias, boolean biasKv, boolean zeroAttn, int kdim, int vdim,
      boolean batchFirst) {
    return new MultiheadAttention(8, 2, 0.0, bias, biasKv, zeroAttn, kdim, vdim, batchFirst);
  }

  private static Arguments c(String name, MultiheadAttention m) {
    return Arguments.of(name, m, true, true);
  }

  static Stream<Arguments> cases() {
    MultiheadAttention plain = new MultiheadAttention(8, 2);
    return Stream.of(
        c("mha_self", plain),
        c("mha_self_float2d", plain),
        Arguments.of("mha_kv_bool_kpm", plain, true, false),
        c("mha_float2d", plain),
        c("mha_bool2d", plain),
        Arguments.of("mha_float3d", plain, true, false),
        c("mha_bool3d", plain),
        c("mha_float_kpm", plain),
        c("mha_bool2d_bool_kpm", plain),
        c("mha_float2d_bool_kpm", plain),
        c("mha_bool3d_float_kpm", plain),
        c("mha_kdim_vdim", mha(true, false, false, 5, 6, false)),
        c("mha_kdim_kv", mha(true, false, false, 5, 5, false)),
        c("mha_bias_kv", mha(true, true, false, 8, 8, false)),
        c("mha_zero_attn", mha(true, false, true, 8, 8, false)),
        Arguments.of("mha_bias_kv_zero_attn", mha(true, true, true, 8, 8, false), true, false),
        Arguments.of("mha_batch_first", mha(true, false, false, 8, 8, true), true, false),
        c("mha_batch_first_self", mha(true, false, false, 8, 8, true)),
        c("mha_unbatched", plain),
        Arguments.of("mha_unbatched_per_head", plain, true, false),
        c("mha_no_bias", mha(false, false, false, 8, 8, false)),
        Arguments.of("mha_no_weights", plain, false, true),
        c("mha_eval_dropout", (MultiheadAttention) new MultiheadAttention(8, 2, 0.5, true, false, false, 8, 8, false)
            .eval()),
        c("mha_heads4", new MultiheadAttention(8, 4)));
  }

  /** Loads the case's parameters into {@code m} (checking that the state-dict names are torch's) and zeroes grads. */
  static void load(String c, Module m) {
    List<String> names = G.keys(c + ".param.");
    assertEquals(names, new ArrayList<>(m.stateDict().keySet()), c + ": state-dict names");
    Map<String, Tensor> state = new java.util.LinkedHashMap<>();
    names.forEach(n -> state.put(n, G.tensor(c + ".param." + n)));
    m.loadStateDict(state);
    m.zeroGrad();
  }

  /** Compares the gradient of each listed input and of every parameter with the fixture. */
  static void checkGrads(String c, Module m, Map<String, Tensor> inputs, double rtol, double atol) {
    inputs.forEach((name, x) -> Golden.assertClose(c + ".grad." + name, G.tensor(c + ".grad." + name), x.grad(),
        rtol, atol));
    m.namedParameters().forEach((name, p) -> Golden.assertClose(c + ".grad." + name, G.tensor(c + ".grad." + name),
        p.grad(), rtol, atol));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesTorch(String c, MultiheadAttention m, boolean needWeights, boolean average) {
    load(c, m);
    Map<String, Tensor> inputs = new java.util.LinkedHashMap<>();
    Tensor q;
    Tensor k;
    Tensor v;
    if (G.has(c + ".x")) {
      q = k = v = G.tensor(c + ".x").requiresGrad_(true);
      inputs.put("x", q);
    } else if (G.has(c + ".memory")) {
      q = G.tensor(c + ".query").requiresGrad_(true);
      k = v = G.tensor(c + ".memory").requiresGrad_(true);
      inputs.put("query", q);
      inputs.put("memory", k);
    } else {
      q = G.tensor(c + ".query").requiresGrad_(true);
      k = G.tensor(c + ".key").requiresGrad_(true);
      v = G.tensor(c + ".value").requiresGrad_(true);
      inputs.put("query", q);
      inputs.put("key", k);
      inputs.put("value", v);
    }
    MultiheadAttention.Output o = m.forward(q, k, v, G.optional(c, "key_padding_mask"), needWeights,
        G.optional(c, "attn_mask"), average);
    Golden.assertClose(c + ".out", G.tensor(c + ".out"), o.output(), 1e-4, 1e-5);
    Tensor loss = o.output().mul(G.tensor(c + ".g_out")).sum();
    if (needWeights) {
      Golden.assertClose(c + ".weights", G.tensor(c + ".weights"), o.weights(), 1e-4, 1e-5);
      loss = loss.add(o.weights().mul(G.tensor(c + ".g_weights")).sum());
    } else {
      assertNull(o.weights());
    }
    loss.backward();
    checkGrads(c, m, inputs, 1e-4, 2e-5);
  }

  @Test
  void initialisationFollowsTorchsSeededStream() {
    Tensor.manualSeed(0);
    checkInit("init_mha_default", new MultiheadAttention(8, 2));
    Tensor.manualSeed(1);
    checkInit("init_mha_kdim", new MultiheadAttention(8, 2, 0.0, true, true, false, 5, 6, false));
    Tensor.manualSeed(2);
    checkInit("init_mha_no_bias", new MultiheadAttention(8, 2, 0.0, false, true, false, 8, 8, false));
  }

  static void checkInit(String c, Module m) {
    List<String> names = G.keys(c + ".param.");
    assertEquals(names, new ArrayList<>(m.stateDict().keySet()), c + ": state-dict names");
    m.stateDict().forEach((name, t) -> Golden.assertExact(c + "." + name, G.tensor(c + ".param." + name), t));
  }

  @Test
  void stateDictNamesAndReprAreTorchs() {
    MultiheadAttention m = new MultiheadAttention(8, 2);
    assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"),
        new ArrayList<>(m.stateDict().keySet()));
    assertEquals(G.string("repr_mha_default"), m.toString());
    assertEquals(G.string("repr_mha_kdim"),
        new MultiheadAttention(8, 2, 0.0, false, false, false, 5, 6, false).toString());
  }

  @Test
  void selfAttentionForwardIsTheFullForwardWithoutMasks() {
    Tensor.manualSeed(3);
    MultiheadAttention m = new MultiheadAttention(8, 2);
    Tensor x = Tensor.randn(4, 2, 8);
    Golden.assertExact("forward(x)", m.forward(x, x, x, null, true, null, true).output(), m.forward(x));
  }

  @Test
  void gradcheckOnSmallShapes() {
    Tensor.manualSeed(4);
    MultiheadAttention m = new MultiheadAttention(4, 2, 0.0, true, true, true, 3, 4, false);
    Tensor q = Tensor.randn(2, 1, 4).requiresGrad_(true);
    Tensor k = Tensor.randn(3, 1, 3).requiresGrad_(true);
    Tensor v = Tensor.randn(3, 1, 4).requiresGrad_(true);
    Tensor mask = Tensor.randn(2, 3);
    // The inputs and the parameters that only this configuration has; the shared ones are covered by the fixtures.
    List<Tensor> in = List.of(q, k, v, m.namedParameters().get("bias_k"), m.namedParameters().get("bias_v"));
    GradCheck.check(t -> {
      MultiheadAttention.Output o = m.forward(t.get(0), t.get(1), t.get(2), null, true, mask, false);
      return o.weights().mul(o.weights()).sum().add(o.output().tanh().sum());
    }, in);
  }

  @Test
  void deepCopyHasEqualIndependentValuesAndLeavesTheGlobalStream() {
    Tensor.manualSeed(5);
    MultiheadAttention m = new MultiheadAttention(8, 2, 0.1, true, true, false, 8, 8, false);
    m.eval();
    Tensor.manualSeed(6);
    Module copy = m.deepCopy();
    float next = Tensor.rand(1).item();
    Tensor.manualSeed(6);
    assertEquals(Tensor.rand(1).item(), next, "deepCopy must not draw from the global generator");
    assertEquals(m.toString(), copy.toString());
    assertEquals(false, copy.isTraining());
    m.stateDict().forEach((name, t) -> {
      Tensor other = copy.stateDict().get(name);
      Golden.assertExact(name, t, other);
      assertNotSame(t.toArray(), other.toArray());
    });
    try (Autograd.Scope s = Autograd.noGrad()) {
      m.inProjWeight().fill_(1);
    }
    assertEquals(false, ((MultiheadAttention) copy).inProjWeight().toArray()[0] == 1f);
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> new Sequential(new ReLU()).deepCopy());
    Golden.assertContains(e.getMessage(), "Sequential does not support deepCopy()", "blankCopy()");
  }

  // ---------------------------------------------------------------- messages

  private static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void constructorMessages() {
    Golden.assertContains(message(() -> new MultiheadAttention(8, 3)), "embed_dim must be divisible by num_heads",
        "embed_dim=8", "num_heads=3");
    Golden.assertContains(message(() -> new MultiheadAttention(0, 1)), "embed_dim and num_heads must be greater than 0");
    Golden.assertContains(message(() -> new MultiheadAttention(8, 2, 1.5, true, false, false, 8, 8, false)),
        "dropout probability has to be between 0 and 1, but got 1.5");
  }

  @Test
  void forwardMessages() {
    MultiheadAttention m = new MultiheadAttention(8, 2);
    Tensor q = Tensor.randn(3, 2, 8);
    Tensor k = Tensor.randn(4, 2, 8);
    Golden.assertContains(message(() -> m.forward(q, Tensor.randn(4, 8), k, null, true, null, true)),
        "For batched (3-D) `query`, expected `key` and `value` to be 3-D but found 2-D and 3-D", "[4, 8]");
    Golden.assertContains(message(() -> m.forward(Tensor.randn(8), k, k, null, true, null, true)),
        "query should be unbatched 2D or batched 3D tensor but received 1-D query tensor");
    Golden.assertContains(message(() -> m.forward(Tensor.randn(3, 8), Tensor.randn(4, 2, 8), k, null, true, null,
        true)), "For unbatched (2-D) `query`, expected `key` and `value` to be 2-D but found 3-D and 3-D");
    Golden.assertContains(message(() -> m.forward(Tensor.randn(3, 2, 6), k, k, null, true, null, true)),
        "was expecting embedding dimension of 8, but got 6");
    Golden.assertContains(message(() -> m.forward(q, k, Tensor.randn(5, 2, 8), null, true, null, true)),
        "key shape [4, 2, 8] does not match value shape [5, 2, 8]");
    Golden.assertContains(message(() -> m.forward(q, k, k, null, true, Tensor.zeros(3, 5), true)),
        "The shape of the 2D attn_mask is [3, 5], but should be (3, 4).");
    Golden.assertContains(message(() -> m.forward(q, k, k, null, true, Tensor.zeros(2, 3, 4), true)),
        "The shape of the 3D attn_mask is [2, 3, 4], but should be (4, 3, 4).");
    Golden.assertContains(message(() -> m.forward(q, k, k, null, true, Tensor.zeros(1, 1, 3, 4), true)),
        "expected `attn_mask` to be `None`, 2-D or 3-D but found 4-D tensor");
    Golden.assertContains(message(() -> m.forward(q, k, k, null, true, Tensor.zeros(3, 4).to(DType.INT64), true)),
        "Only float, byte, and bool types are supported for attn_mask, not torch.int64");
    Golden.assertContains(message(() -> m.forward(q, k, k, Tensor.zeros(2, 5).to(DType.BOOL), true, null, true)),
        "expecting key_padding_mask shape of (2, 4), but got [2, 5]");
    Golden.assertContains(message(() -> m.forward(q, k, k, Tensor.zeros(4), true, null, true)),
        "expected `key_padding_mask` to be `None` or 2-D but found 1-D tensor");
    Golden.assertContains(message(() -> m.forward(q, k, k, Tensor.zeros(2, 4).to(DType.INT64), true, null, true)),
        "only bool and floating types of key_padding_mask are supported");
    Golden.assertContains(message(() -> m.forward(q, k, k, Tensor.zeros(2, 4), true, Tensor.zeros(3, 4), true)),
        "masked_fill_ only supports boolean masks");
    Golden.assertContains(message(() -> m.forward(Tensor.randn(3, 8), Tensor.randn(4, 8), Tensor.randn(4, 8), null,
        true, Tensor.zeros(3, 3, 4), true)), "Expected `attn_mask` shape to be (2, 3, 4) but got [3, 3, 4]");
    Golden.assertContains(message(() -> m.forward(q, Tensor.randn(4, 3, 8), Tensor.randn(4, 3, 8), null, true, null,
        true)), "key's batch size 3 does not match query's 2");
    MultiheadAttention kd = new MultiheadAttention(8, 2, 0.0, true, false, false, 5, 6, false);
    Golden.assertContains(message(() -> kd.forward(q, Tensor.randn(4, 2, 5), Tensor.randn(4, 3, 6), null, true, null,
        true)), "key's sequence and batch dims [4, 2] do not match value's [4, 3]");
    Golden.assertContains(message(() -> kd.forward(q, Tensor.randn(4, 2, 6), Tensor.randn(4, 2, 6), null, true, null,
        true)), "kdim=5 and vdim=6", "key [4, 2, 6]");
  }
}
