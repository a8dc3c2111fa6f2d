package dev.jgrad.optim;

import static dev.jgrad.optim.OptimizerCases.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class GradClipTest {

  /** One case of golden/optim/clip.txt (tools/gen_optim_golden.py). */
  record Case(String name, String op, double limit, double normType, List<int[]> shapes, List<float[]> grads,
      float result, List<float[]> clipped) {}

  static List<Case> cases() throws IOException {
    List<Case> out = new ArrayList<>();
    try (InputStream in = GradClipTest.class.getResourceAsStream("/golden/optim/clip.txt");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String name = null;
      String op = null;
      double limit = 0;
      double normType = 0;
      float result = Float.NaN;
      List<int[]> shapes = new ArrayList<>();
      List<float[]> grads = new ArrayList<>();
      List<float[]> clipped = new ArrayList<>();
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] t = line.split(" ");
        switch (t[0]) {
          case "case" -> {
            name = t[1];
            shapes = new ArrayList<>();
            grads = new ArrayList<>();
            clipped = new ArrayList<>();
          }
          case "op" -> {
            op = t[1];
            limit = Double.parseDouble(t[2]);
            normType = t.length > 3 ? Double.parseDouble(t[3]) : 0;
          }
          case "grad" -> {
            String shape = line.substring(line.indexOf('[') + 1, line.indexOf(']'));
            shapes.add(shape.isEmpty() ? new int[0]
                : Stream.of(shape.split(", ")).mapToInt(Integer::parseInt).toArray());
            grads.add(floats(line.substring(line.indexOf(']') + 2).split(" ")));
          }
          case "result" -> result = Float.parseFloat(t[1]);
          case "clipped" -> clipped.add(floats(line.substring(8).split(" ")));
          case "end" -> out.add(new Case(name, op, limit, normType, shapes, grads, result, clipped));
          default -> throw new IllegalStateException(line);
        }
      }
    }
    return out;
  }

  private static float[] floats(String[] parts) {
    float[] out = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Float.parseFloat(parts[i]);
    }
    return out;
  }

  /**
   * Every fixture case: the returned norm within 1 float32 ulp-ish (1e-6 relative; PyTorch accumulates per-tensor
   * norms in its own order), and the clipped gradients within 2e-7 relative of PyTorch's.
   */
  @TestFactory
  Stream<DynamicTest> matchesPyTorch() throws IOException {
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      List<Tensor> params = new ArrayList<>();
      for (int i = 0; i < c.grads().size(); i++) {
        Tensor p = Tensor.zeros(c.shapes().get(i)).requiresGrad_(true);
        p.setGrad(Tensor.of(c.grads().get(i), c.shapes().get(i)));
        params.add(p);
      }
      if (c.op().equals("norm")) {
        double total = GradClip.clipGradNorm_(params, c.limit(), c.normType(), false);
        assertClose(c.result(), (float) total, 1e-6, "total norm");
      } else {
        GradClip.clipGradValue_(params, c.limit());
      }
      for (int i = 0; i < params.size(); i++) {
        float[] got = params.get(i).grad().toArray();
        float[] want = c.clipped().get(i);
        for (int k = 0; k < want.length; k++) {
          assertClose(want[k], got[k], 2e-7, "grad " + i + " element " + k);
        }
      }
    }));
  }

  private static void assertClose(float expected, float actual, double rtol, String what) {
    if (Float.isNaN(expected) || Float.isInfinite(expected)) {
      assertEquals(expected, actual, what);
    } else {
      assertEquals(expected, actual, rtol * Math.abs(expected), what);
    }
  }

  @Test
  void returnsTheNormBeforeClippingAndUsesTheEpsilon() {
    Tensor a = Tensor.zeros(2).requiresGrad_(true);
    Tensor b = Tensor.zeros(2).requiresGrad_(true);
    Tensor none = Tensor.zeros(2).requiresGrad_(true);
    a.setGrad(Tensor.of(3f, 4f));
    b.setGrad(Tensor.of(0f, 12f));
    assertEquals(13.0, GradClip.clipGradNorm_(List.of(a, b, none), 1.0));
    float coef = 1f / (13f + 1e-6f);
    assertArrayEquals(new float[] {3f * coef, 4f * coef}, a.grad().toArray());
    assertEquals(0.0, GradClip.clipGradNorm_(List.of(none), 1.0), "no gradients: norm 0");
    assertEquals(1.0, GradClip.totalNorm(List.of(a, b), 2.0), 1e-6);
  }

  @Test
  void nonFiniteNormFailsOnRequest() {
    Tensor p = Tensor.zeros(2).requiresGrad_(true);
    p.setGrad(Tensor.of(Float.POSITIVE_INFINITY, 1f));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> GradClip.clipGradNorm_(List.of(p), 1.0, 2.0, true));
    assertTrue(e.getMessage().startsWith("clipGradNorm_: The total norm of order 2.0 for gradients from "
        + "`parameters` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by "
        + "the non-finite norm anyway, set `errorIfNonfinite=false`"), e.getMessage());
    assertArrayEquals(new float[] {Float.POSITIVE_INFINITY, 1f}, p.grad().toArray(), "unchanged on error");
    assertTrue(assertThrows(IllegalStateException.class,
        () -> GradClip.clipGradNorm_(List.of(p), 1.0, Double.POSITIVE_INFINITY, true)).getMessage()
        .contains("The total norm of order inf for gradients from `parameters` is non-finite"));
    assertEquals(Double.POSITIVE_INFINITY, GradClip.clipGradNorm_(List.of(p), 1.0, 2.0, false));
    float[] g = p.grad().toArray();
    assertTrue(Float.isNaN(g[0]) && g[1] == 0f, "inf * 0 = NaN, 1 * 0 = 0, as in PyTorch");
  }

  @Test
  void validatesArguments() {
    List<Tensor> params = List.of(Tensor.zeros(1).requiresGrad_(true));
    assertMessage("clipGradNorm_: normType must be > 0 or Double.POSITIVE_INFINITY, got 0.0",
        () -> GradClip.clipGradNorm_(params, 1.0, 0.0, false));
    assertMessage("clipGradNorm_: maxNorm must be >= 0, got -1.0", () -> GradClip.clipGradNorm_(params, -1.0));
    assertMessage("clipGradValue_: clipValue must be >= 0, got -1.0", () -> GradClip.clipGradValue_(params, -1.0));
  }
}
