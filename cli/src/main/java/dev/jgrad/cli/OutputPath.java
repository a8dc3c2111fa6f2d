package dev.jgrad.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks that an output path can be written, before any work is done: a training that runs for an hour must not
 * fail at the end because {@code --out} names a folder, or a file in a folder without write permission. (A
 * model folder is checked by {@code AtomicFolder.checkWritable}, which needs its parent writable.)
 *
 * <pre>{@code
 * OutputPath.checkFile(Path.of("predictions.csv"), "--out");   // before reading the data
 * }</pre>
 */
final class OutputPath {
  private OutputPath() {}

  /**
   * A file that will be created or replaced.
   *
   * @throws CliException (usage) if it is a folder, or cannot be created or written
   */
  static void checkFile(Path file, String option) {
    if (Files.isDirectory(file)) {
      throw CliException.usage(option + ": '" + file + "' is a folder, not a file");
    }
    if (Files.exists(file)) {
      if (!Files.isWritable(file)) {
        throw CliException.usage(option + ": cannot write '" + file + "' (permission denied)");
      }
      return;
    }
    checkCreatable(file, option);
  }

  /** The nearest existing ancestor of {@code path} must be a writable folder. */
  private static void checkCreatable(Path path, String option) {
    Path ancestor = path.toAbsolutePath().normalize().getParent();
    while (ancestor != null && !Files.exists(ancestor)) {
      ancestor = ancestor.getParent();
    }
    if (ancestor == null) {
      return; // nothing exists up to the root: the write itself reports what is wrong
    }
    if (!Files.isDirectory(ancestor)) {
      throw CliException.usage(option + ": cannot create '" + path + "': '" + ancestor + "' is a file, not a folder");
    }
    if (!Files.isWritable(ancestor)) {
      throw CliException.usage(option + ": cannot create '" + path + "' in '" + ancestor + "' (permission denied)");
    }
  }
}
