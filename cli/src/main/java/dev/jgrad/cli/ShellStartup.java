package dev.jgrad.cli;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a {@code jgrad shell} session starts with: jgrad on the class path and the usual imports. The command and the
 * tests that feed scripts through JShell both start from here.
 */
final class ShellStartup {
  /**
   * Imported in every session. {@code dev.jgrad.nn.Module} is imported by name because the on-demand imports would
   * leave {@code Module} ambiguous with {@code java.lang.Module}.
   */
  static final List<String> IMPORTS = List.of("dev.jgrad.autograd.*", "dev.jgrad.nn.*", "dev.jgrad.optim.*",
      "dev.jgrad.datasets.*", "dev.jgrad.train.*", "java.util.*", "dev.jgrad.nn.Module");

  private ShellStartup() {}

  /** The import statements, one a line. */
  static String imports() {
    return IMPORTS.stream().map(i -> "import " + i + ";").collect(Collectors.joining("\n", "", "\n"));
  }

  /**
   * The class path holding jgrad: the running jar (the command-line jar bundles jgrad and its dependencies) or,
   * when jgrad runs from class folders (tests, an IDE), this JVM's class path.
   */
  static String classPath() {
    try {
      Path here = Path.of(JgradCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(here) ? here.toString() : System.getProperty("java.class.path", here.toString());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate jgrad's classes: " + e.getMessage(), e);
    }
  }

  /** The class-path entries of {@link #classPath()}. */
  static List<String> classPathEntries() {
    return List.of(classPath().split(File.pathSeparator));
  }
}
