package dev.jgrad.datasets;

/**
 * What to do with a missing value (an empty cell or {@code NA}) in one column of a {@link Schema}.
 *
 * <p>Fill values are computed on the training split only, stored in the {@link Preprocessor} and reused for every
 * later table (test split, predictions).
 */
public enum MissingPolicy {
  /** Reject the data: loading fails naming the file, column and first row with a missing value. The default. */
  FAIL,
  /** Drop every row that has a missing value in this column (before splitting). */
  DROP_ROW,
  /** Numeric columns only: replace with the mean of the column's training values. */
  FILL_MEAN,
  /** Numeric columns only: replace with the median of the training values (mean of the two middle ones). */
  FILL_MEDIAN,
  /** Replace with the most frequent training value; ties go to the smallest value (sorted order). */
  FILL_MODE;

  /** The lower-case name used in the saved JSON ({@code "fill_mean"}). */
  String jsonName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
