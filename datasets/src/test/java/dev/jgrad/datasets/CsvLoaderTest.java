package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

class CsvLoaderTest {
  @TempDir
  Path dir;

  private static final Schema SCHEMA = Schema.builder()
      .numeric("a")
      .integer("n")
      .categorical("c")
      .target("y", Task.CLASSIFICATION)
      .build();

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  private MalformedDataException fails(String text) throws IOException {
    Path p = write("bad.csv", text);
    return assertThrows(MalformedDataException.class, () -> new CsvLoader(SCHEMA).read(p));
  }

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "expected <" + part + "> in: " + message);
    }
  }

  @Test
  void readsDeclaredTypesAndKeepsUndeclaredColumnsAsStrings() throws IOException {
    Path p = write("ok.csv", "a,n,c,y,note\n1.5,2,red,cat,x\n-3e2,7,blue,dog,\n");
    Table t = new CsvLoader(SCHEMA).read(p);
    assertEquals(List.of("a", "n", "c", "y", "note"), t.columnNames());
    assertEquals(List.of(ColumnType.DOUBLE, ColumnType.INTEGER, ColumnType.STRING, ColumnType.STRING,
        ColumnType.STRING), t.types());
    assertEquals(-300.0, t.doubleColumn("a").getDouble(1));
    assertEquals(7, t.intColumn("n").getInt(1));
    assertEquals("blue", t.stringColumn("c").get(1));
    assertEquals(p.toString(), t.name());
  }

  @Test
  void extraTypesAndIgnoredColumns() throws IOException {
    Schema s = Schema.builder().numeric("a").target("y", Task.REGRESSION).extra(ColumnType.INTEGER, "year")
        .ignore("junk").build();
    Table t = new CsvLoader(s).read(write("x.csv", "junk,a,year,y\nzz,1,2007,0.5\n"));
    assertEquals(List.of("a", "year", "y"), t.columnNames());
    assertEquals(ColumnType.INTEGER, t.column("year").type());
    assertEquals(ColumnType.DOUBLE, t.column("y").type());
  }

  @Test
  void nonNumericValueNamesFileRowAndColumn() throws IOException {
    MalformedDataException e = fails("a,n,c,y\n1,2,red,cat\nabc,3,blue,dog\n");
    assertContains(e.getMessage(), "CsvLoader: ", "bad.csv", "row 3 (header = row 1)", "column 'a'",
        "'abc' is not a number", "declared numeric");
    assertEquals(3, e.row());
    assertEquals("a", e.column());
    assertTrue(e.source().endsWith("bad.csv"));
  }

  @Test
  void nonIntegerValueInAnIntegerColumn() throws IOException {
    MalformedDataException e = fails("a,n,c,y\n1,2,red,cat\n2,3,red,cat\n3,1.5,red,cat\n");
    assertContains(e.getMessage(), "row 4 (header = row 1)", "column 'n'", "'1.5' is not an integer");
    assertEquals(4, e.row());
  }

  @Test
  void raggedRowsShortAndLong() throws IOException {
    MalformedDataException shortRow = fails("a,n,c,y\n1,2,red,cat\n1,2\n");
    assertContains(shortRow.getMessage(), "bad.csv", "row 3 (header = row 1)", "ragged row with 2 fields",
        "header has 4 columns");
    assertEquals(3, shortRow.row());
    assertNull(shortRow.column());
    MalformedDataException longRow = fails("a,n,c,y\n1,2,red,cat\n1,2,red,cat\n1,2,red,cat,extra\n");
    assertContains(longRow.getMessage(), "row 4 (header = row 1)", "ragged row with 5 fields",
        "header has 4 columns");
    assertEquals(4, longRow.row());
  }

  @Test
  void missingTargetColumnListsTheColumnsThatExist() throws IOException {
    MalformedDataException e = fails("a,n,c,label\n1,2,red,cat\n");
    assertContains(e.getMessage(), "target column 'y' not found", "the header (row 1) has columns [a, n, c, label]");
    assertEquals("y", e.column());
    MalformedDataException f = fails("a,y\n1,cat\n");
    assertContains(f.getMessage(), "feature columns [n, c] not found", "has columns [a, y]");
  }

  @Test
  void emptyFileAndHeaderWithoutRows() throws IOException {
    assertContains(fails("").getMessage(), "bad.csv is empty: expected a header row");
    assertContains(fails("\n\n").getMessage(), "is empty");
    assertContains(fails("a,n,c,y\n").getMessage(), "has a header (row 1) but no data rows");
  }

  @Test
  void duplicateHeaderNamesBothPositions() throws IOException {
    MalformedDataException e = fails("a,n,a,c,y\n1,2,3,red,cat\n");
    assertContains(e.getMessage(), "row 1 (header)", "duplicate column name 'a' (columns 1 and 3)");
    assertEquals(1, e.row());
    assertEquals("a", e.column());
  }

  @Test
  void missingValueInAFailColumnNamesTheFirstRowAndTheCount() throws IOException {
    MalformedDataException e = fails("a,n,c,y\n1,2,red,cat\n2,3,red,cat\nNA,4,red,cat\n,5,red,cat\n");
    assertContains(e.getMessage(), "row 4 (header = row 1)", "column 'a'", "missing value",
        "2 missing in this column", "policy is FAIL", "DROP_ROW");
    assertEquals(4, e.row());
    MalformedDataException target = fails("a,n,c,y\n1,2,red,NA\n");
    assertContains(target.getMessage(), "row 2 (header = row 1)", "column 'y'");
  }

  @Test
  void missingValuesAreKeptWhenThePolicyAllowsThem() throws IOException {
    Schema s = Schema.builder().numeric("a").categorical("c").target("y", Task.CLASSIFICATION)
        .missing(MissingPolicy.FILL_MEAN, "a").missing(MissingPolicy.DROP_ROW, "c", "y").build();
    Table t = new CsvLoader(s).read(write("m.csv", "a,c,y\nNA,red,cat\n2,,dog\n3,red,NA\n"));
    assertEquals(3, t.rowCount());
    assertTrue(t.doubleColumn("a").isMissing(0));
    assertTrue(t.stringColumn("c").isMissing(1));
    assertEquals(1, s.dropMissingRows(t).rowCount());
  }

  @Test
  void alwaysUtf8AndInvalidBytesFail() throws IOException {
    byte[] utf8 = "a,n,c,y\n1,2,caf\u00e9,\u732b\n".getBytes(StandardCharsets.UTF_8);
    Table t = new CsvLoader(SCHEMA).read(new ByteArrayInputStream(utf8), "utf8.csv");
    assertEquals("caf\u00e9", t.stringColumn("c").get(0));
    assertEquals("\u732b", t.stringColumn("y").get(0));
    byte[] latin1 = "a,n,c,y\n1,2,caf\u00e9,cat\n".getBytes(StandardCharsets.ISO_8859_1);
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> new CsvLoader(SCHEMA).read(new ByteArrayInputStream(latin1), "latin1.csv"));
    assertContains(e.getMessage(), "latin1.csv is not valid UTF-8");
  }

  @Test
  void byteOrderMarkIsIgnoredAndHashLinesAreData() throws IOException {
    Table t = new CsvLoader(SCHEMA).read(write("bom.csv", "\ufeffa,n,c,y\n1,2,#red,cat\n2,3,red,#dog\n"));
    assertEquals("a", t.columnNames().get(0));
    assertEquals(2, t.rowCount());
    Schema s = Schema.builder().categorical("c").target("y", Task.CLASSIFICATION).build();
    Table h = new CsvLoader(s).read(write("hash.csv", "c,y\nred,cat\n#blue,dog\n"));
    assertEquals(2, h.rowCount());
    assertEquals("#blue", h.stringColumn("c").get(1));
  }

  @Test
  void aQuotedValueOverSeveralLinesIsOneRow() throws IOException {
    MalformedDataException e = fails("a,n,c,y\n1,2,\"two\nlines\",cat\nx,2,red,cat\n");
    assertContains(e.getMessage(), "row 3 (header = row 1)", "'x' is not a number");
  }

  @Test
  void tablesawNumberQuirksAreAsDocumented() throws IOException {
    Schema s = Schema.builder().numeric("a").target("y", Task.REGRESSION)
        .missing(MissingPolicy.FILL_MEAN, "a").build();
    Table t = new CsvLoader(s).read(write("q.csv", "a,y\n\"1,000\",1\n12%,2\nNaN,3\n"));
    assertEquals(1000.0, t.doubleColumn("a").getDouble(0));
    assertEquals(0.12, t.doubleColumn("a").getDouble(1), 1e-12);
    assertTrue(t.doubleColumn("a").isMissing(2));
  }

  @Test
  void separatorAndMissingValueIndicatorsAreConfigurable() throws IOException {
    Schema s = Schema.builder().numeric("a").target("y", Task.REGRESSION).separator(';').missingValues("?")
        .build();
    Table t = new CsvLoader(s).read(write("semi.csv", "a;y\n1.5;2\n"));
    assertEquals(1.5, t.doubleColumn("a").getDouble(0));
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> new CsvLoader(s).read(write("q.csv", "a;y\n?;2\n")));
    assertContains(e.getMessage(), "column 'a'", "missing value");
  }

  @Test
  void readsStreamsAndClasspathResources() throws IOException {
    Schema iris = Datasets.irisSchema();
    Table t = new CsvLoader(iris).readResource(Datasets.class, "iris.csv");
    assertEquals(150, t.rowCount());
    assertEquals("iris.csv", t.name());
    IOException e = assertThrows(IOException.class,
        () -> new CsvLoader(iris).readResource(Datasets.class, "nope.csv"));
    assertContains(e.getMessage(), "resource 'nope.csv' not found", "dev.jgrad.datasets.Datasets");
    try (java.io.InputStream in = Datasets.class.getResourceAsStream("iris.csv")) {
      assertEquals(150, new CsvLoader(iris).read(in, "stream").rowCount());
    }
  }

  @Test
  void withoutTargetReadsPredictionFiles() throws IOException {
    Path p = write("predict.csv", "a,n,c\n1,2,red\n");
    assertThrows(MalformedDataException.class, () -> new CsvLoader(SCHEMA).read(p));
    Table t = new CsvLoader(SCHEMA.withoutTarget()).read(p);
    assertEquals(1, t.rowCount());
    assertFalse(t.containsColumn("y"));
  }

  // ---------------------------------------------------------------- all-numeric files: the fast path

  private static final Schema NUMERIC = Schema.builder().numeric("a", "b").target("y", Task.REGRESSION).build();

  /** The fast-path reader's error, after checking that the Tablesaw path gives the very same one. */
  private MalformedDataException failsNumeric(String text) throws IOException {
    Path p = write("num.csv", text);
    MalformedDataException fast = assertThrows(MalformedDataException.class, () -> new CsvLoader(NUMERIC).read(p));
    MalformedDataException slow = assertThrows(MalformedDataException.class,
        () -> new CsvLoader(NUMERIC, false).read(p));
    assertEquals(slow.getMessage(), fast.getMessage());
    assertEquals(slow.row(), fast.row());
    assertEquals(slow.column(), fast.column());
    return fast;
  }

  @Test
  void numericFilesKeepEveryErrorMessage() throws IOException {
    assertContains(failsNumeric("a,b,y\n1,2,3\nabc,2,3\n").getMessage(), "num.csv", "row 3 (header = row 1)",
        "column 'a'", "'abc' is not a number", "declared numeric");
    assertContains(failsNumeric("a,b,y\n1,2,3\n1,2\n").getMessage(), "row 3 (header = row 1)",
        "ragged row with 2 fields", "header has 3 columns");
    assertContains(failsNumeric("a,b,y\n1,2,3\n1,2,3,4\n").getMessage(), "ragged row with 4 fields");
    assertContains(failsNumeric("a,b\n1,2\n").getMessage(), "target column 'y' not found",
        "the header (row 1) has columns [a, b]");
    assertContains(failsNumeric("a,y\n1,2\n").getMessage(), "feature column [b] not found");
    assertContains(failsNumeric("a,b,a,y\n1,2,3,4\n").getMessage(), "duplicate column name 'a' (columns 1 and 3)");
    assertContains(failsNumeric("").getMessage(), "num.csv is empty: expected a header row");
    assertContains(failsNumeric("a,b,y\n").getMessage(), "has a header (row 1) but no data rows");
    MalformedDataException missing = failsNumeric("a,b,y\n1,2,3\n,2,3\nNA,1,1\n");
    assertContains(missing.getMessage(), "row 3 (header = row 1), column 'a'", "2 missing in this column",
        "policy is FAIL");
    assertEquals(3, missing.row());
  }

  @Test
  void numericFilesWithCrlfBomAndNoFinalNewlineReadAsTablesawReadsThem() throws IOException {
    Schema s = Schema.builder().numeric("a").integer("n").target("y", Task.REGRESSION)
        .missing(MissingPolicy.FILL_MEAN, "a").missing(MissingPolicy.DROP_ROW, "n").build();
    String text = "\ufeffy,n,a\r\n-0,7,1.25\r\n\r\n2e3,,-.5\r\n3.000001,-12,NA";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    assertTrue(NumericCsvReader.read(s, bytes, "crlf.csv") != null, "the fast path reads it");
    Path p = write("crlf.csv", text);
    Table fast = new CsvLoader(s).read(p);
    NumericCsvReaderTest.assertSameTable(new CsvLoader(s, false).read(p), fast, () -> text);
    assertEquals(List.of("y", "n", "a"), fast.columnNames());
    assertEquals(List.of(ColumnType.DOUBLE, ColumnType.INTEGER, ColumnType.DOUBLE), fast.types());
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(fast.doubleColumn("y").getDouble(0)));
    assertEquals(3, fast.rowCount(), "the blank line is skipped");
    assertTrue(fast.intColumn("n").isMissing(1));
    assertTrue(fast.doubleColumn("a").isMissing(2));
    assertEquals(3.000001, fast.doubleColumn("y").getDouble(2));
    Table fromStream = new CsvLoader(s).read(new ByteArrayInputStream(bytes), p.toString());
    NumericCsvReaderTest.assertSameTable(fast, fromStream, () -> text);
  }

  @Test
  void numericFilesWithQuotesOrTablesawQuirksStillReadThroughTablesaw() throws IOException {
    Schema s = Schema.builder().numeric("a").target("y", Task.REGRESSION).missing(MissingPolicy.FILL_MEAN, "a")
        .build();
    String text = "a,y\n\"1,000\",1\n12%,2\nNaN,3\n";
    assertNull(NumericCsvReader.read(s, text.getBytes(StandardCharsets.UTF_8), "q.csv"));
    Table t = new CsvLoader(s).read(write("q.csv", text));
    assertEquals(1000.0, t.doubleColumn("a").getDouble(0));
    assertEquals(0.12, t.doubleColumn("a").getDouble(1), 1e-12);
    assertTrue(t.doubleColumn("a").isMissing(2));
  }
}
