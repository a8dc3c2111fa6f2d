package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JShell scripts of examples/jshell, fed through JShell's API with what {@code jgrad shell} starts with
 * ({@link ShellStartup}): the seed tutorial prints what PyTorch prints, and the gradient-accumulation demo shows the
 * pitfall and the fix. One JShell serves the whole class (starting one takes seconds).
 */
class ShellScriptsTest {
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final ByteArrayOutputStream OUT = new ByteArrayOutputStream();
  private static JShell shell;

  @BeforeAll
  static void startShell() {
    // The kernels' numbers are held to PyTorch's under both kernels by the examples' SeedTutorialTest; this class
    // checks the JShell route, which does not depend on them, so it runs once (JShell takes seconds to start).
    assumeFalse("java".equals(System.getProperty("jgrad.kernels")), "checked in the default kernels' run");
    shell = JShell.builder().executionEngine("local").build();
    ShellStartup.classPathEntries().forEach(shell::addToClasspath);
    evalAll(ShellStartup.imports());
  }

  @AfterAll
  static void closeShell() {
    if (shell != null) {
      shell.close();
    }
  }

  @BeforeEach
  void clearOutput() {
    OUT.reset();
  }

  @Test
  void seedTutorialPrintsWhatPyTorchPrints() throws IOException {
    List<String> expected = Files.readAllLines(EXAMPLES.resolve("src/test/resources/seed/seed_tutorial_expected.txt"))
        .stream().filter(l -> !l.startsWith("#")).collect(Collectors.toList());
    List<String> actual = run("seed-tutorial.jsh");
    assertEquals(expected.size(), actual.size(), () -> "line count; got:\n" + String.join("\n", actual));
    for (int i = 0; i < expected.size(); i++) {
      String want = expected.get(i);
      String got = actual.get(i);
      if (want.startsWith("error:")) {
        // Java's message adds the shape and a hint, but keeps PyTorch's phrase.
        assertTrue(got.startsWith("error:") && got.contains(want.substring(7)), "line " + (i + 1) + ": " + got);
      } else {
        assertEquals(want, got, "line " + (i + 1));
      }
    }
  }

  @Test
  void gradientAccumulationShowsThePitfallAndTheFix() throws IOException {
    // The loss 7.5 (w - 2)^2 has the gradient 15 (w - 2); SGD with lr 0.05 from w = 0.
    List<String> lines = run("gradient-accumulation.jsh");
    assertEquals(List.of(
        "pitfall step 1: grad -30.0000  w 1.5000",
        "pitfall step 2: grad -37.5000  w 3.3750",
        "pitfall step 3: grad -16.8750  w 4.2188",
        "pitfall step 4: grad  16.4063  w 3.3984",
        "fixed   step 1: grad -30.0000  w 1.5000",
        "fixed   step 2: grad  -7.5000  w 1.8750",
        "fixed   step 3: grad  -1.8750  w 1.9688",
        "fixed   step 4: grad  -0.4688  w 1.9922",
        "full batch:      tensor([-30.])",
        "2 micro-batches: tensor([-30.])"), lines);
  }

  @Test
  void anExpressionShowsItsTensorAsPyTorchPrintsIt() {
    List<SnippetEvent> events = shell.eval("Tensor.of(1f, 2f).requiresGrad_(true)");
    assertEquals("tensor([1., 2.], requires_grad=True)", events.get(0).value());
  }

  @Test
  void theBannersExampleRuns() {
    List<String> snippets = snippets(ShellCommand.EXAMPLE);
    evalAll(String.join("\n", snippets.subList(0, snippets.size() - 1)));
    String grad = shell.eval(snippets.get(snippets.size() - 1)).get(0).value();
    assertTrue(grad.matches("tensor\\(\\[.+\\]\\)"), grad);
    String banner = ShellCommand.banner();
    assertTrue(banner.startsWith("jgrad " + JgradVersion.version() + " shell") && banner.contains(ShellCommand.EXAMPLE), banner);
  }

  @Test
  void moduleMeansJgradsModule() {
    List<SnippetEvent> events = shell.eval("Module m = new Linear(2, 3);");
    assertEquals(Snippet.Status.VALID, events.get(0).status(), () -> diagnostics(events.get(0).snippet()));
    assertEquals("Linear(in_features=2, out_features=3, bias=True)", events.get(0).value());
  }

  /** Runs examples/jshell/{@code name} snippet by snippet; returns the lines it printed. */
  private static List<String> run(String name) throws IOException {
    String source = Files.readString(EXAMPLES.resolve("jshell").resolve(name));
    // Snippets run in this JVM (as in jgrad shell) and print to System.out itself.
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(OUT, true, StandardCharsets.UTF_8));
    try {
      evalAll(source);
    } finally {
      System.setOut(stdout);
    }
    return OUT.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
  }

  /** Evaluates every snippet of {@code source} in order; fails on one that does not compile or throws. */
  private static void evalAll(String source) {
    for (String snippet : snippets(source)) {
      for (SnippetEvent e : shell.eval(snippet)) {
        if (e.status() == Snippet.Status.REJECTED) {
          fail("does not compile: " + snippet + "\n" + diagnostics(e.snippet()));
        }
        if (e.exception() != null) {
          fail("threw " + e.exception() + ": " + snippet);
        }
      }
    }
  }

  /** {@code source} cut into complete snippets, as JShell cuts what is typed. */
  private static List<String> snippets(String source) {
    List<String> snippets = new ArrayList<>();
    String rest = source;
    while (!rest.isBlank()) {
      SourceCodeAnalysis.CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(rest);
      if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
        break; // only comments are left
      }
      if (!info.completeness().isComplete()) {
        fail("incomplete snippet: " + rest);
      }
      snippets.add(info.source());
      rest = info.remaining();
    }
    return snippets;
  }

  private static String diagnostics(Snippet s) {
    return shell.diagnostics(s).map(d -> d.getMessage(null)).collect(Collectors.joining("\n"));
  }
}
