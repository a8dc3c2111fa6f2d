package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.optim.conformance.OptimizerConformance;
import dev.jgrad.optim.conformance.ReferenceCase;
import dev.jgrad.optim.conformance.Trajectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

/** Test support shared by the optimizer tests: the kit's checks as dynamic tests, and the reference problem's vectors. */
final class OptimizerCases {
  private OptimizerCases() {}

  /**
   * One dynamic test per PyTorch reference case of {@code optimizer} (3 problems × every option combination, 100
   * steps each). Each must be within the case's stated tolerance (rtol 1e-5, atol 1e-6) and, measured on this
   * code, is in fact bit-identical to PyTorch's float32 run: that is asserted too, so a change of operation order
   * shows up.
   */
  static Stream<DynamicTest> referenceTrajectories(String optimizer) {
    List<ReferenceCase> cases = ReferenceCase.forOptimizer(optimizer);
    assertEquals(false, cases.isEmpty(), "no reference cases for " + optimizer);
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      Trajectory.Comparison cmp = OptimizerConformance.assertMatchesReference(c);
      assertEquals(0.0, cmp.maxAbsError(), c.name() + " is within tolerance but not bit-identical: " + cmp);
    }));
  }

  /**
   * One dynamic test per PyTorch reference case of {@code optimizer}: 50 steps, a state dict saved and passed
   * through its file form ({@link OptimizerState#toTensors}, {@link OptimizerState#toMetadata}, {@link
   * OptimizerState#fromTensors}), loaded into a fresh optimizer over fresh parameters holding the same values, and
   * 50 more steps, which must be PyTorch's steps 51 to 100 bit for bit, as the uninterrupted run's are.
   */
  static Stream<DynamicTest> resumedTrajectories(String optimizer) {
    return ReferenceCase.forOptimizer(optimizer).stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      List<Tensor> first = c.problem().newParameters();
      Optimizer before = c.newOptimizer(first);
      for (int s = 0; s < 50; s++) {
        stepOnce(c, before, first);
      }
      OptimizerState saved = before.stateDict();
      OptimizerState read = OptimizerState.fromTensors(saved.toTensors("opt."), saved.toMetadata("opt."), "opt.");
      List<Tensor> second = c.problem().newParameters();
      try (var g = Autograd.noGrad()) {
        for (int i = 0; i < second.size(); i++) {
          second.get(i).copy_(first.get(i));
        }
      }
      Optimizer after = c.newOptimizer(second);
      after.loadStateDict(read);
      for (int s = 51; s <= 100; s++) {
        stepOnce(c, after, second);
        float[] flat = new float[0];
        for (Tensor p : second) {
          float[] v = p.toArray();
          float[] grown = Arrays.copyOf(flat, flat.length + v.length);
          System.arraycopy(v, 0, grown, flat.length, v.length);
          flat = grown;
        }
        assertArrayEquals(c.expected().after(s), flat, c.name() + " step " + s + " after resuming at 50");
      }
    }));
  }

  private static void stepOnce(ReferenceCase c, Optimizer opt, List<Tensor> params) {
    opt.zeroGrad();
    c.problem().setGradients(params, c.negate());
    opt.step();
  }

  /**
   * One dynamic test per case of {@code golden/optim/state-dicts-2.txt} for {@code optimizer}: after 5 steps on
   * LINEAR_REGRESSION the state dict has PyTorch's state entries (names in PyTorch's order, shapes, float32
   * values bit for bit) and PyTorch's {@code param_groups} keys in order with equal values, save the implementation
   * flags ({@code foreach}, {@code differentiable}) that choose PyTorch's code path and mean nothing here.
   */
  static Stream<DynamicTest> pytorchStateDicts(String optimizer) {
    List<StateDictCase> cases = StateDictCase.read().stream().filter(c -> c.optimizer.equals(optimizer)).toList();
    assertEquals(false, cases.isEmpty(), "no state-dict cases for " + optimizer);
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name, () -> {
      ReferenceCase kit = ReferenceCase.named(c.name + "/linear_regression");
      List<Tensor> params = kit.problem().newParameters();
      Optimizer opt = kit.newOptimizer(params);
      for (int s = 0; s < 5; s++) {
        stepOnce(kit, opt, params);
      }
      OptimizerState state = opt.stateDict();
      LinkedHashMap<String, Object> expectedGroup = new LinkedHashMap<>(c.group);
      expectedGroup.keySet().removeAll(List.of("foreach", "differentiable"));
      assertEquals(expectedGroup, state.paramGroups().get(0).hyperparameters(), c.name + " param_groups");
      assertEquals(c.state.keySet(), state.state().keySet(), c.name + " state indices");
      c.state.forEach((index, entries) -> {
        Map<String, Tensor> actual = state.state().get(index);
        assertEquals(List.copyOf(entries.keySet()), List.copyOf(actual.keySet()), c.name + " state " + index);
        entries.forEach((key, expected) -> {
          assertArrayEquals(expected.shape(), actual.get(key).shape(), c.name + " " + index + "." + key);
          assertArrayEquals(expected.toArray(), actual.get(key).toArray(), c.name + " " + index + "." + key);
        });
      });
    }));
  }

  /** A case of golden/optim/state-dicts-2.txt (tools/gen_optim2_golden.py). */
  private record StateDictCase(String name, String optimizer, Map<String, Object> group,
      Map<Integer, Map<String, Tensor>> state) {

    static List<StateDictCase> read() {
      List<StateDictCase> out = new ArrayList<>();
      try (InputStream in = OptimizerCases.class.getResourceAsStream("/golden/optim/state-dicts-2.txt");
          BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String name = null;
        String optimizer = null;
        Map<String, Object> group = new LinkedHashMap<>();
        Map<Integer, Map<String, Tensor>> state = new LinkedHashMap<>();
        String line;
        while ((line = r.readLine()) != null) {
          String[] t = line.split(" ");
          switch (t[0]) {
            case "case" -> name = t[1];
            case "optimizer" -> optimizer = t[1];
            case "group" -> {
              for (int i = 1; i < t.length; i++) {
                String[] kv = t[i].split("=", 2);
                group.put(kv[0], groupValue(kv[1]));
              }
            }
            case "state" -> {
              int close = line.indexOf(']');
              String dims = line.substring(line.indexOf('[') + 1, close).trim();
              int[] shape = dims.isEmpty() ? new int[0]
                  : Arrays.stream(dims.split(", ")).mapToInt(Integer::parseInt).toArray();
              String[] vals = line.substring(close + 1).trim().split(" ");
              float[] v = new float[vals.length];
              for (int i = 0; i < v.length; i++) {
                v[i] = Float.parseFloat(vals[i]);
              }
              state.computeIfAbsent(Integer.parseInt(t[1]), k -> new LinkedHashMap<>()).put(t[2], Tensor.of(v, shape));
            }
            case "end" -> {
              out.add(new StateDictCase(name, optimizer, group, state));
              group = new LinkedHashMap<>();
              state = new LinkedHashMap<>();
            }
            default -> { }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out;
    }

    private static Object groupValue(String v) {
      if (v.equals("true") || v.equals("false")) {
        return Boolean.valueOf(v);
      }
      if (v.equals("None")) {
        return "None";
      }
      if (v.contains(",")) {
        return Arrays.stream(v.split(",")).map(Double::valueOf).toList();
      }
      return Double.valueOf(v);
    }
  }

  /** The kit's contract checks as dynamic tests. */
  static Stream<DynamicTest> contract(OptimizerConformance.Factory factory) {
    return OptimizerConformance.contractChecks(factory).stream()
        .map(c -> DynamicTest.dynamicTest(c.name(), c::run));
  }

  /**
   * The reference problem: p0 = [1, -2, 3], loss 0.5·Σp² + Σp (grad p + 1); returns p after steps 1..n. The
   * table is float64; these runs are float32, so the tests compare to 2e-6.
   */
  static float[][] vector(Function<List<Tensor>, Optimizer> factory, int steps) {
    Tensor p = Tensor.of(1f, -2f, 3f).requiresGrad_(true);
    Optimizer opt = factory.apply(List.of(p));
    float[][] out = new float[steps][];
    for (int s = 0; s < steps; s++) {
      opt.zeroGrad();
      float[] v = p.toArray();
      float[] g = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        g[i] = v[i] + 1f;
      }
      p.setGrad(Tensor.of(g));
      opt.step();
      out[s] = p.toArray();
    }
    return out;
  }

  static void assertVector(double[][] expected, Function<List<Tensor>, Optimizer> factory) {
    float[][] actual = vector(factory, expected.length);
    for (int s = 0; s < expected.length; s++) {
      for (int i = 0; i < expected[s].length; i++) {
        assertEquals(expected[s][i], actual[s][i], 2e-6, "step " + (s + 1) + " element " + i);
      }
    }
  }

  /** Asserts an IllegalArgumentException with exactly {@code message}. */
  static void assertMessage(String message, Executable action) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
    assertEquals(message, e.getMessage());
  }

  static List<Tensor> params() {
    return List.of(Tensor.ones(2).requiresGrad_(true));
  }
}
