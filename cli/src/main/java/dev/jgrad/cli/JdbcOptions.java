package dev.jgrad.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that read rows from a database instead of a CSV file (a picocli mixin of train and predict). */
final class JdbcOptions {
  @Option(names = "--jdbc", paramLabel = "URL",
      description = "Read the rows from a database instead of --csv: a JDBC URL such as jdbc:h2:./shop, "
          + "jdbc:postgresql://host:5432/db or jdbc:sqlite:path.db (with --query).")
  String url;

  @Option(names = "--query", paramLabel = "SQL",
      description = "The SQL query whose rows to read, with --jdbc (column names match case-insensitively).")
  String query;

  @Option(names = "--jdbc-driver", paramLabel = "JAR",
      description = "Load the JDBC driver from this jar (the H2 driver is built in).")
  Path driverJar;

  /**
   * The database source: loads the driver jar, and checks that there is a driver for the URL.
   *
   * @throws CliException (usage) without {@code --query}, or for a driver jar that holds no driver; (failure) when
   *     no driver accepts the URL
   */
  JdbcSource source() {
    if (query == null || query.isBlank()) {
      throw CliException.usage("--jdbc needs --query SQL: the query whose rows to read");
    }
    if (driverJar != null) {
      DriverShim.register(driverJar);
    }
    return JdbcSource.of(url, query);
  }

  /** Checks that no database option is given without --jdbc. */
  void checkUnused() {
    if (url == null && (query != null || driverJar != null)) {
      throw CliException.usage((query != null ? "--query" : "--jdbc-driver") + " applies to --jdbc URL");
    }
  }
}
