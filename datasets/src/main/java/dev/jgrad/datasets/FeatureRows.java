package dev.jgrad.datasets;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;

/**
 * The feature matrix a {@link Preprocessor} fills, one array per row, in the dtype asked for: float32 rows (each
 * value computed in double and rounded once, as before) or float64 rows (the double values kept). The dtype is
 * chosen once per transform, so the fill loops are written once.
 */
abstract sealed class FeatureRows {

  /**
   * Zeroed rows of {@code dtype}.
   *
   * @throws IllegalArgumentException for a dtype other than float32 or float64
   */
  static FeatureRows zeros(DType dtype, int rows, int width) {
    checkArgument(dtype == DType.FLOAT32 || dtype == DType.FLOAT64,
        "Preprocessor: features are float32 or float64, got dtype %s", dtype.torchName());
    return dtype == DType.FLOAT64 ? new Doubles(new double[rows][width], width) : new Floats(new float[rows][width],
        width);
  }

  final int width;

  private FeatureRows(int width) {
    this.width = width;
  }

  /** Sets row {@code row}, column {@code col}. */
  abstract void set(int row, int col, double value);

  /** The rows as one tensor {@code [rows, width]}. */
  abstract Tensor toTensor();

  /** A dataset over these rows (handed over, not copied) and {@code targets}. */
  abstract TensorDataset toDataset(Tensor targets);

  static final class Floats extends FeatureRows {
    private final float[][] rows;

    Floats(float[][] rows, int width) {
      super(width);
      this.rows = rows;
    }

    @Override
    void set(int row, int col, double value) {
      rows[row][col] = (float) value;
    }

    @Override
    Tensor toTensor() {
      return rows.length == 0 ? Tensor.zeros(DType.FLOAT32, 0, width) : Tensor.of(rows);
    }

    @Override
    TensorDataset toDataset(Tensor targets) {
      return TensorDataset.ofRows(rows, width, targets);
    }
  }

  static final class Doubles extends FeatureRows {
    private final double[][] rows;

    Doubles(double[][] rows, int width) {
      super(width);
      this.rows = rows;
    }

    @Override
    void set(int row, int col, double value) {
      rows[row][col] = value;
    }

    @Override
    Tensor toTensor() {
      double[] flat = new double[rows.length * width];
      for (int i = 0; i < rows.length; i++) {
        System.arraycopy(rows[i], 0, flat, i * width, width);
      }
      return Tensor.of(flat, new int[] {rows.length, width}, DType.FLOAT64);
    }

    @Override
    TensorDataset toDataset(Tensor targets) {
      return TensorDataset.ofRows(rows, width, targets);
    }
  }
}
