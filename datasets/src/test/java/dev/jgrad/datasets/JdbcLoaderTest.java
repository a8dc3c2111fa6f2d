package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

/** Result sets with mixed SQL types and NULLs, read with declared schemas. */
class JdbcLoaderTest {
  private static String url;

  @BeforeAll
  static void createTable() throws Exception {
    url = H2Tables.newUrl();
    // Unquoted names: H2 folds them to upper case, as most databases fold unquoted identifiers.
    H2Tables.execute(url, "CREATE TABLE shop (id INT, price DOUBLE, color VARCHAR(10), member BOOLEAN, "
        + "visited DATE, label VARCHAR(5), note VARCHAR(20))");
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {1, 2.5, "red", true, Date.valueOf("2024-03-01"), "yes", "x"});
    rows.add(new Object[] {2, null, "blue", false, Date.valueOf("2024-03-02"), "no", "NA"});
    rows.add(new Object[] {null, 4.0, null, null, null, "yes", ""});
    rows.add(new Object[] {4, Double.NaN, "red", true, Date.valueOf("2024-03-04"), "no", null});
    H2Tables.insert(url, "shop", rows);
  }

  private static Schema schema() {
    return Schema.builder()
        .numeric("price")
        .integer("id")
        .categorical("color", "member")
        .target("label", Task.CLASSIFICATION)
        .extra(ColumnType.LOCAL_DATE, "visited")
        .defaultMissing(MissingPolicy.FILL_MODE)
        .missing(MissingPolicy.FILL_MEDIAN, "price", "id")
        .build();
  }

  @Test
  void readsDeclaredTypesWithNamesInTheSchemasSpellingAndNullAsMissing() throws Exception {
    Table t = Datasets.fromJdbc(url, "SELECT * FROM shop ORDER BY visited NULLS LAST").table(schema());
    assertEquals(List.of("id", "price", "color", "member", "visited", "label", "NOTE"), t.columnNames());
    assertEquals(ColumnType.INTEGER, t.column("id").type());
    assertEquals(ColumnType.DOUBLE, t.column("price").type());
    assertEquals(ColumnType.STRING, t.column("color").type());
    assertEquals(ColumnType.STRING, t.column("member").type());
    assertEquals(ColumnType.LOCAL_DATE, t.column("visited").type());
    assertEquals(ColumnType.STRING, t.column("NOTE").type(), "undeclared columns are text, as in CSV");
    assertEquals(List.of(1, 2, 4), List.of(t.intColumn("id").get(0), t.intColumn("id").get(1),
        t.intColumn("id").get(2)));
    assertTrue(t.intColumn("id").isMissing(3));
    assertEquals(2.5, t.doubleColumn("price").get(0));
    assertTrue(t.doubleColumn("price").isMissing(1));
    assertTrue(t.doubleColumn("price").isMissing(2), "NaN is missing, as the CSV spelling NaN is");
    assertEquals("true", t.stringColumn("member").get(0));
    assertEquals("false", t.stringColumn("member").get(1));
    assertTrue(t.stringColumn("member").isMissing(3));
    assertTrue(t.stringColumn("color").isMissing(3));
    assertEquals("NA", t.stringColumn("NOTE").get(1), "only NULL is missing in text");
    assertEquals("", t.stringColumn("NOTE").get(3), "an empty string is a value");
    assertTrue(t.stringColumn("NOTE").isMissing(2));
    assertEquals("2024-03-02", t.dateColumn("visited").get(1).toString());

    Preprocessor pre = Preprocessor.fit(t, schema());
    TensorDataset data = pre.transform(t);
    assertEquals(4, data.size());
    assertEquals(List.of("price", "id", "color=blue", "color=red", "member=false", "member=true"),
        pre.featureNames());
    assertEquals(List.of("no", "yes"), pre.classNames());
  }

  @Test
  void undeclaredColumnsReadAsTextTheWayACsvFileSpellsThem() throws Exception {
    Table t = Datasets.fromJdbc(url, "SELECT id, price, member, visited FROM shop ORDER BY id NULLS LAST")
        .table(Schema.builder().build());
    assertEquals("1", t.stringColumn("ID").get(0));
    assertEquals("2.5", t.stringColumn("PRICE").get(0));
    assertTrue(t.stringColumn("PRICE").isMissing(2), "NaN is missing");
    assertEquals("true", t.stringColumn("MEMBER").get(0));
    assertEquals("2024-03-01", t.stringColumn("VISITED").get(0));
    assertTrue(t.stringColumn("ID").isMissing(3), "NULLs sort last");
  }

  @Test
  void aMissingColumnListsTheQuerysColumns() {
    Schema s = Schema.builder().numeric("price", "weight").target("label", Task.CLASSIFICATION).build();
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> Datasets.fromJdbc(url, "SELECT * FROM shop").table(s));
    assertTrue(e.getMessage().contains("feature column [weight] not found; the query's columns are [ID, PRICE, "
        + "COLOR, MEMBER, VISITED, LABEL, NOTE]"), e.getMessage());
    assertEquals("weight", e.column());
    Schema noTarget = Schema.builder().numeric("price").target("species", Task.CLASSIFICATION).build();
    e = assertThrows(MalformedDataException.class, () -> Datasets.fromJdbc(url, "SELECT * FROM shop").table(noTarget));
    assertTrue(e.getMessage().contains("target column 'species' not found; the query's columns are [ID,"),
        e.getMessage());
  }

  @Test
  void aNullInAFailColumnNamesTheRow() {
    Schema s = Schema.builder().numeric("price").target("label", Task.CLASSIFICATION).build();
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> Datasets.fromJdbc(url, "SELECT * FROM shop ORDER BY id NULLS FIRST").table(s));
    assertTrue(e.getMessage().contains("row 3, column 'price': missing value (NULL; 2 in the 4 rows read; the "
        + "missing-value policy is FAIL"), e.getMessage());
    assertEquals(3, e.row());
  }

  @Test
  void textThatIsNotANumberAndInfinitiesFailNamingRowAndColumn() throws Exception {
    Schema s = Schema.builder().numeric("color").target("label", Task.CLASSIFICATION).build();
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> Datasets.fromJdbc(url, "SELECT * FROM shop ORDER BY id NULLS LAST").table(s));
    assertTrue(e.getMessage().contains("row 1, column 'color': 'red' is not a number (the column is declared "
        + "numeric)"), e.getMessage());

    String inf = H2Tables.newUrl();
    H2Tables.execute(inf, "CREATE TABLE t (x DOUBLE, y VARCHAR(3))");
    H2Tables.insert(inf, "t", List.of(new Object[] {1.0, "a"}, new Object[] {Double.POSITIVE_INFINITY, "b"}));
    Schema xy = Schema.builder().numeric("x").target("y", Task.CLASSIFICATION)
        .missing(MissingPolicy.FILL_MEAN, "x").build();
    e = assertThrows(MalformedDataException.class, () -> Datasets.fromJdbc(inf, "SELECT * FROM t").table(xy));
    assertTrue(e.getMessage().contains("row 2, column 'x': infinite value Infinity"), e.getMessage());
    Table t = Datasets.fromJdbc(inf, "SELECT * FROM t").infAsMissing(true).table(xy);
    assertTrue(t.doubleColumn("x").isMissing(1));
  }

  @Test
  void anUnreadableSqlTypeAndAmbiguousNamesAreNamed() throws Exception {
    String db = H2Tables.newUrl();
    H2Tables.execute(db, "CREATE TABLE t (x DOUBLE, \"x\" DOUBLE, data BLOB)", "INSERT INTO t VALUES (1, 2, NULL)");
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> Datasets.fromJdbc(db, "SELECT data FROM t").table());
    assertTrue(e.getMessage().contains("column 'DATA' has SQL type BINARY LARGE OBJECT, which cannot be read"),
        e.getMessage());
    MalformedDataException dup = assertThrows(MalformedDataException.class,
        () -> Datasets.fromJdbc(db, "SELECT x, \"x\" FROM t").table());
    assertTrue(dup.getMessage().contains("two columns are named 'x' (names that differ only in case count as the "
        + "same); give them distinct names with AS"), dup.getMessage());
    assertEquals(2.0, Datasets.fromJdbc(db, "SELECT \"x\" AS \"Xx\" FROM t").table(Schema.builder().numeric("xX")
        .build()).doubleColumn("xX").get(0));
    assertEquals("x", JdbcLoader.matchColumn("x", List.of("X", "x")), "an exact match wins");
    assertNull(JdbcLoader.matchColumn("y", List.of("X", "x")));
    IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
        () -> JdbcLoader.matchColumn("Xx", List.of("xx", "XX")));
    assertTrue(a.getMessage().contains("column 'Xx' is ambiguous: it matches both 'xx' and 'XX'"), a.getMessage());
  }
}
