package dev.jgrad.datasets;

import java.util.Arrays;
import tech.tablesaw.api.NumericColumn;

/** The statistics a {@link Preprocessor} fits on training values, all in double precision. */
final class ColumnStats {
  private ColumnStats() {}

  /** The non-missing values of {@code column} at {@code rows}. */
  static double[] present(NumericColumn<?> column, int[] rows) {
    double[] v = new double[rows.length];
    int n = 0;
    for (int i : rows) {
      double x = column.getDouble(i); // NaN for a missing cell, in every Tablesaw numeric column type
      if (!Double.isNaN(x)) {
        v[n++] = x;
      }
    }
    return n == v.length ? v : Arrays.copyOf(v, n);
  }

  static double mean(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    return sum / v.length;
  }

  /** The middle value, or the mean of the two middle values for an even count (numpy's median). */
  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /** The most frequent value; ties go to the smallest. */
  static double mode(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    double best = s[0];
    int bestCount = 0;
    for (int i = 0; i < s.length; ) {
      int j = i;
      while (j < s.length && s[j] == s[i]) {
        j++;
      }
      if (j - i > bestCount) {
        bestCount = j - i;
        best = s[i];
      }
      i = j;
    }
    return best;
  }

  /**
   * {@code {center, scale}} of {@code values} for a scaling rule. A constant column (std or range 0) gets scale 1,
   * so it maps to 0 instead of dividing by zero.
   */
  static double[] centerAndScale(Scaling scaling, double[] values) {
    switch (scaling.method()) {
      case NONE:
        return new double[] {0, 1};
      case FIXED:
        return new double[] {scaling.center(), scaling.scale()};
      case STANDARDIZE: {
        double mean = mean(values);
        // Two passes: the sum of squared deviations from the mean, not E[x^2] - E[x]^2, which cancels badly.
        double ss = 0;
        for (double x : values) {
          ss += (x - mean) * (x - mean);
        }
        double std = Math.sqrt(ss / values.length);
        return new double[] {mean, std > 0 ? std : 1};
      }
      case MIN_MAX: {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : values) {
          min = Math.min(min, x);
          max = Math.max(max, x);
        }
        return new double[] {min, max > min ? max - min : 1};
      }
      default:
        throw new IllegalStateException("ColumnStats: unknown scaling " + scaling.method());
    }
  }
}
