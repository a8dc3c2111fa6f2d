package dev.jgrad.datasets;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;
import tech.tablesaw.io.csv.CsvReader;

/**
 * Measures the CSV loading budget: loading 1,000,000 rows x 11 numeric columns (10 features + 1 regression target) from
 * CSV into tensors in at most 1.5 s. Not a test (no {@code @Test}), so the build never runs it; a later change
 * moves it into the JMH benchmarks module.
 *
 * <p>Run after {@code mvn -pl datasets -am test-compile}:
 *
 * <pre>
 * java -cp datasets/target/test-classes:datasets/target/classes:$(deps) dev.jgrad.datasets.CsvLoadMeasurement [rows] [reps]
 * </pre>
 *
 * <p>The CSV (written once to {@code java.io.tmpdir}, about 85 MB) holds values like {@code -12.345} from a seeded
 * generator. One repetition = {@link CsvLoader#read(Path)} (the direct numeric reader, all checks) +
 * {@link Preprocessor#fit} (standardisation statistics) + {@link Preprocessor#transform} (the float32 tensors).
 * Tablesaw's one-time class initialisation (a classpath scan) is timed apart. Each repetition also times plain
 * Tablesaw reading the same file with the same declared types (no checks, no tensors) as a same-moment baseline,
 * since this 2-core machine is often shared.
 */
public final class CsvLoadMeasurement {
  private CsvLoadMeasurement() {}

  public static void main(String[] args) throws IOException {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    String[] features = new String[10];
    for (int i = 0; i < 10; i++) {
      features[i] = "x" + i;
    }
    Schema schema = Schema.builder().numeric(features).target("y", Task.REGRESSION).scaling(Scaling.STANDARDIZE)
        .build();
    Path file = Path.of(System.getProperty("java.io.tmpdir"), "jgrad-load-" + rows + "x11.csv");
    if (!Files.exists(file)) {
      write(file, rows);
    }
    System.out.printf(Locale.ROOT, "file %s, %d bytes, %d rows x 11 columns%n", file, Files.size(file), rows);

    long t0 = System.nanoTime();
    Table.create("warm-up"); // Tablesaw's static initialiser scans the classpath once per JVM
    System.out.printf(Locale.ROOT, "Tablesaw class init: %.0f ms%n", (System.nanoTime() - t0) / 1e6);

    double[] total = new double[reps];
    double[] baseline = new double[reps];
    for (int r = 0; r < reps; r++) {
      // Baseline, same JVM and moment: plain Tablesaw with the 11 types declared, no checks, no tensors.
      long z = System.nanoTime();
      ColumnType[] types = new ColumnType[11];
      Arrays.fill(types, ColumnType.DOUBLE);
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        new CsvReader().read(CsvReadOptions.builder(in).header(true).columnTypes(types).build());
      }
      baseline[r] = (System.nanoTime() - z) / 1e6;
      long cpu0 = cpuNanos();
      long a = System.nanoTime();
      Table table = new CsvLoader(schema).read(file);
      long b = System.nanoTime();
      Preprocessor pre = Preprocessor.fit(table, schema);
      long c = System.nanoTime();
      TensorDataset ds = pre.transform(table);
      long d = System.nanoTime();
      double cpu = (cpuNanos() - cpu0) / 1e6;
      total[r] = (d - a) / 1e6;
      System.out.printf(Locale.ROOT, "rep %d: read %.0f ms + fit %.0f ms + transform %.0f ms = %.0f ms wall, %.0f ms"
          + " CPU (%d rows); plain Tablesaw read %.0f ms%n", r, (b - a) / 1e6, (c - b) / 1e6, (d - c) / 1e6, total[r],
          cpu, ds.size(), baseline[r]);
    }
    double[] sorted = total.clone();
    Arrays.sort(sorted);
    double[] base = baseline.clone();
    Arrays.sort(base);
    System.out.printf(Locale.ROOT, "best %.0f ms, median %.0f ms over %d reps (budget 1500 ms); plain Tablesaw read"
        + " best %.0f ms, median %.0f ms%n", sorted[0], sorted[reps / 2], reps, base[0], base[reps / 2]);
  }

  /**
   * CPU time of the whole process (all threads, GC and JIT included). On a shared machine it is a steadier figure
   * than wall time: waiting for a core does not count.
   */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void write(Path file, int rows) throws IOException {
    SplittableRandom random = new SplittableRandom(7);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("x0,x1,x2,x3,x4,x5,x6,x7,x8,x9,y\n");
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < rows; i++) {
        line.setLength(0);
        for (int c = 0; c < 11; c++) {
          if (c > 0) {
            line.append(',');
          }
          line.append(String.format(Locale.ROOT, "%.3f", random.nextGaussian() * 10));
        }
        w.write(line.append('\n').toString());
      }
    }
  }
}
