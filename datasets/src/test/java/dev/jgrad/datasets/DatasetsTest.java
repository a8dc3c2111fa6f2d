package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.DType;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetsTest {
  /** Class counts over train + test (each class index counted once per row). */
  static int[] classCounts(BundledDataset d) {
    int[] counts = new int[d.numClasses()];
    for (TensorDataset split : List.of(d.train(), d.test())) {
      for (long y : split.targets().toLongArray()) {
        counts[(int) y]++;
      }
    }
    return counts;
  }

  static void assertShapes(BundledDataset d, int tableRows, int tableCols, int train, int test, int features) {
    assertEquals(tableRows, d.table().rowCount(), d.name());
    assertEquals(tableCols, d.table().columnCount(), d.name());
    assertEquals(train, d.train().size(), d.name());
    assertEquals(test, d.test().size(), d.name());
    assertArrayEquals(new int[] {train, features}, d.train().features().shape(), d.name());
    assertArrayEquals(new int[] {test, features}, d.test().features().shape(), d.name());
    assertEquals(features, d.numFeatures());
    assertEquals(features, d.featureNames().size());
    assertEquals(DType.FLOAT32, d.train().featureType());
    assertEquals(train, d.trainTable().rowCount());
    if (d.task() == Task.CLASSIFICATION) {
      assertArrayEquals(new int[] {train}, d.train().targets().shape());
      assertEquals(DType.INT64, d.train().targetType());
    } else {
      assertArrayEquals(new int[] {train, 1}, d.train().targets().shape());
      assertEquals(DType.FLOAT32, d.train().targetType());
      assertEquals(0, d.numClasses());
      assertEquals(List.of(), d.classNames());
    }
  }

  @Test
  void iris() {
    BundledDataset d = Datasets.iris();
    assertShapes(d, 150, 5, 120, 30, 4);
    assertEquals(Task.CLASSIFICATION, d.task());
    assertEquals(List.of("setosa", "versicolor", "virginica"), d.classNames());
    assertArrayEquals(new int[] {50, 50, 50}, classCounts(d));
  }

  @Test
  void penguinsHasMissingValuesAndCategoricalColumns() {
    BundledDataset d = Datasets.penguins();
    assertShapes(d, 344, 8, 274, 68, 9);
    assertEquals(19, d.table().columns().stream().mapToInt(c -> c.countMissing()).sum(), "README: 19 NA cells");
    assertEquals(List.of("Adelie", "Chinstrap", "Gentoo"), d.classNames());
    assertArrayEquals(new int[] {151, 68, 123}, classCounts(d), "one Adelie and one Gentoo row lack measurements");
    assertEquals(List.of("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "island=Biscoe",
        "island=Dream", "island=Torgersen", "sex=female", "sex=male"), d.featureNames());
    assertEquals(tech.tablesaw.api.ColumnType.INTEGER, d.table().column("year").type());
  }

  @Test
  void digits() {
    BundledDataset d = Datasets.digits();
    assertShapes(d, 1797, 65, 1438, 359, 64);
    assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), d.classNames());
    assertArrayEquals(new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, classCounts(d));
  }

  @Test
  void diabetes() {
    BundledDataset d = Datasets.diabetes();
    assertShapes(d, 442, 11, 354, 88, 10);
    assertEquals(Task.REGRESSION, d.task());
    double sum = 0;
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (TensorDataset split : List.of(d.train(), d.test())) {
      for (float y : split.targets().toArray()) {
        sum += y;
        min = Math.min(min, y);
        max = Math.max(max, y);
      }
    }
    assertEquals(25f, min);
    assertEquals(346f, max);
    assertEquals(152.13, sum / 442, 0.01, "README: mean 152.1");
  }

  @Test
  void autoMpgHasMissingValues() {
    BundledDataset d = Datasets.autoMpg();
    assertShapes(d, 406, 9, 319, 79, 9);
    assertEquals(8, d.table().column("mpg").countMissing());
    assertEquals(6, d.table().column("horsepower").countMissing());
    assertEquals(List.of("Europe", "Japan", "USA"), d.preprocessor().categories("origin"));
    for (TensorDataset split : List.of(d.train(), d.test())) {
      for (float v : split.features().toArray()) {
        assertFalse(Float.isNaN(v), "no missing value survives preprocessing");
      }
    }
  }

  @Test
  void fashionMnistSample() {
    BundledDataset d = Datasets.fashionMnistSample();
    assertShapes(d, 1000, 785, 800, 200, 784);
    assertEquals(10, d.numClasses());
    assertArrayEquals(Golden.ints(Golden.value("idx", "label_counts")), classCounts(d));
    float min = 1;
    float max = 0;
    for (float v : d.train().features().toArray()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertEquals(0f, min);
    assertEquals(1f, max);
    assertEquals(10, Datasets.FASHION_MNIST_CLASSES.size());
  }

  @Test
  void byNameAndCustomSplits() {
    assertEquals(List.of("iris", "penguins", "digits", "diabetes", "auto_mpg", "fashion_mnist_sample"),
        Datasets.names());
    assertEquals("auto_mpg", Datasets.byName("autoMpg").name());
    assertEquals("iris", Datasets.byName("IRIS").name());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.byName("mnist"));
    assertTrue(e.getMessage().contains("no bundled dataset 'mnist'") && e.getMessage().contains("auto_mpg"),
        e.getMessage());
    BundledDataset half = Datasets.load("iris", 0.5, 3);
    assertEquals(75, half.train().size());
    assertEquals(3, half.seed());
    assertFalse(java.util.Arrays.equals(half.train().features().toArray(),
        Datasets.load("iris", 0.5, 4).train().features().toArray()));
    assertArrayEquals(Datasets.iris().train().features().toArray(), Datasets.iris().train().features().toArray(),
        "the default split is fixed");
  }
}
