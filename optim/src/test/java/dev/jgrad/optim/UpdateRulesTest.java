package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Fused;
import dev.jgrad.autograd.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UpdateRulesTest {

  /**
   * golden/optim/rounding.txt holds PyTorch's float32 results of add(alpha), addcmul and addcdiv; the element
   * rules must reproduce every one exactly. The fixture discriminates: the unfused forms miss some of them.
   */
  @Test
  void elementRulesRoundLikePyTorchsKernels() throws IOException {
    Map<String, Integer> rows = new HashMap<>();
    Map<String, Integer> unfusedMisses = new HashMap<>();
    try (InputStream in = getClass().getResourceAsStream("/golden/optim/rounding.txt");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] t = line.split(" ");
        float a = Float.parseFloat(t[1]);
        float b = Float.parseFloat(t[2]);
        float c = Float.parseFloat(t[3]);
        float s = Float.parseFloat(t[4]);
        float expected = Float.parseFloat(t[5]);
        float actual;
        float unfused;
        switch (t[0]) {
          case "add" -> {
            actual = UpdateRules.add(a, b, s);
            unfused = a + s * b;
          }
          case "addcmul" -> {
            actual = UpdateRules.addcmul(a, b, c, s);
            unfused = a + s * b * c;
          }
          default -> {
            actual = UpdateRules.addcdiv(a, b, c, s);
            unfused = a + s * (b / c);
          }
        }
        assertEquals(expected, actual, 0f, line);
        rows.merge(t[0], 1, Integer::sum);
        if (unfused != expected) {
          unfusedMisses.merge(t[0], 1, Integer::sum);
        }
      }
    }
    assertEquals(Map.of("add", 203, "addcmul", 203, "addcdiv", 203), rows);
    assertTrue(unfusedMisses.getOrDefault("add", 0) > 0 && unfusedMisses.getOrDefault("addcmul", 0) > 0
        && unfusedMisses.getOrDefault("addcdiv", 0) > 0, "the fixture must tell the forms apart: " + unfusedMisses);
  }

  @Test
  void sgdFirstStepCopiesTheDecayedGradientIntoTheBuffer() {
    float[] p = {1f};
    float[] buf = new float[1];
    UpdateRules.sgd(p, new float[] {0.5f}, buf, true, 0.1, 0.9, 0.5, 0.1, false, false);
    assertArrayEquals(new float[] {0.6f}, buf, "not dampened on the first step");
    UpdateRules.sgd(p, new float[] {0.5f}, buf, false, 0.1, 0.9, 0.5, 0.1, false, false);
    assertEquals(0.9f * 0.6f + 0.5f * (0.5f + 0.1f * 0.94f), buf[0], 1e-7);
  }

  /**
   * SGD and Adam/AdamW run through autograd's fused SIMD kernels (Fused.sgd / Fused.adam); they must give exactly
   * the bits of the transcriptions here, for every option combination, over steps, with vector bodies and tails
   * (n = 37) and with the parameter at an offset in its storage.
   */
  @Test
  void fusedKernelsEqualTheTranscriptionsBitForBit() {
    SplittableRandom r = new SplittableRandom(7);
    int n = 37;
    for (int config = 0; config < 64; config++) {
      boolean f1 = (config & 1) != 0;
      boolean f2 = (config & 2) != 0;
      boolean f3 = (config & 4) != 0;
      double wd = (config & 8) != 0 ? 0.05 : 0;
      double mom = (config & 16) != 0 ? 0.9 : 0;
      boolean adam = (config & 32) != 0;
      float[] p = new float[n];
      for (int i = 0; i < n; i++) {
        p[i] = (float) r.nextGaussian();
      }
      float[] want = p.clone();
      Tensor storage = Tensor.of(concat(new float[] {42f, 43f}, p), n + 2);
      Tensor param = storage.narrow(0, 2, n);              // contiguous, at offset 2
      float[][] s1 = {new float[n], new float[n], new float[n]};
      float[][] s2 = {new float[n], new float[n], new float[n]};
      for (int step = 1; step <= 4; step++) {
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
          g[i] = (float) r.nextGaussian();
        }
        if (adam) {
          double lr = 1e-2;
          double beta1 = mom != 0 ? 0.9 : 0.8;
          UpdateRules.adam(want, g, s1[0], s1[1], s1[2], step, lr, beta1, 0.999, 1e-8, wd, f3, f2, f1);
          Fused.adam(param, Tensor.of(g, n), s2[0], s2[1], s2[2], step, lr, beta1, 0.999, 1e-8, wd, f3, f2, f1);
        } else {
          boolean nesterov = f1 && mom != 0;
          double dampening = nesterov ? 0 : f3 ? 0.3 : 0;
          UpdateRules.sgd(want, g, s1[0], step == 1, 0.1, mom, dampening, wd, nesterov, f2);
          Fused.sgd(param, Tensor.of(g, n), mom != 0 ? s2[0] : null, 0.1, mom, dampening, wd, nesterov, f2,
              step == 1);
        }
      }
      assertArrayEquals(want, param.toArray(), "config " + config);
      for (int b = 0; b < 3; b++) {
        assertArrayEquals(s1[b], s2[b], "config " + config + " buffer " + b);
      }
      assertEquals(42f, storage.get(0));
    }
  }

  private static float[] concat(float[] a, float[] b) {
    float[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
