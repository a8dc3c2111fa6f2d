package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The fast path of {@link CsvLoader} against its reference, the Tablesaw path: on seeded random files (decimals of
 * every shape, integers, missing cells under each policy and indicator list, separators, CRLF, BOM, blank lines, no
 * final newline, ragged rows, bad values, header problems) both must give the same table bit for bit, or the same
 * exception message. Clean files must take the fast path, so that the comparison is not Tablesaw against itself.
 */
class NumericCsvReaderTest {
  @TempDir
  Path dir;

  private static final String[] EDGE_DECIMALS = {"0", "-0", "+0", "-0.0", "-.0", "0.", "-0e5", "0e-999", "0.000",
      "1", "-1", "1.", ".5", "-.5", "5.e2", ".5E1", "1e0", "1E+05", "1e-05", "2.5e-3", "9007199254740992",
      "9007199254740993", "9007199254740991.5", "900719925474099.3", "123456789012345678", "1234567890123456789",
      "12345678901234567890123", "0.1", "0.30000000000000004", "1e22", "1e23", "8.41e21", "1e-22", "1e-23",
      "4.9e-324", "2.4703282292062328e-324", "2.4703282292062327e-324", "2.2250738585072014E-308",
      "1.7976931348623157e308", "1.7976931348623159e308", "1e309", "-1e309", "1e-400", "1e99999999999",
      "0.0000000000000000000000001", "000000000000000000001", "00000012.5", "1234567.1234567", "12345678.1234567",
      "1234567.12345678", "12345678.12345678", "123456789.123456789", "9999999.9999999", "-7654321.7654321"};

  /** Values Tablesaw accepts or rejects in its own way: the fast path must hand each of them to Tablesaw. */
  private static final String[] ODD_DECIMALS = {"abc", "1.2.3", "1e", "1e+", "--1", "+-1", ".", "-", "+", "e5",
      "\"1,000\"", "\"2\"", "12%", "NaN", "Infinity", "-Infinity", "0x1p3", "1d", "2F", " 1", "1 ", "1 2", "#5",
      "caf\u00e9", "1_000", "\u0661"};

  private static final String[] ODD_INTEGERS = {"+5", "5.0", "5.", "1e3", "2147483647", "2147483648",
      "-2147483648", "0012", "0000000012", "1.5", "abc", " 3", "-", "\"7\""};

  /** A decimal Double.parseDouble accepts and the fast path reads itself (no NaN, Infinity, hex or suffix). */
  static String decimal(SplittableRandom r) {
    switch (r.nextInt(10)) {
      case 0:
        return EDGE_DECIMALS[r.nextInt(EDGE_DECIMALS.length)];
      case 1:
        return Long.toString(r.nextLong() >> r.nextInt(64));
      case 2: {
        double d = Double.longBitsToDouble(r.nextLong());
        return Double.isFinite(d) ? Double.toString(d) : "1.5";
      }
      case 3:
        return Double.toString((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-30, 30)));
      case 4: // the benchmark's shape: six decimals
        return String.format(Locale.ROOT, "%.6f", r.nextLong(-2_000_000, 2_000_000) / 1e6);
      case 5:
        return String.format(Locale.ROOT, "%." + r.nextInt(0, 12) + "f", (r.nextDouble() - 0.5) * 1e4);
      default: {
        StringBuilder sb = new StringBuilder();
        sb.append(r.nextInt(4) == 0 ? "-" : r.nextInt(8) == 0 ? "+" : "");
        int integerDigits = r.nextInt(0, r.nextBoolean() ? 10 : 22);
        int fractionDigits = r.nextBoolean() ? -1 : r.nextInt(0, r.nextBoolean() ? 10 : 22);
        if (integerDigits == 0 && fractionDigits <= 0) {
          integerDigits = 1;
        }
        digits(r, sb, integerDigits);
        if (fractionDigits >= 0) {
          digits(r, sb.append('.'), fractionDigits);
        }
        if (r.nextInt(4) == 0) {
          sb.append(r.nextBoolean() ? 'e' : 'E').append(r.nextInt(3) == 0 ? "-" : r.nextInt(3) == 0 ? "+" : "");
          digits(r, sb, r.nextInt(1, 4));
        }
        return sb.toString();
      }
    }
  }

  private static void digits(SplittableRandom r, StringBuilder sb, int n) {
    boolean zeros = r.nextInt(5) == 0; // runs of zeros: leading, trailing, whole
    for (int i = 0; i < n; i++) {
      sb.append((char) ('0' + (zeros && r.nextBoolean() ? 0 : r.nextInt(10))));
    }
  }

  @Test
  void decimalsEqualDoubleParseDoubleBitForBit() throws IOException {
    SplittableRandom r = new SplittableRandom(11);
    List<String> values = new ArrayList<>(List.of(EDGE_DECIMALS));
    while (values.size() < 100_000) {
      values.add(decimal(r));
    }
    StringBuilder csv = new StringBuilder("v\n");
    for (String v : values) {
      csv.append(v).append('\n');
    }
    Schema schema = Schema.builder().numeric("v").build();
    NumericCsvReader.Result result = NumericCsvReader.read(schema, csv.toString().getBytes(StandardCharsets.UTF_8),
        "values.csv");
    assertNotNull(result, "every value is a plain decimal, so the fast path reads the file");
    DoubleColumn column = result.table().doubleColumn("v");
    assertEquals(values.size(), column.size());
    for (int i = 0; i < values.size(); i++) {
      String value = values.get(i);
      long expected = Double.doubleToRawLongBits(Double.parseDouble(value));
      long actual = Double.doubleToRawLongBits(column.getDouble(i));
      assertEquals(expected, actual, () -> "value '" + value + "'");
    }
  }

  @Test
  void plainIntegersInAnIntegerColumn() throws IOException {
    Schema schema = Schema.builder().integer("n").numeric("v").missingValues("NA", "-1").build();
    String csv = "n,v\n0,1\n-0,1\n7,1\n-123456789,1\n999999999,1\n\nNA,1\n-1,-1\n";
    NumericCsvReader.Result result = NumericCsvReader.read(schema, csv.getBytes(StandardCharsets.UTF_8), "ints");
    assertNotNull(result);
    IntColumn n = result.table().intColumn("n");
    assertEquals(List.of(0, 0, 7, -123456789, 999999999), n.asList().subList(0, 5));
    assertEquals(7, n.size(), "the blank line is skipped");
    assertTrue(n.isMissing(5) && n.isMissing(6), "NA and the numeric indicator -1 are missing");
    assertTrue(result.table().doubleColumn("v").isMissing(6));
    Schema one = Schema.builder().integer("n").build();
    assertNull(NumericCsvReader.read(one, "n\n1\n\n2\n".getBytes(StandardCharsets.UTF_8), "one"),
        "with one column a blank line could be an empty cell: Tablesaw decides");
  }

  @Test
  void givesUpOnWhatOnlyTablesawReadsRight() throws IOException {
    Schema schema = Schema.builder().numeric("a", "b").build();
    for (String csv : List.of("a,b\n\"1\",2\n", "a,b\n1, 2\n", "a,b\n1\n", "a,b\n1,2,3\n",
        "a,b\n1,2\r\n", "a,b\r\n1,2\n", "a,b\n1,2\r3,4\n", "a,b\n", "", "a,a\n1,2\n", "a, b\n1,2\n", "a,b,c\n1,2,x\n",
        "a,b\n1,x\n", "a,b\n1,12%\n", "a,b\n1,\u00e9\n")) {
      assertNull(NumericCsvReader.read(schema, csv.getBytes(StandardCharsets.UTF_8), "x"), csv);
    }
    Schema semicolon = Schema.builder().numeric("a", "b").separator(';').build();
    assertNull(NumericCsvReader.read(semicolon, "a;b\n1,000;2\n".getBytes(StandardCharsets.UTF_8), "x"));
    assertNotNull(NumericCsvReader.read(semicolon, "a;b\n1000;2\n".getBytes(StandardCharsets.UTF_8), "x"));
  }

  @Test
  void schemasWithTextColumnsAreNotForTheFastPath() {
    assertTrue(NumericCsvReader.supports(Schema.builder().numeric("a").integerTarget("y").build()));
    assertTrue(!NumericCsvReader.supports(Schema.builder().categorical("c").build()));
    assertTrue(!NumericCsvReader.supports(Schema.builder().numeric("a").target("y", Task.CLASSIFICATION).build()));
    assertTrue(!NumericCsvReader.supports(Schema.builder().numeric("a").separator(' ').build()));
    assertTrue(!NumericCsvReader.supports(Schema.builder().numeric("a").missingValues().build()));
  }

  // ---------------------------------------------------------------- differential test against Tablesaw

  /** One generated file: its schema, bytes, and whether it has nothing that must make the fast path give up. */
  private record Case(int index, Schema schema, byte[] bytes, boolean clean) {
    String describe() {
      return "case " + index + " " + schema + " sep='" + schema.separator() + "' missing=" + schema.missingValues()
          + "\n" + new String(bytes, StandardCharsets.UTF_8).replace("\r", "\\r");
    }
  }

  private static Case generate(int index, SplittableRandom r) {
    boolean clean = true;
    Schema.Builder b = Schema.builder();
    List<String> declared = new ArrayList<>();
    List<Character> kinds = new ArrayList<>(); // 'd' double, 'i' integer, 's' skipped
    MissingPolicy[] policies = MissingPolicy.values();
    int numeric = r.nextInt(1, 5);
    for (int c = 0; c < numeric; c++) {
      String name = "x" + c;
      b.numeric(name).missing(policies[r.nextInt(policies.length)], name);
      declared.add(name);
      kinds.add('d');
    }
    if (r.nextInt(3) == 0) {
      b.integer("n").missing(policies[r.nextInt(policies.length)], "n");
      declared.add("n");
      kinds.add('i');
    }
    int target = r.nextInt(3);
    if (target > 0) {
      String name = target == 1 ? "y" : "k";
      if (target == 1) {
        b.target(name, Task.REGRESSION);
      } else {
        b.integerTarget(name);
      }
      b.missing(r.nextBoolean() ? MissingPolicy.FAIL : MissingPolicy.DROP_ROW, name);
      declared.add(name);
      kinds.add(target == 1 ? 'd' : 'i');
    }
    if (r.nextInt(5) == 0) {
      b.ignore("skip");
      declared.add("skip");
      kinds.add('s');
    }
    String[][] indicatorLists = {{"NA", ""}, {"?"}, {"NA", "-999"}, {"", "n/a"}, {"-"}, {"NA", "", "-1"}};
    String[] indicators = indicatorLists[r.nextInt(indicatorLists.length)];
    b.missingValues(indicators);
    char[] separators = {',', ',', ',', ';', '|', '\t'};
    char sep = separators[r.nextInt(separators.length)];
    b.separator(sep);
    Schema schema = b.build();

    // Header: the declared columns in random order, now and then with a problem.
    List<Integer> order = new ArrayList<>();
    for (int c = 0; c < declared.size(); c++) {
      order.add(c);
    }
    Collections.shuffle(order, new java.util.Random(r.nextLong()));
    List<String> header = new ArrayList<>();
    List<Character> columnKinds = new ArrayList<>();
    for (int c : order) {
      header.add(declared.get(c));
      columnKinds.add(kinds.get(c));
    }
    int headerProblem = r.nextInt(40);
    if (headerProblem == 0) {
      header.add("note"); // undeclared: read as text
      columnKinds.add('s');
      clean = false;
    } else if (headerProblem == 1 && target > 0) {
      int t = header.indexOf(target == 1 ? "y" : "k"); // the target is missing
      header.set(t, "label");
      clean = false;
    } else if (headerProblem == 2) {
      header.set(header.size() - 1, header.get(0)); // a duplicate name
      clean = false;
    } else if (headerProblem == 3) {
      header.set(0, " " + header.get(0)); // a padded name
      clean = false;
    } else if (headerProblem == 4) {
      header.set(0, ""); // an empty name
      clean = false;
    } else if (headerProblem == 5 && target > 0) {
      int t = header.indexOf(target == 1 ? "y" : "k"); // no target column at all: the fast path reads, then fails
      header.remove(t);
      columnKinds.remove(t);
    }
    boolean crlf = r.nextInt(3) == 0;
    String eol = crlf ? "\r\n" : "\n";
    StringBuilder text = new StringBuilder();
    if (r.nextInt(6) == 0) {
      text.append('\ufeff');
    }
    text.append(String.join(String.valueOf(sep), header)).append(eol);
    int rows = r.nextInt(40) == 0 ? 0 : r.nextInt(1, 14);
    if (rows == 0) {
      clean = false;
    }
    for (int row = 0; row < rows; row++) {
      List<String> cells = new ArrayList<>();
      for (char kind : columnKinds) {
        int roll = r.nextInt(100);
        String cell;
        if (roll < 6) {
          cell = "";
        } else if (roll < 10) {
          cell = indicators[r.nextInt(indicators.length)];
        } else if (roll < 12) {
          cell = kind == 'i' ? ODD_INTEGERS[r.nextInt(ODD_INTEGERS.length)] : ODD_DECIMALS[r.nextInt(
              ODD_DECIMALS.length)];
          clean = false;
        } else if (kind == 'd') {
          cell = decimal(r);
        } else if (kind == 'i') {
          cell = Integer.toString(r.nextInt(-1_000_000_000 + 1, 1_000_000_000) >> r.nextInt(31));
        } else {
          cell = r.nextBoolean() ? "some text" : "t" + r.nextInt(100);
        }
        cells.add(cell);
      }
      int ragged = r.nextInt(60);
      if (ragged == 0) {
        cells.remove(cells.size() - 1);
        clean = false;
      } else if (ragged == 1) {
        cells.add("1");
        clean = false;
      }
      String line = String.join(String.valueOf(sep), cells);
      if (line.isEmpty()) {
        clean = false; // a single empty cell: a blank line, which the two readers may not read as a row alike
      }
      text.append(line);
      boolean last = row == rows - 1;
      int ending = r.nextInt(30);
      if (ending == 0) {
        text.append(crlf ? "\n" : "\r\n"); // mixed line endings
        clean = false;
      } else if (!(last && ending < 6)) { // sometimes no final line separator
        text.append(eol);
        if (r.nextInt(12) == 0) {
          text.append(eol); // a blank line
          if (columnKinds.size() == 1 || (last && ending < 6)) {
            clean = false;
          }
        }
      }
    }
    return new Case(index, schema, text.toString().getBytes(StandardCharsets.UTF_8), clean);
  }

  @Test
  void fastPathEqualsTablesawOnGeneratedFiles() throws IOException {
    SplittableRandom r = new SplittableRandom(2024);
    // Every case checks the fast path against itself read in tiny chunks; the first ones (each Tablesaw read takes a
    // few milliseconds) also against Tablesaw, from a file and from a stream.
    int cases = 2500;
    int compared = 300;
    int fast = 0;
    int clean = 0;
    for (int i = 0; i < cases; i++) {
      Case c = generate(i, r);
      String name = "case" + i + ".csv";

      NumericCsvReader.Result direct = NumericCsvReader.supports(c.schema())
          ? NumericCsvReader.read(c.schema(), c.bytes(), name) : null;
      if (c.clean()) {
        clean++;
        assertNotNull(direct, () -> "a clean file must take the fast path: " + c.describe());
      }
      if (direct != null) {
        fast++;
        // Tiny chunks: lines split across reads, buffers grown, with and without the size known in advance.
        int chunk = r.nextInt(1, 48);
        long size = r.nextBoolean() ? c.bytes().length : -1;
        NumericCsvReader.Result chunked = NumericCsvReader.read(c.schema(), new ByteArrayInputStream(c.bytes()),
            size, name, chunk);
        assertNotNull(chunked, c::describe);
        assertSameTable(direct.table(), chunked.table(), () -> "chunk " + chunk + ", " + c.describe());
        assertEquals(direct.header(), chunked.header(), c::describe);
      }
      if (i < compared) {
        Path file = dir.resolve(name);
        Files.write(file, c.bytes());
        assertSameOutcome(read(c.schema(), false, file), read(c.schema(), true, file), c);
        if (i % 3 == 0) {
          assertSameOutcome(readStream(c.schema(), false, c.bytes(), name),
              readStream(c.schema(), true, c.bytes(), name), c);
        }
      }
    }
    assertTrue(clean > cases / 3, "clean cases: " + clean);
    assertTrue(fast >= clean, "fast: " + fast + ", clean: " + clean);
  }

  /** A table, or the exception a read threw. */
  private record Outcome(Table table, Exception error) {}

  private static Outcome read(Schema schema, boolean fastPath, Path file) {
    try {
      return new Outcome(new CsvLoader(schema, fastPath).read(file), null);
    } catch (IOException | RuntimeException e) {
      return new Outcome(null, e);
    }
  }

  private static Outcome readStream(Schema schema, boolean fastPath, byte[] bytes, String name) {
    try {
      return new Outcome(new CsvLoader(schema, fastPath).read(new ByteArrayInputStream(bytes), name), null);
    } catch (IOException | RuntimeException e) {
      return new Outcome(null, e);
    }
  }

  private static void assertSameOutcome(Outcome expected, Outcome actual, Case c) {
    if (expected.error() != null || actual.error() != null) {
      assertTrue(expected.error() != null && actual.error() != null, () -> "one path failed, the other did not: "
          + (expected.error() != null ? expected.error() : actual.error()) + "\n" + c.describe());
      assertEquals(expected.error().getClass(), actual.error().getClass(), c::describe);
      assertEquals(expected.error().getMessage(), actual.error().getMessage(), c::describe);
      if (expected.error() instanceof MalformedDataException e) {
        MalformedDataException a = (MalformedDataException) actual.error();
        assertEquals(e.row(), a.row(), c::describe);
        assertEquals(e.column(), a.column(), c::describe);
        assertEquals(e.source(), a.source(), c::describe);
      }
      return;
    }
    assertSameTable(expected.table(), actual.table(), c::describe);
  }

  /** Same name, columns (names, types, order) and every value, doubles compared by their bits. */
  static void assertSameTable(Table expected, Table actual, Supplier<String> context) {
    assertEquals(expected.name(), actual.name(), context);
    assertEquals(expected.columnNames(), actual.columnNames(), context);
    assertEquals(expected.types(), actual.types(), context);
    assertEquals(expected.rowCount(), actual.rowCount(), context);
    for (int c = 0; c < expected.columnCount(); c++) {
      Column<?> e = expected.column(c);
      Column<?> a = actual.column(c);
      assertEquals(e.getClass(), a.getClass(), context);
      for (int i = 0; i < e.size(); i++) {
        int row = i;
        Supplier<String> where = () -> "column '" + e.name() + "' row " + row + ": " + context.get();
        assertEquals(e.isMissing(i), a.isMissing(i), where);
        if (e.type() == ColumnType.DOUBLE) {
          assertEquals(Double.doubleToRawLongBits(((DoubleColumn) e).getDouble(i)),
              Double.doubleToRawLongBits(((DoubleColumn) a).getDouble(i)), where);
        } else if (e.type() == ColumnType.INTEGER) {
          assertEquals(((IntColumn) e).getInt(i), ((IntColumn) a).getInt(i), where);
        } else {
          assertEquals(e.get(i), a.get(i), where);
        }
      }
    }
  }
}
