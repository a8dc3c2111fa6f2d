package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Checks one case of the fixture written by tools/gen_norm_golden.py (the record layout is described there):
 * forward, input and parameter gradients, running buffers after more training steps and the eval output, the repr,
 * the state-dict names, and a state-dict round trip into a fresh module. Test support, not a test.
 */
final class LayerCase {
  static final Golden NORM = Golden.of("norm.txt");

  private final String name;
  private final Supplier<? extends Module> factory;
  private double rtol = 1e-5;
  private double atol = 1e-5;

  private LayerCase(String name, Supplier<? extends Module> factory) {
    this.name = name;
    this.factory = factory;
  }

  static LayerCase of(String name, Supplier<? extends Module> factory) {
    return new LayerCase(name, factory);
  }

  LayerCase tol(double rtol, double atol) {
    this.rtol = rtol;
    this.atol = atol;
    return this;
  }

  /** Checks a one-input layer; returns the module after its training steps (in training mode). */
  Module check() {
    return check((m, xs) -> m.forward(xs.get(0)));
  }

  /** Checks a layer called as {@code call(module, inputs)}. */
  <M extends Module> M check(java.util.function.BiFunction<M, List<Tensor>, Tensor> call) {
    @SuppressWarnings("unchecked")
    M m = (M) factory.get();
    Map<String, Parameter> params = m.namedParameters();
    try (Autograd.Scope s = Autograd.noGrad()) {
      params.forEach((p, t) -> t.copy_(NORM.tensor(name + "." + p)));
    }
    List<Tensor> xs = new ArrayList<>();
    for (int i = 1; NORM.has(key("x", i)); i++) {
      Tensor x = NORM.tensor(key("x", i));
      xs.add(NORM.has(key("grad_x", i)) ? x.requiresGrad_(true) : x);
    }
    Tensor y = call.apply(m, xs);
    assertClose(name + ".y", NORM.tensor(name + ".y"), y, rtol, atol);
    y.backward(NORM.tensor(name + ".g"));
    for (int i = 1; i <= xs.size(); i++) {
      if (NORM.has(key("grad_x", i))) {
        assertClose(key("grad_x", i), NORM.tensor(key("grad_x", i)), xs.get(i - 1).grad(), rtol, atol);
      }
    }
    params.forEach((p, t) -> assertClose(name + ".grad_" + p, NORM.tensor(name + ".grad_" + p), t.grad(), rtol,
        atol));
    if (NORM.has(name + ".step1")) {
      try (Autograd.Scope s = Autograd.noGrad()) {
        for (int i = 1; NORM.has(name + ".step" + i); i++) {
          m.forward(NORM.tensor(name + ".step" + i));
        }
      }
      Map<String, Tensor> saved = new java.util.LinkedHashMap<>();
      m.stateDict().forEach((k, t) -> saved.put(k, t.clone()));
      Map<String, Tensor> buffers = m.buffers();
      for (String b : List.of("running_mean", "running_var", "num_batches_tracked")) {
        assertEquals(NORM.has(name + "." + b), buffers.containsKey(b), name + ": buffer " + b);
        if (buffers.containsKey(b)) {
          assertClose(name + "." + b, NORM.tensor(name + "." + b), buffers.get(b), 1e-6, 1e-7);
          assertEquals(NORM.tensor(name + "." + b).dtype(), buffers.get(b).dtype(), name + "." + b + " dtype");
        }
      }
      m.eval();
      Tensor evalY = Autograd.noGrad(() -> call.apply(m, xs));
      assertClose(name + ".eval_y", NORM.tensor(name + ".eval_y"), evalY, rtol, atol);
      @SuppressWarnings("unchecked")
      M copy = (M) factory.get();
      copy.loadStateDict(saved);
      copy.eval();
      assertClose(name + ": state-dict round trip", evalY, Autograd.noGrad(() -> call.apply(copy, xs)), 0, 0);
      m.train();
    }
    assertEquals(NORM.string("repr." + name), m.toString(), name + ": repr");
    assertEquals(Golden.json(NORM.string("names." + name)), new ArrayList<>(m.stateDict().keySet()),
        name + ": state-dict names");
    return m;
  }

  private String key(String what, int i) {
    return name + "." + what + (i == 1 ? "" : String.valueOf(i));
  }
}
