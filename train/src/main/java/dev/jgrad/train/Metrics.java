package dev.jgrad.train;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * The built-in {@link Metric}s: accuracy, top-k accuracy, binary accuracy, MSE, MAE and R². See {@link
 * ConfusionMatrix} for the per-class view.
 *
 * <pre>{@code
 * Trainer.builder().metrics(Metrics.accuracy(), Metrics.topK(3))...   // classification
 * Trainer.builder().metrics(Metrics.mae(), Metrics.r2())...            // regression
 * }</pre>
 */
public final class Metrics {
  private Metrics() {}

  /** Fraction of rows whose arg-max over {@code output [N, C]} equals the class index in {@code target [N]}. */
  public static Metric accuracy() {
    return new TopK(1, "accuracy");
  }

  /**
   * Fraction of rows whose target class is among the k highest scores of {@code output [N, C]}. A tie with the
   * target's score counts in the target's favour (fewer than k strictly higher scores means correct).
   *
   * @throws IllegalArgumentException if {@code k < 1}
   */
  public static Metric topK(int k) {
    checkArgument(k >= 1, "topK: k must be at least 1, got %s", k);
    return new TopK(k, "top" + k + "_accuracy");
  }

  /**
   * Accuracy of one-output binary classification: {@code output [N]} or {@code [N, 1]} is predicted positive when
   * greater than {@code threshold} (0 for logits, 0.5 for probabilities); {@code target} holds 0 or 1.
   */
  public static Metric binaryAccuracy(double threshold) {
    return new BinaryAccuracy(threshold);
  }

  /** Mean squared error over every element; {@code output} and {@code target} have the same number of elements. */
  public static Metric mse() {
    return new MeanError("mse", true);
  }

  /** Mean absolute error over every element. */
  public static Metric mae() {
    return new MeanError("mae", false);
  }

  /**
   * Coefficient of determination {@code 1 - SS_res / SS_tot}. For {@code output [N, D]} with D &gt; 1 it is the
   * mean of the per-column values (scikit-learn's {@code uniform_average}); a constant target column scores 1 if
   * predicted exactly, else 0 (scikit-learn's {@code force_finite}).
   */
  public static Metric r2() {
    return new R2();
  }

  /** The number of rows of a classification output, checking {@code output [N, C]} against {@code target [N]}. */
  static int checkClassification(String name, Tensor output, Tensor target) {
    int[] os = output.shape();
    int[] ts = target.shape();
    if (os.length != 2 || ts.length != 1 || ts[0] != os[0]) {
      throw new IllegalArgumentException(name + ": expected output [N, C] and target [N] of class indices, got output "
          + Arrays.toString(os) + " and target " + Arrays.toString(ts));
    }
    return os[0];
  }

  /** Validates a class index read from a target tensor. */
  static int classIndex(String name, float value, int numClasses) {
    int c = (int) value;
    if (c != value || c < 0 || c >= numClasses) {
      throw new IndexOutOfBoundsException(
          name + ": target " + value + " is out of bounds for " + numClasses + " classes");
    }
    return c;
  }

  private static void checkSameNumel(String name, Tensor output, Tensor target) {
    if (output.numel() != target.numel()) {
      throw new IllegalArgumentException(name + ": output " + Arrays.toString(output.shape()) + " and target "
          + Arrays.toString(target.shape()) + " must have the same number of elements");
    }
  }

  private static final class TopK implements Metric {
    private final int k;
    private final String name;
    private long correct;
    private long total;

    TopK(int k, String name) {
      this.k = k;
      this.name = name;
    }

    @Override public String name() {
      return name;
    }

    @Override public void reset() {
      correct = 0;
      total = 0;
    }

    @Override public void update(Tensor output, Tensor target) {
      int n = checkClassification(name, output, target);
      int c = output.size(1);
      double[] scores = output.toDoubleArray();       // float32 scores widen exactly; float64 ones stay exact
      float[] labels = target.toArray();
      for (int i = 0; i < n; i++) {
        int label = classIndex(name, labels[i], c);
        double s = scores[i * c + label];
        int higher = 0;
        for (int j = 0; j < c; j++) {
          // NaN scores never count as higher, and a NaN target score is never correct
          if (scores[i * c + j] > s || (j < label && scores[i * c + j] == s && k == 1)) {
            higher++;
          }
        }
        if (higher < k && !Double.isNaN(s)) {
          correct++;
        }
      }
      total += n;
    }

    @Override public double compute() {
      return total == 0 ? Double.NaN : (double) correct / total;
    }

    @Override public Metric fresh() {
      return new TopK(k, name);
    }
  }

  private static final class BinaryAccuracy implements Metric {
    private final double threshold;
    private long correct;
    private long total;

    BinaryAccuracy(double threshold) {
      this.threshold = threshold;
    }

    @Override public String name() {
      return "accuracy";
    }

    @Override public void reset() {
      correct = 0;
      total = 0;
    }

    @Override public void update(Tensor output, Tensor target) {
      int[] os = output.shape();
      if (os.length == 0 || os.length > 2 || (os.length == 2 && os[1] != 1) || output.numel() != target.numel()) {
        throw new IllegalArgumentException("binaryAccuracy: expected output [N] or [N, 1] and a target with as many "
            + "elements, got output " + Arrays.toString(os) + " and target " + Arrays.toString(target.shape()));
      }
      double[] o = output.toDoubleArray();
      double[] t = target.toDoubleArray();
      for (int i = 0; i < o.length; i++) {
        if ((o[i] > threshold) == (t[i] > 0.5)) {
          correct++;
        }
      }
      total += o.length;
    }

    @Override public double compute() {
      return total == 0 ? Double.NaN : (double) correct / total;
    }

    @Override public Metric fresh() {
      return new BinaryAccuracy(threshold);
    }
  }

  private static final class MeanError implements Metric {
    private final String name;
    private final boolean squared;
    private double sum;
    private long count;

    MeanError(String name, boolean squared) {
      this.name = name;
      this.squared = squared;
    }

    @Override public String name() {
      return name;
    }

    @Override public void reset() {
      sum = 0;
      count = 0;
    }

    @Override public void update(Tensor output, Tensor target) {
      checkSameNumel(name, output, target);
      double[] o = output.toDoubleArray();
      double[] t = target.toDoubleArray();
      for (int i = 0; i < o.length; i++) {
        double d = o[i] - t[i];
        sum += squared ? d * d : Math.abs(d);
      }
      count += o.length;
    }

    @Override public double compute() {
      return count == 0 ? Double.NaN : sum / count;
    }

    @Override public Metric fresh() {
      return new MeanError(name, squared);
    }
  }

  /** Per-column running mean and sum of squared deviations (Chan et al.'s merge, stable for large means). */
  private static final class R2 implements Metric {
    private long n;
    private double[] mean;
    private double[] m2;
    private double[] ssRes;

    @Override public String name() {
      return "r2";
    }

    @Override public void reset() {
      n = 0;
      mean = null;
      m2 = null;
      ssRes = null;
    }

    @Override public void update(Tensor output, Tensor target) {
      checkSameNumel("r2", output, target);
      int[] os = output.shape();
      int cols = os.length == 2 ? os[1] : 1;
      if (os.length == 0 || os.length > 2) {
        throw new IllegalArgumentException("r2: expected output [N] or [N, D], got " + Arrays.toString(os));
      }
      if (mean == null) {
        mean = new double[cols];
        m2 = new double[cols];
        ssRes = new double[cols];
      } else if (mean.length != cols) {
        throw new IllegalArgumentException("r2: output has " + cols + " columns but earlier batches had " + mean.length);
      }
      double[] o = output.toDoubleArray();
      double[] t = target.toDoubleArray();
      int rows = o.length / cols;
      for (int c = 0; c < cols; c++) {
        double bMean = 0;
        for (int r = 0; r < rows; r++) {
          bMean += t[r * cols + c];
          double d = t[r * cols + c] - o[r * cols + c];
          ssRes[c] += d * d;
        }
        bMean /= Math.max(rows, 1);
        double bM2 = 0;
        for (int r = 0; r < rows; r++) {
          double d = t[r * cols + c] - bMean;
          bM2 += d * d;
        }
        long total = n + rows;
        if (total > 0) {
          double delta = bMean - mean[c];
          mean[c] += delta * rows / total;
          m2[c] += bM2 + delta * delta * ((double) n * rows / total);
        }
      }
      n += rows;
    }

    @Override public double compute() {
      if (n == 0) {
        return Double.NaN;
      }
      double sum = 0;
      for (int c = 0; c < mean.length; c++) {
        if (m2[c] == 0) {
          sum += ssRes[c] == 0 ? 1.0 : 0.0;
        } else {
          sum += 1 - ssRes[c] / m2[c];
        }
      }
      return sum / mean.length;
    }

    @Override public Metric fresh() {
      return new R2();
    }
  }
}
