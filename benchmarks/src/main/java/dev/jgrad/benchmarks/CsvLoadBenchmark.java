package dev.jgrad.benchmarks;

import dev.jgrad.datasets.CsvLoader;
import dev.jgrad.datasets.Preprocessor;
import dev.jgrad.datasets.Schema;
import dev.jgrad.datasets.Task;
import dev.jgrad.datasets.TensorDataset;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import tech.tablesaw.api.Table;

/**
 * Loading a 1,000,000-row × 11-column numeric CSV (10 features and a target, like diabetes.csv scaled up, about
 * 100 MB) into a {@code [rows, 10]} feature tensor and a {@code [rows]} target tensor, the way a user of the
 * datasets module does: a {@link Schema} declaring the columns, {@link CsvLoader} (typed, validated; a file whose
 * columns are all numeric, like this one, goes through its direct byte parser rather than Tablesaw's generic CSV
 * path), then {@link Preprocessor#fit} and {@link Preprocessor#transform} (no scaling). The file is generated once
 * per trial from a fixed seed. Single-shot: each measurement is one full load.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class CsvLoadBenchmark {
  static final int COLUMNS = 11;

  @Param({"1000000"})
  int rows;

  Path file;

  @Setup(Level.Trial)
  public void writeFile() throws IOException {
    file = Files.createTempFile("jgrad-bench-", ".csv");
    write(file, rows, 42);
  }

  @TearDown(Level.Trial)
  public void deleteFile() throws IOException {
    Files.deleteIfExists(file);
  }

  /** Writes {@code rows} rows: header {@code x0..x9,target}, features with 6 decimals, a numeric target. */
  static void write(Path path, int rows, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder line = new StringBuilder(128);
    try (BufferedWriter w = Files.newBufferedWriter(path)) {
      for (int c = 0; c < COLUMNS - 1; c++) {
        w.write("x" + c + ",");
      }
      w.write("target\n");
      for (int r = 0; r < rows; r++) {
        line.setLength(0);
        double target = 0;
        for (int c = 0; c < COLUMNS - 1; c++) {
          // Six decimals: what a float32 can hold, and the width of typical exported data.
          long micros = random.nextLong(-2_000_000, 2_000_000);
          target += (c + 1) * micros / 1e6;
          appendFixed6(line, micros).append(',');
        }
        line.append(Math.round(target * 100) / 100.0).append('\n');
        w.append(line);
      }
    }
  }

  private static StringBuilder appendFixed6(StringBuilder sb, long micros) {
    if (micros < 0) {
      sb.append('-');
      micros = -micros;
    }
    sb.append(micros / 1_000_000).append('.');
    String frac = Long.toString(micros % 1_000_000);
    for (int i = frac.length(); i < 6; i++) {
      sb.append('0');
    }
    return sb.append(frac);
  }

  /** The schema of the generated file: numeric {@code x0..x9}, regression target {@code target}. */
  static Schema schema() {
    String[] names = new String[COLUMNS - 1];
    for (int c = 0; c < names.length; c++) {
      names[c] = "x" + c;
    }
    return Schema.builder().numeric(names).target("target", Task.REGRESSION).build();
  }

  /** Reads, validates and converts the file: features {@code [rows, 10]}, targets {@code [rows]}. */
  static TensorDataset load(Path path) throws IOException {
    Schema schema = schema();
    Table table = new CsvLoader(schema).read(path);
    return Preprocessor.fit(table, schema).transform(table);
  }

  @Benchmark
  public TensorDataset load() throws IOException {
    return load(file);
  }
}
