package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every elementwise optimizer on a float64 parameter against PyTorch 1.13's float64 trajectories
 * (tools/gen_float64_optim.py: 12 steps of the single-tensor code path with given float64 gradients), at relative
 * 1e-12; then its state dict (float64 buffers, float32 {@code step} and scalars) and a round trip through it.
 */
class Float64OptimizerTest {
  private static final double REL = 1e-12;
  private static final JsonNode FIXTURE = load();

  private static JsonNode load() {
    try (InputStream in = Float64OptimizerTest.class.getResourceAsStream(
        "/golden/float64/optim_trajectories.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : FIXTURE.get("cases")) {
      out.add(Arguments.of(c.get("optimizer").asText() + " " + c.get("options"), c));
    }
    return out.stream();
  }

  /** The optimizer named in the fixture with its PyTorch-keyed options. */
  static Optimizer build(String name, Map<String, Object> options, Tensor p) {
    List<Tensor> ps = List.of(p);
    return switch (name) {
      case "SGD" -> new SGD(ps, SGD.Options.fromMap(options));
      case "Adam" -> new Adam(ps, Adam.Options.fromMap(options));
      case "AdamW" -> new AdamW(ps, AdamW.Options.fromMap(options));
      case "RMSprop" -> new RMSprop(ps, RMSprop.Options.fromMap(options));
      case "Adagrad" -> new Adagrad(ps, Adagrad.Options.fromMap(options));
      case "Adamax" -> new Adamax(ps, Adamax.Options.fromMap(options));
      case "NAdam" -> new NAdam(ps, NAdam.Options.fromMap(options));
      case "RAdam" -> new RAdam(ps, RAdam.Options.fromMap(options));
      case "Adadelta" -> new Adadelta(ps, Adadelta.Options.fromMap(options));
      case "ASGD" -> new ASGD(ps, ASGD.Options.fromMap(options));
      case "Rprop" -> new Rprop(ps, Rprop.Options.fromMap(options));
      default -> throw new IllegalArgumentException("no optimizer " + name);
    };
  }

  private static Map<String, Object> options(JsonNode c) {
    Map<String, Object> m = new LinkedHashMap<>();
    c.get("options").fields().forEachRemaining(e -> {
      JsonNode v = e.getValue();
      m.put(e.getKey(), v.isArray() ? List.of(v.get(0).asDouble(), v.get(1).asDouble())
          : v.isBoolean() ? (Object) v.asBoolean() : (Object) v.asDouble());
    });
    return m;
  }

  static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  static void assertClose(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      double tol = REL * Math.max(1e-3, Math.abs(expected[i]));
      assertEquals(expected[i], actual[i], tol, what + " at " + i);
    }
  }

  private static int[] shape() {
    JsonNode s = FIXTURE.get("shape");
    return new int[] {s.get(0).asInt(), s.get(1).asInt()};
  }

  private static Tensor param() {
    return Tensor.of(doubles(FIXTURE.get("init")), shape(), DType.FLOAT64).requiresGrad_(true);
  }

  private static void step(Optimizer opt, Tensor p, int k) {
    p.setGrad(Tensor.of(doubles(FIXTURE.get("grads").get(k)), shape(), DType.FLOAT64));
    opt.step();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void trajectoryMatchesPyTorchInFloat64(String label, JsonNode c) {
    Tensor p = param();
    Optimizer opt = build(c.get("optimizer").asText(), options(c), p);
    JsonNode params = c.get("params");
    for (int k = 0; k < params.size(); k++) {
      step(opt, p, k);
      assertEquals(DType.FLOAT64, p.dtype());
      assertClose(doubles(params.get(k)), p.toDoubleArray(), label + " step " + (k + 1));
    }
    Map<String, Tensor> state = opt.stateDict().state().get(0);
    JsonNode expected = c.get("state");
    assertEquals(expected.size(), state == null ? 0 : state.size(), label + " state entries " + state);
    expected.fields().forEachRemaining(e -> {
      Tensor t = state.get(e.getKey());
      String dtype = e.getValue().get("dtype").asText();
      // PyTorch 1.13 keeps an int step for RMSprop, Adadelta and Rprop; here every step is a float32 scalar
      if (!e.getKey().equals("step")) {
        assertEquals(dtype, t.dtype().torchName(), label + " " + e.getKey());
      }
      assertClose(doubles(e.getValue().get("values")), t.toDoubleArray(), label + " state " + e.getKey());
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void stateDictRoundTripContinuesTheTrajectory(String label, JsonNode c) {
    Tensor p = param();
    Optimizer opt = build(c.get("optimizer").asText(), options(c), p);
    for (int k = 0; k < 6; k++) {
      step(opt, p, k);
    }
    OptimizerState saved = opt.stateDict();
    Tensor q = Tensor.of(p.toDoubleArray(), shape(), DType.FLOAT64).requiresGrad_(true);
    Optimizer resumed = build(c.get("optimizer").asText(), options(c), q);
    resumed.loadStateDict(saved);
    JsonNode params = c.get("resumed");
    for (int k = 0; k < params.size(); k++) {
      step(resumed, q, 6 + k);
      assertClose(doubles(params.get(k)), q.toDoubleArray(), label + " resumed step " + (7 + k));
    }
  }

  @Test
  void float32StateLoadedIntoFloat64ParameterIsWidened() {
    Tensor p32 = Tensor.of(new float[] {1f, -2f}, 2).requiresGrad_(true);
    Adam a32 = new Adam(List.of(p32), 0.1);
    p32.setGrad(Tensor.of(new float[] {0.5f, 0.25f}, 2));
    a32.step();
    Tensor p64 = Tensor.of(p32.toDoubleArray(), new int[] {2}, DType.FLOAT64).requiresGrad_(true);
    Adam a64 = new Adam(List.of(p64), 0.1);
    a64.loadStateDict(a32.stateDict());
    Map<String, Tensor> state = a64.stateDict().state().get(0);
    assertEquals(DType.FLOAT64, state.get("exp_avg").dtype());
    assertEquals(DType.FLOAT32, state.get("step").dtype());
    assertArrayEquals(a32.stateDict().state().get(0).get("exp_avg").toDoubleArray(),
        state.get("exp_avg").toDoubleArray());
  }

  @Test
  void float64StateLoadedIntoFloat32ParameterIsNarrowed() {
    Tensor p64 = Tensor.of(new double[] {1, -2}, new int[] {2}, DType.FLOAT64).requiresGrad_(true);
    SGD s64 = new SGD(List.of(p64), SGD.Options.defaults().withLr(0.1).withMomentum(0.9));
    p64.setGrad(Tensor.of(new double[] {0.1, 0.3}, new int[] {2}, DType.FLOAT64));
    s64.step();
    Tensor p32 = Tensor.of(new float[] {1f, -2f}, 2).requiresGrad_(true);
    SGD s32 = new SGD(List.of(p32), SGD.Options.defaults().withLr(0.1).withMomentum(0.9));
    s32.loadStateDict(s64.stateDict());
    Tensor buf = s32.stateDict().state().get(0).get("momentum_buffer");
    assertEquals(DType.FLOAT32, buf.dtype());
    assertArrayEquals(new float[] {0.1f, 0.3f}, buf.toArray());
  }

  @Test
  void gradientOfAnotherDtypeIsRefusedWithBothDtypes() {
    Tensor p = Tensor.of(new double[] {1, 2}, new int[] {2}, DType.FLOAT64).requiresGrad_(true);
    SGD sgd = new SGD(p, 0.1);
    p.setGrad(Tensor.of(new float[] {1f, 1f}, 2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, sgd::step);
    assertTrue(e.getMessage().contains("expected float64 param and grad, got torch.float64 and torch.float32"),
        e.getMessage());
  }

  @Test
  void aSchedulerDrivesAFloat64Optimizer() {
    Tensor p = Tensor.of(new double[] {1, -1}, new int[] {2}, DType.FLOAT64).requiresGrad_(true);
    SGD sgd = new SGD(p, 0.1);
    StepLR sched = new StepLR(sgd, 1, 0.5);
    double[] want = {1, -1};
    double lr = 0.1;
    for (int k = 0; k < 3; k++) {
      p.setGrad(Tensor.of(new double[] {0.3, 0.7}, new int[] {2}, DType.FLOAT64));
      sgd.step();
      want[0] = Math.fma(0.3, -lr, want[0]);
      want[1] = Math.fma(0.7, -lr, want[1]);
      sched.step();
      lr *= 0.5;
    }
    assertArrayEquals(want, p.toDoubleArray(), 0.0);
  }

  // LBFGS in float64: Float64LBFGSTest
}
