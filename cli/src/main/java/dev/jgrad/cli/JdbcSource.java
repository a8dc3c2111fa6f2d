package dev.jgrad.cli;

import dev.jgrad.datasets.Datasets;
import dev.jgrad.datasets.JdbcLoader;
import dev.jgrad.datasets.JdbcQuery;
import dev.jgrad.datasets.MalformedDataException;
import dev.jgrad.datasets.Schema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tech.tablesaw.api.Table;

/**
 * What {@code --jdbc URL --query SQL} names: the rows of a query, read once (through {@link Datasets#fromJdbc}) and
 * kept, so that the text view column inference looks at and the typed view training reads come from one execution.
 * NULL is the only missing value; column names match case-insensitively.
 */
final class JdbcSource implements TableSource {
  private static final Pattern FROM = Pattern.compile("(?i)\\bfrom\\s+([A-Za-z_][\\w.]*)");

  private final String url;
  private final JdbcQuery query;
  private Table rows;

  private JdbcSource(String url, JdbcQuery query) {
    this.url = url;
    this.query = query;
  }

  /**
   * @throws CliException (failure) if no driver accepts the URL
   */
  static JdbcSource of(String url, String query) {
    try {
      DriverManager.getDriver(url);
    } catch (SQLException e) {
      throw CliException.failure("no JDBC driver for " + JdbcQuery.redact(url) + " — put the driver jar on the "
          + "class path or pass --jdbc-driver JAR", e);
    }
    return new JdbcSource(url, Datasets.fromJdbc(url, query));
  }

  /** The query's rows with the types of their SQL types, read on first use. */
  Table rows() throws MalformedDataException {
    if (rows == null) {
      try {
        rows = query.table();
      } catch (SQLException e) {
        throw CliException.failure(e.getMessage(), e);
      }
      if (rows.rowCount() == 0) {
        throw CliException.failure(displayName() + " returned no rows");
      }
    }
    return rows;
  }

  /** A new connection to the database, for writing. */
  Connection connect() {
    try {
      return DriverManager.getConnection(url);
    } catch (SQLException e) {
      throw CliException.failure("cannot connect to " + JdbcQuery.redact(url) + ": "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
    }
  }

  @Override
  public String displayName() {
    return query.source();
  }

  /** The first table the query reads from, else {@code query}. */
  @Override
  public String stem() {
    Matcher m = FROM.matcher(query.query());
    if (!m.find()) {
      return "query";
    }
    String name = m.group(1);
    return name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
  }

  @Override
  public String bundledTarget() {
    return null;
  }

  @Override
  public String arguments() {
    return "--jdbc " + shellQuoted(JdbcQuery.redact(url)) + " --query " + shellQuoted(query.query());
  }

  private static String shellQuoted(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  @Override
  public Table readText(List<String> missingValues) throws MalformedDataException {
    return new JdbcLoader(Schema.builder().build()).conform(rows(), displayName());
  }

  @Override
  public Table read(Schema schema, boolean infAsMissing) throws MalformedDataException {
    return new JdbcLoader(schema).infAsMissing(infAsMissing).conform(rows(), displayName());
  }

  @Override
  public String column(String given, List<String> columns) {
    try {
      String match = JdbcLoader.matchColumn(given, columns);
      return match != null ? match : given;
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  @Override
  public String toString() {
    return displayName();
  }
}
