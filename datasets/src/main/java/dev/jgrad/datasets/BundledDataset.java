package dev.jgrad.datasets;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Generator;
import java.util.List;
import java.util.Objects;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A table with a ready train/test split as tensors: what {@link Datasets} returns for each bundled dataset, and
 * what {@link #fromTable} builds from any table and {@link Schema}.
 *
 * <p>Building one: drop the rows with a missing value in a {@link MissingPolicy#DROP_ROW} column; split the rest
 * with PyTorch's {@code random_split} rule (fractions {@code [1 - testFraction, testFraction]}, rows
 * {@code randperm(N)} of {@code new Generator(seed)}, in that order); fit a {@link Preprocessor} on the training rows
 * only; transform both splits with it.
 *
 * <pre>{@code
 * BundledDataset iris = Datasets.iris();
 * DataLoader loader = DataLoader.builder(iris.train()).batchSize(16).shuffle(true).seed(0).build();
 * Linear model = new Linear(iris.numFeatures(), iris.numClasses());
 * }</pre>
 */
public final class BundledDataset {
  private final String name;
  private final Table table;
  private final Schema schema;
  private final Table trainTable;
  private final Table testTable;
  private final Preprocessor preprocessor;
  private final TensorDataset train;
  private final TensorDataset test;
  private final long seed;

  private BundledDataset(String name, Table table, Schema schema, Table trainTable, Table testTable,
      Preprocessor preprocessor, long seed) {
    this.name = name;
    this.table = table;
    this.schema = schema;
    this.trainTable = trainTable;
    this.testTable = testTable;
    this.preprocessor = preprocessor;
    this.train = preprocessor.transform(trainTable);
    this.test = preprocessor.transform(testTable);
    this.seed = seed;
  }

  /**
   * Splits {@code table} into train and test rows and fits the preprocessing on the training rows.
   *
   * @param name a name for messages and {@link #name()}
   * @param table the full table, as loaded
   * @param schema the columns (must have a target)
   * @param testFraction the share of rows for the test split, in [0, 1]
   * @param seed seeds the split's permutation
   * @throws IllegalArgumentException if the schema has no target, {@code testFraction} is outside [0, 1], or the
   *     preprocessing cannot be fitted (see {@link Preprocessor#fit})
   */
  public static BundledDataset fromTable(String name, Table table, Schema schema, double testFraction, long seed) {
    Objects.requireNonNull(table, "BundledDataset: table must not be null");
    checkArgument(schema.target() != null, "BundledDataset: the schema of '%s' has no target column", name);
    checkArgument(testFraction >= 0 && testFraction <= 1, "BundledDataset: testFraction must be in [0, 1], got %s",
        testFraction);
    int[] kept = schema.keptRows(table);
    int[] lengths = Splits.lengths(kept.length, 1 - testFraction, testFraction);
    List<int[]> parts = Splits.randomIndices(kept.length, lengths, new Generator(seed));
    Table trainTable = rows(table, kept, parts.get(0), name + " (train)");
    Table testTable = rows(table, kept, parts.get(1), name + " (test)");
    Preprocessor pre = Preprocessor.fit(trainTable, schema);
    return new BundledDataset(name, table, schema, trainTable, testTable, pre, seed);
  }

  /** The rows {@code kept[picks[i]]} of {@code table}, in the order of {@code picks}. */
  private static Table rows(Table table, int[] kept, int[] picks, String name) {
    int[] rows = new int[picks.length];
    for (int i = 0; i < picks.length; i++) {
      rows[i] = kept[picks[i]];
    }
    Table out = Table.create(name);
    for (Column<?> c : table.columns()) {
      out.addColumns(copyRows(c, rows));
    }
    return out;
  }

  private static <T> Column<T> copyRows(Column<T> c, int[] rows) {
    Column<T> out = c.emptyCopy();
    for (int r : rows) {
      out.append(c, r);
    }
    return out;
  }

  /** The dataset's name, e.g. {@code "iris"}. */
  public String name() {
    return name;
  }

  /** The whole table as loaded (all rows, missing values included). */
  public Table table() {
    return table;
  }

  /** The training rows, in split order (row i is sample i of {@link #train()}). */
  public Table trainTable() {
    return trainTable;
  }

  /** The test rows, in split order. */
  public Table testTable() {
    return testTable;
  }

  /** The training split as tensors: features float32 {@code [N, numFeatures()]}, targets per {@link #task()}. */
  public TensorDataset train() {
    return train;
  }

  /**
   * The training split with features (and regression targets) of {@code dtype}, float32 or float64 (class labels
   * stay int64): {@link #train()} itself when it already has that dtype, else transformed again.
   *
   * @throws IllegalArgumentException for another dtype
   */
  public TensorDataset train(DType dtype) {
    return train.featureType() == dtype ? train : preprocessor.transform(trainTable, dtype);
  }

  /** The test split as tensors, preprocessed with the training statistics. */
  public TensorDataset test() {
    return test;
  }

  /** The test split with features of {@code dtype}, as {@link #train(DType)}. */
  public TensorDataset test(DType dtype) {
    return test.featureType() == dtype ? test : preprocessor.transform(testTable, dtype);
  }

  /** The column declarations the dataset was built with. */
  public Schema schema() {
    return schema;
  }

  /** The preprocessing fitted on the training rows; save it with the model. */
  public Preprocessor preprocessor() {
    return preprocessor;
  }

  /** Classification or regression. */
  public Task task() {
    return preprocessor.task();
  }

  /** The encoded feature names, in tensor column order. */
  public List<String> featureNames() {
    return preprocessor.featureNames();
  }

  /** Class labels in index order; empty for regression. */
  public List<String> classNames() {
    return preprocessor.classNames();
  }

  /** The width of the feature tensors (one-hot columns expanded). */
  public int numFeatures() {
    return preprocessor.numFeatures();
  }

  /** Number of classes; 0 for regression. */
  public int numClasses() {
    return preprocessor.numClasses();
  }

  /** The seed of the split. */
  public long seed() {
    return seed;
  }

  @Override
  public String toString() {
    return "BundledDataset(" + name + ", " + task() + ", " + table.rowCount() + " rows, train " + train.size()
        + ", test " + test.size() + ", features " + numFeatures()
        + (numClasses() > 0 ? ", classes " + classNames() : "") + ")";
  }
}
