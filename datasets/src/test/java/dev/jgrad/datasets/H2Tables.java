package dev.jgrad.datasets;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Embedded in-memory H2 databases for the JDBC tests, each with a fresh name. */
final class H2Tables {
  private static final AtomicInteger NEXT = new AtomicInteger();

  private H2Tables() {}

  /** A URL of a new in-memory database that lives until the JVM exits. */
  static String newUrl() {
    return "jdbc:h2:mem:jdbctest" + NEXT.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
  }

  /** Runs each statement on a new connection to {@code url}. */
  static void execute(String url, String... sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    }
  }

  /** Inserts {@code rows} into {@code table} (values bound by JDBC, null for NULL). */
  static void insert(String url, String table, List<Object[]> rows) throws SQLException {
    int width = rows.get(0).length;
    String marks = "?" + ", ?".repeat(width - 1);
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement p = c.prepareStatement("INSERT INTO " + table + " VALUES (" + marks + ")")) {
      for (Object[] row : rows) {
        for (int i = 0; i < width; i++) {
          p.setObject(i + 1, row[i]);
        }
        p.addBatch();
      }
      p.executeBatch();
    }
  }
}
