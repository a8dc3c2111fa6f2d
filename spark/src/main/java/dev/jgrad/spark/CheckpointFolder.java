package dev.jgrad.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * The folder {@link SparkTrainer} keeps its checkpoints in: a path on the driver's own disk, or a folder on any
 * file system Hadoop reaches (HDFS, S3A, ABFS, a {@code file:} URI; a URI without a scheme means Spark's default
 * file system, as in {@code spark.read().csv(...)}), so a driver restarted on another machine finds them.
 *
 * <p>A checkpoint file is always written whole by nn's {@code Checkpoints} into a local file first. On a local
 * folder that write is itself atomic. On a Hadoop file system the file is then uploaded under a hidden name
 * ({@code .step-<n>.safetensors.partial}) and renamed into place, so a reader never sees half a file: the rename is
 * atomic on HDFS and local disks; on object stores (S3A) a crash can leave the hidden part, which is ignored.
 */
abstract class CheckpointFolder {
  /** Writes a checkpoint into a local file. */
  interface Writer {
    void write(Path file) throws IOException;
  }

  /** Reads a checkpoint from a local file. */
  interface Reader<T> {
    T read(Path file) throws IOException;
  }

  /** A folder on the driver's disk. */
  static CheckpointFolder local(Path dir) {
    return new Local(dir);
  }

  /** A folder on the Hadoop file system of {@code uri}, configured by {@code conf} (Spark's Hadoop configuration). */
  static CheckpointFolder hadoop(String uri, Configuration conf) {
    return new Hadoop(uri, conf);
  }

  /** The names of the files in the folder (none when it does not exist yet). */
  abstract List<String> names() throws IOException;

  /** Writes {@code name} atomically. */
  abstract void write(String name, Writer writer) throws IOException;

  /** Reads {@code name}. */
  abstract <T> T read(String name, Reader<T> reader) throws IOException;

  /** The folder as the user gave it, for messages. */
  @Override
  public abstract String toString();

  private static final class Local extends CheckpointFolder {
    private final Path dir;

    Local(Path dir) {
      this.dir = dir;
    }

    @Override
    List<String> names() throws IOException {
      if (!Files.isDirectory(dir)) {
        return List.of();
      }
      try (Stream<Path> files = Files.list(dir)) {
        return files.map(f -> f.getFileName().toString()).toList();
      }
    }

    @Override
    void write(String name, Writer writer) throws IOException {
      Files.createDirectories(dir);
      writer.write(dir.resolve(name));
    }

    @Override
    <T> T read(String name, Reader<T> reader) throws IOException {
      return reader.read(dir.resolve(name));
    }

    @Override
    public String toString() {
      return dir.toString();
    }
  }

  private static final class Hadoop extends CheckpointFolder {
    private final String uri;
    private final FileSystem fs;
    private final org.apache.hadoop.fs.Path dir;

    Hadoop(String uri, Configuration conf) {
      this.uri = uri;
      this.dir = new org.apache.hadoop.fs.Path(uri);
      try {
        this.fs = dir.getFileSystem(conf);
      } catch (IOException e) {
        throw new UncheckedIOException("SparkTrainer: no file system for the checkpoint folder " + uri, e);
      }
    }

    @Override
    List<String> names() throws IOException {
      if (!fs.exists(dir)) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (FileStatus s : fs.listStatus(dir)) {
        out.add(s.getPath().getName());
      }
      return out;
    }

    @Override
    void write(String name, Writer writer) throws IOException {
      Path local = Files.createTempDirectory("jgrad-checkpoint");
      try {
        Path file = local.resolve(name);
        writer.write(file);
        fs.mkdirs(dir);
        org.apache.hadoop.fs.Path partial = new org.apache.hadoop.fs.Path(dir, "." + name + ".partial");
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(dir, name);
        fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(file.toUri()), partial);
        fs.delete(target, false);   // a step written again (a resumed run) replaces its file
        if (!fs.rename(partial, target)) {
          throw new IOException("cannot rename " + partial + " to " + target);
        }
      } finally {
        deleteTree(local);
      }
    }

    @Override
    <T> T read(String name, Reader<T> reader) throws IOException {
      Path local = Files.createTempDirectory("jgrad-checkpoint");
      try {
        Path file = local.resolve(name);
        fs.copyToLocalFile(false, new org.apache.hadoop.fs.Path(dir, name), new org.apache.hadoop.fs.Path(file.toUri()),
            true);
        return reader.read(file);
      } finally {
        deleteTree(local);
      }
    }

    @Override
    public String toString() {
      return uri;
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
