package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One in-process run of the command line with captured streams (test support).
 *
 * @param code the exit code
 * @param out what was printed on stdout
 * @param err what was printed on stderr
 */
record CliRun(int code, String out, String err) {
  static CliRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = JgradCli.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), args);
    return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Asserts success. */
  CliRun ok() {
    assertEquals(0, code, () -> "exit code; stderr:\n" + err + "\nstdout:\n" + out);
    return this;
  }

  /**
   * Asserts the exit code and that stderr is exactly one line, starting with {@code prefix} and containing every
   * fragment, with no stack trace.
   */
  CliRun error(int expectedCode, String prefix, String... fragments) {
    assertEquals(expectedCode, code, () -> "exit code; stderr:\n" + err + "\nstdout:\n" + out);
    String[] lines = err.strip().split("\\R");
    assertEquals(1, lines.length, () -> "stderr must be one line, got:\n" + err);
    assertTrue(lines[0].startsWith(prefix), () -> "stderr should start with '" + prefix + "': " + lines[0]);
    for (String f : fragments) {
      assertTrue(lines[0].contains(f), () -> "stderr should contain '" + f + "': " + lines[0]);
    }
    assertFalse(err.contains("\tat "), "no stack trace without --verbose");
    return this;
  }
}
