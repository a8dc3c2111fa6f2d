package dev.jgrad.datasets;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.selection.BitmapBackedSelection;
import tech.tablesaw.selection.Selection;

/**
 * The declared layout of a table: which columns are features (numeric, integer or categorical), which one is the
 * target and for which {@link Task}, and per column the {@link MissingPolicy}, {@link Scaling}, {@link Encoding}
 * and whether unseen categories go to an unknown bucket. {@link CsvLoader} gives Tablesaw these column types, so
 * nothing is guessed; {@link Preprocessor} turns a table into tensors with them.
 *
 * <pre>{@code
 * Schema schema = Schema.builder()
 *     .numeric("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g")
 *     .categorical("island", "sex")                        // one-hot, categories in sorted order
 *     .target("species", Task.CLASSIFICATION)              // string labels, classes in sorted order
 *     .missing(MissingPolicy.DROP_ROW, "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g")
 *     .missing(MissingPolicy.FILL_MODE, "sex")
 *     .scaling(Scaling.STANDARDIZE)
 *     .extra(ColumnType.INTEGER, "year")                    // kept in the table, not a feature
 *     .build();
 * }</pre>
 *
 * <p>Columns of the file that the schema does not mention are read as Tablesaw strings and kept in the table, but
 * are not features. A schema is immutable.
 */
public final class Schema {
  /** The type of a feature column. */
  public enum Kind {
    /** Real numbers, read as Tablesaw {@code DOUBLE}. */
    NUMERIC,
    /** Whole numbers, read as Tablesaw {@code INTEGER} (a value such as {@code 1.5} is a load error). */
    INTEGER,
    /** Labels, read as Tablesaw {@code STRING} and encoded one-hot or as an index. */
    CATEGORICAL;

    String jsonName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One feature column.
   *
   * @param name the header name
   * @param kind numeric, integer or categorical
   * @param missing what to do with missing values
   * @param scaling the scaling of a numeric or integer column ({@link Scaling#NONE} for categorical ones)
   * @param encoding the encoding of a categorical column (null for numeric ones)
   * @param unknownBucket whether an unseen category maps to an extra "unknown" slot instead of failing
   */
  public record Feature(String name, Kind kind, MissingPolicy missing, Scaling scaling, Encoding encoding,
      boolean unknownBucket) {}

  /**
   * The target column.
   *
   * @param name the header name
   * @param task classification or regression
   * @param integerLabels for classification: labels are integers (sorted numerically) rather than strings
   * @param missing {@link MissingPolicy#FAIL} or {@link MissingPolicy#DROP_ROW}
   * @param scaling the scaling of a regression target ({@link Scaling#NONE} for classification)
   */
  public record Target(String name, Task task, boolean integerLabels, MissingPolicy missing, Scaling scaling) {
    /** The Tablesaw type the target column is read as. */
    public ColumnType columnType() {
      return task == Task.REGRESSION ? ColumnType.DOUBLE : integerLabels ? ColumnType.INTEGER : ColumnType.STRING;
    }
  }

  private final List<Feature> features;
  private final Target target;
  private final Map<String, ColumnType> extras;
  private final List<String> missingValues;
  private final char separator;

  private Schema(List<Feature> features, Target target, Map<String, ColumnType> extras, List<String> missingValues,
      char separator) {
    this.features = List.copyOf(features);
    this.target = target;
    this.extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    this.missingValues = List.copyOf(missingValues);
    this.separator = separator;
  }

  /** An empty builder: declare columns, then {@link Builder#build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The feature columns, in declaration order (which is the order of the encoded features). */
  public List<Feature> features() {
    return features;
  }

  /** The names of the feature columns, in declaration order. */
  public List<String> featureColumns() {
    List<String> names = new ArrayList<>();
    for (Feature f : features) {
      names.add(f.name());
    }
    return names;
  }

  /** The target column, or null for a schema without one. */
  public Target target() {
    return target;
  }

  /** Columns kept in the table with a declared type but not used as features; {@code SKIP} drops them. */
  public Map<String, ColumnType> extras() {
    return extras;
  }

  /** The cell texts that mean "missing" (default {@code NA} and the empty cell). */
  public List<String> missingValues() {
    return missingValues;
  }

  /** The field separator (default {@code ','}). */
  public char separator() {
    return separator;
  }

  /** The feature with this name, or null. */
  public Feature feature(String name) {
    for (Feature f : features) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }

  /** A copy of this schema reading fields separated by {@code separator} (e.g. {@code ';'} or a tab). */
  public Schema withSeparator(char separator) {
    return new Schema(features, target, extras, missingValues, separator);
  }

  /** A copy of this schema without a target, for reading files to predict on. */
  public Schema withoutTarget() {
    return new Schema(features, null, extras, missingValues, separator);
  }

  /** The Tablesaw type a header column is read as: its declared type, or {@code STRING} if undeclared. */
  ColumnType columnType(String name) {
    Feature f = feature(name);
    if (f != null) {
      return switch (f.kind()) {
        case NUMERIC -> ColumnType.DOUBLE;
        case INTEGER -> ColumnType.INTEGER;
        case CATEGORICAL -> ColumnType.STRING;
      };
    }
    if (target != null && target.name().equals(name)) {
      return target.columnType();
    }
    return extras.getOrDefault(name, ColumnType.STRING);
  }

  /**
   * The rows of {@code table} that have no missing value in a {@link MissingPolicy#DROP_ROW} column (feature or
   * target), as indices in increasing order.
   */
  int[] keptRows(Table table) {
    List<Column<?>> dropColumns = new ArrayList<>();
    for (Feature f : features) {
      if (f.missing() == MissingPolicy.DROP_ROW && table.containsColumn(f.name())) {
        dropColumns.add(table.column(f.name()));
      }
    }
    if (target != null && target.missing() == MissingPolicy.DROP_ROW && table.containsColumn(target.name())) {
      dropColumns.add(table.column(target.name()));
    }
    int n = table.rowCount();
    int[] kept = new int[n];
    int k = 0;
    rows:
    for (int i = 0; i < n; i++) {
      for (Column<?> c : dropColumns) {
        if (c.isMissing(i)) {
          continue rows;
        }
      }
      kept[k++] = i;
    }
    return k == n ? kept : Arrays.copyOf(kept, k);
  }

  /**
   * {@code table} without the rows that have a missing value in a {@link MissingPolicy#DROP_ROW} column; the same
   * table if no row is dropped. Row order is kept.
   */
  public Table dropMissingRows(Table table) {
    int[] kept = keptRows(table);
    if (kept.length == table.rowCount()) {
      return table;
    }
    Selection keep = new BitmapBackedSelection();
    for (int i : kept) {
      keep.add(i);
    }
    return table.where(keep);
  }

  @Override
  public String toString() {
    return "Schema(features=" + features + ", target=" + target + ", extras=" + extras.keySet() + ")";
  }

  /** Declares the columns; {@link #build()} checks that the declarations fit together. */
  public static final class Builder {
    private final LinkedHashMap<String, Kind> kinds = new LinkedHashMap<>();
    private final LinkedHashMap<String, Encoding> encodings = new LinkedHashMap<>();
    private final LinkedHashMap<String, MissingPolicy> missing = new LinkedHashMap<>();
    private final LinkedHashMap<String, Scaling> scalings = new LinkedHashMap<>();
    private final List<String> unknownBuckets = new ArrayList<>();
    private final LinkedHashMap<String, ColumnType> extras = new LinkedHashMap<>();
    private final List<String> declared = new ArrayList<>();
    private String targetName;
    private Task task;
    private boolean integerLabels;
    private Scaling targetScaling = Scaling.NONE;
    private MissingPolicy defaultMissing = MissingPolicy.FAIL;
    private Scaling defaultScaling = Scaling.NONE;
    private List<String> missingValues = List.of("NA", "");
    private char separator = ',';

    private Builder() {}

    /** Numeric feature columns (Tablesaw {@code DOUBLE}). */
    public Builder numeric(String... names) {
      return declare(Kind.NUMERIC, null, names);
    }

    /** Integer feature columns (Tablesaw {@code INTEGER}). */
    public Builder integer(String... names) {
      return declare(Kind.INTEGER, null, names);
    }

    /** Categorical feature columns, one-hot encoded. */
    public Builder categorical(String... names) {
      return declare(Kind.CATEGORICAL, Encoding.ONE_HOT, names);
    }

    /** Categorical feature columns with the given encoding. */
    public Builder categorical(Encoding encoding, String... names) {
      return declare(Kind.CATEGORICAL, Objects.requireNonNull(encoding, "Schema: encoding must not be null"), names);
    }

    /**
     * The target column: string labels for {@link Task#CLASSIFICATION} (classes in {@link String#compareTo}
     * order), real numbers for {@link Task#REGRESSION}.
     */
    public Builder target(String name, Task task) {
      return target(name, task, false);
    }

    /** An integer-labelled classification target (classes in numeric order: 2 before 10). */
    public Builder integerTarget(String name) {
      return target(name, Task.CLASSIFICATION, true);
    }

    private Builder target(String name, Task task, boolean integerLabels) {
      if (targetName != null) {
        throw new IllegalStateException(
            "Schema: the target is already '" + targetName + "', cannot declare '" + name + "' too");
      }
      checkName(name);
      this.targetName = name;
      this.task = Objects.requireNonNull(task, "Schema: task must not be null");
      this.integerLabels = integerLabels;
      declared.add(name);
      return this;
    }

    /** The missing-value policy of the named columns (features or the target). */
    public Builder missing(MissingPolicy policy, String... names) {
      Objects.requireNonNull(policy, "Schema: missing policy must not be null");
      for (String n : names) {
        missing.put(n, policy);
      }
      return this;
    }

    /** The missing-value policy of every feature not given one by {@link #missing} (default FAIL). */
    public Builder defaultMissing(MissingPolicy policy) {
      this.defaultMissing = Objects.requireNonNull(policy, "Schema: missing policy must not be null");
      return this;
    }

    /** The scaling of every numeric or integer feature not given one by name (default {@link Scaling#NONE}). */
    public Builder scaling(Scaling scaling) {
      this.defaultScaling = Objects.requireNonNull(scaling, "Schema: scaling must not be null");
      return this;
    }

    /** The scaling of the named numeric or integer features. */
    public Builder scaling(Scaling scaling, String... names) {
      Objects.requireNonNull(scaling, "Schema: scaling must not be null");
      for (String n : names) {
        scalings.put(n, scaling);
      }
      return this;
    }

    /** The scaling of a regression target (default NONE); undo it with {@link Preprocessor#inverseTargets}. */
    public Builder targetScaling(Scaling scaling) {
      this.targetScaling = Objects.requireNonNull(scaling, "Schema: scaling must not be null");
      return this;
    }

    /** Categorical columns whose unseen categories map to an extra "unknown" slot instead of failing. */
    public Builder unknownBucket(String... names) {
      unknownBuckets.addAll(Arrays.asList(names));
      return this;
    }

    /** Columns kept in the table with this Tablesaw type but not used as features ({@code SKIP}: not read). */
    public Builder extra(ColumnType type, String... names) {
      Objects.requireNonNull(type, "Schema: type must not be null");
      for (String n : names) {
        checkName(n);
        extras.put(n, type);
        declared.add(n);
      }
      return this;
    }

    /** Columns not read at all (Tablesaw {@code SKIP}). */
    public Builder ignore(String... names) {
      return extra(ColumnType.SKIP, names);
    }

    /** The cell texts that mean "missing" (default {@code "NA"} and {@code ""}). */
    public Builder missingValues(String... indicators) {
      this.missingValues = List.of(indicators);
      return this;
    }

    /** The field separator (default ','). */
    public Builder separator(char separator) {
      this.separator = separator;
      return this;
    }

    private Builder declare(Kind kind, Encoding encoding, String... names) {
      for (String n : names) {
        checkName(n);
        kinds.put(n, kind);
        if (encoding != null) {
          encodings.put(n, encoding);
        }
        declared.add(n);
      }
      return this;
    }

    private void checkName(String name) {
      checkArgument(name != null && !name.isEmpty(), "Schema: column names must be non-empty, got %s",
          name == null ? "null" : "\"\"");
      checkArgument(!declared.contains(name), "Schema: column '%s' is declared twice", name);
    }

    /**
     * @throws IllegalArgumentException if a policy, scaling or bucket names an undeclared column or does not fit
     *     its kind (FILL_MEAN/FILL_MEDIAN on a categorical column, scaling a categorical column, filling the target,
     *     scaling a classification target, an unknown bucket on a numeric column)
     */
    public Schema build() {
      for (String n : missing.keySet()) {
        checkArgument(kinds.containsKey(n) || n.equals(targetName),
            "Schema: missing(%s) names column '%s', which is not declared as a feature or the target",
            missing.get(n), n);
      }
      for (String n : scalings.keySet()) {
        checkArgument(kinds.get(n) != null && kinds.get(n) != Kind.CATEGORICAL,
            "Schema: scaling names column '%s', which is not declared as a numeric or integer feature", n);
      }
      for (String n : unknownBuckets) {
        checkArgument(kinds.get(n) == Kind.CATEGORICAL,
            "Schema: unknownBucket names column '%s', which is not declared as a categorical feature", n);
      }
      List<Feature> features = new ArrayList<>();
      for (Map.Entry<String, Kind> e : kinds.entrySet()) {
        String n = e.getKey();
        Kind kind = e.getValue();
        MissingPolicy policy = missing.getOrDefault(n, defaultMissing);
        checkArgument(kind != Kind.CATEGORICAL
            || (policy != MissingPolicy.FILL_MEAN && policy != MissingPolicy.FILL_MEDIAN),
            "Schema: column '%s' is categorical; %s needs numbers (use FILL_MODE, DROP_ROW or FAIL)", n, policy);
        Scaling scaling = kind == Kind.CATEGORICAL ? Scaling.NONE : scalings.getOrDefault(n, defaultScaling);
        features.add(new Feature(n, kind, policy, scaling, encodings.get(n), unknownBuckets.contains(n)));
      }
      Target target = null;
      if (targetName != null) {
        MissingPolicy policy = missing.getOrDefault(targetName, MissingPolicy.FAIL);
        checkArgument(policy == MissingPolicy.FAIL || policy == MissingPolicy.DROP_ROW,
            "Schema: the target '%s' can only FAIL or DROP_ROW on missing values, got %s (filling in labels would "
                + "invent training data)", targetName, policy);
        checkArgument(task != Task.CLASSIFICATION || targetScaling.method() == Scaling.Method.NONE,
            "Schema: targetScaling applies to regression targets; '%s' is a classification target", targetName);
        target = new Target(targetName, task, integerLabels, policy,
            task == Task.REGRESSION ? targetScaling : Scaling.NONE);
      }
      return new Schema(features, target, extras, missingValues, separator);
    }
  }

  /** A missing cell in a column whose policy is FAIL: the column, the cell's row index, the column's missing count. */
  record MissingCell(String column, int index, int count) {}

  /**
   * The first missing cell of the first column with policy FAIL (features in order, then the target) that has one;
   * null when there is none. The loaders turn it into their error, each naming rows its own way.
   */
  MissingCell firstMissingInFailColumns(Table table) {
    List<String> failColumns = new ArrayList<>();
    for (Feature f : features()) {
      if (f.missing() == MissingPolicy.FAIL) {
        failColumns.add(f.name());
      }
    }
    if (target() != null && target().missing() == MissingPolicy.FAIL) {
      failColumns.add(target().name());
    }
    for (String name : failColumns) {
      Column<?> c = table.column(name);
      int missing = c.countMissing();
      if (missing > 0) {
        int first = 0;
        while (!c.isMissing(first)) {
          first++;
        }
        return new MissingCell(name, first, missing);
      }
    }
    return null;
  }
}
