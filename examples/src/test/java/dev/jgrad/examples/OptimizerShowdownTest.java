package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Six optimizers, same start: every loss falls, momentum beats plain SGD, one plot. */
class OptimizerShowdownTest {
  @Test
  void sixOptimizersOnePlot(@TempDir Path tmp) throws IOException {
    Output out = new Output();
    OptimizerShowdown.Result r = OptimizerShowdown.run(out.stream, tmp, 3);
    assertEquals(List.of("SGD", "SGD+momentum", "Nesterov", "Adam", "AdamW", "RMSprop"),
        r.entries().stream().map(OptimizerShowdown.Entry::name).toList());
    for (OptimizerShowdown.Entry e : r.entries()) {
      assertTrue(e.finalLoss() < 0.8 * e.trainLoss()[0], e.name() + " loss falls");
      assertTrue(e.finalLoss() < 1.0, e.name() + " loss " + e.finalLoss());
      assertTrue(e.testAccuracy() > 0.85, e.name() + " accuracy " + e.testAccuracy());
    }
    assertTrue(r.entry("SGD+momentum").finalLoss() < r.entry("SGD").finalLoss());
    assertTrue(Files.size(r.png()) > 1000);
    assertTrue(Files.readString(r.html()).contains("RMSprop"));
    assertTrue(out.text().contains("test accuracy"), out.text());
  }
}
