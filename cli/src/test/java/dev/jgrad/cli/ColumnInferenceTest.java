package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.datasets.MissingPolicy;
import dev.jgrad.datasets.Scaling;
import dev.jgrad.datasets.Schema;
import dev.jgrad.datasets.Task;
import dev.jgrad.cli.ColumnInference.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The column-type rules and the schema they produce. */
class ColumnInferenceTest {
  private static final List<String> NA = List.of("NA", "");

  private static Table table(String name, String... cells) {
    return Table.create("t", StringColumn.create(name, cells));
  }

  @Test
  void numbersIncludingExponentsAndSigns() {
    ColumnInference.Profile p = ColumnInference.profile(table("x", "1", "-2.5", "+3e4", ".5", "", "7."), "x");
    assertEquals(Kind.NUMBER, p.kind());
    assertEquals(5, p.values());
    assertEquals(1, p.missing());
    assertFalse(p.integers());
    assertTrue(ColumnInference.profile(table("x", "1", "2", "-3"), "x").integers());
  }

  @Test
  void mostlyNumbersIsMixedNamingTheFirstOddCell() {
    ColumnInference.Profile p = ColumnInference.profile(table("hp", "130", "165", "?", "150", "140", "?", "1",
        "2", "3", "4", "5", "6"), "hp");
    assertEquals(Kind.MIXED, p.kind());
    assertEquals("?", p.oddValue());
    assertEquals(4, p.oddRow()); // header is row 1
    assertEquals(2, p.oddCount());
  }

  @Test
  void fewDistinctTextsAreACategoryManyAreText() {
    assertEquals(Kind.CATEGORY, ColumnInference.profile(table("c", "a", "b", "a", "c"), "c").kind());
    String[] ids = new String[30];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = "id" + i;
    }
    ColumnInference.Profile p = ColumnInference.profile(table("id", ids), "id");
    assertEquals(Kind.TEXT, p.kind());
    assertEquals(30, p.distinct());
    String[] many = new String[200];
    for (int i = 0; i < many.length; i++) {
      many[i] = "v" + (i % 60);
    }
    assertEquals(Kind.TEXT, ColumnInference.profile(table("v", many), "v").kind());
    assertEquals(Kind.EMPTY, ColumnInference.profile(table("e", "", ""), "e").kind());
  }

  private static Table toy() {
    List<String> x = new ArrayList<>();
    List<String> color = new ArrayList<>();
    List<String> label = new ArrayList<>();
    List<String> price = new ArrayList<>();
    List<String> name = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      x.add(i == 3 ? "" : Integer.toString(i));
      color.add(List.of("red", "green").get(i % 2));
      label.add(Integer.toString(i % 3));
      price.add(i + ".5");
      name.add("item " + i);
    }
    return Table.create("toy", StringColumn.create("x", x), StringColumn.create("color", color),
        StringColumn.create("label", label), StringColumn.create("price", price), StringColumn.create("name", name));
  }

  @Test
  void autoTaskFromTheTarget() {
    assertEquals(Task.CLASSIFICATION, ColumnInference.plan(toy(), "toy", "label", null, "auto", NA, false).task());
    assertEquals(Task.CLASSIFICATION, ColumnInference.plan(toy(), "toy", "color", null, "auto", NA, false).task());
    assertEquals(Task.REGRESSION, ColumnInference.plan(toy(), "toy", "price", null, "auto", NA, false).task());
    assertEquals(Task.REGRESSION, ColumnInference.plan(toy(), "toy", "label", null, "regression", NA, false).task());
    assertEquals(Task.CLASSIFICATION, ColumnInference.plan(toy(), "toy", "color", null, "classification", NA, false)
        .task());
    // Forced classification of a column with a distinct value in every row: an identifier, refused.
    CliException id = assertThrows(CliException.class,
        () -> ColumnInference.plan(toy(), "toy", "price", null, "classification", NA, false));
    assertEquals(CliException.FAILURE, id.exitCode());
    assertEquals("target 'price' in toy looks like an identifier, not a class label: 40 distinct values in 40 rows "
        + "(a classifier needs several rows per class); choose another --target, or --task regression if it is a "
        + "quantity", id.getMessage());
  }

  @Test
  void schemaForAutomaticFeatures() {
    ColumnInference.Plan plan = ColumnInference.plan(toy(), "toy", "price", null, "auto", NA, false);
    Schema s = plan.schema();
    assertEquals(List.of("x", "color", "label"), s.featureColumns());
    assertEquals(MissingPolicy.FILL_MEDIAN, s.feature("x").missing());
    assertEquals(Scaling.STANDARDIZE, s.feature("x").scaling());
    assertEquals(Schema.Kind.CATEGORICAL, s.feature("color").kind());
    assertEquals(MissingPolicy.FILL_MODE, s.feature("color").missing());
    assertTrue(s.feature("color").unknownBucket());
    assertEquals("price", s.target().name());
    assertEquals(MissingPolicy.DROP_ROW, s.target().missing());
    assertEquals(Scaling.STANDARDIZE, s.target().scaling());
    assertEquals(List.of("skipped 'name': text with 40 distinct values (an identifier or free text), not a usable "
        + "feature"), plan.notes());
  }

  @Test
  void integerClassLabelsReadAsIntegers() {
    Schema s = ColumnInference.plan(toy(), "toy", "label", List.of("x"), "auto", NA, false).schema();
    assertTrue(s.target().integerLabels());
    assertEquals(List.of("x"), s.featureColumns());
    assertNull(s.feature("color"));
  }

  @Test
  void errors() {
    CliException unknown = assertThrows(CliException.class,
        () -> ColumnInference.plan(toy(), "toy", "label", List.of("x", "colour"), "auto", NA, false));
    assertEquals(CliException.USAGE, unknown.exitCode());
    assertTrue(unknown.getMessage().contains("no column 'colour' in toy; the columns are x, color, label, price, "
        + "name"), unknown.getMessage());
    CliException text = assertThrows(CliException.class,
        () -> ColumnInference.plan(toy(), "toy", "label", List.of("name"), "auto", NA, false));
    assertEquals(CliException.FAILURE, text.exitCode());
    assertTrue(text.getMessage().startsWith("feature 'name' in toy is not numeric ('item 0' in row 2)"),
        text.getMessage());
    CliException regression = assertThrows(CliException.class,
        () -> ColumnInference.plan(toy(), "toy", "color", null, "regression", NA, false));
    assertTrue(regression.getMessage().contains("needs a numeric target"), regression.getMessage());
    CliException onlyTarget = assertThrows(CliException.class,
        () -> ColumnInference.plan(toy().selectColumns("name", "price"), "toy", "price", null, "auto", NA, false));
    assertTrue(onlyTarget.getMessage().startsWith("no usable feature column in toy"), onlyTarget.getMessage());
  }
}
