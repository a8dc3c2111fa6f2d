package dev.jgrad.optim.conformance;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * Parameter values after each optimizer step on a {@link ReferenceProblem}: row {@code k} holds every parameter
 * tensor flattened, in order, after step {@code k + 1}.
 *
 * @param problem the problem that was run
 * @param values one row per step (arrays are not copied; treat them as read-only)
 */
public record Trajectory(ReferenceProblem problem, float[][] values) {

  /** The number of steps recorded. */
  public int steps() {
    return values.length;
  }

  /** The values after step {@code step} (1-based), a copy. */
  public float[] after(int step) {
    return values[step - 1].clone();
  }

  /**
   * How this trajectory differs from {@code expected}: elementwise {@code |a − e| <= atol + rtol·|e|}, with NaN
   * matching NaN and equal infinities matching.
   *
   * @throws IllegalArgumentException when the two have different lengths or row sizes
   */
  public Comparison compareTo(Trajectory expected, double rtol, double atol) {
    checkArgument(expected.values.length == values.length,
        "Trajectory.compareTo: %s steps vs %s expected", values.length, expected.values.length);
    double maxAbs = 0;
    double maxRel = 0;
    int firstStep = -1;
    int firstElement = -1;
    for (int s = 0; s < values.length; s++) {
      if (values[s].length != expected.values[s].length) {
        throw new IllegalArgumentException(
            "Trajectory.compareTo: step " + (s + 1) + " has " + values[s].length + " values, expected "
                + expected.values[s].length);
      }
      for (int i = 0; i < values[s].length; i++) {
        float a = values[s][i];
        float e = expected.values[s][i];
        if (Float.compare(a, e) == 0 || (Float.isNaN(a) && Float.isNaN(e))) {
          continue;
        }
        double abs = Math.abs((double) a - e);
        boolean ok = Double.isFinite(abs) && abs <= atol + rtol * Math.abs(e);
        if (Double.isFinite(abs)) {
          maxAbs = Math.max(maxAbs, abs);
          if (e != 0) {
            maxRel = Math.max(maxRel, abs / Math.abs(e));
          }
        } else {
          maxAbs = Double.POSITIVE_INFINITY;
        }
        if (!ok && firstStep < 0) {
          firstStep = s + 1;
          firstElement = i;
        }
      }
    }
    return new Comparison(firstStep < 0, firstStep, firstElement,
        firstStep < 0 ? 0 : values[firstStep - 1][firstElement],
        firstStep < 0 ? 0 : expected.values[firstStep - 1][firstElement], maxAbs, maxRel);
  }

  /**
   * The result of {@link #compareTo}.
   *
   * @param matches every value within tolerance
   * @param firstMismatchStep 1-based step of the first value out of tolerance, or -1
   * @param element its index in the flattened row, or -1
   * @param actual the value found there
   * @param expected the value expected there
   * @param maxAbsError the largest absolute difference over the whole trajectory
   * @param maxRelError the largest relative difference (against non-zero expected values)
   */
  public record Comparison(boolean matches, int firstMismatchStep, int element, double actual, double expected,
      double maxAbsError, double maxRelError) {
    @Override
    public String toString() {
      return matches ? "matches (max abs error " + maxAbsError + ", max rel error " + maxRelError + ")"
          : "first mismatch at step " + firstMismatchStep + ", element " + element + ": got " + actual + ", expected "
              + expected + " (max abs error " + maxAbsError + ", max rel error " + maxRelError + ")";
    }
  }

  @Override
  public String toString() {
    return "Trajectory[" + problem + ", " + values.length + " steps, last "
        + (values.length == 0 ? "-" : Arrays.toString(values[values.length - 1])) + "]";
  }
}
