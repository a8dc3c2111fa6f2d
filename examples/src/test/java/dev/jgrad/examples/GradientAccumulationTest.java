package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.train.AccumulationDemo;
import dev.jgrad.train.AccumulationDemo.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job: pitfall diverges, fix converges, accumulation matches, plots saved, same numbers as the train demo. */
class GradientAccumulationTest {
  @Test
  void pitfallVersusFix(@TempDir Path tmp) throws IOException {
    AccumulationDemo.Config config = AccumulationDemo.Config.defaults().withEpochs(10);
    Output out = new Output();
    GradientAccumulation.Outcome o = GradientAccumulation.run(out.stream, config, tmp, false);
    AccumulationDemo.Result r = o.result();

    double correct = r.finalLoss(Run.CORRECT);
    assertTrue(correct < 15, "the fix converges: " + correct);
    assertTrue(r.curve(Run.CORRECT)[0] > 10 * correct, "the loss falls");
    assertTrue(r.finalLoss(Run.PITFALL) > 10 * correct, "the pitfall is far worse: " + r.finalLoss(Run.PITFALL));
    assertTrue(o.accumulationGap() < 1e-3 * correct, "accumulation matches: " + o.accumulationGap());
    assertNotNull(o.staleWarning(), "the stale-gradient check fires in the pitfall run");
    assertEquals(2, o.staleWarning().step());
    assertEquals("weight", o.staleWarning().paramName());

    assertTrue(Files.size(tmp.resolve(GradientAccumulation.PNG)) > 1000);
    assertTrue(Files.readString(tmp.resolve(GradientAccumulation.HTML)).contains("<svg"));
    String text = out.text();
    for (String s : new String[] {"Data:   auto_mpg", "Model:  Linear(9 -> 1)", "[1/3] correct", "[2/3] pitfall",
        "stale-gradient check, at step 2", "[3/3] accumulated", "pitfall (no zeroGrad)", "Pitfall:", "Accumulation:",
        "Plot: " + tmp.resolve(GradientAccumulation.PNG).toAbsolutePath(), "Page: "}) {
      assertTrue(text.contains(s), () -> s + " not in:\n" + text);
    }
  }

  @Test
  void sameCurvesAsTheTrainModuleDemo(@TempDir Path tmp) {
    AccumulationDemo.Config config = AccumulationDemo.Config.defaults().withEpochs(3);
    AccumulationDemo.Result ours = GradientAccumulation.run(new Output().stream, config, tmp, false).result();
    AccumulationDemo.Result theirs = AccumulationDemo.run(config);
    for (Run run : Run.values()) {
      assertArrayEquals(theirs.curve(run), ours.curve(run), 0.0, run.label());
    }
  }
}
