package dev.jgrad.datasets;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.io.jdbc.SqlResultSetReader;

/**
 * Reads the rows of a JDBC {@link ResultSet} into a Tablesaw {@link Table} with the column types a {@link Schema}
 * declares, as {@link CsvLoader} does for CSV text: the same tables, the same missing-value policies and checks, so
 * a {@link Preprocessor} treats rows from a database and from a CSV file alike. Tablesaw's JDBC reader
 * ({@link SqlResultSetReader}, what {@code Table.read().db(resultSet)} calls) reads the rows with types from the SQL
 * types; each column is then converted to its declared type.
 *
 * <ul>
 *   <li><b>Names</b> match case-insensitively (SQL folds unquoted identifiers: H2 to upper case, PostgreSQL to lower
 *       case), so a schema's {@code cultivar} finds the column {@code CULTIVAR}; the table uses the schema's
 *       spelling. An exact match wins over a case-insensitive one.</li>
 *   <li><b>Missing values</b> are SQL NULLs (and NaN in a floating-point column, as in CSV); an empty string is a
 *       value.</li>
 *   <li><b>Numeric and integer</b> columns accept any SQL number, BOOLEAN (1 and 0) and text holding numbers.</li>
 *   <li><b>Categorical</b> columns and columns the schema does not declare become text as a CSV file would hold it:
 *       integers without a point, doubles as {@link Double#toString}, BOOLEAN as {@code true}/{@code false}, DATE
 *       and TIMESTAMP in ISO form ({@code 2024-03-01}).</li>
 * </ul>
 *
 * <p>Every problem is a {@link MalformedDataException} naming the source, the 1-based row of the result and the
 * column: a declared column the query does not return (the message lists the columns it does), two columns whose
 * names differ only in case, a value that is not a number, an infinite value, a NULL in a {@link MissingPolicy#FAIL}
 * column, and a column whose SQL type Tablesaw cannot read (BLOB, ARRAY...).
 *
 * <pre>{@code
 * try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
 *     ResultSet rs = s.executeQuery("SELECT * FROM penguins")) {
 *   Table table = new JdbcLoader(schema).read(rs, "penguins");
 * }
 * }</pre>
 */
public final class JdbcLoader {
  private static final Pattern DUPLICATE = Pattern.compile("duplicate name (.*) to table");
  private static final Pattern NO_TYPE = Pattern.compile("No column type found for (-?\\d+) as specified for column (.*)");

  private final Schema schema;
  private final boolean infAsMissing;

  /** A loader for result sets laid out as {@code schema} says. */
  public JdbcLoader(Schema schema) {
    this(schema, false);
  }

  private JdbcLoader(Schema schema, boolean infAsMissing) {
    this.schema = Objects.requireNonNull(schema, "JdbcLoader: schema must not be null");
    this.infAsMissing = infAsMissing;
  }

  /** A loader that reads infinite values as missing, as {@link CsvLoader#infAsMissing(boolean)}. */
  public JdbcLoader infAsMissing(boolean enabled) {
    return new JdbcLoader(schema, enabled);
  }

  /** The declared layout this loader reads. */
  public Schema schema() {
    return schema;
  }

  /**
   * Reads every remaining row of {@code rows} (not closed); {@code source} names it in messages.
   *
   * @throws MalformedDataException if the content does not fit the schema (see the class comment)
   * @throws SQLException if the database fails while the rows are read
   */
  public Table read(ResultSet rows, String source) throws SQLException, MalformedDataException {
    return conform(readRows(rows, Integer.MAX_VALUE, source), source, 1);
  }

  /**
   * Converts a table Tablesaw read from a result set (column types from the SQL types) to the schema's types.
   *
   * @throws MalformedDataException as {@link #read}
   */
  public Table conform(Table rows, String source) throws MalformedDataException {
    return conform(rows, source, 1);
  }

  /**
   * The name among {@code columns} that {@code wanted} means: itself, else the one column equal to it ignoring case;
   * null if there is none.
   *
   * @throws IllegalArgumentException if several columns equal it ignoring case and none exactly
   */
  public static String matchColumn(String wanted, List<String> columns) {
    if (columns.contains(wanted)) {
      return wanted;
    }
    String found = null;
    for (String c : columns) {
      if (c.equalsIgnoreCase(wanted)) {
        if (found != null) {
          throw new IllegalArgumentException("column '" + wanted + "' is ambiguous: it matches both '" + found
              + "' and '" + c + "' (names differ only in case; rename one with AS in the query)");
        }
        found = c;
      }
    }
    return found;
  }

  /**
   * At most {@code maxRows} rows of {@code rows} as Tablesaw reads them, advancing its cursor by that many; fewer
   * when the result ends.
   */
  static Table readRows(ResultSet rows, int maxRows, String source) throws SQLException, MalformedDataException {
    try {
      return SqlResultSetReader.read(maxRows == Integer.MAX_VALUE ? rows : limited(rows, maxRows));
    } catch (IllegalStateException e) {
      Matcher m = NO_TYPE.matcher(String.valueOf(e.getMessage()));
      if (!m.find()) {
        throw e;
      }
      String column = m.group(2);
      throw new MalformedDataException("JdbcLoader: " + source + ": column '" + column + "' has SQL type "
          + typeName(rows.getMetaData(), column, m.group(1)) + ", which cannot be read as numbers or text; leave it "
          + "out of the query or CAST it (to DOUBLE PRECISION or VARCHAR)", source, 0, column, e);
    } catch (IllegalArgumentException e) {
      // Tablesaw refuses a second column of the same name, ignoring case (SELECT a.x, b.x ...).
      Matcher m = DUPLICATE.matcher(String.valueOf(e.getMessage()));
      if (!m.find()) {
        throw e;
      }
      throw new MalformedDataException("JdbcLoader: " + source + ": two columns are named '" + m.group(1)
          + "' (names that differ only in case count as the same); give them distinct names with AS", source, 0,
          m.group(1), e);
    }
  }

  private static String typeName(ResultSetMetaData meta, String column, String code) throws SQLException {
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      if (meta.getColumnName(i).equals(column) || meta.getColumnLabel(i).equals(column)) {
        return meta.getColumnTypeName(i);
      }
    }
    return "code " + code;
  }

  /** A view of {@code rows} whose {@code next()} ends after {@code maxRows} rows, leaving the cursor there. */
  private static ResultSet limited(ResultSet rows, int maxRows) {
    int[] read = {0};
    return (ResultSet) Proxy.newProxyInstance(JdbcLoader.class.getClassLoader(), new Class<?>[] {ResultSet.class},
        (proxy, method, args) -> {
          if (method.getName().equals("next") && method.getParameterCount() == 0) {
            if (read[0] >= maxRows || !rows.next()) {
              return false;
            }
            read[0]++;
            return true;
          }
          try {
            return method.invoke(rows, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /**
   * The schema's view of {@code raw}: declared columns renamed to the schema's spelling and converted to their
   * types, undeclared ones as text, skipped ones left out; then the checks. {@code firstRow} is the 1-based number
   * of {@code raw}'s first row in the whole result.
   */
  Table conform(Table raw, String source, long firstRow) throws MalformedDataException {
    List<String> names = raw.columnNames();
    Map<String, String> declaredFor = new LinkedHashMap<>();   // raw name -> schema name
    List<String> wanted = new ArrayList<>(schema.featureColumns());
    if (schema.target() != null) {
      wanted.add(schema.target().name());
    }
    wanted.addAll(schema.extras().keySet());
    List<String> absent = new ArrayList<>();
    for (String w : wanted) {
      String actual;
      try {
        actual = matchColumn(w, names);
      } catch (IllegalArgumentException e) {
        throw new MalformedDataException("JdbcLoader: " + source + ": " + e.getMessage(), source, 0, w, e);
      }
      if (actual != null) {
        declaredFor.put(actual, w);
      } else if (!schema.extras().containsKey(w)) {
        absent.add(w);
      }
    }
    Schema.Target target = schema.target();
    if (target != null && absent.contains(target.name())) {
      throw new MalformedDataException("JdbcLoader: " + source + ": target column '" + target.name()
          + "' not found; the query's columns are " + names, source, 0, target.name());
    }
    if (!absent.isEmpty()) {
      throw new MalformedDataException("JdbcLoader: " + source + ": feature column" + (absent.size() == 1 ? " "
          : "s ") + absent + " not found; the query's columns are " + names, source, 0, absent.get(0));
    }
    Table out = Table.create(raw.name() != null ? raw.name() : source);
    for (Column<?> c : raw.columns()) {
      String name = declaredFor.getOrDefault(c.name(), c.name());
      ColumnType type = declaredFor.containsKey(c.name()) ? schema.columnType(name) : ColumnType.STRING;
      if (type != ColumnType.SKIP) {
        out.addColumns(convert(c, name, type, source, firstRow));
      }
    }
    checkMissing(out, source, firstRow);
    return out;
  }

  private Column<?> convert(Column<?> c, String name, ColumnType type, String source, long firstRow)
      throws MalformedDataException {
    if (type == ColumnType.STRING) {
      StringColumn text = StringColumn.create(name);
      for (int i = 0; i < c.size(); i++) {
        if (c.isMissing(i)) {
          text.appendMissing();
        } else {
          text.append(text(c, i));
        }
      }
      return text;
    }
    if (type == ColumnType.DOUBLE || type == ColumnType.INTEGER) {
      boolean integer = type == ColumnType.INTEGER;
      double[] v = new double[c.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = number(c, i, integer, source, firstRow + i, name);
        if (Double.isInfinite(v[i])) {
          if (!infAsMissing) {
            throw new MalformedDataException("JdbcLoader: " + source + ", row " + (firstRow + i) + ", column '"
                + name + "': infinite value " + v[i] + " (a model cannot learn from it; to read infinities as "
                + "missing values use infAsMissing(true), or --inf-as-na on the command line)", source,
                firstRow + i, name);
          }
          v[i] = Double.NaN;
        }
      }
      if (!integer) {
        return DoubleColumn.create(name, v);
      }
      IntColumn ints = IntColumn.create(name);
      for (double d : v) {
        if (Double.isNaN(d)) {
          ints.appendMissing();
        } else {
          ints.append((int) d);
        }
      }
      return ints;
    }
    if (c.type() == type) {
      return c.copy().setName(name);
    }
    throw new MalformedDataException("JdbcLoader: " + source + ": column '" + name + "' holds " + c.type().name()
        + " values, but the schema declares it " + type.name(), source, 0, name);
  }

  /** One cell as a number: NaN when missing; fails for text that is not one, or a fraction in an integer column. */
  private static double number(Column<?> c, int i, boolean integer, String source, long row, String name)
      throws MalformedDataException {
    if (c.isMissing(i)) {
      return Double.NaN;
    }
    double v;
    if (c instanceof NumericColumn<?> n) {
      v = n.getDouble(i);
    } else if (c instanceof BooleanColumn b) {
      v = b.get(i) ? 1 : 0;
    } else if (c instanceof StringColumn s) {
      String cell = s.get(i).trim();
      if (NumberSpelling.isNaN(cell)) {
        return Double.NaN;
      }
      try {
        v = Double.parseDouble(cell);
      } catch (NumberFormatException e) {
        throw new MalformedDataException("JdbcLoader: " + source + ", row " + row + ", column '" + name + "': '"
            + cell + "' is not " + (integer ? "an integer" : "a number") + " (the column is declared "
            + (integer ? "integer" : "numeric") + ")", source, row, name, e);
      }
    } else {
      throw new MalformedDataException("JdbcLoader: " + source + ": column '" + name + "' holds "
          + c.type().name() + " values, which are not numbers; declare it categorical or leave it out", source, 0,
          name);
    }
    if (integer && !Double.isNaN(v) && (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE)) {
      throw new MalformedDataException("JdbcLoader: " + source + ", row " + row + ", column '" + name + "': "
          + text(c, i) + " is not an integer in the int range (the column is declared integer)", source, row, name);
    }
    return v;
  }

  /** A cell as a CSV file would spell it. */
  static String text(Column<?> c, int i) {
    if (c instanceof DoubleColumn d) {
      return Double.toString(d.getDouble(i));
    }
    if (c instanceof FloatColumn f) {
      return Float.toString(f.getFloat(i));
    }
    return String.valueOf(c.get(i));
  }

  /** NULLs in FAIL columns: the first one fails, naming its row. */
  private void checkMissing(Table table, String source, long firstRow) throws MalformedDataException {
    Schema.MissingCell cell = schema.firstMissingInFailColumns(table);
    if (cell != null) {
      String name = cell.column();
      int missing = cell.count();
      int first = cell.index();
      long row = firstRow + first;
      throw new MalformedDataException(String.format(Locale.ROOT, "JdbcLoader: %s, row %d, column '%s': missing "
          + "value (NULL; %d in the %d rows read; the missing-value policy is FAIL, choose DROP_ROW or a FILL_ policy "
          + "with Schema.Builder.missing)", source, row, name, missing, table.rowCount()), source, row, name);
    }
  }
}
