package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Writing a table to a database in one transaction. */
class SqlTableWriterTest {
  private static Table rows() {
    DoubleColumn x = DoubleColumn.create("x", 1.5, 2.5);
    x.setMissing(1);
    return Table.create("t", IntColumn.create("id", 1, 2), x, StringColumn.create("label", "a", "bb"),
        BooleanColumn.create("flag", true, false), DateColumn.create("day", LocalDate.of(2024, 3, 1),
            LocalDate.of(2024, 3, 2)), StringColumn.create("odd name", "p", "q"));
  }

  @Test
  void writesEveryTypeAndNullsAndReadsBack() throws Exception {
    String url = "jdbc:h2:mem:writer1;DB_CLOSE_DELAY=-1";
    try (Connection c = DriverManager.getConnection(url)) {
      SqlTableWriter.write(c, "out", SqlTableWriter.IfExists.FAIL, rows());
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, x, label, flag, \"DAY\", "
          + "\"odd name\" FROM out ORDER BY id")) {
        assertTrue(rs.next());
        assertEquals(1.5, rs.getDouble(2));
        assertEquals("a", rs.getString(3));
        assertTrue(rs.getBoolean(4));
        assertEquals(LocalDate.of(2024, 3, 1), rs.getObject(5, LocalDate.class));
        assertEquals("p", rs.getString(6));
        assertTrue(rs.next());
        rs.getDouble(2);
        assertTrue(rs.wasNull(), "a missing value is NULL");
        assertFalse(rs.next());
      }
    }
    assertEquals("CREATE TABLE t (\"id\" INTEGER, \"x\" DOUBLE PRECISION, \"label\" VARCHAR(2), \"flag\" BOOLEAN, "
        + "\"day\" DATE, \"odd name\" VARCHAR(1))", SqlTableWriter.createStatement("t", rows(),
        new SqlTableWriter.Naming("\"", 'L')));
  }

  @Test
  void aFailedInsertIsRolledBackAndTheNewTableDropped() throws Exception {
    String url = "jdbc:h2:mem:writer2;DB_CLOSE_DELAY=-1";
    try (Connection real = DriverManager.getConnection(url)) {
      // The real connection, except that preparing the INSERT fails; the calls it gets are recorded.
      List<String> calls = new ArrayList<>();
      Connection c = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            calls.add(method.getName());
            if (method.getName().equals("prepareStatement")) {
              throw new SQLException("disk full\nmore detail");
            }
            try {
              return method.invoke(real, args);
            } catch (InvocationTargetException t) {
              throw t.getCause();
            }
          });
      CliException e = assertThrows(CliException.class,
          () -> SqlTableWriter.write(c, "fresh", SqlTableWriter.IfExists.FAIL, rows()));
      assertEquals("--write-table: writing 2 rows to fresh failed and was rolled back: disk full", e.getMessage());
      assertEquals(1, calls.stream().filter("rollback"::equals).count(), calls.toString());
      assertFalse(calls.contains("commit") && calls.indexOf("commit") < calls.indexOf("rollback"), calls.toString());
      assertTrue(real.getAutoCommit());
      try (ResultSet rs = real.getMetaData().getTables(null, null, "FRESH", null)) {
        assertFalse(rs.next(), "H2 commits CREATE TABLE at once; the writer drops the table again");
      }
    }
  }

  @Test
  void aNameThatIsNotATableNameIsRefused() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:writer3;DB_CLOSE_DELAY=-1")) {
      CliException e = assertThrows(CliException.class,
          () -> SqlTableWriter.write(c, "t; DROP TABLE x", SqlTableWriter.IfExists.FAIL, rows()));
      assertTrue(e.getMessage().startsWith("--write-table: 't; DROP TABLE x' is not a table name"), e.getMessage());
    }
  }
}
