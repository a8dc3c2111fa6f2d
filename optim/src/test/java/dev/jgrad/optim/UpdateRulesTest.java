package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
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
}
