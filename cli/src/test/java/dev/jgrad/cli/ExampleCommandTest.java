package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.examples.Examples;
import org.junit.jupiter.api.Test;

/** {@code jgrad example}: lists the examples, runs one by name, rejects unknown names. */
class ExampleCommandTest {
  @Test
  void withoutNameListsEveryExample() {
    String out = CliRun.of("example").ok().out();
    for (String name : Examples.names()) {
      assertTrue(out.contains(name), name);
    }
  }

  @Test
  void runsAnExampleByKebabName() {
    String out = CliRun.of("example", "seed-tutorial").ok().out();
    assertTrue(out.startsWith("tensor([ 1.5410, -0.2934, -2.1788])"), out);
  }

  @Test
  void unknownNameIsUsage() {
    CliRun.of("example", "ResNet50").error(2, "jgrad example: ", "no example 'ResNet50'", "SeedTutorial",
        "OptimizerShowdown");
  }
}
