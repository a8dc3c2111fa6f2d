package dev.jgrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.DType;
import org.junit.jupiter.api.Test;

class DgemmBenchmarkTest {
  @Test
  void dgemmIsTheFloat64MatrixProduct() {
    DgemmBenchmark b = new DgemmBenchmark();
    b.n = 33;
    b.setup();
    double[] a = b.a.toDoubleArray();
    double[] m = b.b.toDoubleArray();
    var product = b.dgemm();
    assertEquals(DType.FLOAT64, product.dtype());
    double[] c = product.toDoubleArray();
    for (int i = 0; i < 33; i += 8) {
      for (int j = 0; j < 33; j += 5) {
        double s = 0;
        for (int k = 0; k < 33; k++) {
          s += a[i * 33 + k] * m[k * 33 + j];
        }
        assertEquals(s, c[i * 33 + j], 1e-12, "c[" + i + ", " + j + "]");
      }
    }
  }
}
