package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

class BundledDatasetTest {
  private static final String[] IRIS = {"sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"};

  @Test
  void splitRowsAreTorchsRandomSplitInOrder() {
    BundledDataset iris = Datasets.iris();
    int[] train = Golden.ints(Golden.value("stats", "iris", "train_indices"));
    assertEquals(120, train.length);
    for (int i = 0; i < train.length; i++) {
      assertEquals(iris.table().doubleColumn(IRIS[2]).getDouble(train[i]),
          iris.trainTable().doubleColumn(IRIS[2]).getDouble(i), "train row " + i);
      assertEquals(iris.table().stringColumn("species").get(train[i]), iris.trainTable().stringColumn("species")
          .get(i));
    }
  }

  @Test
  void standardisationIsFittedOnTheTrainingRowsOnly() {
    BundledDataset iris = Datasets.iris();
    double[] mean = Golden.doubles(Golden.value("stats", "iris", "mean"));
    double[] std = Golden.doubles(Golden.value("stats", "iris", "std"));
    double[] fullMean = Golden.doubles(Golden.value("stats", "iris", "full_mean"));
    for (int c = 0; c < 4; c++) {
      assertEquals(mean[c], iris.preprocessor().center(IRIS[c]), 1e-12, IRIS[c]);
      assertEquals(std[c], iris.preprocessor().scale(IRIS[c]), 1e-12, IRIS[c]);
      assertNotEquals(fullMean[c], iris.preprocessor().center(IRIS[c]), 1e-6);
    }
    // The training features are standardised exactly; the test features only approximately.
    float[] x = iris.train().features().toArray();
    double s = 0;
    for (int i = 0; i < 120; i++) {
      s += x[i * 4];
    }
    assertEquals(0, s / 120, 1e-6);
    float[] t = iris.test().features().toArray();
    double ts = 0;
    for (int i = 0; i < 30; i++) {
      ts += t[i * 4];
    }
    assertTrue(Math.abs(ts / 30) > 1e-3, "test mean " + ts / 30);
  }

  @Test
  void fillsComeFromTheTrainingRows() {
    BundledDataset mpg = Datasets.autoMpg();
    assertEquals(Integer.parseInt(Golden.value("stats", "auto_mpg", "rows")),
        mpg.train().size() + mpg.test().size());
    assertEquals(Double.parseDouble(Golden.value("stats", "auto_mpg", "horsepower_train_median")),
        mpg.preprocessor().fillValue("horsepower"));
    assertNotEquals(Double.parseDouble(Golden.value("stats", "auto_mpg", "horsepower_all_median")),
        mpg.preprocessor().fillValue("horsepower"));
    assertEquals(Double.parseDouble(Golden.value("stats", "auto_mpg", "horsepower_train_mean_after_fill")),
        mpg.preprocessor().center("horsepower"), 1e-9);
    assertEquals(Double.parseDouble(Golden.value("stats", "auto_mpg", "horsepower_train_std_after_fill")),
        mpg.preprocessor().scale("horsepower"), 1e-9);

    BundledDataset penguins = Datasets.penguins();
    assertEquals("female=129,male=137", Golden.value("stats", "penguins", "sex_train_counts"));
    assertEquals("male", penguins.preprocessor().fillValue("sex"));
    assertEquals(Double.parseDouble(Golden.value("stats", "penguins", "body_mass_train_mean")),
        penguins.preprocessor().center("body_mass_g"), 1e-9);
  }

  @Test
  void fromTableWorksForAnyTableAndChecksItsArguments() {
    Table t = Table.create("t", DoubleColumn.create("x", 1, 2, 3, 4, 5), DoubleColumn.create("y", 2, 4, 6, 8, 10));
    Schema s = Schema.builder().numeric("x").target("y", Task.REGRESSION).build();
    BundledDataset d = BundledDataset.fromTable("line", t, s, 0.4, 1);
    assertEquals(3, d.train().size());
    assertEquals(2, d.test().size());
    float[] x = d.train().features().toArray();
    float[] y = d.train().targets().toArray();
    for (int i = 0; i < 3; i++) {
      assertEquals(2 * x[i], y[i]);
    }
    assertTrue(d.toString().startsWith("BundledDataset(line, REGRESSION, 5 rows, train 3, test 2"), d.toString());
    IllegalArgumentException noTarget = assertThrows(IllegalArgumentException.class,
        () -> BundledDataset.fromTable("t", t, s.withoutTarget(), 0.2, 0));
    assertTrue(noTarget.getMessage().contains("has no target column"), noTarget.getMessage());
    IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class,
        () -> BundledDataset.fromTable("t", t, s, 1.5, 0));
    assertTrue(fraction.getMessage().contains("testFraction must be in [0, 1], got 1.5"), fraction.getMessage());
    IllegalArgumentException allTest = assertThrows(IllegalArgumentException.class,
        () -> BundledDataset.fromTable("t", t, s, 1.0, 0));
    assertTrue(allTest.getMessage().contains("table 't (train)' has no rows left to fit on"), allTest.getMessage());
    assertEquals(5, BundledDataset.fromTable("t", t, s, 0.0, 0).train().size());
  }
}
