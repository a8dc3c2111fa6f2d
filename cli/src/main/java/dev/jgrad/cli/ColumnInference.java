package dev.jgrad.cli;

import dev.jgrad.datasets.MissingPolicy;
import dev.jgrad.datasets.NumberSpelling;
import dev.jgrad.datasets.Scaling;
import dev.jgrad.datasets.Schema;
import dev.jgrad.datasets.Task;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Decides what each column of an arbitrary CSV is, from its text, and turns the decision into a {@link Schema}:
 * numbers become standardised numeric features (missing cells filled with the training median), text with few
 * distinct values becomes a one-hot categorical feature (missing cells filled with the most frequent training
 * value; unseen values at prediction time go to an "unknown" slot), and the target decides the task.
 *
 * <p>Rules, per column (missing cells — {@code NA}, empty, and any {@code --na} text — are not counted):
 * <ul>
 *   <li>every cell a number: <b>number</b>;</li>
 *   <li>mostly numbers (at least 80%) with a few other cells: <b>mixed</b>, an error naming the first odd cell
 *       (usually a missing-value marker such as {@code ?}: pass it with {@code --na});</li>
 *   <li>otherwise text: a <b>category</b> with at most {@value #MAX_CATEGORIES} distinct values (and not one distinct
 *       value per row in a table of more than 20 rows), else <b>text</b> (an identifier or free text: skipped
 *       unless named in {@code --features}, where it is an error);</li>
 *   <li>no value at all: <b>empty</b>, skipped (an error if named).</li>
 * </ul>
 * Task {@code auto}: a numeric target of whole numbers with at most {@value #MAX_AUTO_CLASSES} distinct values, or
 * a text target, is classification; any other numeric target is regression. A classification target that is an
 * identifier (more than {@value #MAX_IDENTIFIER_RATIO} distinct values per value, in more than 20 rows) is refused:
 * no class would have the rows to learn it from.
 */
final class ColumnInference {
  /** The most distinct values a text column may have to be one-hot encoded. */
  static final int MAX_CATEGORIES = 50;
  /** The most distinct whole numbers a numeric target may have for {@code --task auto} to pick classification. */
  static final int MAX_AUTO_CLASSES = 20;
  /** A classification target with more distinct values per row than this is an identifier, not a label. */
  static final double MAX_IDENTIFIER_RATIO = 0.5;
  /** A decimal; infinities are numbers too ({@link NumberSpelling}), and NaN is missing when the CSV is read. */
  private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
  private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");

  private ColumnInference() {}

  /** What a column holds. */
  enum Kind { NUMBER, MIXED, CATEGORY, TEXT, EMPTY }

  /**
   * One column's profile.
   *
   * @param name the header name
   * @param kind what it holds
   * @param values non-missing cells
   * @param missing missing cells
   * @param distinct distinct non-missing values
   * @param integers whether every non-missing cell is a whole number written without a point
   * @param oddValue for {@link Kind#MIXED}: the first cell that is not a number, and its 1-based row (header = 1)
   * @param oddRow the row of {@code oddValue}
   * @param oddCount how many cells are not numbers
   * @param example a non-missing cell, for messages
   * @param exampleRow its 1-based row
   */
  record Profile(String name, Kind kind, int values, int missing, int distinct, boolean integers, String oddValue,
      long oddRow, int oddCount, String example, long exampleRow) {

    /** A short description: {@code number}, {@code category (3 values)}, .... */
    String describe() {
      return switch (kind) {
        case NUMBER -> "number";
        case CATEGORY -> "category (" + distinct + " values)";
        case TEXT -> "text (" + distinct + " distinct values)";
        case MIXED -> "numbers with " + oddCount + " non-numeric cells";
        case EMPTY -> "empty";
      };
    }
  }

  /**
   * The decision for a training run.
   *
   * @param schema the schema to read the CSV with
   * @param task classification or regression
   * @param target the target's profile
   * @param features the profiles of the feature columns, in schema order
   * @param notes columns left out, and why
   */
  record Plan(Schema schema, Task task, Profile target, List<Profile> features, List<String> notes) {}

  /** Profiles one column of an all-text table. */
  static Profile profile(Table text, String name) {
    return profile(text, name, false);
  }

  /** As {@link #profile(Table, String)}; with {@code infAsMissing}, infinities count as missing cells. */
  static Profile profile(Table text, String name, boolean infAsMissing) {
    Column<?> c = text.column(name);
    int n = c.size();
    int values = 0;
    int numbers = 0;
    boolean integers = true;
    String odd = null;
    long oddRow = -1;
    String example = null;
    long exampleRow = -1;
    Set<String> distinct = new HashSet<>();
    for (int i = 0; i < n; i++) {
      if (c.isMissing(i)) {
        continue;
      }
      String v = c.getString(i).trim();
      if (v.isEmpty() || NumberSpelling.isNaN(v) || infAsMissing && NumberSpelling.isInfinite(v)) {
        continue;
      }
      values++;
      distinct.add(v);
      if (example == null) {
        example = v;
        exampleRow = i + 2L;
      }
      if (NUMBER.matcher(v).matches() || NumberSpelling.isInfinite(v)) {
        numbers++;
        integers &= INTEGER.matcher(v).matches();
      } else if (odd == null) {
        odd = v;
        oddRow = i + 2L;
      }
    }
    int others = values - numbers;
    Kind kind;
    if (values == 0) {
      kind = Kind.EMPTY;
    } else if (others == 0) {
      kind = Kind.NUMBER;
    } else if (numbers >= 0.8 * values) {
      kind = Kind.MIXED;
    } else if (distinct.size() <= MAX_CATEGORIES && !(distinct.size() == values && values > 20)) {
      kind = Kind.CATEGORY;
    } else {
      kind = Kind.TEXT;
    }
    return new Profile(name, kind, values, n - values, distinct.size(), integers && others == 0, odd, oddRow, others,
        example, exampleRow);
  }

  /**
   * Plans a training run.
   *
   * @param text the CSV read with every column as text
   * @param source names the CSV in messages
   * @param target the target column (must exist)
   * @param features the feature columns, or null for "every usable column but the target"
   * @param task {@code auto}, {@code classification} or {@code regression}
   * @param missingValues the cell texts that mean missing
   * @param infAsMissing whether infinite values are read as missing
   * @throws CliException (usage) for unknown feature columns or the target among the features; (failure) for a
   *     feature that is not numeric or categorical, a mixed column, or a target that does not fit the task
   */
  static Plan plan(Table text, String source, String target, List<String> features, String task,
      List<String> missingValues, boolean infAsMissing) {
    List<String> columns = text.columnNames();
    List<String> notes = new ArrayList<>();
    List<String> chosen = new ArrayList<>();
    if (features != null) {
      List<String> unknown = new ArrayList<>();
      for (String f : features) {
        if (!columns.contains(f)) {
          unknown.add(f);
        } else if (f.equals(target)) {
          throw CliException.usage("--features: '" + f + "' is the target column; list only input columns");
        } else if (!chosen.contains(f)) {
          chosen.add(f);
        }
      }
      if (!unknown.isEmpty()) {
        throw CliException.usage("--features: no column" + (unknown.size() == 1 ? " " : "s ")
            + String.join(", ", quoted(unknown)) + " in " + source + "; the columns are " + String.join(", ", columns));
      }
    }
    Profile targetProfile = profile(text, target, infAsMissing);
    Task chosenTask = task(targetProfile, task, source);

    List<Profile> used = new ArrayList<>();
    for (String name : features != null ? chosen : columns) {
      if (name.equals(target)) {
        continue;
      }
      Profile p = profile(text, name, infAsMissing);
      switch (p.kind()) {
        case NUMBER, CATEGORY -> used.add(p);
        case MIXED -> throw CliException.failure(mixedMessage(p, source));
        case TEXT -> {
          if (features != null) {
            throw CliException.failure("feature '" + name + "' in " + source + " is not numeric ('" + p.example()
                + "' in row " + p.exampleRow() + ") and has " + p.distinct() + " distinct values, too many for a "
                + "category (at most " + MAX_CATEGORIES + "); leave it out of --features");
          }
          notes.add("skipped '" + name + "': text with " + p.distinct() + " distinct values (an identifier or free "
              + "text), not a usable feature");
        }
        case EMPTY -> {
          if (features != null) {
            throw CliException.failure("feature '" + name + "' in " + source + " has no values: all " + p.missing()
                + " cells are missing");
          }
          notes.add("skipped '" + name + "': every cell is missing");
        }
      }
    }
    if (used.isEmpty()) {
      throw CliException.failure("no usable feature column in " + source + " besides the target '" + target
          + "'" + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")"));
    }

    Schema.Builder b = Schema.builder().missingValues(missingValues.toArray(new String[0]))
        .scaling(Scaling.STANDARDIZE);
    List<String> numeric = new ArrayList<>();
    List<String> categorical = new ArrayList<>();
    for (Profile p : used) {
      (p.kind() == Kind.NUMBER ? numeric : categorical).add(p.name());
    }
    // Declared in file order, so the encoded features follow the columns of the CSV.
    for (Profile p : used) {
      if (p.kind() == Kind.NUMBER) {
        b.numeric(p.name());
      } else {
        b.categorical(p.name());
      }
    }
    b.missing(MissingPolicy.FILL_MEDIAN, numeric.toArray(new String[0]));
    b.missing(MissingPolicy.FILL_MODE, categorical.toArray(new String[0]));
    b.unknownBucket(categorical.toArray(new String[0]));
    if (chosenTask == Task.REGRESSION) {
      // A standardised target keeps the initial loss near 1 whatever the unit, so one learning rate fits all files.
      b.target(target, Task.REGRESSION).targetScaling(Scaling.STANDARDIZE);
    } else if (targetProfile.kind() == Kind.NUMBER && targetProfile.integers()) {
      b.integerTarget(target);
    } else {
      b.target(target, Task.CLASSIFICATION);
    }
    b.missing(MissingPolicy.DROP_ROW, target);
    return new Plan(b.build(), chosenTask, targetProfile, List.copyOf(used), List.copyOf(notes));
  }

  private static Task task(Profile t, String task, String source) {
    Task chosen = chosenTask(t, task, source);
    if (chosen == Task.CLASSIFICATION && t.values() > 20 && t.distinct() > MAX_IDENTIFIER_RATIO * t.values()) {
      throw CliException.failure(String.format(Locale.ROOT, "target '%s' in %s looks like an identifier, not a "
          + "class label: %,d distinct values in %,d rows (a classifier needs several rows per class); choose "
          + "another --target%s", t.name(), source, (long) t.distinct(), (long) t.values(),
          t.kind() == Kind.NUMBER ? ", or --task regression if it is a quantity" : ""));
    }
    return chosen;
  }

  private static Task chosenTask(Profile t, String task, String source) {
    String where = "target '" + t.name() + "' in " + source;
    if (t.kind() == Kind.EMPTY) {
      throw CliException.failure(where + " has no values: all " + t.missing() + " cells are missing");
    }
    if (t.distinct() < 2) {
      throw CliException.failure(where + " has a single value ('" + t.example() + "'): there is nothing to learn");
    }
    switch (task) {
      case "regression":
        if (t.kind() != Kind.NUMBER) {
          throw CliException.failure("--task regression needs a numeric target, but " + where + " has '"
              + (t.oddValue() != null ? t.oddValue() + "' in row " + t.oddRow() : t.example() + "'"));
        }
        return Task.REGRESSION;
      case "classification":
        return Task.CLASSIFICATION;
      default:
        if (t.kind() == Kind.MIXED) {
          throw CliException.failure(mixedMessage(t, source));
        }
        if (t.kind() == Kind.NUMBER && !(t.integers() && t.distinct() <= MAX_AUTO_CLASSES)) {
          return Task.REGRESSION;
        }
        return Task.CLASSIFICATION;
    }
  }

  private static List<String> quoted(List<String> names) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      out.add("'" + n + "'");
    }
    return out;
  }

  /** The message for a column of numbers with a few other cells (shared by feature and target checks). */
  private static String mixedMessage(Profile p, String source) {
    return String.format(Locale.ROOT, "column '%s' in %s holds numbers but also %d non-numeric cell%s (first: "
        + "'%s' in row %d); if %s missing, add --na '%s'; otherwise fix the file or leave the column out with "
        + "--features", p.name(), source, p.oddCount(), p.oddCount() == 1 ? "" : "s", p.oddValue(), p.oddRow(),
        p.oddCount() == 1 ? "it means" : "they mean", p.oddValue());
  }
}
