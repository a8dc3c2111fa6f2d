package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The float64 ops and losses against torch 1.13's float64 values and vector-Jacobian products
 * (tools/gen_float64_nn.py): each case's output and every recorded input's gradient agree at relative 1e-12 (see
 * {@link #assertClose}).
 */
class Float64NNTest {
  static final double REL = 1e-12;

  /** The case's call, on its inputs by name. */
  private static Tensor call(String op, JsonNode opts, Map<String, Tensor> in) {
    Tensor x = in.get("x");
    switch (op) {
      case "softmax":
        return Functional.softmax(x, opts.get("dim").asInt());
      case "log_softmax":
        return Functional.logSoftmax(x, opts.get("dim").asInt());
      case "dropout":
        return Functional.dropout(x, opts.get("p").asDouble(), true, new Generator(opts.get("seed").asLong()));
      case "layer_norm":
        return Functional.layerNorm(x, ints(opts.get("shape")), in.get("w"), in.get("b"), opts.get("eps").asDouble());
      case "embedding":
        return opts.has("padding_idx") ? Functional.embedding(in.get("i"), in.get("w"), opts.get("padding_idx").asInt())
            : Functional.embedding(in.get("i"), in.get("w"));
      case "embedding_bag":
        return Functional.embeddingBag(in.get("i"), in.get("w"), in.get("o"), null, 2,
            opts.get("scale_grad_by_freq").asBoolean(), opts.get("mode").asText(), false, in.get("psw"), false,
            opts.has("padding_idx") ? opts.get("padding_idx").asInt() : null);
      case "nll_loss":
        return Functional.nllLoss(x, in.get("y"), in.get("w"), opts.get("ignore_index").asLong(), reduction(opts));
      case "cross_entropy":
        return Functional.crossEntropy(x, in.get("y"), in.get("w"), opts.get("ignore_index").asLong(),
            reduction(opts), opts.get("label_smoothing").asDouble());
      case "batch_norm":
        return Functional.batchNorm(x, in.get("rm"), in.get("rv"), in.get("w"), in.get("b"),
            opts.get("training").asBoolean(), opts.get("momentum").asDouble(), opts.get("eps").asDouble());
      case "group_norm":
        return Functional.groupNorm(x, opts.get("groups").asInt(), in.get("w"), in.get("b"), opts.get("eps").asDouble());
      case "multi_margin_loss":
        return Functional.multiMarginLoss(x, in.get("y"), opts.get("p").asInt(), opts.get("margin").asDouble(),
            in.get("w"), Reduction.MEAN);
      case "soft_margin_loss":
        return Functional.softMarginLoss(x, in.get("y"));
      case "mse_loss":
        return Functional.mseLoss(x, in.get("y"));
      case "l1_loss":
        return Functional.l1Loss(x, in.get("y"));
      case "smooth_l1_loss":
        return Functional.smoothL1Loss(x, in.get("y"), Reduction.MEAN, opts.get("beta").asDouble());
      case "huber_loss":
        return Functional.huberLoss(x, in.get("y"), Reduction.MEAN, opts.get("delta").asDouble());
      case "binary_cross_entropy":
        return Functional.binaryCrossEntropy(x, in.get("y"), in.get("w"), Reduction.MEAN);
      case "binary_cross_entropy_with_logits":
        return Functional.binaryCrossEntropyWithLogits(x, in.get("y"), in.get("w"), in.get("pw"), Reduction.MEAN);
      case "kl_div":
        return Functional.klDiv(x, in.get("y"), Reduction.BATCHMEAN, false);
      default:
        throw new IllegalArgumentException("no Java call for fixture op " + op);
    }
  }

  private static Reduction reduction(JsonNode opts) {
    return Reduction.valueOf(opts.get("reduction").asText().toUpperCase(Locale.ROOT));
  }

  @TestFactory
  Stream<DynamicTest> matchesTorchInFloat64() throws IOException {
    JsonNode root = fixture("float64_nn.json");
    assertTrue(root.get("header").asText().contains("gen_float64_nn.py"));
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : root.get("cases")) {
      tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> check(c)));
    }
    return tests.stream();
  }

  private static void check(JsonNode c) {
    String name = c.get("name").asText();
    Map<String, Tensor> in = new HashMap<>();
    for (JsonNode i : c.get("inputs")) {
      Tensor t = tensor(i);
      if (i.get("grad").asBoolean()) {
        t.requiresGrad_(true);
      }
      in.put(i.get("name").asText(), t);
    }
    Tensor out = call(c.get("op").asText(), c.get("opts"), in);
    assertEquals(DType.FLOAT64, out.dtype(), name + ": dtype");
    assertClose(name + ": forward", c.get("out"), out);
    c.get("after").fields().forEachRemaining(e -> assertClose(name + ": " + e.getKey() + " after the call",
        e.getValue(), in.get(e.getKey())));
    if (!c.get("grad_fn").isNull()) {
      assertEquals(c.get("grad_fn").asText(), out.gradFn().name(), name + ": grad_fn");
    }
    out.backward(tensor(c.get("g")));
    c.get("grads").fields().forEachRemaining(e -> {
      Tensor grad = in.get(e.getKey()).grad();
      assertNotNull(grad, name + ": no gradient for " + e.getKey());
      assertClose(name + ": gradient of " + e.getKey(), e.getValue(), grad);
    });
  }

  /** torch's float64 LSTM, GRU and TransformerEncoderLayer, their weights set in a converted module. */
  @TestFactory
  Stream<DynamicTest> modulesMatchTorchInFloat64() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : fixture("float64_nn.json").get("modules")) {
      tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> checkModule(c)));
    }
    return tests.stream();
  }

  private static void checkModule(JsonNode c) {
    String name = c.get("name").asText();
    Module m;
    Function<Tensor, Tensor> output;
    switch (name) {
      case "lstm" -> {
        LSTM lstm = new LSTM(3, 4, 2, true, false, 0.0, false, 0);
        m = lstm;
        output = x -> lstm.forward(x, null, null).output();
      }
      case "gru" -> {
        GRU gru = new GRU(3, 4, 1, true, false, 0.0, true);
        m = gru;
        output = x -> gru.forward(x, null).output();
      }
      default -> {
        TransformerEncoderLayer layer = new TransformerEncoderLayer(8, 2, 16, 0.0, "relu", 1e-5, false, false);
        m = layer;
        output = layer::forward;
      }
    }
    m.to(DType.FLOAT64);
    Map<String, Parameter> params = m.namedParameters();
    c.get("state").fields().forEachRemaining(e -> params.get(e.getKey()).setData(tensor(e.getValue())));
    Tensor x = tensor(c.get("x")).requiresGrad_(true);
    Tensor out = output.apply(x);
    assertClose(name + ": forward", c.get("out"), out);
    out.backward(tensor(c.get("g")));
    c.get("grads").fields().forEachRemaining(e -> assertClose(name + ": gradient of " + e.getKey(), e.getValue(),
        e.getKey().equals("x") ? x.grad() : params.get(e.getKey()).grad()));
  }

  @Test
  void mixedDtypesFailWithPyTorchsMessageNamingTheOp() {
    Tensor x = Tensor.of(new double[] {0.5, -1, 2, 0.25, 3, -2}, new int[] {2, 3}, DType.FLOAT64);
    Tensor w = Tensor.ones(3);
    Tensor y = Tensor.of(new double[] {0, 2}, new int[] {2}, DType.INT64);
    assertMessage("layerNorm: expected scalar type Double but found Float",
        () -> Functional.layerNorm(x, new int[] {3}, w, null, 1e-5));
    assertMessage("layerNorm: expected scalar type Float but found Double",
        () -> Functional.layerNorm(x.to(DType.FLOAT32), new int[] {3}, w.to(DType.FLOAT64), null, 1e-5));
    assertMessage("nllLoss: expected scalar type Double but found Float",
        () -> Functional.nllLoss(x, y, w, -100, Reduction.MEAN));
    assertMessage("crossEntropy: expected scalar type Double but found Float",
        () -> Functional.crossEntropy(x, y, w, -100, Reduction.MEAN, 0));
    assertMessage("batchNorm: expected scalar type Double but found Float",
        () -> Functional.batchNorm(x, null, null, w, null, true, 0.1, 1e-5));
    assertMessage("batchNorm: expected scalar type Double but found Float",
        () -> Functional.batchNorm(x, Tensor.zeros(3), Tensor.ones(3), null, null, true, 0.1, 1e-5));
    assertMessage("groupNorm: expected scalar type Double but found Float",
        () -> Functional.groupNorm(x, 3, w, null, 1e-5));
    assertMessage("LSTM: mat1 and mat2 must have the same dtype",
        () -> new LSTM(3, 2).forward(Tensor.zeros(DType.FLOAT64, 4, 1, 3), null, null));
    assertMessage("Expected tensor for argument #1 'weight' to have the same type as tensor for argument #1 "
        + "'per_sample_weights'; but type torch.DoubleTensor does not equal torch.FloatTensor",
        () -> Functional.embeddingBag(Tensor.ofLongs(0, 1), Tensor.zeros(DType.FLOAT64, 3, 2), Tensor.ofLongs(0), null,
            2, false, "sum", false, Tensor.ones(2), false, null));
    assertMessage("binaryCrossEntropy: Found dtype Float but expected Double",
        () -> Functional.binaryCrossEntropy(Tensor.full(new int[] {2, 3}, 0.5, DType.FLOAT64), Tensor.ones(2, 3)));
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable body) {
    String message = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, body).getMessage();
    assertTrue(message.contains(expected), () -> "expected a message containing \"" + expected + "\", got " + message);
  }

  static JsonNode fixture(String file) throws IOException {
    try (InputStream s = Float64NNTest.class.getResourceAsStream("/golden/nn/" + file)) {
      assertNotNull(s, file);
      return new ObjectMapper().readTree(s);
    }
  }

  static Tensor tensor(JsonNode t) {
    JsonNode v = t.get("values");
    double[] values = new double[v.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = v.get(i).asDouble();
    }
    DType dtype = DType.valueOf(t.get("dtype").asText().toUpperCase(Locale.ROOT));
    return Tensor.of(values, ints(t.get("shape")), dtype);
  }

  static int[] ints(JsonNode a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asInt();
    }
    return out;
  }

  /**
   * Same shape and dtype, and every value within {@code REL} of the expected tensor, relative to its largest
   * magnitude: a gradient that is a sum of terms cancelling to a small value keeps only that much relative accuracy
   * in any summation order, torch's included.
   */
  static void assertClose(String what, JsonNode expected, Tensor actual) {
    Tensor e = tensor(expected);
    assertArrayEquals(e.shape(), actual.shape(), what + ": shape");
    assertEquals(e.dtype(), actual.dtype(), what + ": dtype");
    double[] ev = e.toDoubleArray();
    double[] av = actual.toDoubleArray();
    double scale = 0;
    for (double v : ev) {
      scale = Double.isFinite(v) ? Math.max(scale, Math.abs(v)) : scale;
    }
    for (int i = 0; i < ev.length; i++) {
      double tol = REL * scale + 1e-300;
      int at = i;
      assertTrue(Math.abs(av[i] - ev[i]) <= tol || (Double.isNaN(ev[i]) && Double.isNaN(av[i])),
          () -> what + " [" + at + "]: expected " + ev[at] + ", got " + av[at]);
    }
  }
}
