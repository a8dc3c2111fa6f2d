package dev.jgrad.cli;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Writes a Tablesaw table into a database table in one transaction ({@code jgrad predict --write-table}): creates
 * the table (or appends to it, or replaces it, as {@link IfExists} says, pandas' {@code to_sql} choices) and inserts
 * every row in batches; on any failure the transaction is rolled back. Column types are standard SQL (INTEGER,
 * BIGINT, DOUBLE PRECISION, VARCHAR(n), BOOLEAN, DATE, TIMESTAMP...); column names are quoted, those that are plain
 * identifiers first folded as the database folds unquoted names, so that a query names them without quotes.
 *
 * <p>Where the database commits DDL at once (H2, MySQL, Oracle), a failure while inserting drops the table the write
 * created; with {@link IfExists#REPLACE} the old table is then gone. PostgreSQL and SQLite roll DDL back too.
 */
final class SqlTableWriter {
  /** What to do when the table exists. */
  enum IfExists {
    /** Refuse (the default). */
    FAIL,
    /** Drop it and create it anew. */
    REPLACE,
    /** Insert the rows into it (its columns must take them). */
    APPEND
  }

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
  private static final int BATCH = 1000;

  private SqlTableWriter() {}

  /**
   * Writes {@code rows} to the table {@code name}.
   *
   * @throws CliException (usage) for a name that is not an identifier, or an existing table with {@code FAIL};
   *     (failure) when the database refuses the write, with its message
   */
  static void write(Connection c, String name, IfExists ifExists, Table rows) {
    if (!TABLE_NAME.matcher(name).matches()) {
      throw CliException.usage("--write-table: '" + name + "' is not a table name (letters, digits and _, "
          + "optionally schema.table)");
    }
    try {
      c.setAutoCommit(true);
      boolean exists = exists(c, name);
      if (exists && ifExists == IfExists.FAIL) {
        throw CliException.usage("--write-table: table " + name + " already exists; pass --if-exists replace to "
            + "drop and recreate it, or --if-exists append to add the rows to it");
      }
      Naming naming = Naming.of(c.getMetaData());
      c.setAutoCommit(false);
      boolean creates = !exists || ifExists == IfExists.REPLACE;
      try {
        try (Statement s = c.createStatement()) {
          if (exists && ifExists == IfExists.REPLACE) {
            s.execute("DROP TABLE " + name);
          }
          if (creates) {
            s.execute(createStatement(name, rows, naming));
          }
        }
        insert(c, name, rows, naming);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        if (creates && !exists && exists(c, name)) {
          try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE " + name);   // created and committed by the DDL; the rows never were
          }
          c.commit();
        }
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw CliException.failure("--write-table: writing " + rows.rowCount() + " rows to " + name + " failed and "
          + "was rolled back: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip(), e);
    }
  }

  /** Whether the table exists: a query on it succeeds (run outside the transaction, which it may abort). */
  private static boolean exists(Connection c, String name) {
    try (Statement s = c.createStatement()) {
      s.executeQuery("SELECT 1 FROM " + name + " WHERE 1 = 0").close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  static String createStatement(String name, Table rows, Naming naming) {
    List<String> columns = new ArrayList<>();
    for (Column<?> col : rows.columns()) {
      columns.add(identifier(col.name(), naming) + " " + sqlType(col));
    }
    return "CREATE TABLE " + name + " (" + String.join(", ", columns) + ")";
  }

  private static void insert(Connection c, String name, Table rows, Naming naming) throws SQLException {
    List<String> names = new ArrayList<>();
    for (Column<?> col : rows.columns()) {
      names.add(identifier(col.name(), naming));
    }
    String sql = "INSERT INTO " + name + " (" + String.join(", ", names) + ") VALUES ("
        + "?, ".repeat(names.size() - 1) + "?)";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < rows.rowCount(); i++) {
        for (int j = 0; j < rows.columnCount(); j++) {
          Column<?> col = rows.column(j);
          if (col.isMissing(i)) {
            p.setNull(j + 1, jdbcType(col));
          } else {
            Object v = col.get(i);
            p.setObject(j + 1, v instanceof Instant t ? t.atOffset(ZoneOffset.UTC) : v);
          }
        }
        p.addBatch();
        if ((i + 1) % BATCH == 0) {
          p.executeBatch();
        }
      }
      p.executeBatch();
    }
  }

  /**
   * How column names are written: quoted (a name such as {@code day} or {@code value} is a keyword in some
   * databases), a plain name first folded to the case the database gives unquoted names, so it reads back unquoted.
   *
   * @param quote the identifier quote ({@code "} in standard SQL; empty if the database has none)
   * @param fold {@code 'U'} or {@code 'L'} for upper or lower case, {@code ' '} to keep the case
   */
  record Naming(String quote, char fold) {
    static Naming of(DatabaseMetaData meta) throws SQLException {
      char fold = meta.storesUpperCaseIdentifiers() ? 'U' : meta.storesLowerCaseIdentifiers() ? 'L' : ' ';
      return new Naming(meta.getIdentifierQuoteString().trim(), fold);
    }
  }

  private static String identifier(String name, Naming naming) {
    String quote = naming.quote();
    if (quote.isEmpty()) {
      return name;
    }
    String folded = !PLAIN.matcher(name).matches() ? name : naming.fold() == 'U' ? name.toUpperCase(Locale.ROOT)
        : naming.fold() == 'L' ? name.toLowerCase(Locale.ROOT) : name;
    return quote + folded.replace(quote, quote + quote) + quote;
  }

  private static String sqlType(Column<?> col) {
    if (jdbcType(col) == Types.VARCHAR) {
      int longest = 1;
      for (int i = 0; i < col.size(); i++) {
        if (!col.isMissing(i)) {
          longest = Math.max(longest, col.getString(i).length());
        }
      }
      return "VARCHAR(" + longest + ")";
    }
    return switch (jdbcType(col)) {
      case Types.SMALLINT -> "SMALLINT";
      case Types.INTEGER -> "INTEGER";
      case Types.BIGINT -> "BIGINT";
      case Types.REAL -> "REAL";
      case Types.DOUBLE -> "DOUBLE PRECISION";
      case Types.BOOLEAN -> "BOOLEAN";
      case Types.DATE -> "DATE";
      case Types.TIME -> "TIME";
      case Types.TIMESTAMP -> "TIMESTAMP";
      default -> "TIMESTAMP WITH TIME ZONE";
    };
  }

  private static int jdbcType(Column<?> col) {
    // By name: Tablesaw's column type objects are not all singletons.
    Integer type = switch (col.type().name()) {
      case "STRING", "TEXT" -> Types.VARCHAR;
      case "SHORT" -> Types.SMALLINT;
      case "INTEGER" -> Types.INTEGER;
      case "LONG" -> Types.BIGINT;
      case "FLOAT" -> Types.REAL;
      case "DOUBLE" -> Types.DOUBLE;
      case "BOOLEAN" -> Types.BOOLEAN;
      case "LOCAL_DATE" -> Types.DATE;
      case "LOCAL_TIME" -> Types.TIME;
      case "LOCAL_DATE_TIME" -> Types.TIMESTAMP;
      case "INSTANT" -> Types.TIMESTAMP_WITH_TIMEZONE;
      default -> null;
    };
    if (type != null) {
      return type;
    }
    throw CliException.failure("--write-table: column '" + col.name() + "' has type "
        + col.type().name().toLowerCase(Locale.ROOT) + ", which has no SQL column type here");
  }
}
