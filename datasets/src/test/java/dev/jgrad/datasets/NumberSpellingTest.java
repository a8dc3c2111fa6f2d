package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

class NumberSpellingTest {
  private static final Schema SCHEMA = Schema.builder().numeric("a").target("y", Task.REGRESSION)
      .missing(MissingPolicy.FILL_MEAN, "a").build();
  private static final Schema INT_TARGET = Schema.builder().numeric("a").integerTarget("y").build();

  private static Table read(CsvLoader loader, String text) throws IOException {
    return loader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "s.csv");
  }

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "expected <" + part + "> in: " + message);
    }
  }

  @Test
  void spellings() {
    for (String s : new String[] {"NaN", "nan", "NAN", " nAn "}) {
      assertTrue(NumberSpelling.isNaN(s), s);
    }
    for (String s : new String[] {"inf", "-inf", "+Inf", "INF", "Infinity", "-infinity", "INFINITY", "1e999",
        "-2E400", "9".repeat(400)}) {
      assertTrue(NumberSpelling.isInfinite(s), s);
    }
    for (String s : new String[] {"in", "infinit", "1e308", "--inf", "nan", "e", "1e", "x".repeat(400)}) {
      assertFalse(NumberSpelling.isInfinite(s), s);
    }
  }

  /** Each NaN spelling is missing, on the fast path and on Tablesaw's (a quote elsewhere forces that one). */
  @ParameterizedTest
  @ValueSource(strings = {"NaN", "nan", "NAN", "NA", ""})
  void nanSpellingsAreMissingInFeatures(String cell) throws IOException {
    for (String text : new String[] {"a,y\n1,1\n" + cell + ",2\n3,3\n", "a,y\n\"1\",1\n" + cell + ",2\n3,3\n"}) {
      Table t = read(new CsvLoader(SCHEMA), text);
      assertTrue(t.doubleColumn("a").isMissing(1), text);
    }
    // In a target with the FAIL policy, missing is an error naming the row and column.
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> read(new CsvLoader(SCHEMA), "a,y\n1,1\n2," + cell + "\n"));
    assertContains(e.getMessage(), "row 3", "column 'y'", "missing value");
  }

  @ParameterizedTest
  @ValueSource(strings = {"inf", "-inf", "Infinity", "-Infinity", "+INF", "iNfInItY", "1e999", "-2e400"})
  void infiniteSpellingsFailInFeaturesAndTargetsNamingRowAndColumn(String cell) {
    for (String text : new String[] {"a,y\n1,1\n" + cell + ",2\n", "a,y\n\"1\",1\n" + cell + ",2\n"}) {
      MalformedDataException e = assertThrows(MalformedDataException.class, () -> read(new CsvLoader(SCHEMA), text));
      assertContains(e.getMessage(), "s.csv", "row 3 (header = row 1)", "column 'a'", "infinite value",
          "infAsMissing", "--inf-as-na");
      assertEquals(3, e.row());
      assertEquals("a", e.column());
    }
    MalformedDataException target = assertThrows(MalformedDataException.class,
        () -> read(new CsvLoader(SCHEMA), "a,y\n1,1\n2," + cell + "\n"));
    assertContains(target.getMessage(), "row 3", "column 'y'", "infinite value");
    if (!cell.contains("e")) {
      MalformedDataException integer = assertThrows(MalformedDataException.class,
          () -> read(new CsvLoader(INT_TARGET), "a,y\n1,1\n2," + cell + "\n"));
      assertContains(integer.getMessage(), "row 3", "column 'y'", "infinite value");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"inf", "-inf", "Infinity", "-Infinity", "+INF", "infinity", "1e999"})
  void infAsMissingReadsThemAsMissingValues(String cell) throws IOException {
    for (String text : new String[] {"a,y\n1,1\n" + cell + ",2\n3,3\n", "a,y\n\"1\",1\n" + cell + ",2\n3,3\n"}) {
      Table t = read(new CsvLoader(SCHEMA).infAsMissing(true), text);
      DoubleColumn a = t.doubleColumn("a");
      assertTrue(a.isMissing(1), text);
      assertEquals(3.0, a.getDouble(2));
      // ... and the column's policy applies: FILL_MEAN fills it, the target's FAIL refuses it.
      assertEquals(2f, Preprocessor.fit(t, SCHEMA).transform(t).features().toArray()[1], "filled with the mean");
    }
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> read(new CsvLoader(SCHEMA).infAsMissing(true), "a,y\n1,1\n2," + cell + "\n"));
    assertContains(e.getMessage(), "row 3", "column 'y'", "missing value");
  }

  @Test
  void nonFiniteValuesReachingScalingAreADataErrorNamingTheColumn() {
    Schema s = Schema.builder().scaling(Scaling.STANDARDIZE).numeric("a").numeric("b").target("y", Task.REGRESSION)
        .build();
    Table inf = Table.create("t", DoubleColumn.create("a", 1, 2, 3), DoubleColumn.create("b", 1,
        Double.POSITIVE_INFINITY, 3), DoubleColumn.create("y", 1, 2, 3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Preprocessor.fit(inf, s));
    assertContains(e.getMessage(), "column 'b'", "non-finite value (Infinity)", "STANDARDIZE");
    Table huge = Table.create("t", DoubleColumn.create("a", 1e308, -1e308, 1e308), DoubleColumn.create("b", 1, 2,
        3), DoubleColumn.create("y", 1, 2, 3));
    IllegalArgumentException overflow = assertThrows(IllegalArgumentException.class,
        () -> Preprocessor.fit(huge, s));
    assertContains(overflow.getMessage(), "column 'a'", "too large to scale");

    Table ok = Table.create("t", DoubleColumn.create("a", 1, 2, 3), DoubleColumn.create("b", 1, 2, 3),
        DoubleColumn.create("y", 1, 2, 3));
    Preprocessor pre = Preprocessor.fit(ok, s);
    IllegalArgumentException transform = assertThrows(IllegalArgumentException.class,
        () -> pre.transformFeatures(inf));
    assertContains(transform.getMessage(), "column 'b'", "infinite value");
  }
}
