package dev.jgrad.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.train.AccumulationDemo.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pitfall demonstration: same model, same seed, three ways of handling gradients. */
class AccumulationDemoTest {
  private static AccumulationDemo.Result result;

  @BeforeAll
  static void runOnce() {
    result = AccumulationDemo.run(AccumulationDemo.Config.defaults());
  }

  @Test
  void theCorrectRunConverges() {
    double[] c = result.curve(Run.CORRECT);
    assertEquals(25, c.length);
    assertTrue(c[c.length - 1] < 0.1 * c[0], "loss falls by 10x: " + c[0] + " -> " + c[c.length - 1]);
    assertTrue(c[c.length - 1] < 15, "auto_mpg linear regression reaches an MSE near 12, got " + c[c.length - 1]);
  }

  @Test
  void thePitfallOscillatesAndEndsFarWorse() {
    double[] p = result.curve(Run.PITFALL);
    double correct = result.finalLoss(Run.CORRECT);
    assertTrue(result.finalLoss(Run.PITFALL) > 20 * correct,
        "pitfall " + result.finalLoss(Run.PITFALL) + " vs correct " + correct);
    int ups = 0;
    int downs = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[i - 1]) {
        ups++;
      } else {
        downs++;
      }
    }
    assertTrue(ups >= 3 && downs >= 3, "the loss goes up and down: " + ups + " rises, " + downs + " falls");
    double max = 0;
    for (double v : p) {
      max = Math.max(max, v);
    }
    assertTrue(max > 5 * p[0], "and it grows instead of converging (max " + max + ", first " + p[0] + ")");
  }

  @Test
  void accumulationDoneRightMatchesTheCorrectRun() {
    double[] c = result.curve(Run.CORRECT);
    double[] a = result.curve(Run.ACCUMULATED);
    for (int i = 0; i < c.length; i++) {
      assertEquals(c[i], a[i], 1e-4 * c[i], "epoch " + (i + 1));
    }
  }

  @Test
  void tableAndPictures(@TempDir Path dir) throws Exception {
    String table = result.table();
    String[] lines = table.split("\n");
    assertEquals(26, lines.length);
    assertTrue(lines[0].matches("epoch +correct +pitfall \\(no zeroGrad\\) +accumulated"), lines[0]);
    assertTrue(lines[1].startsWith("    1  "), lines[1]);
    result.savePlot(dir.resolve("demo.png"));
    result.saveHtml(dir.resolve("demo.html"));
    assertTrue(Files.size(dir.resolve("demo.png")) > 1000);
    String html = Files.readString(dir.resolve("demo.html"));
    assertTrue(html.contains("<svg") && html.contains("<th>pitfall (no zeroGrad)</th>"));
    assertEquals(java.util.List.of("epoch", "correct", "pitfall (no zeroGrad)", "accumulated"),
        result.toTable().columnNames());
  }

  @Test
  void configIsChecked() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new AccumulationDemo.Config("auto_mpg", 5, 30, 4, 0.05, 0));
    assertTrue(e.getMessage().contains("batchSize 30 must be divisible by accumulationSteps 4"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new AccumulationDemo.Config("auto_mpg", 0, 32, 4, 0.05, 0));
    assertEquals(7, AccumulationDemo.Config.defaults().withEpochs(7).epochs());
  }
}
