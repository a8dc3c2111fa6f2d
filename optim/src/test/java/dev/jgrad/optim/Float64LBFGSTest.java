package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * LBFGS on float64 parameters against PyTorch 1.13's float64 LBFGS (tools/gen_float64_rest.py): 20 steps on
 * Rosenbrock and on a least-squares fit, with and without the strong-Wolfe line search, the loss and parameters of
 * every step at relative 1e-10; the state is float64 and survives a round trip.
 */
class Float64LBFGSTest {
  private static final double REL = 1e-10;
  private static final JsonNode FIXTURE = load();

  private static JsonNode load() {
    try (InputStream in = Float64LBFGSTest.class.getResourceAsStream("/golden/optim/float64_lbfgs.json")) {
      assertNotNull(in, "float64_lbfgs.json");
      JsonNode root = new ObjectMapper().readTree(in);
      assertTrue(root.get("header").asText().startsWith("tools/gen_float64_rest.py, torch 1.13"));
      return root;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Tensor tensor(JsonNode t) {
    JsonNode v = t.get("values");
    double[] values = new double[v.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = v.get(i).asDouble();
    }
    int[] shape = new int[t.get("shape").size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = t.get("shape").get(i).asInt();
    }
    return Tensor.of(values, shape, DType.valueOf(t.get("dtype").asText().toUpperCase(Locale.ROOT)));
  }

  private static List<Tensor> parameters(String problem) {
    if (problem.equals("rosenbrock")) {
      return List.of(Tensor.of(new double[] {-1.5, 2.0}, new int[] {2}, DType.FLOAT64).requiresGrad_(true));
    }
    return List.of(Tensor.zeros(DType.FLOAT64, 3).requiresGrad_(true),
        Tensor.zeros(DType.FLOAT64).requiresGrad_(true));
  }

  /** The problem's loss as torch computes it: (1 − x)² + 100(y − x²)², or mean((A·w + b − y)²). */
  private static Tensor loss(String problem, List<Tensor> ps) {
    if (problem.equals("rosenbrock")) {
      Tensor x = ps.get(0).select(0, 0);
      Tensor y = ps.get(0).select(0, 1);
      Tensor a = x.rsub(1);
      Tensor d = y.sub(x.mul(x));
      return a.pow(2).add(d.pow(2).mul(100));
    }
    Tensor r = tensor(FIXTURE.get("A")).mv(ps.get(0)).add(ps.get(1)).sub(tensor(FIXTURE.get("b")));
    return r.mul(r).mean();
  }

  private static Supplier<Tensor> closure(LBFGS opt, String problem, List<Tensor> ps) {
    return () -> {
      opt.zeroGrad();
      Tensor l = loss(problem, ps);
      l.backward();
      return l;
    };
  }

  @SuppressWarnings("unchecked")
  private static LBFGS optimizer(JsonNode run, List<Tensor> ps) {
    return new LBFGS(ps, LBFGS.Options.fromMap(new ObjectMapper().convertValue(run.get("options"), Map.class)));
  }

  @TestFactory
  Stream<DynamicTest> followsTorchsFloat64Trajectories() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode run : FIXTURE.get("runs")) {
      tests.add(DynamicTest.dynamicTest(run.get("name").asText(), () -> check(run)));
    }
    return tests.stream();
  }

  private static void check(JsonNode run) {
    String name = run.get("name").asText();
    String problem = run.get("problem").asText();
    List<Tensor> ps = parameters(problem);
    LBFGS opt = optimizer(run, ps);
    int step = 0;
    for (JsonNode want : run.get("steps")) {
      step++;
      Tensor l = opt.step(closure(opt, problem, ps));
      assertEquals(DType.FLOAT64, l.dtype());
      close(name + " step " + step + " loss", want.get("loss").asDouble(), l.doubleValue());
      int k = 0;
      for (Tensor p : ps) {
        assertEquals(DType.FLOAT64, p.dtype());
        for (double v : p.toDoubleArray()) {
          close(name + " step " + step + " parameter " + k, want.get("params").get(k++).asDouble(), v);
        }
      }
    }
    Map<String, Tensor> state = opt.stateDict().state().get(0);
    for (String key : List.of("d", "H_diag", "prev_flat_grad", "old_dirs", "old_stps", "ro")) {
      assertEquals(DType.FLOAT64, state.get(key).dtype(), name + ": " + key);
    }
  }

  private static void close(String what, double expected, double actual) {
    assertTrue(Math.abs(actual - expected) <= REL * Math.max(Math.abs(expected), 1e-6),
        () -> what + ": expected " + expected + ", got " + actual);
  }

  @Test
  void float64StateRoundTripsAndContinuesTheSameTrajectory() {
    JsonNode run = FIXTURE.get("runs").get(1);
    List<Tensor> a = parameters("rosenbrock");
    List<Tensor> b = parameters("rosenbrock");
    LBFGS optA = optimizer(run, a);
    LBFGS optB = optimizer(run, b);
    for (int i = 0; i < 3; i++) {
      optA.step(closure(optA, "rosenbrock", a));
    }
    b.get(0).detach().copy_(a.get(0).detach());
    optB.loadStateDict(optA.stateDict());
    optA.step(closure(optA, "rosenbrock", a));
    optB.step(closure(optB, "rosenbrock", b));
    assertEquals(List.of(a.get(0).toDoubleArray()[0], a.get(0).toDoubleArray()[1]),
        List.of(b.get(0).toDoubleArray()[0], b.get(0).toDoubleArray()[1]));
  }

  @Test
  void refusesParametersOfMixedDtypes() {
    List<Tensor> ps = List.of(Tensor.zeros(DType.FLOAT64, 2).requiresGrad_(true), Tensor.zeros(2).requiresGrad_(true));
    LBFGS opt = new LBFGS(ps, 1.0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.step(() -> {
      opt.zeroGrad();
      Tensor l = ps.get(0).sum().add(ps.get(1).sum().to(DType.FLOAT64));
      l.backward();
      return l;
    }));
    assertTrue(e.getMessage().contains("LBFGS: all parameters must have one dtype"), e.getMessage());
    assertTrue(e.getMessage().contains("float"), e.getMessage());
  }
}
