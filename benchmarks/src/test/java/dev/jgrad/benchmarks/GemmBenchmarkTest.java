package dev.jgrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GemmBenchmarkTest {
  @Test
  void sgemmIsTheMatrixProduct() {
    GemmBenchmark b = new GemmBenchmark();
    b.n = 33;
    b.setup();
    float[] a = b.a.toArray();
    float[] m = b.b.toArray();
    float[] c = b.sgemm().toArray();
    for (int i = 0; i < 33; i += 8) {
      for (int j = 0; j < 33; j += 5) {
        double s = 0;
        for (int k = 0; k < 33; k++) {
          s += (double) a[i * 33 + k] * m[k * 33 + j];
        }
        assertEquals(s, c[i * 33 + j], 1e-4, "c[" + i + ", " + j + "]");
      }
    }
  }
}
