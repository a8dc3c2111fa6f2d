package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the fixtures written by tools/gen_nn_golden.py (format described there) and compares tensors with them.
 * Test support, not a test.
 */
final class Golden {
  private static final Map<String, Golden> CACHE = new HashMap<>();

  private final String file;
  private final Map<String, String> lines = new java.util.LinkedHashMap<>();

  private Golden(String file) {
    this.file = file;
    try (InputStream in = Golden.class.getResourceAsStream("/golden/nn/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture golden/nn/" + file + "; run tools/gen_nn_golden.py");
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isEmpty() && !line.startsWith("#")) {
          int sp = line.indexOf(' ');
          lines.put(line.substring(0, sp), line.substring(sp + 1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static synchronized Golden of(String file) {
    return CACHE.computeIfAbsent(file, Golden::new);
  }

  boolean has(String key) {
    return lines.containsKey(key);
  }

  /** The keys starting with {@code prefix}, that prefix removed, in file order. */
  java.util.List<String> keys(String prefix) {
    return lines.keySet().stream().filter(k -> k.startsWith(prefix)).map(k -> k.substring(prefix.length()))
        .toList();
  }

  private String raw(String key) {
    String v = lines.get(key);
    if (v == null) {
      throw new IllegalArgumentException("no record '" + key + "' in " + file);
    }
    return v;
  }

  /** A fresh tensor (own storage, no grad) from a tensor record. */
  Tensor tensor(String key) {
    String[] parts = raw(key).split(" ");
    String shapeText = parts[1].substring(1, parts[1].length() - 1);
    int[] shape = shapeText.isEmpty() ? new int[0]
        : Arrays.stream(shapeText.split(",")).mapToInt(Integer::parseInt).toArray();
    float[] v = new float[parts.length - 2];
    for (int i = 0; i < v.length; i++) {
      v[i] = parse(parts[i + 2]);
    }
    Tensor t = Tensor.of(v, shape);
    return switch (parts[0]) {
      case "float32" -> t;
      case "int64" -> t.to(DType.INT64);
      case "bool" -> t.to(DType.BOOL);
      default -> throw new IllegalArgumentException("bad dtype in " + key);
    };
  }

  String string(String key) {
    String v = raw(key);
    if (!v.startsWith("str ")) {
      throw new IllegalArgumentException(key + " is not a string record");
    }
    try {
      return (String) dev.jgrad.autograd.io.Json.parseValue(v.substring(4));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(key, e);
    }
  }

  /** A JSON text as plain Java values (lists, maps, strings, numbers). */
  static Object json(String text) {
    try {
      return dev.jgrad.autograd.io.Json.parseValue(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  double number(String key) {
    return Double.parseDouble(raw(key).substring(4));
  }

  private static float parse(String s) {
    return switch (s) {
      case "nan" -> Float.NaN;
      case "inf" -> Float.POSITIVE_INFINITY;
      case "-inf" -> Float.NEGATIVE_INFINITY;
      default -> Float.parseFloat(s);
    };
  }

  // ---------------------------------------------------------------- comparisons

  /** Same shape and |a − e| ≤ atol + rtol·|e| everywhere (NaN matches NaN, infinities must be equal). */
  static void assertClose(String what, Tensor expected, Tensor actual, double rtol, double atol) {
    if (actual == null) {
      fail(what + ": expected a tensor, got null");
    }
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    float[] e = expected.toArray();
    float[] a = actual.toArray();
    for (int i = 0; i < e.length; i++) {
      boolean ok = Float.isNaN(e[i]) ? Float.isNaN(a[i])
          : Float.isInfinite(e[i]) ? e[i] == a[i] : Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]);
      if (!ok) {
        fail(what + ": element " + i + " expected " + e[i] + " but was " + a[i] + "\n expected " + expected
            + "\n actual   " + actual);
      }
    }
  }

  static void assertClose(String what, Tensor expected, Tensor actual) {
    assertClose(what, expected, actual, 1e-5, 1e-6);
  }

  /** Bit-for-bit equal values and equal shapes (for seeded initialisation). */
  static void assertExact(String what, Tensor expected, Tensor actual) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    float[] e = expected.toArray();
    float[] a = actual.toArray();
    for (int i = 0; i < e.length; i++) {
      if (Float.floatToIntBits(e[i]) != Float.floatToIntBits(a[i])) {
        fail(what + ": element " + i + " expected " + e[i] + " but was " + a[i]);
      }
    }
  }

  /**
   * Runs a layer on the fixture's input with the fixture's parameter values, backpropagates the fixture's upstream
   * gradient, and compares output, input gradient and parameter gradients.
   */
  void checkLayer(String name, Module m, double rtol, double atol, String... params) {
    try (Autograd.Scope s = Autograd.noGrad()) {
      for (String p : params) {
        m.namedParameters().get(p).copy_(tensor(name + "." + p));
      }
    }
    Tensor x = tensor(name + ".x");
    boolean gradX = has(name + ".grad_x");
    if (gradX) {
      x.requiresGrad_(true);
    }
    Tensor y = m.forward(x);
    assertClose(name + ".y", tensor(name + ".y"), y, rtol, atol);
    if (has(name + ".grad_fn")) {
      assertEquals(string(name + ".grad_fn"), y.gradFn().name(), name + ": grad_fn");
    }
    y.backward(tensor(name + ".g"));
    if (gradX) {
      assertClose(name + ".grad_x", tensor(name + ".grad_x"), x.grad(), rtol, atol);
    }
    for (String p : params) {
      assertClose(name + ".grad_" + p, tensor(name + ".grad_" + p), m.namedParameters().get(p).grad(), rtol, atol);
    }
    assertEquals(params.length, m.parameters().size(), name + ": parameter count");
  }

  void checkLayer(String name, Module m, String... params) {
    checkLayer(name, m, 1e-5, 1e-6, params);
  }

  /** {@link #checkLayer} for a function of one tensor, run as a layer without parameters. */
  void checkFunction(String name, java.util.function.UnaryOperator<Tensor> f) {
    checkLayer(name, new Module() {
      @Override
      public Tensor forward(Tensor input) {
        return f.apply(input);
      }
    }, 1e-5, 1e-5);
  }

  /**
   * Runs a loss on the fixture's input (requiring grad) and target, compares the value, backpropagates the fixture's
   * upstream gradient and compares the input gradient.
   */
  void checkLoss(String name, java.util.function.BinaryOperator<Tensor> loss) {
    Tensor x = tensor(name + ".x").requiresGrad_(true);
    Tensor out = loss.apply(x, tensor(name + ".target"));
    assertClose(name + ".out", tensor(name + ".out"), out, 1e-5, 1e-6);
    out.backward(tensor(name + ".g"));
    assertClose(name + ".grad_x", tensor(name + ".grad_x"), x.grad(), 1e-5, 1e-6);
  }

  /** The fixture tensor {@code name.key}, or null when the case has none. */
  Tensor optional(String name, String key) {
    return has(name + "." + key) ? tensor(name + "." + key) : null;
  }

  /**
   * Runs a case of tools/gen_losses_golden.py: loads its inputs in the order of {@code <case>.inputs} (requiring grad
   * where the case records a gradient), compares the loss and its grad_fn name, backpropagates {@code <case>.g} and
   * compares every recorded gradient.
   */
  void checkCase(String name, java.util.function.Function<Tensor[], Tensor> loss, double rtol, double atol) {
    String[] keys = string(name + ".inputs").split(" ");
    Tensor[] in = new Tensor[keys.length];
    for (int i = 0; i < keys.length; i++) {
      in[i] = tensor(name + "." + keys[i]);
      if (has(name + ".grad_" + keys[i])) {
        in[i].requiresGrad_(true);
      }
    }
    Tensor out = loss.apply(in);
    assertClose(name + ".out", tensor(name + ".out"), out, rtol, atol);
    assertEquals(string(name + ".grad_fn"), out.gradFn().name(), name + ": grad_fn");
    out.backward(tensor(name + ".g"));
    for (int i = 0; i < keys.length; i++) {
      if (has(name + ".grad_" + keys[i])) {
        assertClose(name + ".grad_" + keys[i], tensor(name + ".grad_" + keys[i]), in[i].grad(), rtol, atol);
      }
    }
  }

  void checkCase(String name, java.util.function.Function<Tensor[], Tensor> loss) {
    checkCase(name, loss, 1e-5, 1e-6);
  }

  /** Asserts that {@code text} contains every fragment. */
  static void assertContains(String text, String... fragments) {
    for (String f : fragments) {
      assertTrue(text.contains(f), () -> "expected the message to contain '" + f + "' but it was:\n" + text);
    }
  }
}
