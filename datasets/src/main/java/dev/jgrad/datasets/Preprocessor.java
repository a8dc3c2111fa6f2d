package dev.jgrad.datasets;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.io.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Turns table rows into tensors with statistics fitted on the training split only: missing-value fills (mean,
 * median, mode), category lists for one-hot or index encoding, class labels in sorted order, and the center and
 * scale of each standardised or min-max scaled column. Save it next to the model ({@link #save(Path)}, a small
 * JSON file) so predictions later use the very same statistics.
 *
 * <pre>{@code
 * Preprocessor pre = Preprocessor.fit(trainTable, schema);   // statistics from the training rows only
 * TensorDataset train = pre.transform(trainTable);
 * TensorDataset test = pre.transform(testTable);            // same fills, categories and scaling
 * pre.save(Path.of("model.preprocessor.json"));
 * Tensor x = Preprocessor.load(Path.of("model.preprocessor.json")).transformFeatures(newRows);
 * }</pre>
 *
 * <p>Features come out float32 {@code [N, numFeatures()]}, in schema order, a categorical column expanding to one
 * feature per category when one-hot encoded ({@link #featureNames()} names them {@code column=category}).
 * Classification targets come out int64 {@code [N]}, regression targets float32 {@code [N, 1]}. Rows with a missing
 * value in a {@link MissingPolicy#DROP_ROW} column are left out of {@link #transform}.
 */
public final class Preprocessor {
  /** Name of the slot unseen categories map to in a column with an unknown bucket. */
  public static final String UNKNOWN = "<unknown>";

  /**
   * The fitted state of one feature column.
   *
   * @param spec the declaration
   * @param fillNumber the fill of a numeric column (NaN when it is not filled)
   * @param fillCategory the fill of a categorical column (null when it is not filled)
   * @param center subtracted before scaling
   * @param scale divided by after centering (never 0)
   * @param categories the sorted training categories of a categorical column (empty for numeric ones)
   */
  record FeatureState(Schema.Feature spec, double fillNumber, String fillCategory, double center, double scale,
      List<String> categories) {
    int width() {
      if (spec.kind() != Schema.Kind.CATEGORICAL || spec.encoding() == Encoding.INDEX) {
        return 1;
      }
      return categories.size() + (spec.unknownBucket() ? 1 : 0);
    }
  }

  /**
   * The fitted state of the target.
   *
   * @param spec the declaration
   * @param classes class labels in index order (empty for regression)
   * @param center regression target center
   * @param scale regression target scale
   */
  record TargetState(Schema.Target spec, List<String> classes, double center, double scale) {}

  private final List<FeatureState> features;
  private final TargetState target;
  private final List<String> missingValues;
  private final char separator;
  private final String modelFingerprint;
  private final List<String> featureNames;
  private final List<Map<String, Integer>> categoryIndex = new ArrayList<>();
  private final Map<String, Integer> classIndex = new HashMap<>();

  Preprocessor(List<FeatureState> features, TargetState target, List<String> missingValues, char separator) {
    this(features, target, missingValues, separator, null);
  }

  Preprocessor(List<FeatureState> features, TargetState target, List<String> missingValues, char separator,
      String modelFingerprint) {
    this.modelFingerprint = modelFingerprint;
    this.features = List.copyOf(features);
    this.target = target;
    this.missingValues = List.copyOf(missingValues);
    this.separator = separator;
    List<String> names = new ArrayList<>();
    for (FeatureState f : features) {
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < f.categories().size(); i++) {
        index.put(f.categories().get(i), i);
      }
      categoryIndex.add(index);
      if (f.width() == 1) {
        names.add(f.spec().name());
      } else {
        for (String c : f.categories()) {
          names.add(f.spec().name() + "=" + c);
        }
        if (f.spec().unknownBucket()) {
          names.add(f.spec().name() + "=" + UNKNOWN);
        }
      }
    }
    this.featureNames = List.copyOf(names);
    if (target != null) {
      for (int i = 0; i < target.classes().size(); i++) {
        classIndex.put(target.classes().get(i), i);
      }
    }
  }

  /**
   * Fits fills, categories, classes and scaling on {@code train}, after leaving out its rows with a missing value
   * in a {@link MissingPolicy#DROP_ROW} column.
   *
   * @throws IllegalArgumentException if a declared column is absent or has the wrong type, a FAIL column has a
   *     missing value, no rows are left, or a column has no value to fit a fill from
   */
  public static Preprocessor fit(Table train, Schema schema) {
    Objects.requireNonNull(train, "Preprocessor.fit: table must not be null");
    Objects.requireNonNull(schema, "Preprocessor.fit: schema must not be null");
    checkArgument(!schema.features().isEmpty(), "Preprocessor.fit: the schema declares no feature columns");
    int[] rows = schema.keptRows(train);
    checkArgument(rows.length > 0,
        "Preprocessor.fit: table '%s' has no rows left to fit on (%s rows before dropping rows with missing values)",
        train.name(), train.rowCount());
    List<FeatureState> states = new ArrayList<>();
    for (Schema.Feature f : schema.features()) {
      Column<?> column = column(train, f.name(), "fit");
      states.add(f.kind() == Schema.Kind.CATEGORICAL ? fitCategorical(f, column, rows)
          : fitNumeric(f, numeric(column, f.name(), "fit"), rows));
    }
    TargetState targetState = null;
    Schema.Target t = schema.target();
    if (t != null) {
      Column<?> column = column(train, t.name(), "fit");
      if (t.task() == Task.CLASSIFICATION) {
        targetState = new TargetState(t, fitClasses(t, column, rows), 0, 1);
      } else {
        double[] cs = centerAndScale(t.scaling(), numeric(column, t.name(), "fit"), rows, t.name(), t.missing(),
            Double.NaN);
        targetState = new TargetState(t, List.of(), cs[0], cs[1]);
      }
    }
    return new Preprocessor(states, targetState, schema.missingValues(), schema.separator());
  }

  private static FeatureState fitNumeric(Schema.Feature f, NumericColumn<?> column, int[] rows) {
    double fill = Double.NaN;
    MissingPolicy policy = f.missing();
    if (policy == MissingPolicy.FILL_MEAN || policy == MissingPolicy.FILL_MEDIAN
        || policy == MissingPolicy.FILL_MODE) {
      double[] present = ColumnStats.present(column, rows);
      checkArgument(present.length > 0,
          "Preprocessor.fit: column '%s' has no values in the %s training rows to compute its %s fill from",
          f.name(), rows.length, policy);
      fill = switch (policy) {
        case FILL_MEAN -> ColumnStats.mean(present);
        case FILL_MEDIAN -> ColumnStats.median(present);
        default -> ColumnStats.mode(present);
      };
    }
    // Scaling statistics see the filled values, as an impute-then-scale pipeline does.
    double[] cs = centerAndScale(f.scaling(), column, rows, f.name(), policy, fill);
    return new FeatureState(f, fill, null, cs[0], cs[1], List.of());
  }

  /**
   * {@link ColumnStats#centerAndScale} of the column's values at {@code rows}, missing ones filled; a value that
   * cannot be filled fails as in {@link #values}. Scalings that need no statistics do not copy the values.
   */
  private static double[] centerAndScale(Scaling scaling, NumericColumn<?> column, int[] rows, String name,
      MissingPolicy policy, double fill) {
    Scaling.Method method = scaling.method();
    if (method != Scaling.Method.NONE && method != Scaling.Method.FIXED) {
      double[] values = values(column, rows, name, policy, fill, "fit");
      double[] cs = ColumnStats.centerAndScale(scaling, values);
      if (!Double.isFinite(cs[0]) || !Double.isFinite(cs[1])) {
        throw nonFinite(name, values, scaling);
      }
      return cs;
    }
    if (Double.isNaN(fill)) {
      for (int i : rows) {
        if (Double.isNaN(column.getDouble(i))) { // NaN for a missing cell, in every Tablesaw numeric column type
          throw missingError(name, i, "fit");
        }
      }
    }
    return ColumnStats.centerAndScale(scaling, new double[0]);
  }

  /**
   * Scaling statistics that are not finite: a data error naming the column and its first non-finite value, never
   * left to surface later as a diverged training.
   */
  private static IllegalArgumentException nonFinite(String name, double[] values, Scaling scaling) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return new IllegalArgumentException("Preprocessor.fit: column '" + name + "' holds a non-finite value (" + v
            + "); " + scaling.method() + " scaling needs finite values (read infinities as missing with "
            + "CsvLoader.infAsMissing, --inf-as-na on the command line, or fix the data)");
      }
    }
    return new IllegalArgumentException("Preprocessor.fit: column '" + name + "' has values too large to scale ("
        + scaling.method() + " statistics overflow a double); rescale the column, e.g. to other units");
  }

  private static FeatureState fitCategorical(Schema.Feature f, Column<?> column, int[] rows) {
    TreeMap<String, Integer> counts = new TreeMap<>();
    for (int i : rows) {
      if (column.isMissing(i)) {
        if (f.missing() == MissingPolicy.FAIL) {
          throw missingError(f.name(), i, "fit");
        }
        continue;
      }
      counts.merge(column.getString(i), 1, Integer::sum);
    }
    checkArgument(!counts.isEmpty(), "Preprocessor.fit: categorical column '%s' has no values in the %s training rows",
        f.name(), rows.length);
    String fill = null;
    if (f.missing() == MissingPolicy.FILL_MODE) {
      int best = -1;
      for (Map.Entry<String, Integer> e : counts.entrySet()) {
        if (e.getValue() > best) { // strict: ties keep the smaller category
          best = e.getValue();
          fill = e.getKey();
        }
      }
    }
    return new FeatureState(f, Double.NaN, fill, 0, 1, List.copyOf(counts.keySet()));
  }

  private static List<String> fitClasses(Schema.Target t, Column<?> column, int[] rows) {
    if (t.integerLabels()) {
      TreeSet<Long> labels = new TreeSet<>();
      NumericColumn<?> c = numeric(column, t.name(), "fit");
      for (int i : rows) {
        if (c.isMissing(i)) {
          throw missingError(t.name(), i, "fit");
        }
        labels.add((long) c.getDouble(i));
      }
      return labels.stream().map(String::valueOf).toList();
    }
    TreeSet<String> labels = new TreeSet<>();
    for (int i : rows) {
      if (column.isMissing(i)) {
        throw missingError(t.name(), i, "fit");
      }
      labels.add(column.getString(i));
    }
    return List.copyOf(labels);
  }

  // ---------------------------------------------------------------- transform

  /**
   * Features and targets of {@code table}'s rows, leaving out rows with a missing value in a DROP_ROW column.
   *
   * @throws IllegalArgumentException if a column is absent, a FAIL column has a missing value, a category or class
   *     label was not seen when fitting (and there is no unknown bucket), or this preprocessor has no target
   */
  public TensorDataset transform(Table table) {
    return transform(table, Tensor.defaultDtype());
  }

  /**
   * {@link #transform(Table)} with features (and regression targets) of {@code dtype}, float32 or float64; class
   * labels stay int64.
   *
   * @throws IllegalArgumentException as {@link #transform(Table)}, or for another dtype
   */
  public TensorDataset transform(Table table, DType dtype) {
    if (target == null) {
      throw new IllegalStateException("Preprocessor.transform: this preprocessor was fitted without a target; use "
          + "transformFeatures");
    }
    int[] rows = schema().keptRows(table);
    return featureRows(table, rows, dtype).toDataset(targets(table, rows, dtype));
  }

  /**
   * The features of every row of {@code table}, {@code [rowCount, numFeatures()]} of the default dtype, for
   * prediction. The target column is not needed.
   *
   * @throws IllegalArgumentException if a column is absent, a value is missing in a column that cannot be filled
   *     (FAIL or DROP_ROW: a row to predict on cannot be dropped), or a category was not seen when fitting
   */
  public Tensor transformFeatures(Table table) {
    return transformFeatures(table, Tensor.defaultDtype());
  }

  /**
   * {@link #transformFeatures(Table)} as {@code dtype}, float32 or float64.
   *
   * @throws IllegalArgumentException as {@link #transformFeatures(Table)}, or for another dtype
   */
  public Tensor transformFeatures(Table table, DType dtype) {
    int n = table.rowCount();
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
    }
    return featureRows(table, rows, dtype).toTensor();
  }

  /**
   * One float row per sample (what TensorDataset keeps). Numeric columns are written row by row, so that each row's
   * array is filled while it is in cache (column by column, each of a million rows would be fetched again for every
   * column); categorical columns are then encoded column by column. When a numeric column is absent, not numeric or
   * has a value that cannot be filled, the table is encoded again column by column, which throws the same error (the
   * first in column order) as it always did.
   */
  private FeatureRows featureRows(Table table, int[] rows, DType dtype) {
    FeatureRows out = numericFeatureRows(table, rows, dtype);
    if (out == null) {
      return featureRowsByColumn(table, rows, dtype);
    }
    int offset = 0;
    for (int c = 0; c < features.size(); c++) {
      FeatureState f = features.get(c);
      if (f.spec().kind() == Schema.Kind.CATEGORICAL) {
        encode(f, categoryIndex.get(c), column(table, f.spec().name(), "transform"), rows, out, offset);
      }
      offset += f.width();
    }
    return out;
  }

  /** The rows with the numeric features filled in, or null if that meets an error (see {@link #featureRows}). */
  private FeatureRows numericFeatureRows(Table table, int[] rows, DType dtype) {
    int n = 0;
    for (FeatureState f : features) {
      n += f.spec().kind() == Schema.Kind.CATEGORICAL ? 0 : 1;
    }
    NumericColumn<?>[] values = new NumericColumn<?>[n];
    int[] offsets = new int[n];
    double[] fills = new double[n];
    double[] centers = new double[n];
    double[] scales = new double[n];
    int j = 0;
    int offset = 0;
    for (FeatureState f : features) {
      if (f.spec().kind() != Schema.Kind.CATEGORICAL) {
        String name = f.spec().name();
        if (!table.containsColumn(name) || !(table.column(name) instanceof NumericColumn<?> column)) {
          return null;
        }
        values[j] = column;
        offsets[j] = offset;
        fills[j] = f.fillNumber();
        centers[j] = f.center();
        scales[j] = f.scale();
        j++;
      }
      offset += f.width();
    }
    FeatureRows out = FeatureRows.zeros(dtype, rows.length, featureNames.size());
    for (int k = 0; k < rows.length; k++) {
      int i = rows[k];
      for (j = 0; j < n; j++) {
        double v = values[j].getDouble(i);
        if (Double.isNaN(v)) { // Tablesaw's numeric columns return NaN for a missing cell
          if (Double.isNaN(fills[j])) {
            return null;
          }
          v = fills[j];
        } else if (Double.isInfinite(v)) {
          return null; // the column-by-column path names it
        }
        out.set(k, offsets[j], (v - centers[j]) / scales[j]);
      }
    }
    return out;
  }

  /** One row per sample, filled column by column (errors come in column order). */
  private FeatureRows featureRowsByColumn(Table table, int[] rows, DType dtype) {
    FeatureRows out = FeatureRows.zeros(dtype, rows.length, featureNames.size());
    int offset = 0;
    for (int c = 0; c < features.size(); c++) {
      FeatureState f = features.get(c);
      Column<?> column = column(table, f.spec().name(), "transform");
      if (f.spec().kind() == Schema.Kind.CATEGORICAL) {
        encode(f, categoryIndex.get(c), column, rows, out, offset);
      } else {
        NumericColumn<?> values = numeric(column, f.spec().name(), "transform");
        double fill = f.fillNumber();
        double center = f.center();
        double scale = f.scale();
        for (int k = 0; k < rows.length; k++) {
          double v = values.getDouble(rows[k]);
          if (Double.isNaN(v)) { // Tablesaw's numeric columns return NaN for a missing cell
            if (Double.isNaN(fill)) {
              throw missingError(f.spec().name(), rows[k], "transform");
            }
            v = fill;
          } else if (Double.isInfinite(v)) {
            throw new IllegalArgumentException("Preprocessor.transform: column '" + f.spec().name() + "', row "
                + rows[k] + " (0-based) holds an infinite value (" + v + "); the features must be finite (read "
                + "infinities as missing with CsvLoader.infAsMissing, --inf-as-na on the command line)");
          }
          out.set(k, offset, (v - center) / scale);
        }
      }
      offset += f.width();
    }
    return out;
  }

  private static void encode(FeatureState f, Map<String, Integer> index, Column<?> column, int[] rows,
      FeatureRows out, int offset) {
    String name = f.spec().name();
    int unknown = f.categories().size();
    boolean oneHot = f.spec().encoding() == Encoding.ONE_HOT;
    for (int k = 0; k < rows.length; k++) {
      int i = rows[k];
      String value;
      if (column.isMissing(i)) {
        if (f.fillCategory() == null) {
          throw missingError(name, i, "transform");
        }
        value = f.fillCategory();
      } else {
        value = column.getString(i);
      }
      Integer idx = index.get(value);
      if (idx == null) {
        if (!f.spec().unknownBucket()) {
          throw new IllegalArgumentException("Preprocessor.transform: column '" + name + "', table row " + i
              + " (0-based): category '" + value + "' was not seen in the training data (known: " + f.categories()
              + "); declare Schema.Builder.unknownBucket(\"" + name + "\") to map unseen categories to "
              + UNKNOWN);
        }
        idx = unknown;
      }
      if (oneHot) {
        out.set(k, offset + idx, 1);
      } else {
        out.set(k, offset, idx);
      }
    }
  }

  /** Class indices as int64, or regression targets {@code [N, 1]} of {@code dtype}. */
  private Tensor targets(Table table, int[] rows, DType dtype) {
    Schema.Target t = target.spec();
    Column<?> column = column(table, t.name(), "transform");
    if (t.task() == Task.REGRESSION) {
      double[] v = values(numeric(column, t.name(), "transform"), rows, t.name(), t.missing(), Double.NaN,
          "transform");
      double[] out = new double[v.length];
      for (int k = 0; k < v.length; k++) {
        out[k] = (v[k] - target.center()) / target.scale();
      }
      return Tensor.of(out, new int[] {v.length, 1}, dtype);
    }
    NumericColumn<?> integers = t.integerLabels() ? numeric(column, t.name(), "transform") : null;
    long[] out = new long[rows.length];
    for (int k = 0; k < rows.length; k++) {
      int i = rows[k];
      if (column.isMissing(i)) {
        throw missingError(t.name(), i, "transform");
      }
      String label = integers != null ? String.valueOf((long) integers.getDouble(i)) : column.getString(i);
      Integer idx = classIndex.get(label);
      if (idx == null) {
        throw new IllegalArgumentException("Preprocessor.transform: target column '" + t.name() + "', table row " + i
            + " (0-based): class label '" + label + "' was not seen in the training data (classes: "
            + target.classes() + ")");
      }
      out[k] = idx;
    }
    return Tensor.ofLongs(out);
  }

  /** The values of a numeric column at {@code rows}, missing ones filled (or rejected, per {@code policy}). */
  private static double[] values(NumericColumn<?> column, int[] rows, String name, MissingPolicy policy, double fill,
      String op) {
    double[] v = new double[rows.length];
    for (int k = 0; k < rows.length; k++) {
      double x = column.getDouble(rows[k]); // NaN for a missing cell, in every Tablesaw numeric column type
      if (Double.isNaN(x)) {
        if (Double.isNaN(fill)) {
          throw missingError(name, rows[k], op);
        }
        x = fill;
      }
      v[k] = x;
    }
    return v;
  }

  /**
   * Undoes the regression target scaling: {@code y * scale + center}, e.g. to report predictions in the original
   * unit. A no-op copy for {@link Scaling#NONE}.
   *
   * @throws IllegalStateException for a classification (or absent) target
   */
  public Tensor inverseTargets(Tensor scaled) {
    if (target == null || target.spec().task() != Task.REGRESSION) {
      throw new IllegalStateException("Preprocessor.inverseTargets: needs a regression target");
    }
    return scaled.mul(target.scale()).add(target.center());
  }

  // ---------------------------------------------------------------- description

  /** The task of the target, or null without one. */
  public Task task() {
    return target == null ? null : target.spec().task();
  }

  /** The name of each encoded feature, in tensor column order ({@code island=Biscoe} for one-hot slots). */
  public List<String> featureNames() {
    return featureNames;
  }

  /** The width of the feature tensors ({@code featureNames().size()}). */
  public int numFeatures() {
    return featureNames.size();
  }

  /** Class labels in index order (sorted); empty for regression. */
  public List<String> classNames() {
    return target == null ? List.of() : target.classes();
  }

  /** Number of classes; 0 for regression. */
  public int numClasses() {
    return classNames().size();
  }

  /**
   * The label of class index {@code index}.
   *
   * @throws IndexOutOfBoundsException if there is no such class
   */
  public String className(int index) {
    List<String> classes = classNames();
    if (index < 0 || index >= classes.size()) {
      throw new IndexOutOfBoundsException(
          "Preprocessor.className: class index " + index + " is out of range for " + classes.size() + " classes");
    }
    return classes.get(index);
  }

  /** The fitted center (mean, min or given) of a numeric feature, or of the target when named. */
  public double center(String column) {
    if (target != null && target.spec().name().equals(column)) {
      return target.center();
    }
    return state(column).center();
  }

  /** The fitted scale (std, range or given) of a numeric feature, or of the target when named. */
  public double scale(String column) {
    if (target != null && target.spec().name().equals(column)) {
      return target.scale();
    }
    return state(column).scale();
  }

  /** The fitted fill of a feature: a Double, a String (categorical), or null when the column is not filled. */
  public Object fillValue(String column) {
    FeatureState f = state(column);
    if (f.spec().kind() == Schema.Kind.CATEGORICAL) {
      return f.fillCategory();
    }
    return Double.isNaN(f.fillNumber()) ? null : f.fillNumber();
  }

  /** The sorted training categories of a categorical feature. */
  public List<String> categories(String column) {
    return state(column).categories();
  }

  private FeatureState state(String column) {
    for (FeatureState f : features) {
      if (f.spec().name().equals(column)) {
        return f;
      }
    }
    throw new IllegalArgumentException("Preprocessor: no feature column '" + column + "'; feature columns are "
        + features.stream().map(f -> f.spec().name()).toList());
  }

  /** The column declarations this preprocessor was fitted with (to read prediction files with {@link CsvLoader}). */
  public Schema schema() {
    Schema.Builder b = Schema.builder().missingValues(missingValues.toArray(new String[0])).separator(separator);
    for (FeatureState f : features) {
      Schema.Feature s = f.spec();
      switch (s.kind()) {
        case NUMERIC -> b.numeric(s.name());
        case INTEGER -> b.integer(s.name());
        case CATEGORICAL -> b.categorical(s.encoding(), s.name());
      }
      b.missing(s.missing(), s.name());
      if (s.kind() != Schema.Kind.CATEGORICAL) {
        b.scaling(s.scaling(), s.name());
      }
      if (s.unknownBucket()) {
        b.unknownBucket(s.name());
      }
    }
    if (target != null) {
      Schema.Target t = target.spec();
      if (t.integerLabels()) {
        b.integerTarget(t.name());
      } else {
        b.target(t.name(), t.task());
      }
      b.missing(t.missing(), t.name());
      if (t.task() == Task.REGRESSION) {
        b.targetScaling(t.scaling());
      }
    }
    return b.build();
  }

  List<FeatureState> featureStates() {
    return features;
  }

  TargetState targetState() {
    return target;
  }

  List<String> missingValues() {
    return missingValues;
  }

  char separator() {
    return separator;
  }

  // ---------------------------------------------------------------- persistence

  /** This preprocessor as JSON (format {@code jgrad.Preprocessor}, version 1). */
  public String toJson() {
    return PreprocessorJson.write(this);
  }

  /**
   * Reads a preprocessor from {@link #toJson()} text.
   *
   * @throws IllegalArgumentException if the text is not such JSON (the message names the field)
   */
  public static Preprocessor fromJson(String json) {
    return PreprocessorJson.read(json);
  }

  /**
   * The fingerprint of the model weights this preprocessor was saved with ({@code Checkpoints.fingerprint}, 64
   * hex digits), or null when none was recorded (files written before fingerprints existed).
   */
  public String modelFingerprint() {
    return modelFingerprint;
  }

  /**
   * This preprocessor, recording the fingerprint of the weights it belongs with, so a loader can check that a
   * model folder's two files were saved together.
   *
   * @throws IllegalArgumentException unless {@code sha256} is 64 lower-case hex digits
   */
  public Preprocessor withModelFingerprint(String sha256) {
    checkArgument(sha256 != null && sha256.matches("[0-9a-f]{64}"),
        "Preprocessor.withModelFingerprint: expected 64 lower-case hex digits, got '%s'", sha256);
    return new Preprocessor(features, target, missingValues, separator, sha256);
  }

  /**
   * Writes {@link #toJson()} to {@code path} (UTF-8) through {@link AtomicFile}: a crash never leaves a
   * half-written file, and a statistic that JSON cannot hold (NaN, infinity) fails before anything is written.
   *
   * @throws IOException naming {@code path} if the file cannot be written
   * @throws IllegalArgumentException naming the field when a statistic is not finite
   */
  public void save(Path path) throws IOException {
    byte[] json = toJson().getBytes(StandardCharsets.UTF_8);
    AtomicFile.write(path, json);
  }

  /**
   * Reads a preprocessor saved with {@link #save(Path)}. Nothing is shared with earlier loads, so a failed load
   * changes nothing.
   *
   * @throws IOException if the file cannot be read or is not a valid preprocessor file (the message names the
   *     file and the field, or the line and column of malformed JSON)
   */
  public static Preprocessor load(Path path) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new IOException("Preprocessor.load: " + path + ": " + AtomicFile.reason(e, null), e);
    }
    try {
      return PreprocessorJson.read(bytes);
    } catch (IllegalArgumentException e) {
      throw new IOException("Preprocessor.load: " + path + ": " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- helpers

  private static Column<?> column(Table table, String name, String op) {
    if (!table.containsColumn(name)) {
      throw new IllegalArgumentException("Preprocessor." + op + ": table '" + table.name() + "' has no column '"
          + name + "'; its columns are " + table.columnNames());
    }
    return table.column(name);
  }

  private static NumericColumn<?> numeric(Column<?> column, String name, String op) {
    if (column instanceof NumericColumn<?> n) {
      return n;
    }
    throw new IllegalArgumentException("Preprocessor." + op + ": column '" + name + "' is declared numeric but the "
        + "table holds it as " + column.type().name());
  }

  private static IllegalArgumentException missingError(String name, int row, String op) {
    return new IllegalArgumentException("Preprocessor." + op + ": column '" + name + "' has a missing value at "
        + "table row " + row + " (0-based) and its missing-value policy cannot fill it (FAIL, or DROP_ROW when "
        + "predicting)");
  }

  @Override
  public String toString() {
    return "Preprocessor(features=" + featureNames.size() + " " + featureNames + ", target="
        + (target == null ? "none" : target.spec().name() + " " + target.spec().task()) + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Preprocessor p && p.toJson().equals(toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }
}
