package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jgrad demo}: the main job, in a short configuration. */
class DemoCommandTest {
  @Test
  void runsTheAccumulationDemo(@TempDir Path tmp) throws IOException {
    CliRun run = CliRun.of("demo", "--epochs", "4", "--out", tmp.toString()).ok();
    String o = run.out();
    assertTrue(o.contains("[1/3] correct"), o);
    assertTrue(o.contains("[2/3] pitfall"), o);
    assertTrue(o.contains("[3/3] accumulated"), o);
    assertTrue(o.contains("pitfall (no zeroGrad)"), o);
    assertTrue(o.contains("Plot: " + tmp.resolve("accumulation-demo.png").toAbsolutePath()), o);
    assertTrue(Files.size(tmp.resolve("accumulation-demo.png")) > 1000);
    assertTrue(Files.size(tmp.resolve("accumulation-demo.html")) > 1000);
  }

  @Test
  void accumulateMustDivideTheBatch() {
    CliRun.of("demo", "--accumulate", "3").error(2, "jgrad demo: ", "--accumulate: must divide the batch size 32");
  }

  @Test
  void epochsMustBePositive() {
    CliRun.of("demo", "--epochs", "0").error(2, "jgrad demo: ", "--epochs: must be at least 1, got 0");
  }
}
