package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jgrad shell}: its help, a missing script, and a script run through the JShell tool. */
class ShellCommandTest {
  @Test
  void helpExplainsScriptAndInteractive() {
    String help = CliRun.of("shell", "--help").ok().out();
    assertTrue(help.startsWith("Usage: jgrad shell [-hV] [--interactive] [--verbose] [SCRIPT]"), help);
    assertTrue(help.contains("examples/jshell/seed-tutorial.jsh"), help);
    assertTrue(CliRun.of("--help").ok().out().contains("shell"));
  }

  @Test
  void aMissingScriptIsAUsageError(@TempDir Path tmp) {
    Path missing = tmp.resolve("missing.jsh");
    CliRun.of("shell", missing.toString()).error(2, "jgrad shell: ", "no such script: " + missing);
  }

  @Test
  void runsAScriptWithJgradImportedThenExits(@TempDir Path tmp) throws IOException {
    // The tool's plumbing does not depend on the kernels: one run of the two is enough (JShell takes seconds).
    assumeFalse("java".equals(System.getProperty("jgrad.kernels")), "checked in the default kernels' run");
    Path script = Files.writeString(tmp.resolve("three.jsh"),
        "Module m = new Linear(2, 1);\nSystem.out.println(Tensor.ones(2).mul(3));\nSystem.out.println(m);\n");
    // Snippets run in this JVM and print to System.out, as the tool does.
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    CliRun run;
    try {
      run = CliRun.of("shell", script.toString());
    } finally {
      System.setOut(stdout);
    }
    run.ok();
    String out = printed.toString(StandardCharsets.UTF_8);
    assertEquals("tensor([3., 3.])\nLinear(in_features=2, out_features=1, bias=True)\n", out.replace("\r", ""));
    assertFalse(run.out().contains("jgrad 0.1.0 shell"), "no banner when running a script: " + run.out());
  }
}
