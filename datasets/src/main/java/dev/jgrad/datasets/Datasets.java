package dev.jgrad.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Small real datasets shipped inside this jar, loaded by name without network access, each as a Tablesaw table
 * plus a train/test split ready for training (80/20, seed 0, preprocessing fitted on the training rows). Sources
 * and licences: {@code NOTICE.md} next to the data files (package {@code dev/jgrad/datasets}).
 *
 * <table>
 *   <caption>The bundled datasets</caption>
 *   <tr><th>name</th><th>rows used</th><th>features</th><th>target</th></tr>
 *   <tr><td>iris</td><td>150</td><td>4 numeric, standardised</td><td>3 classes (species)</td></tr>
 *   <tr><td>penguins</td><td>342 of 344 (2 rows without measurements dropped)</td><td>4 numeric standardised +
 *       island one-hot (3) + sex one-hot (2, 9 missing filled with the training mode)</td>
 *       <td>3 classes (species)</td></tr>
 *   <tr><td>digits</td><td>1797</td><td>64 pixels (8x8, 0-16), standardised</td><td>10 classes (0-9)</td></tr>
 *   <tr><td>diabetes</td><td>442</td><td>10 numeric, standardised</td><td>regression, progression 25-346</td></tr>
 *   <tr><td>auto_mpg</td><td>398 of 406 (no mpg in 8)</td><td>6 numeric standardised (horsepower: 6 missing
 *       filled with the training median) + origin one-hot (3)</td><td>regression, mpg</td></tr>
 *   <tr><td>fashion_mnist_sample</td><td>1000</td><td>784 pixels (28x28) / 255</td><td>10 classes (0-9, see
 *       {@link #FASHION_MNIST_CLASSES})</td></tr>
 * </table>
 *
 * <pre>{@code
 * BundledDataset iris = Datasets.iris();
 * iris.train().features();     // float32 [120, 4]
 * iris.classNames();           // [setosa, versicolor, virginica]
 * }</pre>
 */
public final class Datasets {
  /** The share of rows in the test split of the default loaders. */
  public static final double DEFAULT_TEST_FRACTION = 0.2;
  /** The seed of the default split. */
  public static final long DEFAULT_SEED = 0;
  /** The names of Fashion-MNIST's class indices 0-9. */
  public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
      "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  private static final List<String> NAMES =
      List.of("iris", "penguins", "digits", "diabetes", "auto_mpg", "fashion_mnist_sample");

  private Datasets() {}

  /** The names {@link #byName} accepts. */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * A bundled dataset by name (case and {@code _}/{@code -} do not matter: {@code "autoMpg"} works).
   *
   * @throws IllegalArgumentException for an unknown name (the message lists the names)
   */
  public static BundledDataset byName(String name) {
    return load(name, DEFAULT_TEST_FRACTION, DEFAULT_SEED);
  }

  /**
   * A bundled dataset with another split.
   *
   * @throws IllegalArgumentException for an unknown name or a test fraction outside [0, 1]
   */
  public static BundledDataset load(String name, double testFraction, long seed) {
    String key = name == null ? "" : name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    return switch (key) {
      case "iris" -> csv("iris", "iris.csv", irisSchema(), testFraction, seed);
      case "penguins" -> csv("penguins", "penguins.csv", penguinsSchema(), testFraction, seed);
      case "digits" -> csv("digits", "digits.csv", digitsSchema(), testFraction, seed);
      case "diabetes" -> csv("diabetes", "diabetes.csv", diabetesSchema(), testFraction, seed);
      case "autompg" -> csv("auto_mpg", "auto_mpg.csv", autoMpgSchema(), testFraction, seed);
      case "fashionmnistsample" -> BundledDataset.fromTable("fashion_mnist_sample", fashionTable(),
          fashionSchema(), testFraction, seed);
      default -> throw new IllegalArgumentException(
          "Datasets.byName: no bundled dataset '" + name + "'; the names are " + NAMES);
    };
  }

  /** Fisher's iris: 150 flowers, 4 measurements in cm, 3 species (50 each). */
  public static BundledDataset iris() {
    return byName("iris");
  }

  /** Palmer penguins: 344 penguins, measurements, island and sex, 3 species; has missing values. */
  public static BundledDataset penguins() {
    return byName("penguins");
  }

  /** UCI optical digits: 1797 images of 8x8 pixels (0-16), labels 0-9. */
  public static BundledDataset digits() {
    return byName("digits");
  }

  /** Efron et al.'s diabetes data: 442 patients, 10 raw baseline variables, disease progression (regression). */
  public static BundledDataset diabetes() {
    return byName("diabetes");
  }

  /** Auto MPG: 406 cars (398 with mpg), engine and weight figures, origin; fuel economy (regression). */
  public static BundledDataset autoMpg() {
    return byName("auto_mpg");
  }

  /** The first 1000 Fashion-MNIST test images (28x28), read from the original gzip'd IDX files. */
  public static BundledDataset fashionMnistSample() {
    return byName("fashion_mnist_sample");
  }

  /**
   * The rows of a SQL query on the database at {@code url} (a connection is opened for each read and closed after
   * it; a password in the URL never appears in messages). Read them whole with {@link JdbcQuery#table(Schema)} or
   * stream them with {@link JdbcQuery#stream(Schema)}; nothing is executed until then.
   *
   * <pre>{@code
   * Table t = Datasets.fromJdbc("jdbc:postgresql://host:5432/shop?user=ml", "SELECT * FROM orders").table(schema);
   * }</pre>
   *
   * @throws IllegalArgumentException if the query is empty
   */
  public static JdbcQuery fromJdbc(String url, String query) {
    return JdbcQuery.of(url, query);
  }

  /** As {@link #fromJdbc(String, String)}, on the caller's connection, which is used for each read and not closed. */
  public static JdbcQuery fromJdbc(java.sql.Connection connection, String query) {
    return JdbcQuery.of(connection, query);
  }

  /** As {@link #fromJdbc(String, String)}, with a connection from {@code source} for each read (closed after it). */
  public static JdbcQuery fromJdbc(javax.sql.DataSource source, String query) {
    return JdbcQuery.of(source, query);
  }

  static Schema irisSchema() {
    return Schema.builder()
        .numeric("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm")
        .target("species", Task.CLASSIFICATION)
        .scaling(Scaling.STANDARDIZE)
        .build();
  }

  static Schema penguinsSchema() {
    String[] measurements = {"bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"};
    return Schema.builder()
        .numeric(measurements)
        .categorical("island", "sex")
        .target("species", Task.CLASSIFICATION)
        .missing(MissingPolicy.DROP_ROW, measurements)
        .missing(MissingPolicy.FILL_MODE, "sex")
        .scaling(Scaling.STANDARDIZE)
        .extra(ColumnType.INTEGER, "year")
        .build();
  }

  static Schema digitsSchema() {
    return Schema.builder()
        .integer(pixelNames(64))
        .integerTarget("label")
        .scaling(Scaling.STANDARDIZE)
        .build();
  }

  static Schema diabetesSchema() {
    return Schema.builder()
        .numeric("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6")
        .target("target", Task.REGRESSION)
        .scaling(Scaling.STANDARDIZE)
        .build();
  }

  static Schema autoMpgSchema() {
    return Schema.builder()
        .numeric("cylinders", "displacement", "horsepower", "weight_lbs", "acceleration", "model_year")
        .categorical("origin")
        .target("mpg", Task.REGRESSION)
        .missing(MissingPolicy.DROP_ROW, "mpg")
        .missing(MissingPolicy.FILL_MEDIAN, "horsepower")
        .scaling(Scaling.STANDARDIZE)
        .extra(ColumnType.STRING, "name")
        .build();
  }

  static Schema fashionSchema() {
    return Schema.builder()
        .integer(pixelNames(784))
        .integerTarget("label")
        .scaling(Scaling.fixed(0, 255))
        .build();
  }

  private static String[] pixelNames(int n) {
    String[] names = new String[n];
    for (int i = 0; i < n; i++) {
      names[i] = "p" + i;
    }
    return names;
  }

  private static BundledDataset csv(String name, String resource, Schema schema, double testFraction, long seed) {
    try {
      Table table = new CsvLoader(schema).readResource(Datasets.class, resource);
      return BundledDataset.fromTable(name, table, schema, testFraction, seed);
    } catch (IOException e) {
      throw new UncheckedIOException("Datasets: cannot load the bundled " + name + " data: " + e.getMessage(), e);
    }
  }

  /** The Fashion-MNIST sample as a table: {@code label}, then pixels {@code p0 .. p783} in row-major order. */
  static Table fashionTable() {
    try {
      IdxArray images = IdxReader.readResource(Datasets.class, "fashion-mnist-t10k-1000-images-idx3-ubyte.gz");
      IdxArray labels = IdxReader.readResource(Datasets.class, "fashion-mnist-t10k-1000-labels-idx1-ubyte.gz");
      int n = images.shape()[0];
      int pixels = images.shape()[1] * images.shape()[2];
      float[] x = images.toFloatArray();
      List<IntColumn> columns = new ArrayList<>();
      int[] y = new int[n];
      for (int i = 0; i < n; i++) {
        y[i] = labels.getInt(i);
      }
      columns.add(IntColumn.create("label", y));
      for (int p = 0; p < pixels; p++) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
          v[i] = (int) x[i * pixels + p];
        }
        columns.add(IntColumn.create("p" + p, v));
      }
      return Table.create("fashion_mnist_sample", columns.toArray(new IntColumn[0]));
    } catch (IOException e) {
      throw new UncheckedIOException("Datasets: cannot load the bundled Fashion-MNIST sample: " + e.getMessage(), e);
    }
  }
}
