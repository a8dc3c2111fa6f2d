package dev.jgrad.nn;

import static dev.jgrad.nn.Float64NNTest.assertClose;
import static dev.jgrad.nn.Float64NNTest.fixture;
import static dev.jgrad.nn.Float64NNTest.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The multilabel margin and CTC losses, spectral normalisation and the structured {@link Init} fills in float64,
 * against torch 1.13 in float64 (tools/gen_float64_rest.py) at relative 1e-12, and their gradients by
 * {@link GradCheck}'s float64 defaults.
 */
class Float64RestTest {

  private static JsonNode root() throws IOException {
    JsonNode root = fixture("float64_rest.json");
    assertTrue(root.get("header").asText().startsWith("tools/gen_float64_rest.py, torch 1.13"));
    return root;
  }

  private static Tensor call(String op, JsonNode opts, Map<String, Tensor> in) {
    Reduction r = Reduction.valueOf(opts.get("reduction").asText().toUpperCase(Locale.ROOT));
    return switch (op) {
      case "multilabel_margin_loss" -> Functional.multilabelMarginLoss(in.get("x"), in.get("y"), r);
      case "ctc_loss" -> Functional.ctcLoss(in.get("x"), in.get("y"), in.get("il"), in.get("tl"),
          opts.get("blank").asInt(), r, opts.get("zero_infinity").asBoolean());
      default -> throw new IllegalArgumentException("no Java call for fixture op " + op);
    };
  }

  @TestFactory
  Stream<DynamicTest> lossesMatchTorchInFloat64() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : root().get("losses")) {
      tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> checkLoss(c)));
    }
    return tests.stream();
  }

  private static void checkLoss(JsonNode c) {
    String name = c.get("name").asText();
    Map<String, Tensor> in = new HashMap<>();
    for (JsonNode i : c.get("inputs")) {
      in.put(i.get("name").asText(), tensor(i).requiresGrad_(i.get("grad").asBoolean()));
    }
    Tensor out = call(c.get("op").asText(), c.get("opts"), in);
    assertClose(name + ": forward", c.get("out"), out);
    out.backward(tensor(c.get("g")));
    assertClose(name + ": gradient", c.get("grads").get("x"), in.get("x").grad());
    if (name.endsWith(".sum") || name.endsWith(".none")) {
      // the gradient's second derivative in x is zero (piecewise linear) for the margin loss; CTC's gradient is
      // PyTorch's kernel's, exact only for normalised log-probabilities, so GradCheck runs through log-softmax
      Tensor x = in.get("x").detach();
      boolean ctc = c.get("op").asText().equals("ctc_loss");
      GradCheck.Result result = GradCheck.builder().raiseException(false).check(
          t -> call(c.get("op").asText(), c.get("opts"), Map.of("x", ctc ? t.get(0).logSoftmax(2) : t.get(0),
              "y", in.get("y"), "il", in.getOrDefault("il", in.get("y")), "tl", in.getOrDefault("tl", in.get("y")))),
          List.of(x.requiresGrad_(true)));
      assertTrue(result.passed(), name + ": " + result);
    }
  }

  @TestFactory
  Stream<DynamicTest> spectralNormMatchesTorchInFloat64() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : root().get("spectral")) {
      tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> checkSpectral(c)));
    }
    return tests.stream();
  }

  private static void checkSpectral(JsonNode c) {
    String name = c.get("name").asText();
    Linear lin = new Linear(5, 3);
    lin.to(DType.FLOAT64);
    lin.weight().setData(tensor(c.get("weight")));
    lin.bias().setData(tensor(c.get("bias")));
    Tensor.manualSeed(c.get("seed").asLong());
    Parametrizations.spectralNorm(lin, "weight", c.get("iterations").asInt(), 1e-12, null);
    Map<String, Tensor> buffers = lin.buffers();
    assertClose(name + ": u after registration", c.get("u"), buffers.get("parametrizations.weight.0._u"));
    assertClose(name + ": v after registration", c.get("v"), buffers.get("parametrizations.weight.0._v"));
    Tensor x = tensor(c.get("x")).requiresGrad_(true);
    Tensor out = lin.forward(x);
    assertClose(name + ": forward", c.get("out"), out);
    assertClose(name + ": u after the forward", c.get("u_after"), buffers.get("parametrizations.weight.0._u"));
    out.backward(tensor(c.get("g")));
    assertClose(name + ": gradient of the original", c.get("grad_weight"),
        lin.parametrization("weight").originals().get(0).grad());
    assertClose(name + ": gradient of x", c.get("grad_x"), x.grad());
  }

  @Test
  void spectralNormOfAFloat64WeightPassesGradCheck() {
    Tensor.manualSeed(2);
    Linear lin = new Linear(4, 3);
    lin.to(DType.FLOAT64);
    Parametrizations.spectralNorm(lin).eval();
    Tensor w = lin.parametrization("weight").originals().get(0);
    SpectralNorm p = (SpectralNorm) lin.parametrization("weight").chain().get(0);
    GradCheck.Result r = GradCheck.builder().raiseException(false).check(in -> p.apply(in),
        List.of(w.detach().requiresGrad_(true)));
    assertTrue(r.passed(), r.toString());
  }

  @TestFactory
  Stream<DynamicTest> initFillsFloat64TensorsAsTorchDoes() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : root().get("init")) {
      tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> checkInit(c)));
    }
    return tests.stream();
  }

  private static void checkInit(JsonNode c) {
    String name = c.get("name").asText();
    JsonNode a = c.get("args");
    Tensor t = Tensor.zeros(DType.FLOAT64, Float64NNTest.ints(c.get("shape")));
    Tensor.manualSeed(5);
    switch (name) {
      case "orthogonal_.square", "orthogonal_.wide" -> Init.orthogonal_(t);
      case "orthogonal_.tall" -> Init.orthogonal_(t, a.get("gain").asDouble());
      case "trunc_normal_.default" -> Init.truncNormal_(t);
      case "trunc_normal_.shifted" -> Init.truncNormal_(t, a.get("mean").asDouble(), a.get("std").asDouble(),
          a.get("a").asDouble(), a.get("b").asDouble());
      case "sparse_" -> Init.sparse_(t, a.get("sparsity").asDouble(), a.get("std").asDouble());
      case "dirac_.groups1", "dirac_.groups2" -> Init.dirac_(t, a.get("groups").asInt());
      case "eye_" -> Init.eye_(t);
      case "xavier_normal_" -> Init.xavierNormal_(t, a.get("gain").asDouble());
      case "kaiming_uniform_" -> Init.kaimingUniform_(t, a.get("a").asDouble(), Init.FanMode.FAN_IN,
          Init.Nonlinearity.LEAKY_RELU);
      case "constant_" -> Init.constant_(t, a.get("value").asDouble());
      default -> throw new IllegalArgumentException("no Java call for fixture fill " + name);
    }
    assertEquals(DType.FLOAT64, t.dtype(), name);
    assertClose(name, c, t);
    if (!name.startsWith("orthogonal") && !name.startsWith("trunc") && !name.startsWith("xavier_normal")
        && !name.startsWith("sparse")) {
      // no factorisation, erf or log in these: bit for bit
      assertArrayEquals(tensor(c).toDoubleArray(), t.toDoubleArray(), name);
    }
  }
}
