package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Differential test: the SIMD rules against the plain-Java oracle, bit for bit, for every rule and option
 * combination ({@link UpdateCase#all()}), over three steps (SGD's first step fills the momentum buffer, later ones
 * read it; Adam's and Adagrad's step counts move), at the awkward sizes 0, 1, 3, 7, 8, 15, 16, 17, 31, 33, 64, 127,
 * 1000 (vector widths ± 1, tails only, body only) and with the parameter and gradient at different offsets. Both
 * implementations do the same IEEE float operations in the same order (one rounding per fma, div, sqrt), so there is
 * no tolerance. Skipped when the JVM runs without {@code --add-modules jdk.incubator.vector}.
 */
class VectorUpdateRulesTest {
  private static final int[] SIZES = {0, 1, 3, 7, 8, 15, 16, 17, 31, 33, 64, 127, 1000};

  private UpdateRules vector;

  @BeforeEach
  void loadVector() {
    Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
        "jdk.incubator.vector is not in the boot layer (run with --add-modules jdk.incubator.vector)");
    vector = new VectorUpdateRules();
  }

  @Test
  void everyRuleAndOptionCombinationIsBitIdenticalToJavaAtEverySize() {
    List<UpdateCase> cases = UpdateCase.all();
    for (int k = 0; k < cases.size(); k++) {
      UpdateCase c = cases.get(k);
      for (int n : SIZES) {
        long seed = 1000L * k + n;
        UpdateCase.Run java = c.start(UpdateRules.java(), new SplittableRandom(seed), n, 3, 2);
        UpdateCase.Run simd = c.start(vector, new SplittableRandom(seed), n, 3, 2);
        for (int step = 1; step <= 3; step++) {
          java.step(step);
          simd.step(step);
          assertArrayEquals(java.snapshot(), simd.snapshot(), c + " n=" + n + " step " + step);
        }
      }
    }
  }

  @Test
  void specialValuesPropagateAsInTheOracle() {
    // NaN and infinite gradients, zeros of both signs: the SIMD lanes must produce what the scalar code does.
    float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, 1e30f};
    List<UpdateCase> cases = UpdateCase.all();
    for (int k = 0; k < cases.size(); k++) {
      UpdateCase c = cases.get(k);
      int n = 33;
      float[] g = new float[n];
      for (int i = 0; i < n; i++) {
        g[i] = special[i % special.length];
      }
      float[][] results = new float[2][];
      int which = 0;
      for (UpdateRules rules : new UpdateRules[] {UpdateRules.java(), vector}) {
        UpdateCase.Run run = c.start(rules, new SplittableRandom(k), n, 0, 0);
        c.apply(rules, run.param(), 0, g, 0, n, run.state(), 1);
        c.apply(rules, run.param(), 0, g, 0, n, run.state(), 2);
        results[which++] = run.snapshot();
      }
      assertArrayEquals(results[0], results[1], c.toString());
    }
  }

  @Test
  void nameAndDescription() {
    assertEquals("vector", vector.name());
  }
}
