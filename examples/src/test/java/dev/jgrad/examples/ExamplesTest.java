package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example registry: every example, found by any spelling. */
class ExamplesTest {
  @Test
  void registryHoldsEveryExampleOnce() {
    assertEquals(List.of("SeedTutorial", "GradientAccumulation", "LinearRegression", "IrisClassifier",
        "PenguinsClassifier", "DatabaseClassifier", "DigitsClassifier", "OptimizerShowdown", "CharLanguageModel"),
        Examples.names());
    assertEquals(Examples.names().size(), new HashSet<>(Examples.names()).size());
  }

  @Test
  void findsByAnySpelling() {
    assertEquals("IrisClassifier", Examples.find("iris-classifier").orElseThrow().name());
    assertEquals("GradientAccumulation", Examples.find("GRADIENT_ACCUMULATION").orElseThrow().name());
    assertEquals("IrisClassifier", Examples.find("iris").orElseThrow().name());      // a unique prefix
    assertEquals("SeedTutorial", Examples.find("Seed").orElseThrow().name());
    assertTrue(Examples.find("").isEmpty());
    assertTrue(Examples.find("classifier").isEmpty());                                // not a prefix
    assertTrue(Examples.find("xyz").isEmpty());
  }

  @Test
  void runsAnExampleThroughTheRegistry() {
    Output out = new Output();
    Examples.find("SeedTutorial").orElseThrow().run(out.stream, null);
    assertTrue(out.text().startsWith("tensor([ 1.5410, -0.2934, -2.1788])"), out.text());
  }
}
