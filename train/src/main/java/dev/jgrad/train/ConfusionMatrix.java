package dev.jgrad.train;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Counts of (actual class, predicted class) pairs, accumulated over batches. Rows are actual classes, columns
 * predicted ones (scikit-learn's layout). Reads values only, so it never records a graph.
 *
 * <pre>{@code
 * ConfusionMatrix cm = trainer.confusionMatrix(testLoader, List.of("setosa", "versicolor", "virginica"));
 * System.out.println(cm);            // aligned table with row and column labels
 * double r = cm.recall(2);
 * }</pre>
 */
public final class ConfusionMatrix {
  private final List<String> classNames;
  private final long[][] counts;

  /**
   * An empty matrix for classes named "0", "1", ....
   *
   * @throws IllegalArgumentException if {@code numClasses < 1}
   */
  public ConfusionMatrix(int numClasses) {
    this(defaultNames(numClasses));
  }

  /**
   * An empty matrix for the given class names (index i is class i).
   *
   * @throws IllegalArgumentException if the list is empty
   */
  public ConfusionMatrix(List<String> classNames) {
    checkArgument(!classNames.isEmpty(), "ConfusionMatrix: needs at least one class, got none");
    this.classNames = List.copyOf(classNames);
    this.counts = new long[classNames.size()][classNames.size()];
  }

  private static List<String> defaultNames(int numClasses) {
    checkArgument(numClasses >= 1, "ConfusionMatrix: numClasses must be at least 1, got %s", numClasses);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < numClasses; i++) {
      names.add(Integer.toString(i));
    }
    return names;
  }

  /**
   * Adds a batch.
   *
   * @param output scores {@code [N, C]} (the arg-max is the prediction, first index on ties) or predicted class
   *     indices {@code [N]}
   * @param target class indices {@code [N]}
   * @throws IllegalArgumentException on mismatched shapes or a column count other than the class count
   * @throws IndexOutOfBoundsException on a class index outside {@code [0, C)}
   */
  public void update(Tensor output, Tensor target) {
    int c = numClasses();
    int[] os = output.shape();
    int[] ts = target.shape();
    float[] t = target.toArray();
    float[] o = output.toArray();
    if (os.length == 1 && ts.length == 1 && os[0] == ts[0]) {
      for (int i = 0; i < t.length; i++) {
        counts[Metrics.classIndex("ConfusionMatrix", t[i], c)][Metrics.classIndex("ConfusionMatrix", o[i], c)]++;
      }
      return;
    }
    int n = Metrics.checkClassification("ConfusionMatrix", output, target);
    if (os[1] != c) {
      throw new IllegalArgumentException(
          "ConfusionMatrix: output " + Arrays.toString(os) + " has " + os[1] + " columns but the matrix has " + c
              + " classes");
    }
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int j = 1; j < c; j++) {
        if (o[i * c + j] > o[i * c + best]) {
          best = j;
        }
      }
      counts[Metrics.classIndex("ConfusionMatrix", t[i], c)][best]++;
    }
  }

  /** Number of classes. */
  public int numClasses() {
    return classNames.size();
  }

  /** The class names, index i for class i. */
  public List<String> classNames() {
    return classNames;
  }

  /** How many samples of class {@code actual} were predicted as {@code predicted}. */
  public long count(int actual, int predicted) {
    return counts[actual][predicted];
  }

  /** A copy of the counts, {@code [actual][predicted]}. */
  public long[][] counts() {
    long[][] copy = new long[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      copy[i] = counts[i].clone();
    }
    return copy;
  }

  /** Samples counted. */
  public long total() {
    long s = 0;
    for (long[] row : counts) {
      for (long v : row) {
        s += v;
      }
    }
    return s;
  }

  /** Fraction on the diagonal; NaN when empty. */
  public double accuracy() {
    long diag = 0;
    for (int i = 0; i < counts.length; i++) {
      diag += counts[i][i];
    }
    long total = total();
    return total == 0 ? Double.NaN : (double) diag / total;
  }

  /** Of the samples predicted as {@code cls}, the fraction that are {@code cls}; NaN when none was predicted. */
  public double precision(int cls) {
    long col = 0;
    for (long[] row : counts) {
      col += row[cls];
    }
    return col == 0 ? Double.NaN : (double) counts[cls][cls] / col;
  }

  /** Of the samples of class {@code cls}, the fraction predicted as {@code cls}; NaN when the class is absent. */
  public double recall(int cls) {
    long row = Arrays.stream(counts[cls]).sum();
    return row == 0 ? Double.NaN : (double) counts[cls][cls] / row;
  }

  /** Harmonic mean of precision and recall; NaN when either is undefined, 0 when both are 0. */
  public double f1(int cls) {
    double p = precision(cls);
    double r = recall(cls);
    if (Double.isNaN(p) || Double.isNaN(r)) {
      return Double.NaN;
    }
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** A Tablesaw table: an {@code actual} column with the class names, then one count column per predicted class. */
  public Table toTable() {
    Table table = Table.create("confusion matrix", StringColumn.create("actual", classNames));
    for (int j = 0; j < numClasses(); j++) {
      long[] col = new long[numClasses()];
      for (int i = 0; i < numClasses(); i++) {
        col[i] = counts[i][j];
      }
      table.addColumns(LongColumn.create(classNames.get(j), col));
    }
    return table;
  }

  /** An aligned text table, rows actual and columns predicted. */
  @Override
  public String toString() {
    int width = "actual\\pred".length();
    for (String name : classNames) {
      width = Math.max(width, name.length());
    }
    for (long[] row : counts) {
      for (long v : row) {
        width = Math.max(width, Long.toString(v).length());
      }
    }
    String cell = "%" + width + "s";
    StringBuilder sb = new StringBuilder(String.format(cell, "actual\\pred"));
    for (String name : classNames) {
      sb.append("  ").append(String.format(cell, name));
    }
    for (int i = 0; i < numClasses(); i++) {
      sb.append('\n').append(String.format(cell, classNames.get(i)));
      for (long v : counts[i]) {
        sb.append("  ").append(String.format(cell, v));
      }
    }
    return sb.toString();
  }
}
