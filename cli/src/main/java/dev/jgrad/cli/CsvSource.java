package dev.jgrad.cli;

import dev.jgrad.datasets.BundledDataset;
import dev.jgrad.datasets.CsvLoader;
import dev.jgrad.datasets.Datasets;
import dev.jgrad.datasets.Schema;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvWriteOptions;

/**
 * What {@code --csv} names: a CSV file, or else a bundled dataset ({@code iris}, {@code auto_mpg}, ...; see
 * {@link Datasets#names()}). Precedence: an existing file (a regular file, or a pipe such as
 * {@code <(zcat data.csv.gz)}) wins; then a bundled dataset name; a directory never does, so a folder {@code iris}
 * in the working directory does not hide the bundled iris (write {@code ./iris} to name the folder, which is then
 * an error). Either way it is read with {@link CsvLoader}, so a bundled name behaves exactly like the file it was
 * made from.
 *
 * <pre>{@code
 * CsvSource src = CsvSource.resolve("iris", "--csv");
 * Table raw = src.read(Schema.builder().build());    // every column as text
 * }</pre>
 */
final class CsvSource implements TableSource {
  private final String value;
  private final Path file;
  private final String bundled;
  private final CsvDialect dialect;

  private CsvSource(String value, Path file, String bundled, CsvDialect dialect) {
    this.value = value;
    this.file = file;
    this.bundled = bundled;
    this.dialect = dialect;
  }

  private CsvSource(String value, Path file, String bundled) {
    this(value, file, bundled, new CsvDialect());
  }

  /** This source read with {@code dialect} (delimiter, skipped lines, header). */
  CsvSource withDialect(CsvDialect dialect) {
    dialect.check();
    return new CsvSource(value, file, bundled, dialect);
  }

  /**
   * Resolves an option value.
   *
   * @param option the option's name, for messages
   * @throws CliException (usage) if it is neither a readable file nor a bundled dataset name
   */
  static CsvSource resolve(String value, String option) {
    return resolve(value, option, Path.of(""));
  }

  /** As {@link #resolve(String, String)}, with relative paths taken from {@code workingDir}. */
  static CsvSource resolve(String value, String option, Path workingDir) {
    Path path = workingDir.resolve(value);
    boolean looksLikePath = value.contains("/") || value.contains("\\") || value.contains(".");
    String name = looksLikePath ? null : bundledName(value);
    boolean directory = Files.isDirectory(path);
    if (!directory && Files.exists(path)) {
      if (!Files.isReadable(path)) {
        throw CliException.usage(option + ": cannot read '" + value + "' (permission denied)");
      }
      return new CsvSource(value, path, null);
    }
    if (name != null) {
      return new CsvSource(value, null, name);
    }
    if (directory) {
      throw CliException.usage(option + ": '" + value + "' is a directory, not a CSV file");
    }
    throw CliException.usage(option + ": no such file '" + value + "'" + (looksLikePath ? ""
        : " (and no bundled dataset of that name; the bundled datasets are " + String.join(", ", Datasets.names())
            + ")"));
  }

  /** The bundled dataset name {@code value} means ({@code "autoMpg"} and {@code "auto-mpg"} mean auto_mpg), or null. */
  static String bundledName(String value) {
    String key = normalise(value);
    for (String name : Datasets.names()) {
      if (normalise(name).equals(key)) {
        return name;
      }
    }
    return null;
  }

  private static String normalise(String s) {
    return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
  }

  /** {@code --csv} with this value and the dialect's options. */
  @Override
  public String arguments() {
    return "--csv " + value + dialect.arguments();
  }

  /** Whether this is a bundled dataset. */
  boolean isBundled() {
    return bundled != null;
  }

  /** The bundled dataset's target column, or null for a file. */
  @Override
  public String bundledTarget() {
    return bundled == null ? null : Datasets.byName(bundled).schema().target().name();
  }

  /** A name for messages: the file as given, or {@code iris (bundled)}. */
  @Override
  public String displayName() {
    return bundled == null ? value : bundled + " (bundled)";
  }

  /** The file name without {@code .csv}, or the dataset name: a default output folder name. */
  @Override
  public String stem() {
    if (bundled != null) {
      return bundled;
    }
    String name = file.getFileName().toString();
    return name.toLowerCase(Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
  }

  /**
   * Reads the table with the columns {@code schema} declares (undeclared columns as text).
   *
   * @throws dev.jgrad.datasets.MalformedDataException for bad content (empty file, ragged row, bad number, ...)
   * @throws IOException if it cannot be read
   */
  Table read(Schema schema) throws IOException {
    return read(schema, false);
  }

  /** As {@link #read(Schema)}, reading infinite values as missing when {@code infAsMissing}. */
  @Override
  public Table read(Schema schema, boolean infAsMissing) throws IOException {
    CsvLoader loader = new CsvLoader(schema.withSeparator(dialect.separator())).infAsMissing(infAsMissing);
    if (file != null && dialect.isPlain()) {
      return loader.read(file);
    }
    String name = file != null ? file.toString() : bundled + ".csv";
    try (InputStream in = new BufferedInputStream(file != null ? Files.newInputStream(file) : openBundled())) {
      return loader.read(dialect.open(in, name), name);
    }
  }

  private InputStream openBundled() {
    InputStream in = Datasets.class.getResourceAsStream(bundled + ".csv");
    if (in != null) {
      return in;
    }
    // Fashion-MNIST ships as IDX files, not CSV: write its table out as CSV text so it reads like the others.
    BundledDataset data = Datasets.byName(bundled);
    StringWriter w = new StringWriter();
    data.table().write().csv(CsvWriteOptions.builder(w).build());
    return new ByteArrayInputStream(w.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Every column as text: what {@link ColumnInference} looks at. */
  @Override
  public Table readText(List<String> missingValues) throws IOException {
    return read(Schema.builder().missingValues(missingValues.toArray(new String[0])).build());
  }

  @Override
  public String toString() {
    return displayName();
  }
}
