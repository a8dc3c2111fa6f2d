package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;

class ColumnStatsTest {
  @Test
  void meanMedianMode() {
    assertEquals(2.0, ColumnStats.mean(new double[] {1, 2, 3}));
    assertEquals(2.0, ColumnStats.median(new double[] {3, 1, 2}));
    assertEquals(2.5, ColumnStats.median(new double[] {4, 1, 3, 2}));
    assertEquals(1.0, ColumnStats.mode(new double[] {3, 1, 3, 1, 2}), "ties go to the smallest value");
    assertEquals(3.0, ColumnStats.mode(new double[] {3, 1, 3}));
  }

  @Test
  void presentSkipsMissingValuesAtTheGivenRows() {
    DoubleColumn c = DoubleColumn.create("c", 1, Double.NaN, 3, 4);
    assertArrayEquals(new double[] {4, 1}, ColumnStats.present(c, new int[] {3, 1, 0}));
  }

  @Test
  void centerAndScalePerMethod() {
    double[] v = {2, 4, 6};
    assertArrayEquals(new double[] {0, 1}, ColumnStats.centerAndScale(Scaling.NONE, v));
    assertArrayEquals(new double[] {4, Math.sqrt(8.0 / 3)}, ColumnStats.centerAndScale(Scaling.STANDARDIZE, v),
        1e-15);
    assertArrayEquals(new double[] {2, 4}, ColumnStats.centerAndScale(Scaling.MIN_MAX, v));
    assertArrayEquals(new double[] {1, 3}, ColumnStats.centerAndScale(Scaling.fixed(1, 3), v));
    assertArrayEquals(new double[] {5, 1}, ColumnStats.centerAndScale(Scaling.STANDARDIZE, new double[] {5, 5}));
    assertArrayEquals(new double[] {5, 1}, ColumnStats.centerAndScale(Scaling.MIN_MAX, new double[] {5, 5}));
    // Large offsets: the two-pass std does not cancel.
    assertEquals(1.0, ColumnStats.centerAndScale(Scaling.STANDARDIZE, new double[] {1e9 - 1, 1e9 + 1})[1], 1e-9);
  }
}
