package dev.jgrad.autograd.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that a crash (even {@code kill -9}) leaves either the previous file or the new one complete,
 * never half of one: the bytes go to a temporary file in the same folder ({@code .<name>.<random>.jgrad-tmp}),
 * are forced to disk, and the temporary file is atomically renamed over the target. A temporary file left behind by
 * a killed process is removed by the next write of the same target. Error messages name the target, never the
 * temporary file.
 *
 * <pre>{@code
 * AtomicFile.write(Path.of("run/preprocessing.json"), out -> out.write(bytes));
 * }</pre>
 */
public final class AtomicFile {
  /** The suffix of every temporary file this class creates; nothing else is ever deleted. */
  static final String TEMP_SUFFIX = ".jgrad-tmp";

  private AtomicFile() {}

  /** Writes the bytes of a file. */
  @FunctionalInterface
  public interface Contents {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Replaces {@code target} by what {@code contents} writes.
   *
   * @throws IOException {@code "cannot write <target>: <reason>"}; the previous file, if any, is left intact
   */
  public static void write(Path target, Contents contents) throws IOException {
    Path file = target.toAbsolutePath().normalize();
    Path dir = file.getParent();
    String name = file.getFileName().toString();
    if (Files.isDirectory(file)) {
      throw new IOException("cannot write " + target + ": it is a folder");
    }
    if (!Files.isDirectory(dir)) {
      throw new IOException("cannot write " + target + ": the folder " + dir + " does not exist");
    }
    removeStaleTemporaries(dir, name);
    Path tmp = null;
    boolean moved = false;
    try {
      tmp = Files.createTempFile(dir, "." + name + ".", TEMP_SUFFIX);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        OutputStream out = Channels.newOutputStream(ch);
        contents.writeTo(out);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the file system of " + dir + " cannot rename atomically, so " + name
            + " could be left half-written; write to a local folder instead", e);
      }
      moved = true;
      syncDirectory(dir);
    } catch (IOException e) {
      throw new IOException("cannot write " + target + ": " + reason(e, tmp), e);
    } finally {
      if (tmp != null && !moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** Writes {@code bytes} to {@code target} atomically, see {@link #write(Path, Contents)}. */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  /** Deletes {@code .<name>.*.jgrad-tmp} files in {@code dir}: temporaries of a write of {@code name} that died. */
  static void removeStaleTemporaries(Path dir, String name) {
    try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, "." + globEscape(name) + ".*" + TEMP_SUFFIX)) {
      for (Path p : stale) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // Best effort: a stale temporary file only wastes space.
    }
  }

  private static String globEscape(String s) {
    return s.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
  }

  /**
   * Why {@code e} happened, without the path it names when that is a temporary file: {@code "permission denied"},
   * {@code "no space left on device"}, ...
   */
  public static String reason(IOException e, Path temporary) {
    String text;
    if (e instanceof AccessDeniedException) {
      text = "permission denied";
    } else if (e instanceof NoSuchFileException) {
      text = "no such file or folder";
    } else if (e instanceof FileSystemException fs && fs.getReason() != null) {
      text = fs.getReason();
    } else {
      text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    return temporary == null ? text : text.replace(temporary.toString(), temporary.getParent().toString());
  }

  /** Makes a rename durable where the platform allows opening a folder (not on Windows). */
  static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // Best effort: the data itself was forced before the rename.
    }
  }
}
