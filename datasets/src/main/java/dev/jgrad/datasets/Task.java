package dev.jgrad.datasets;

/** What a tabular dataset's target is for: class labels or real numbers. */
public enum Task {
  /** Targets are class labels, encoded as int64 class indices in sorted label order (shape {@code [N]}). */
  CLASSIFICATION,
  /** Targets are real numbers, float32 of shape {@code [N, 1]} (the shape of a {@code Linear(F, 1)} output). */
  REGRESSION
}
