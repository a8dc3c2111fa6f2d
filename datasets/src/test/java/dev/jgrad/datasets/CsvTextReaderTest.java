package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** The text-level problems of {@link CsvLoader}: quoting, encodings, cell length and row width. */
class CsvTextReaderTest {
  @TempDir
  Path dir;

  private static final Schema TEXT = Schema.builder().build();
  private static final Schema NUMERIC = Schema.builder().numeric("a").target("y", Task.REGRESSION).build();

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "expected <" + part + "> in: " + message);
    }
  }

  private static MalformedDataException fails(Schema schema, byte[] bytes) {
    return assertThrows(MalformedDataException.class,
        () -> new CsvLoader(schema).read(new ByteArrayInputStream(bytes), "bad.csv"));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anUnterminatedQuoteNamesTheLineAndRowWhereItOpens() {
    // Without the check, the quote swallows rows 4.. and the file "reads" with 2 rows.
    String text = "a,y\n1,2\n\"3,4\n5,6\n7,8\n";
    for (Schema s : new Schema[] {TEXT, NUMERIC}) {
      MalformedDataException e = fails(s, utf8(text));
      assertContains(e.getMessage(), "bad.csv", "line 3", "row 3", "unterminated quote");
      assertEquals(3, e.row());
    }
    // After a multi-line quoted value, lines and rows differ.
    MalformedDataException e = fails(TEXT, utf8("a,y\n\"x\ny\",1\n2,\"open\n3,4\n"));
    assertContains(e.getMessage(), "line 4 (row 3, header = row 1)", "unterminated quote");
  }

  @Test
  void anUnterminatedQuoteWinsOverWhatTheParserMadeOfTheRest() {
    // The swallowed text is not a number: the quote is still the error reported.
    StringBuilder sb = new StringBuilder("a,y\n\"1,2\n");
    for (int i = 0; i < 2000; i++) {
      sb.append(i).append(",x\n");
    }
    MalformedDataException e = fails(NUMERIC, utf8(sb.toString()));
    assertContains(e.getMessage(), "line 2", "unterminated quote");
  }

  @Test
  void quotedValuesThatCloseAreFine() throws IOException {
    Table t = new CsvLoader(TEXT).read(new ByteArrayInputStream(utf8(
        "a,y\n\"he said \"\"hi\"\"\",1\n\"two\nlines\",2\n x\"y,3\n")), "ok.csv");
    assertEquals(3, t.rowCount());
    assertEquals("he said \"hi\"", t.stringColumn("a").get(0));
    assertEquals("two\nlines", t.stringColumn("a").get(1));
  }

  @Test
  void aLongCellReads() throws IOException {
    String longCell = "x".repeat(100_000); // univocity's default cap is 4096 characters
    Table t = new CsvLoader(TEXT).read(new ByteArrayInputStream(utf8("a,y\n" + longCell + ",1\n")), "long.csv");
    assertEquals(longCell, t.stringColumn("a").get(0));
  }

  @Test
  void aWideFileReadsUpToTheLimitAndFailsBeyondNamingIt() throws IOException {
    // One more than Tablesaw's default cap; Tablesaw takes ~9 s on it (its column-name checks are quadratic).
    int width = 10_001;
    Path wide = dir.resolve("wide.csv");
    Files.writeString(wide, row("c", width) + row("", width).replace("\n", "") + "\n");
    Table t = new CsvLoader(TEXT).read(wide);
    assertEquals(width, t.columnCount());

    int tooWide = CsvLoader.MAX_COLUMNS + 1;
    MalformedDataException e = fails(TEXT, utf8("a,y\n1,2\n" + row("", tooWide)));
    assertContains(e.getMessage(), "row 3", "column " + tooWide, "too many columns", "at most "
        + CsvLoader.MAX_COLUMNS);
  }

  private static String row(String prefix, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append(prefix).append(i);
    }
    return sb.append('\n').toString();
  }

  @Test
  void latin1NamesTheLineAndTheByteOffset() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(utf8("a,y\n1,caf\u00e9\n"));
    int offset = b.size() + 5; // at the \u00e9 of "2,caf\u00e9"
    b.write("2,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    for (Schema s : new Schema[] {TEXT, NUMERIC}) {
      MalformedDataException e = fails(s, b.toByteArray());
      assertContains(e.getMessage(), "bad.csv is not valid UTF-8", "line 3", "byte offset " + offset, "(0xE9)");
    }
  }

  @Test
  void invalidUtf8FarIntoALargeFileIsFoundWhereItIs() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(utf8("a,y\n"));
    for (int i = 0; i < 20_000; i++) {
      b.writeBytes(utf8(i + ",\u00e9\n"));
    }
    int offset = b.size();
    b.writeBytes(new byte[] {'1', ',', (byte) 0xFF, '\n'});
    MalformedDataException e = fails(TEXT, b.toByteArray());
    assertContains(e.getMessage(), "line 20002", "byte offset " + (offset + 2), "(0xFF)");
  }

  @Test
  void aByteOrderMarkIsAcceptedOnBothPaths() throws IOException {
    for (String text : new String[] {"\ufeffa,y\n1,2\n3,4\n", "\ufeffa,y\n\"1\",2\n3,4\n"}) {
      Table t = new CsvLoader(NUMERIC).read(new ByteArrayInputStream(utf8(text)), "bom.csv");
      assertEquals("a", t.columnNames().get(0));
      assertEquals(3.0, t.doubleColumn("a").getDouble(1));
    }
  }
}
