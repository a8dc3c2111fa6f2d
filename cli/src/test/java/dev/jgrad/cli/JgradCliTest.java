package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The root command: help, version, exit codes and the one-line error handlers. */
class JgradCliTest {
  @Test
  void helpListsTheCommandsAndExitCodes() {
    CliRun run = CliRun.of("--help").ok();
    for (String s : List.of("train", "predict", "datasets", "demo", "example", "Exit codes:", "--verbose")) {
      assertTrue(run.out().contains(s), s);
    }
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : List.of("train", "predict", "datasets", "demo", "example")) {
      CliRun run = CliRun.of(command, "--help").ok();
      assertTrue(run.out().startsWith("Usage: jgrad " + command), run.out());
    }
    assertTrue(CliRun.of("help", "predict").ok().out().startsWith("Usage: jgrad predict"));
  }

  @Test
  void noCommandShowsUsageAndExitsTwo() {
    CliRun run = CliRun.of();
    assertEquals(2, run.code());
    assertTrue(run.err().startsWith("Usage: jgrad"), run.err());
  }

  @Test
  void unknownCommandIsOneLine() {
    CliRun.of("frobnicate").error(2, "jgrad: ", "'frobnicate'");
  }

  @Test
  void verboseAddsTheStackTrace() {
    for (List<String> args : List.of(List.of("--verbose", "train", "--csv", "nosuch.csv", "--target", "y"),
        List.of("train", "--csv", "nosuch.csv", "--target", "y", "--verbose"))) {
      CliRun run = CliRun.of(args.toArray(new String[0]));
      assertEquals(2, run.code());
      assertTrue(run.err().startsWith("jgrad train: --csv: no such file 'nosuch.csv'\n"), run.err());
      assertTrue(run.err().contains("\tat dev.jgrad.cli.CsvSource.resolve"), run.err());
    }
  }

  @Test
  void messagesBecomeOneLine() {
    assertEquals("a; b; c", JgradCli.oneLine("a\n  b\r\nc\n"));
    assertEquals("internal error: x (run with --verbose for the stack trace)",
        JgradCli.message(new NullPointerException("x")));
    assertEquals("no such file: f.csv", JgradCli.message(new java.nio.file.NoSuchFileException("f.csv")));
    assertEquals(1, JgradCli.exitCode(new IllegalStateException()));
    assertEquals(2, JgradCli.exitCode(CliException.usage("u")));
  }
}
