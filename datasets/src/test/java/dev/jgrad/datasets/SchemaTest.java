package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class SchemaTest {
  private static void fails(String expected, Supplier<Object> build) {
    RuntimeException e = assertThrows(RuntimeException.class, build::get);
    assertTrue(e.getMessage().contains(expected), "expected <" + expected + "> in: " + e.getMessage());
  }

  @Test
  void declarationsBecomeFeaturesInOrderWithTheirTablesawTypes() {
    Schema s = Schema.builder().numeric("a").categorical("c").integer("n").integerTarget("label")
        .extra(ColumnType.LOCAL_DATE, "day").ignore("junk").scaling(Scaling.MIN_MAX)
        .scaling(Scaling.STANDARDIZE, "n").missing(MissingPolicy.FILL_MODE, "c").build();
    assertEquals(List.of("a", "c", "n"), s.featureColumns());
    assertEquals(ColumnType.DOUBLE, s.columnType("a"));
    assertEquals(ColumnType.STRING, s.columnType("c"));
    assertEquals(ColumnType.INTEGER, s.columnType("n"));
    assertEquals(ColumnType.INTEGER, s.columnType("label"));
    assertEquals(ColumnType.LOCAL_DATE, s.columnType("day"));
    assertEquals(ColumnType.SKIP, s.columnType("junk"));
    assertEquals(ColumnType.STRING, s.columnType("undeclared"));
    assertEquals(Scaling.MIN_MAX, s.feature("a").scaling());
    assertEquals(Scaling.STANDARDIZE, s.feature("n").scaling());
    assertEquals(Scaling.NONE, s.feature("c").scaling());
    assertEquals(Encoding.ONE_HOT, s.feature("c").encoding());
    assertEquals(MissingPolicy.FILL_MODE, s.feature("c").missing());
    assertEquals(MissingPolicy.FAIL, s.feature("a").missing());
    assertEquals(Task.CLASSIFICATION, s.target().task());
    assertNull(s.withoutTarget().target());
    assertNull(s.feature("nope"));
    assertEquals(List.of("NA", ""), s.missingValues());
    assertEquals(',', s.separator());
  }

  @Test
  void inconsistentDeclarationsFailAtBuild() {
    fails("column 'a' is declared twice", () -> Schema.builder().numeric("a").categorical("a"));
    fails("column 'y' is declared twice", () -> Schema.builder().numeric("y").target("y", Task.REGRESSION));
    fails("the target is already 'y'", () -> Schema.builder().target("y", Task.REGRESSION).integerTarget("z"));
    fails("column names must be non-empty", () -> Schema.builder().numeric(""));
    fails("missing(DROP_ROW) names column 'b', which is not declared",
        () -> Schema.builder().numeric("a").missing(MissingPolicy.DROP_ROW, "b").build());
    fails("column 'c' is categorical; FILL_MEAN needs numbers",
        () -> Schema.builder().categorical("c").missing(MissingPolicy.FILL_MEAN, "c").build());
    fails("scaling names column 'c', which is not declared as a numeric or integer feature",
        () -> Schema.builder().categorical("c").scaling(Scaling.STANDARDIZE, "c").build());
    fails("unknownBucket names column 'a'", () -> Schema.builder().numeric("a").unknownBucket("a").build());
    fails("can only FAIL or DROP_ROW", () -> Schema.builder().numeric("a").target("y", Task.REGRESSION)
        .missing(MissingPolicy.FILL_MEAN, "y").build());
    fails("targetScaling applies to regression targets", () -> Schema.builder().numeric("a")
        .target("y", Task.CLASSIFICATION).targetScaling(Scaling.STANDARDIZE).build());
  }

  @Test
  void dropMissingRowsKeepsOrderAndOnlyLooksAtDropColumns() {
    Schema s = Schema.builder().numeric("a", "b").target("y", Task.CLASSIFICATION)
        .missing(MissingPolicy.DROP_ROW, "a", "y").missing(MissingPolicy.FILL_MEAN, "b").build();
    Table t = Table.create("t", DoubleColumn.create("a", 1, Double.NaN, 3, 4),
        DoubleColumn.create("b", Double.NaN, 2, 3, 4), StringColumn.create("y", "p", "q", "r", ""));
    Table kept = s.dropMissingRows(t);
    assertEquals(2, kept.rowCount());
    assertEquals(1.0, kept.doubleColumn("a").getDouble(0));
    assertEquals(3.0, kept.doubleColumn("a").getDouble(1));
    // DoubleColumn.create(name, int) would make an empty column of that capacity: pass double arrays.
    Table full = Table.create("f", DoubleColumn.create("a", new double[] {1}), DoubleColumn.create("b",
        new double[] {2}), StringColumn.create("y", "p"));
    assertSame(full, s.dropMissingRows(full));
  }

  @Test
  void withSeparatorKeepsTheColumnsAndReadsThatDelimiter() throws java.io.IOException {
    Schema s = Schema.builder().numeric("a").target("y", Task.REGRESSION).build().withSeparator(';');
    assertEquals(';', s.separator());
    assertEquals("y", s.target().name());
    Table t = new CsvLoader(s).read(new java.io.ByteArrayInputStream(
        "a;y\n1.5;2\n3;4\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)), "semi.csv");
    assertEquals(3.0, t.doubleColumn("a").get(1));
  }
}
