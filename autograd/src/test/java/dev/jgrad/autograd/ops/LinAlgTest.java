package dev.jgrad.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class LinAlgTest {

  private static final Generator GEN = new Generator(41);

  /** Column sums of a [rows, cols] gradient, each column added up row by row in float, as PyTorch's loop does. */
  private static float[] columnSums(float[] g, int rows, int cols) {
    float[] s = new float[cols];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < cols; j++) {
        s[j] += g[r * cols + j];
      }
    }
    return s;
  }

  @Test
  void biasGradientIsTheRowByRowColumnSumForNarrowAndWideLayers() {
    // Below and above LinAlg.BIAS_GRAD_KERNEL_COLS (the vector-add path), and a width with a vector tail.
    for (int out : new int[] {3, LinAlg.BIAS_GRAD_KERNEL_COLS - 1, LinAlg.BIAS_GRAD_KERNEL_COLS, 45, 256}) {
      Tensor x = Tensor.randn(GEN, 9, 5);
      Tensor w = Tensor.randn(GEN, out, 5).requiresGrad_(true);
      Tensor b = Tensor.randn(GEN, out).requiresGrad_(true);
      Tensor upstream = Tensor.randn(GEN, 9, out);
      x.linear(w, b).backward(upstream);
      assertArrayEquals(columnSums(upstream.toArray(), 9, out), b.grad().toArray(), "out=" + out);
    }
  }
}
