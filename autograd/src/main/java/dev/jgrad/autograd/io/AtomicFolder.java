package dev.jgrad.autograd.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes a folder of files as a unit: everything goes into a fresh folder next to the target ({@code
 * .<name>.<random>.jgrad-tmp}); when it is complete, and its files are forced to disk, it is renamed to {@code
 * .<name>.<random>.jgrad-new} (the mark of a complete folder) and then into place. When the target exists it is
 * first renamed aside ({@code .<name>.<random>.jgrad-old}), the new folder renamed in, and only then the old one
 * deleted. Java has no atomic exchange of two folders, so a process killed between the two renames leaves no
 * target, only the complete new folder and the old one beside it: {@link #readable} finds the folder to read in
 * every such state (the target, else the complete new one, else the old one), and the next write first puts that
 * folder back in place, then removes every other leftover of the same target. So a failure or a kill at any point
 * leaves either the old folder intact or the new one complete. Error messages name the target folder, never a
 * temporary one.
 *
 * <pre>{@code
 * AtomicFolder.write(Path.of("runs/iris"), tmp -> {
 *   Checkpoints.save(tmp.resolve("model.safetensors"), model);
 *   preprocessor.save(tmp.resolve("preprocessing.json"));
 * });
 * }</pre>
 */
public final class AtomicFolder {
  static final String TMP_SUFFIX = ".jgrad-tmp";
  static final String NEW_SUFFIX = ".jgrad-new";
  static final String OLD_SUFFIX = ".jgrad-old";

  private AtomicFolder() {}

  /** Writes the files of the folder into the (empty) folder it is given. */
  @FunctionalInterface
  public interface Contents {
    void writeInto(Path folder) throws IOException;
  }

  /**
   * Fails early, before any work, when {@code target} cannot be written: it exists as a file, or its nearest
   * existing ancestor is not a writable folder.
   *
   * @throws IOException {@code "cannot write <target>: ..."}
   */
  public static void checkWritable(Path target) throws IOException {
    Path dir = target.toAbsolutePath().normalize();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IOException("cannot write " + target + ": it exists and is a file, not a folder");
    }
    Path parent = dir.getParent();
    while (parent != null && !Files.exists(parent)) {
      parent = parent.getParent();
    }
    if (parent == null || !Files.isDirectory(parent)) {
      throw new IOException("cannot write " + target + ": " + (parent == null ? "it has no parent folder"
          : parent + " is a file, not a folder"));
    }
    if (!Files.isWritable(parent)) {
      throw new IOException("cannot write " + target + ": the folder " + parent + " is not writable");
    }
  }

  /**
   * Replaces the folder {@code target} by what {@code contents} writes.
   *
   * @throws IOException {@code "cannot write <target>: <reason>"}, with the old folder left as it was
   */
  public static void write(Path target, Contents contents) throws IOException {
    checkWritable(target);
    Path dir = target.toAbsolutePath().normalize();
    Path parent = dir.getParent();
    String name = dir.getFileName().toString();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new IOException("cannot write " + target + ": " + AtomicFile.reason(e, null), e);
    }
    recover(dir);
    removeLeftovers(parent, name);
    String stem = "." + name + "." + UUID.randomUUID();
    Path staging = parent.resolve(stem + TMP_SUFFIX);
    Path fresh = staging;
    boolean swapped = false;
    try {
      Files.createDirectory(staging);
      contents.writeInto(staging);
      forceAll(staging);
      fresh = parent.resolve(stem + NEW_SUFFIX);
      Files.move(staging, fresh, StandardCopyOption.ATOMIC_MOVE);
      AtomicFile.syncDirectory(parent);
      if (Files.exists(dir)) {
        Path old = parent.resolve("." + name + "." + UUID.randomUUID() + OLD_SUFFIX);
        Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
        try {
          Files.move(fresh, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          Files.move(old, dir, StandardCopyOption.ATOMIC_MOVE);
          throw e;
        }
        swapped = true;
        AtomicFile.syncDirectory(parent);
        deleteTree(old);
      } else {
        Files.move(fresh, dir, StandardCopyOption.ATOMIC_MOVE);
        swapped = true;
        AtomicFile.syncDirectory(parent);
      }
    } catch (IOException | RuntimeException e) {
      String reason = e instanceof IOException io ? AtomicFile.reason(io, null) : String.valueOf(e.getMessage());
      reason = reason.replace(fresh.toString(), dir.toString()).replace(staging.toString(), dir.toString());
      if (e instanceof RuntimeException r && !(e instanceof UncheckedIOException)) {
        throw r;
      }
      throw new IOException(reason.startsWith("cannot write ") ? reason : "cannot write " + target + ": " + reason,
          e);
    } finally {
      if (!swapped) {
        deleteTree(fresh);
      }
    }
  }

  /**
   * The folder to read for {@code target}: the target itself; or, when a write was killed between its two renames
   * (no target), the complete new folder that write left, else the old folder it had moved aside; else {@code
   * target} (which does not exist, so the caller's error names it). Reading never changes anything.
   */
  public static Path readable(Path target) {
    if (Files.exists(target)) {
      return target;
    }
    Path dir = target.toAbsolutePath().normalize();
    if (dir.getParent() == null) {
      return target;
    }
    Path complete = leftover(dir, NEW_SUFFIX);
    if (complete == null) {
      complete = leftover(dir, OLD_SUFFIX);
    }
    return complete != null ? complete : target;
  }

  /** Puts back the folder {@link #readable} would read, when a killed write left no target. */
  private static void recover(Path dir) throws IOException {
    Path survivor = readable(dir);
    if (!survivor.equals(dir)) {
      Files.move(survivor, dir, StandardCopyOption.ATOMIC_MOVE);
      AtomicFile.syncDirectory(dir.getParent());
    }
  }

  /** A {@code .<name>.*<suffix>} folder next to {@code dir}, or null. */
  private static Path leftover(Path dir, String suffix) {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.getParent(), glob(dir.getFileName().toString(),
        suffix.substring(1)))) {
      for (Path p : s) {
        return p;
      }
    } catch (IOException ignored) {
      // unreadable parent: the caller's read of the target reports it
    }
    return null;
  }

  /** Deletes the {@code .<name>.*.jgrad-tmp}, {@code -new} and {@code -old} folders next to the target. */
  static void removeLeftovers(Path parent, String name) {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(parent, glob(name, "jgrad-{tmp,new,old}"))) {
      for (Path p : s) {
        deleteTree(p);
      }
    } catch (IOException ignored) {
      // Best effort: a leftover only wastes space.
    }
  }

  private static String glob(String name, String suffix) {
    return "." + name.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1") + ".*." + suffix;
  }

  private static void forceAll(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(p)) {
          try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ch.force(true);
          }
        }
      }
    }
    AtomicFile.syncDirectory(folder);
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // Best effort: the next write of the same target removes what is left.
    }
  }
}
