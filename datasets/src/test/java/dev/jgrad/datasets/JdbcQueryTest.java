package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.lang.reflect.Proxy;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Reading whole query results: the same tables and tensors as the CSV path, and one clear line per failure. */
class JdbcQueryTest {
  private static String url;
  private static Table csv;

  /** The bundled iris CSV, and the same rows in an H2 table (unquoted names: H2 spells them in upper case). */
  @BeforeAll
  static void irisInH2() throws Exception {
    csv = new CsvLoader(Datasets.irisSchema()).readResource(Datasets.class, "iris.csv");
    url = H2Tables.newUrl();
    H2Tables.execute(url, "CREATE TABLE iris (id INT PRIMARY KEY, sepal_length_cm DOUBLE, sepal_width_cm DOUBLE, "
        + "petal_length_cm DOUBLE, petal_width_cm DOUBLE, species VARCHAR(20))");
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < csv.rowCount(); i++) {
      rows.add(new Object[] {i, csv.doubleColumn(0).get(i), csv.doubleColumn(1).get(i), csv.doubleColumn(2).get(i),
          csv.doubleColumn(3).get(i), csv.stringColumn(4).get(i)});
    }
    H2Tables.insert(url, "iris", rows);
  }

  @Test
  void aTableFromTheDatabaseGivesTheCsvFilesPreprocessingAndTensors() throws Exception {
    Table db = Datasets.fromJdbc(url, "SELECT * FROM iris ORDER BY id").table(Datasets.irisSchema());
    Preprocessor fromCsv = Preprocessor.fit(csv, Datasets.irisSchema());
    Preprocessor fromDb = Preprocessor.fit(db, Datasets.irisSchema());
    assertEquals(fromCsv, fromDb);
    TensorDataset a = fromCsv.transform(csv);
    TensorDataset b = fromDb.transform(db);
    assertArrayEquals(a.features().toArray(), b.features().toArray());
    assertArrayEquals(a.targets().toLongArray(), b.targets().toLongArray());
  }

  @Test
  void aConnectionAndADataSourceReadTheSameRows() throws Exception {
    String sql = "SELECT * FROM iris ORDER BY id";
    Table byUrl = Datasets.fromJdbc(url, sql).table(Datasets.irisSchema());
    try (Connection c = DriverManager.getConnection(url)) {
      Table byConnection = Datasets.fromJdbc(c, sql).table(Datasets.irisSchema());
      assertFalse(c.isClosed(), "the caller's connection stays open");
      assertSameRows(byUrl, byConnection);
    }
    // A DataSource that hands out connections to the same database (H2's own needs java.naming).
    DataSource ds = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          if (method.getName().equals("getConnection")) {
            return DriverManager.getConnection(url);
          }
          throw new UnsupportedOperationException(method.getName());
        });
    assertSameRows(byUrl, Datasets.fromJdbc(ds, sql).table(Datasets.irisSchema()));
  }

  /** The same columns and values (the tables' names say where they were read from). */
  private static void assertSameRows(Table expected, Table actual) {
    assertEquals(expected.columnNames(), actual.columnNames());
    for (int i = 0; i < expected.columnCount(); i++) {
      assertEquals(expected.column(i).asList(), actual.column(i).asList(), expected.column(i).name());
    }
  }

  @Test
  void badSqlCarriesTheDatabasesMessage() {
    SQLException e = assertThrows(SQLException.class,
        () -> Datasets.fromJdbc(url, "SELECT * FROM no_such_table").table());
    assertTrue(e.getMessage().startsWith("the query failed on jdbc:h2:mem:"), e.getMessage());
    assertTrue(e.getMessage().contains("Table \"NO_SUCH_TABLE\" not found"), e.getMessage());
    assertTrue(e.getMessage().contains("(query: SELECT * FROM no_such_table)"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void aMissingDriverIsNamed() {
    SQLException e = assertThrows(SQLException.class,
        () -> Datasets.fromJdbc("jdbc:nosuchdb://host:5432/db?user=u&password=hunter2", "SELECT 1").table());
    assertEquals("no JDBC driver for jdbc:nosuchdb://host:5432/db?user=u&password=*** — put the driver jar on the "
        + "class path", e.getMessage());
  }

  @Test
  void aFailedConnectionNamesTheUrlWithoutThePassword() {
    String secret = "hunter2";
    SQLException e = assertThrows(SQLException.class, () -> Datasets.fromJdbc(
        "jdbc:h2:mem:" + url.hashCode() + ";IFEXISTS=TRUE;USER=sa;PASSWORD=" + secret, "SELECT 1").table());
    assertTrue(e.getMessage().startsWith("cannot connect to jdbc:h2:mem:"), e.getMessage());
    assertTrue(e.getMessage().contains("PASSWORD=***"), e.getMessage());
    assertFalse(e.getMessage().contains(secret), e.getMessage());
  }

  @Test
  void passwordsAreRedactedInEveryUrlForm() {
    assertEquals("jdbc:postgresql://host:5432/db?user=ml&password=***&ssl=true",
        JdbcQuery.redact("jdbc:postgresql://host:5432/db?user=ml&password=s3cret&ssl=true"));
    assertEquals("jdbc:mysql://ml:***@host/db", JdbcQuery.redact("jdbc:mysql://ml:s3cret@host/db"));
    assertEquals("jdbc:h2:mem:x;USER=sa;PASSWORD=***", JdbcQuery.redact("jdbc:h2:mem:x;USER=sa;PASSWORD=pw"));
    assertEquals("jdbc:sqlite:path.db", JdbcQuery.redact("jdbc:sqlite:path.db"));
  }

  @Test
  void anEmptyResultAndAnEmptyQueryAreRefused() {
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> Datasets.fromJdbc(url, "SELECT * FROM iris WHERE id < 0").table(Datasets.irisSchema()));
    assertTrue(e.getMessage().endsWith("(SELECT * FROM iris WHERE id < 0) returned no rows"), e.getMessage());
    IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> Datasets.fromJdbc(url, " "));
    assertTrue(blank.getMessage().contains("the query must not be empty"), blank.getMessage());
  }
}
