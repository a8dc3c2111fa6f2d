package dev.jgrad.cli;

import dev.jgrad.datasets.Schema;
import java.io.IOException;
import java.util.List;
import tech.tablesaw.api.Table;

/**
 * Where {@code train} and {@code predict} read their rows: a CSV file or bundled dataset ({@link CsvSource}), or a
 * database query ({@link JdbcSource}). Both give the same tables, so column inference, the split and the
 * preprocessing do not know which one they read.
 */
interface TableSource {
  /**
   * The source the command line names: {@code --csv}, or {@code --jdbc} with {@code --query}.
   *
   * @throws CliException (usage) for neither or both
   */
  static TableSource of(String csv, CsvDialect dialect, JdbcOptions jdbc) {
    if (jdbc.url != null) {
      if (csv != null) {
        throw CliException.usage("--csv and --jdbc both name rows to read; give one");
      }
      return jdbc.source();
    }
    if (csv == null) {
      throw CliException.usage("name the rows to read: --csv FILE (or a bundled dataset), or --jdbc URL --query SQL");
    }
    return CsvSource.resolve(csv, "--csv").withDialect(dialect);
  }

  /** A name for messages. */
  String displayName();

  /** A default output folder name. */
  String stem();

  /** The usual target of a bundled dataset, or null. */
  String bundledTarget();

  /** The options that name this source again, for the command printed after training. */
  String arguments();

  /** Every column as text, as {@link ColumnInference} looks at it; {@code missingValues} are the missing cells. */
  Table readText(List<String> missingValues) throws IOException;

  /** The rows with the columns {@code schema} declares (undeclared ones as text). */
  Table read(Schema schema, boolean infAsMissing) throws IOException;

  /**
   * The column among {@code columns} that a name given on the command line means (itself if none matches). Names in
   * a CSV header are exact; a database's match case-insensitively, as SQL folds unquoted names.
   */
  default String column(String given, List<String> columns) {
    return given;
  }
}
