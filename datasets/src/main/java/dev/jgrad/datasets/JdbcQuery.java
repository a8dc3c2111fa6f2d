package dev.jgrad.datasets;

import static com.google.common.base.Preconditions.checkArgument;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import tech.tablesaw.api.Table;

/**
 * A SQL query against a database, what {@link Datasets#fromJdbc} returns: its rows read whole into a Tablesaw
 * {@link Table} ({@link #table(Schema)}, like a CSV file through {@link CsvLoader}), or streamed a chunk at a time
 * as an {@link IterableDataset} ({@link #stream}) for tables larger than memory. Rows are converted by
 * {@link JdbcLoader}: the same column types, missing-value policies (SQL NULL is missing) and preprocessing as CSV,
 * column names matched case-insensitively.
 *
 * <p>Each read executes the query anew: on a connection opened from the URL or the {@link DataSource} and closed
 * afterwards, or on the caller's {@link Connection}, which is left open. Rows come in the query's order, which SQL
 * leaves undefined without {@code ORDER BY}.
 *
 * <p>Database failures are {@link SQLException}s with one clear line: no driver for the URL, a failed connection
 * (naming the URL without its password), the database's own message for a bad query.
 *
 * <pre>{@code
 * JdbcQuery q = Datasets.fromJdbc("jdbc:h2:mem:shop", "SELECT * FROM orders");
 * Table table = q.table(schema);                                      // whole, in memory
 * JdbcDataset rows = q.stream(schema);                                // a chunk of rows at a time
 * }</pre>
 */
public final class JdbcQuery {
  /** The JDBC fetch size by default: rows the driver brings per round trip. */
  public static final int DEFAULT_FETCH_SIZE = 1000;
  private static final Pattern PASSWORD_SETTING = Pattern.compile("(?i)(password|pwd)=([^;&]*)");
  private static final Pattern USER_INFO = Pattern.compile("//([^/@:]*):([^/@]*)@");

  /** Opens the connection a read runs on. */
  @FunctionalInterface
  private interface Connector {
    Connection open() throws SQLException;
  }

  private final Connector connector;
  private final boolean ownsConnections;
  private final String database;
  private final String secret;
  private final String query;
  private final int fetchSize;
  private final boolean infAsMissing;

  private JdbcQuery(Connector connector, boolean ownsConnections, String database, String secret, String query,
      int fetchSize, boolean infAsMissing) {
    this.connector = connector;
    this.ownsConnections = ownsConnections;
    this.database = database;
    this.secret = secret;
    this.query = query;
    this.fetchSize = fetchSize;
    this.infAsMissing = infAsMissing;
  }

  static JdbcQuery of(String url, String query) {
    Objects.requireNonNull(url, "Datasets.fromJdbc: url must not be null");
    String secret = password(url);
    String shown = redact(url);
    Connector c = () -> {
      try {
        DriverManager.getDriver(url);
      } catch (SQLException e) {
        throw new SQLException("no JDBC driver for " + shown + " — put the driver jar on the class path", "08001", e);
      }
      try {
        return DriverManager.getConnection(url);
      } catch (SQLException e) {
        throw new SQLException("cannot connect to " + shown + ": " + scrub(firstLine(e.getMessage()), secret),
            e.getSQLState(), e);
      }
    };
    return new JdbcQuery(c, true, shown, secret, checked(query), DEFAULT_FETCH_SIZE, false);
  }

  static JdbcQuery of(DataSource source, String query) {
    Objects.requireNonNull(source, "Datasets.fromJdbc: data source must not be null");
    String shown = "a " + source.getClass().getSimpleName();
    Connector c = () -> {
      try {
        return source.getConnection();
      } catch (SQLException e) {
        throw new SQLException("cannot connect to " + shown + ": " + firstLine(e.getMessage()), e.getSQLState(), e);
      }
    };
    return new JdbcQuery(c, true, shown, null, checked(query), DEFAULT_FETCH_SIZE, false);
  }

  static JdbcQuery of(Connection connection, String query) {
    Objects.requireNonNull(connection, "Datasets.fromJdbc: connection must not be null");
    String shown;
    try {
      shown = redact(connection.getMetaData().getURL());
    } catch (SQLException | RuntimeException e) {
      shown = "a " + connection.getClass().getSimpleName();
    }
    return new JdbcQuery(() -> connection, false, shown, null, checked(query), DEFAULT_FETCH_SIZE, false);
  }

  private static String checked(String query) {
    checkArgument(query != null && !query.isBlank(), "Datasets.fromJdbc: the query must not be empty, got %s",
        query == null ? "null" : "'" + query + "'");
    return query.strip();
  }

  /**
   * This query with another JDBC fetch size, the rows the driver brings per round trip (a hint; default
   * {@value #DEFAULT_FETCH_SIZE}). PostgreSQL streams only outside auto-commit mode, which connections opened here
   * are put in while they read.
   *
   * @throws IllegalArgumentException if {@code rows < 1}
   */
  public JdbcQuery fetchSize(int rows) {
    checkArgument(rows >= 1, "JdbcQuery.fetchSize: must be at least 1, got %s", rows);
    return new JdbcQuery(connector, ownsConnections, database, secret, query, rows, infAsMissing);
  }

  /** This query reading infinite values as missing, as {@link CsvLoader#infAsMissing(boolean)}. */
  public JdbcQuery infAsMissing(boolean enabled) {
    return new JdbcQuery(connector, ownsConnections, database, secret, query, fetchSize, enabled);
  }

  /** The SQL text. */
  public String query() {
    return query;
  }

  /** The rows' source for messages: the database (a URL without its password) and the query. */
  public String source() {
    return database + " (" + query + ")";
  }

  /**
   * Every row, with the types Tablesaw gives the SQL types (INTEGER as int, DOUBLE as double, VARCHAR as text, DATE
   * as a date...), NULL as missing, and the names as the database spells them.
   *
   * @throws SQLException if the database cannot be reached or the query fails
   * @throws MalformedDataException if a column has a type Tablesaw cannot read, or two columns share a name
   */
  public Table table() throws SQLException, MalformedDataException {
    try (Cursor cursor = open()) {
      return JdbcLoader.readRows(cursor.rows(), Integer.MAX_VALUE, source());
    }
  }

  /**
   * Every row as {@code schema} declares it, as {@link CsvLoader} reads a file (see {@link JdbcLoader}).
   *
   * @throws SQLException if the database cannot be reached or the query fails
   * @throws MalformedDataException if the rows do not fit the schema, or there are none
   */
  public Table table(Schema schema) throws SQLException, MalformedDataException {
    Table raw = table();
    if (raw.rowCount() == 0) {
      throw new MalformedDataException("JdbcLoader: " + source() + " returned no rows", source(), 0, null);
    }
    return loader(schema).conform(raw, source());
  }

  /**
   * The rows as a stream of samples, {@link JdbcDataset#DEFAULT_CHUNK_ROWS} rows at a time, with a preprocessor
   * fitted on the first {@link JdbcDataset#DEFAULT_FIT_ROWS} rows.
   *
   * @throws SQLException if the database cannot be reached or the query fails
   * @throws MalformedDataException if those rows do not fit the schema, or there are none
   */
  public JdbcDataset stream(Schema schema) throws SQLException, MalformedDataException {
    return stream(schema, JdbcDataset.DEFAULT_CHUNK_ROWS, JdbcDataset.DEFAULT_FIT_ROWS);
  }

  /**
   * The rows as a stream of samples, {@code chunkRows} rows at a time, with a {@link Preprocessor} fitted on the
   * first {@code fitRows} rows of the result (read once, now; see {@link JdbcDataset} for what that means for the
   * fill values, scaling and categories).
   *
   * @throws IllegalArgumentException if {@code chunkRows} or {@code fitRows} is below 1
   * @throws SQLException if the database cannot be reached or the query fails
   * @throws MalformedDataException if those rows do not fit the schema, or there are none
   */
  public JdbcDataset stream(Schema schema, int chunkRows, int fitRows) throws SQLException, MalformedDataException {
    checkArgument(fitRows >= 1, "JdbcQuery.stream: fitRows must be at least 1, got %s", fitRows);
    checkArgument(chunkRows >= 1, "JdbcQuery.stream: chunkRows must be at least 1, got %s", chunkRows);
    Table sample;
    try (Cursor cursor = open()) {
      sample = JdbcLoader.readRows(cursor.rows(), fitRows, source());
    }
    if (sample.rowCount() == 0) {
      throw new MalformedDataException("JdbcLoader: " + source() + " returned no rows", source(), 0, null);
    }
    Table conformed = loader(schema).conform(sample, source());
    Preprocessor pre = Preprocessor.fit(conformed, schema);
    // A sample smaller than asked for is the whole result: its kept rows are the samples of a pass.
    return new JdbcDataset(this, pre, chunkRows, sample.rowCount() < fitRows ? schema.keptRows(conformed).length
        : -1);
  }

  /**
   * The rows as a stream of samples, {@code chunkRows} rows at a time, turned into tensors by {@code preprocessor}
   * (fitted elsewhere: on a table, or loaded with a saved model).
   *
   * @throws IllegalArgumentException if {@code chunkRows < 1}
   */
  public JdbcDataset stream(Preprocessor preprocessor, int chunkRows) {
    Objects.requireNonNull(preprocessor, "JdbcQuery.stream: preprocessor must not be null");
    checkArgument(chunkRows >= 1, "JdbcQuery.stream: chunkRows must be at least 1, got %s", chunkRows);
    return new JdbcDataset(this, preprocessor, chunkRows, -1);
  }

  JdbcLoader loader(Schema schema) {
    return new JdbcLoader(schema).infAsMissing(infAsMissing);
  }

  /**
   * The number of rows the query returns: {@code SELECT COUNT(*)} over it, or, where the database refuses the
   * query as a subquery, one pass over its rows.
   */
  long countRows() throws SQLException {
    String inner = query.endsWith(";") ? query.substring(0, query.length() - 1) : query;
    Connection c = connector.open();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM (" + inner
        + ") jgrad_rows")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      try (Cursor cursor = open()) {
        long n = 0;
        while (cursor.rows().next()) {
          n++;
        }
        return n;
      }
    } finally {
      if (ownsConnections) {
        c.close();
      }
    }
  }

  /** Executes the query; the cursor's rows are read from its first row. */
  Cursor open() throws SQLException {
    Connection c = connector.open();
    Statement s = null;
    try {
      if (ownsConnections) {
        c.setAutoCommit(false);   // PostgreSQL honours the fetch size only inside a transaction
      }
      s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
      s.setFetchSize(fetchSize);
      ResultSet rs;
      try {
        rs = s.executeQuery(query);
      } catch (SQLException e) {
        throw new SQLException("the query failed on " + database + ": " + scrub(firstLine(e.getMessage()), secret)
            + " (query: " + query + ")", e.getSQLState(), e);
      }
      return new Cursor(c, s, rs);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(s, c, e);
      throw e;
    }
  }

  private void closeQuietly(Statement s, Connection c, Exception failure) {
    try {
      if (s != null) {
        s.close();
      }
      if (ownsConnections) {
        c.close();
      }
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  /** An executed query: its rows, and what to close when they are read. */
  final class Cursor implements AutoCloseable {
    private final Connection connection;
    private final Statement statement;
    private final ResultSet rows;

    private Cursor(Connection connection, Statement statement, ResultSet rows) {
      this.connection = connection;
      this.statement = statement;
      this.rows = rows;
    }

    ResultSet rows() {
      return rows;
    }

    @Override
    public void close() throws SQLException {
      try {
        statement.close();   // closes the rows too
      } finally {
        if (ownsConnections) {
          connection.close();
        }
      }
    }
  }

  /** {@code url} with a password in it ({@code password=...}, {@code user:password@host}) replaced by {@code ***}. */
  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    String s = PASSWORD_SETTING.matcher(url).replaceAll("$1=***");
    return USER_INFO.matcher(s).replaceAll("//$1:***@");
  }

  private static String password(String url) {
    Matcher m = PASSWORD_SETTING.matcher(url);
    if (m.find() && !m.group(2).isEmpty()) {
      return m.group(2);
    }
    m = USER_INFO.matcher(url);
    return m.find() && !m.group(2).isEmpty() ? m.group(2) : null;
  }

  /** A database's message without the password, should it quote the URL. */
  private static String scrub(String message, String secret) {
    return secret == null || message == null ? message : message.replace(secret, "***");
  }

  static String firstLine(String s) {
    if (s == null) {
      return "no message";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  @Override
  public String toString() {
    return "JdbcQuery(" + source() + ")";
  }
}
