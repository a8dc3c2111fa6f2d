package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.datasets.Datasets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jgrad train/predict --jdbc}: the bundled iris inserted into an in-memory H2 database. */
class JdbcCommandTest {
  private static final AtomicInteger NEXT = new AtomicInteger();
  private static final String IRIS_QUERY = "SELECT sepal_length_cm, sepal_width_cm, petal_length_cm, petal_width_cm, "
      + "species FROM iris ORDER BY id";
  private static String url;

  @TempDir
  static Path tmp;

  /** iris.csv's rows in file order, in a table whose unquoted names H2 folds to upper case. */
  @BeforeAll
  static void irisInH2() throws Exception {
    url = newUrl();
    List<String> lines;
    try (InputStream in = Datasets.class.getResourceAsStream("iris.csv")) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE iris (id INT PRIMARY KEY, sepal_length_cm DOUBLE, sepal_width_cm DOUBLE, "
          + "petal_length_cm DOUBLE, petal_width_cm DOUBLE, species VARCHAR(20))");
      try (PreparedStatement p = c.prepareStatement("INSERT INTO iris VALUES (?, ?, ?, ?, ?, ?)")) {
        for (int i = 1; i < lines.size(); i++) {
          String[] cells = lines.get(i).split(",");
          p.setInt(1, i);
          for (int j = 0; j < 4; j++) {
            p.setDouble(j + 2, Double.parseDouble(cells[j]));
          }
          p.setString(6, cells[4]);
          p.addBatch();
        }
        p.executeBatch();
      }
    }
  }

  private static String newUrl() {
    return "jdbc:h2:mem:clijdbc" + NEXT.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
  }

  private static String metrics(String out) {
    Matcher m = Pattern.compile("Validation: accuracy [0-9.]+, loss [0-9.e-]+").matcher(out);
    assertTrue(m.find(), out);
    return m.group();
  }

  @Test
  void trainingOnTheTableGivesTheCsvFilesMetricsAndPredictWritesATable() throws Exception {
    String[] common = {"--hidden", "8", "--epochs", "4", "--batch-size", "16", "--seed", "3", "--patience", "5",
        "--class-weights", "balanced"};
    CliRun csv = CliRun.of(concat(new String[] {"train", "--csv", "iris", "--target", "species", "--out",
        tmp.resolve("csv").toString()}, common)).ok();
    Path model = tmp.resolve("db");
    CliRun db = CliRun.of(concat(new String[] {"train", "--jdbc", url, "--query", IRIS_QUERY, "--target", "species",
        "--out", model.toString()}, common)).ok();
    assertTrue(db.out().contains("Target: SPECIES -> classification"), db.out());
    assertTrue(db.out().contains("120 for training, 30 for validation (stratified)"), db.out());
    assertEquals(metrics(csv.out()), metrics(db.out()));
    assertTrue(db.out().contains("Predict with: jgrad predict --model " + model + " --jdbc '" + url + "' --query '"
        + IRIS_QUERY + "'"), db.out());

    CliRun predict = CliRun.of("predict", "--model", model.toString(), "--jdbc", url, "--query",
        "SELECT id, sepal_length_cm, sepal_width_cm, petal_length_cm, petal_width_cm, species FROM iris",
        "--write-table", "iris_predictions").ok();
    assertTrue(predict.out().startsWith("Wrote 150 predictions of SPECIES to table iris_predictions"),
        predict.out());
    assertTrue(predict.out().contains("Accuracy against the 'SPECIES' column: "), predict.out());
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, species, predicted_species, probability FROM iris_predictions "
            + "ORDER BY id")) {
      int rows = 0;
      while (rs.next()) {
        rows++;
        assertEquals(rows, rs.getInt(1));
        assertTrue(List.of("setosa", "versicolor", "virginica").contains(rs.getString(3)), rs.getString(3));
        assertTrue(rs.getDouble(4) > 0.33 && rs.getDouble(4) <= 1);
      }
      assertEquals(150, rows);
    }

    CliRun.of("predict", "--model", model.toString(), "--jdbc", url, "--query", IRIS_QUERY, "--write-table",
        "iris_predictions").error(2, "jgrad predict: ", "table iris_predictions already exists",
        "--if-exists replace", "--if-exists append");
    CliRun.of("predict", "--model", model.toString(), "--jdbc", url, "--query", IRIS_QUERY + " LIMIT 10",
        "--write-table", "iris_predictions", "--if-exists", "replace").ok();
    assertEquals(10, count(url, "iris_predictions"));
    CliRun.of("predict", "--model", model.toString(), "--jdbc", url, "--query", IRIS_QUERY + " LIMIT 5",
        "--write-table", "iris_predictions", "--if-exists", "append").ok();
    assertEquals(15, count(url, "iris_predictions"));
  }

  @Test
  void aFailedWriteIsRolledBack() throws Exception {
    Path model = tmp.resolve("small");
    CliRun.of("train", "--jdbc", url, "--query", IRIS_QUERY, "--target", "species", "--hidden", "4", "--epochs", "1",
        "--out", model.toString()).ok();
    // The table takes the rows until id 77: the inserts before it must not stay.
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE guarded (id INT CHECK (id <> 77), sepal_length_cm DOUBLE, sepal_width_cm DOUBLE, "
          + "petal_length_cm DOUBLE, petal_width_cm DOUBLE, species VARCHAR(20), predicted_species VARCHAR(20), "
          + "probability DOUBLE)");
    }
    CliRun.of("predict", "--model", model.toString(), "--jdbc", url, "--query", "SELECT * FROM iris ORDER BY id",
        "--write-table", "guarded", "--if-exists", "append").error(1, "jgrad predict: ",
        "--write-table: writing 150 rows to guarded failed and was rolled back", "Check constraint");
    assertEquals(0, count(url, "guarded"));
    CliRun.of("predict", "--model", model.toString(), "--jdbc", url, "--query",
        "SELECT id AS predicted_species, sepal_length_cm, sepal_width_cm, petal_length_cm, petal_width_cm FROM iris",
        "--write-table", "clash").error(1, "jgrad predict: ", "--write-table: the query already has a column named "
        + "'PREDICTED_SPECIES'; rename it with AS");
    assertFalse(exists(url, "clash"));
  }

  @Test
  void columnNamesMatchCaseInsensitively() {
    String lower = IRIS_QUERY.replace("species FROM", "species AS \"kind\" FROM");
    CliRun run = CliRun.of("train", "--jdbc", url, "--query", IRIS_QUERY, "--target", "Species", "--features",
        "petal_length_cm,PETAL_WIDTH_CM", "--hidden", "4", "--epochs", "1", "--out", tmp.resolve("case").toString())
        .ok();
    assertTrue(run.out().contains("PETAL_LENGTH_CM"), run.out());
    assertFalse(run.out().contains("SEPAL_LENGTH_CM"), run.out());
    CliRun.of("train", "--jdbc", url, "--query", lower, "--target", "KIND", "--epochs", "1", "--out",
        tmp.resolve("kind").toString()).ok();
  }

  @Test
  void errorsAreOneClearLine() throws IOException {
    String out = tmp.resolve("err").toString();
    CliRun.of("train", "--jdbc", url, "--query", "SELEC * FROM iris", "--target", "species", "--out", out)
        .error(1, "jgrad train: ", "the query failed on jdbc:h2:mem:", "Syntax error in SQL statement",
            "(query: SELEC * FROM iris)");
    CliRun.of("train", "--jdbc", url, "--query", "SELECT * FROM nosuch", "--target", "species", "--out", out)
        .error(1, "jgrad train: ", "Table \"NOSUCH\" not found");
    CliRun.of("train", "--jdbc", "jdbc:postgresql://db.example:5432/shop?user=ml&password=hunter2", "--query",
        "SELECT 1", "--target", "x", "--out", out).error(1, "jgrad train: ",
        "no JDBC driver for jdbc:postgresql://db.example:5432/shop?user=ml&password=*** — put the driver jar on the "
            + "class path or pass --jdbc-driver JAR");
    CliRun refused = CliRun.of("train", "--jdbc", "jdbc:h2:mem:nodb;IFEXISTS=TRUE;USER=sa;PASSWORD=hunter2",
        "--query", "SELECT 1", "--target", "x", "--out", out).error(1, "jgrad train: ",
        "cannot connect to jdbc:h2:mem:nodb;IFEXISTS=TRUE;USER=sa;PASSWORD=***", "not found");
    assertFalse(refused.err().contains("hunter2"), refused.err());
    CliRun.of("train", "--jdbc", url, "--query", IRIS_QUERY, "--target", "specie", "--out", out)
        .error(2, "jgrad train: ", "--target: no column 'specie'", "the columns are SEPAL_LENGTH_CM",
            "SPECIES");
    CliRun.of("train", "--jdbc", url, "--query", IRIS_QUERY, "--target", "species", "--features", "petal", "--out",
        out).error(2, "jgrad train: ", "--features: no column 'petal'", "the columns are SEPAL_LENGTH_CM");
    CliRun.of("train", "--jdbc", url, "--target", "species").error(2, "jgrad train: ", "--jdbc needs --query SQL");
    CliRun.of("train", "--csv", "iris", "--jdbc", url, "--query", "SELECT 1").error(2, "jgrad train: ",
        "--csv and --jdbc both name rows to read; give one");
    CliRun.of("train", "--csv", "iris", "--query", "SELECT 1").error(2, "jgrad train: ",
        "--query applies to --jdbc URL");
    CliRun.of("predict", "--model", out, "--csv", "iris", "--write-table", "t").error(2, "jgrad predict: ",
        "--write-table writes to the database of --jdbc URL");
    CliRun.of("predict", "--model", out, "--jdbc", url, "--query", "SELECT 1", "--write-table", "t", "--if-exists",
        "merge").error(2, "jgrad predict: ", "--if-exists: expected fail, replace or append, got 'merge'");
  }

  @Test
  void aPredictionWithAWrongModelColumnListsTheQuerysColumns() {
    Path model = tmp.resolve("cols");
    CliRun.of("train", "--jdbc", url, "--query", IRIS_QUERY, "--target", "species", "--hidden", "4", "--epochs", "1",
        "--out", model.toString()).ok();
    CliRun.of("predict", "--model", model.toString(), "--jdbc", url, "--query", "SELECT id, species FROM iris")
        .error(1, "jgrad predict: ", "feature columns [SEPAL_LENGTH_CM, SEPAL_WIDTH_CM, PETAL_LENGTH_CM, "
            + "PETAL_WIDTH_CM] not found; the query's columns are [ID, SPECIES]");
  }

  @Test
  void aDriverJarIsLoadedThroughAShim() throws Exception {
    Path h2 = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertEquals(1, DriverShim.register(h2));
    List<Driver> shims = new ArrayList<>();
    for (Driver d : Collections.list(DriverManager.getDrivers())) {
      if (d instanceof DriverShim s) {
        shims.add(s);
        assertTrue(s.driver().getClass().getClassLoader() instanceof java.net.URLClassLoader);
        assertTrue(s.acceptsURL("jdbc:h2:mem:x"));
      }
    }
    assertFalse(shims.isEmpty());
    shims.forEach(d -> {
      try {
        DriverManager.deregisterDriver(d);
      } catch (SQLException e) {
        throw new AssertionError(e);
      }
    });
    Path empty = tmp.resolve("empty.jar");
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(empty))) {
      jar.putNextEntry(new java.util.jar.JarEntry("README.txt"));
      jar.write("no driver".getBytes(StandardCharsets.UTF_8));
    }
    CliRun.of("train", "--jdbc", url, "--query", IRIS_QUERY, "--jdbc-driver", empty.toString())
        .error(2, "jgrad train: ", "--jdbc-driver: " + empty + " holds no JDBC driver");
    CliRun.of("train", "--jdbc", url, "--query", IRIS_QUERY, "--jdbc-driver", tmp.resolve("nosuch.jar").toString())
        .error(2, "jgrad train: ", "--jdbc-driver: no such file");
  }

  private static long count(String url, String table) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static boolean exists(String url, String table) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        ResultSet rs = c.getMetaData().getTables(null, null, table.toUpperCase(java.util.Locale.ROOT), null)) {
      return rs.next();
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
