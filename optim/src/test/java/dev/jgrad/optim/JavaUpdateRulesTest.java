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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The plain-Java update rules, the oracle: their element operations round like PyTorch's CPU kernels (fixture), they
 * reproduce PyTorch's trajectories on small vectors, and they follow a double-precision transcription of
 * torch/optim/*.py over many steps within float rounding.
 */
class JavaUpdateRulesTest {
  private final UpdateRules java = UpdateRules.java();

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
            actual = JavaUpdateRules.add(a, b, s);
            unfused = a + s * b;
          }
          case "addcmul" -> {
            actual = JavaUpdateRules.addcmul(a, b, c, s);
            unfused = a + s * b * c;
          }
          default -> {
            actual = JavaUpdateRules.addcdiv(a, b, c, s);
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
    sgd(p, new float[] {0.5f}, buf, true, 0.1, 0.9, 0.5, 0.1, false, false);
    assertArrayEquals(new float[] {0.6f}, buf, "not dampened on the first step");
    sgd(p, new float[] {0.5f}, buf, false, 0.1, 0.9, 0.5, 0.1, false, false);
    assertEquals(0.9f * 0.6f + 0.5f * (0.5f + 0.1f * 0.94f), buf[0], 1e-7);
  }

  @Test
  void sgdFirstBufferIgnoresWhatTheBufferHeld() {
    float[] p = {1};
    float[] buf = {Float.NaN};
    sgd(p, new float[] {0.5f}, buf, true, 0.1, 0.9, 0.5, 0.1, false, false);
    assertEquals(0.6f, buf[0], 1e-7f);
    assertEquals(1f - 0.1f * 0.6f, p[0], 1e-7f);
  }

  /** p0 = [1, -2, 3], grad = p + 1; p after step 3 (PyTorch 1.13, float64 printout). */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "SGD lr=.1; 0.1;0;0;0;false;false; 0.458,-1.729,1.916",
      "SGD lr=.1 mom=.9; 0.1;0.9;0;0;false;false; -0.028,-1.486,0.944",
      "SGD lr=.1 mom=.9 damp=.5; 0.1;0.9;0.5;0;false;false; 0.2105,-1.60525,1.421",
      "SGD lr=.1 mom=.9 nesterov; 0.1;0.9;0;0;true;false; -0.345358,-1.327321,0.309284",
      "SGD lr=.1 wd=.01; 0.1;0;0;0.01;false;false; 0.455852599,-1.723865498,1.908997997",
      "SGD lr=.1 maximize; 0.1;0;0;0;false;true; 1.662,-2.331,4.324"})
  void sgdMatchesPyTorchOnThreeSteps(String name, double lr, double momentum, double dampening, double wd,
      boolean nesterov, boolean maximize, String want) {
    float[] p = {1, -2, 3};
    float[] buf = new float[3];
    for (int step = 1; step <= 3; step++) {
      float[] g = {p[0] + 1, p[1] + 1, p[2] + 1};
      sgd(p, g, buf, step == 1, lr, momentum, dampening, wd, nesterov, maximize);
    }
    assertClose(want, p, 2e-6, name);
  }

  /** As above for Adam and AdamW (lr 0.1, betas 0.9 / 0.999, eps 1e-8), with and without amsgrad. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "Adam lr=.1; 0; false; 0.7006233928,-1.7015862745,2.7002738447",
      "Adam lr=.1 wd=.1; 0.1; false; 0.7006609506,-1.701398914,2.7002810808",
      "AdamW lr=.1; 0.01; true; 0.6979336602,-1.6959376287,2.6915918915",
      "AdamW lr=.1 wd=.1; 0.1; true; 0.6739870518,-1.6456563125,2.6142548134"})
  void adamMatchesPyTorchOnThreeSteps(String name, double wd, boolean decoupled, String want) {
    for (boolean amsgrad : new boolean[] {false, true}) {   // v never decreases here, so amsgrad changes nothing
      float[] p = {1, -2, 3};
      float[][] s = {new float[3], new float[3], new float[3]};
      for (int step = 1; step <= 3; step++) {
        float[] g = {p[0] + 1, p[1] + 1, p[2] + 1};
        java.adam(p, 0, g, 0, 3, s[0], s[1], s[2],
            new UpdateRules.AdamStep(0.1, 0.9, 0.999, 1e-8, wd, decoupled, amsgrad, false, step));
      }
      assertClose(want, p, 2e-6, name + " amsgrad=" + amsgrad);
    }
  }

  @Test
  void amsgradUsesTheRawMaximumOfTheSecondMoment() {
    // PyTorch 1.13: grads [10, .1, .1, .1], lr .1, p0 = 0 gives -0.26461321342483246 with the max over raw v
    // (plain Adam gives -0.26475, a max over the bias-corrected v would give -0.200471).
    float[] p = {0};
    float[][] s = {new float[1], new float[1], new float[1]};
    float[] grads = {10f, 0.1f, 0.1f, 0.1f};
    for (int step = 1; step <= 4; step++) {
      java.adam(p, 0, new float[] {grads[step - 1]}, 0, 1, s[0], s[1], s[2],
          new UpdateRules.AdamStep(0.1, 0.9, 0.999, 1e-8, 0, false, true, false, step));
    }
    assertEquals(-0.26461321342483246, p[0], 1e-6);
  }

  @Test
  void addWithAlphaIsOneFusedMultiplyAddInTheRules() {
    // torch 1.13's add(x, alpha=s) is one fused multiply-add: on inputs where fma and two roundings differ, the
    // rule must give the fma (the PyTorch trajectory fixtures are bit-exact only with it).
    SplittableRandom r = new SplittableRandom(17);
    int found = 0;
    for (int trial = 0; trial < 10_000 && found < 20; trial++) {
      float p = (float) r.nextDouble(-2, 2);
      float g = (float) r.nextDouble(-2, 2);
      double lr = r.nextDouble(0.01, 0.5);
      float fused = Math.fma(g, (float) -lr, p);
      if (fused == p + (float) -lr * g) {
        continue;
      }
      found++;
      float[] param = {p};
      sgd(param, new float[] {g}, null, true, lr, 0, 0, 0, false, false);
      assertEquals(fused, param[0], "p=" + p + " g=" + g + " lr=" + lr);
    }
    assertEquals(20, found, "inputs where fma differs");
    // Adam's first moment is exp_avg.mul_(beta1).add_(grad, alpha=1-beta1): fma(g, 1-beta1, m*beta1).
    float[] m = {0.3f};
    java.adam(new float[] {1f}, 0, new float[] {0.7f}, 0, 1, m, new float[] {0f}, null,
        new UpdateRules.AdamStep(1e-3, 0.9, 0.999, 1e-8, 0, false, false, false, 2));
    assertEquals(Math.fma(0.7f, (float) (1 - 0.9), 0.3f * 0.9f), m[0]);
  }

  /** Every rule and option combination, five steps, against torch/optim/*.py transcribed in double. */
  @Test
  void rulesFollowADoubleTranscriptionOfPyTorchOverFiveSteps() {
    List<UpdateCase> cases = UpdateCase.all();
    for (int k = 0; k < cases.size(); k++) {
      UpdateCase c = cases.get(k);
      UpdateCase.Run run = c.start(java, new SplittableRandom(k), 37, 0, 0);
      UpdateCase.Reference ref = c.reference(run.param());
      for (int step = 1; step <= 5; step++) {
        float[] g = run.step(step);
        ref.step(g, step);
        for (int i = 0; i < 37; i++) {
          double want = ref.param()[i];
          float got = run.param()[i];
          assertTrue(Math.abs(got - want) <= 1e-5 * (1 + Math.abs(want)),
              c + " step " + step + " p[" + i + "]: got " + got + ", want " + want);
        }
      }
    }
  }

  private void sgd(float[] p, float[] g, float[] buf, boolean first, double lr, double momentum, double dampening,
      double wd, boolean nesterov, boolean maximize) {
    java.sgd(p, 0, g, 0, p.length, buf, new UpdateRules.SgdStep(lr, momentum, dampening, wd, nesterov, maximize,
        first));
  }

  private static void assertClose(String csv, float[] got, double tol, String what) {
    String[] parts = csv.split(",");
    for (int i = 0; i < parts.length; i++) {
      double want = Double.parseDouble(parts[i].trim());
      assertEquals(want, got[i], tol * Math.max(1, Math.abs(got[i])), what + "[" + i + "]");
    }
  }
}
