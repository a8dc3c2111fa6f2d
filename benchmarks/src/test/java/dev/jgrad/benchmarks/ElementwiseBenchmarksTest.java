package dev.jgrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ElementwiseBenchmarksTest {
  @Test
  void opsComputeWhatTheyAreNamedAfter() {
    ElementwiseBenchmarks b = new ElementwiseBenchmarks();
    b.setup();
    float[] a = b.a.toArray();
    float[] c = b.b.toArray();
    float[] add = b.add().toArray();
    float[] relu = b.relu().toArray();
    float[] exp = b.exp().toArray();
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i];
    }
    for (int i = 0; i < a.length; i += 9973) {
      assertEquals(a[i] + c[i], add[i], 0f);
      assertEquals(Math.max(a[i], 0f), relu[i], 0f);
      assertEquals(Math.exp(a[i]), exp[i], 1e-6 * Math.exp(a[i]));
    }
    assertEquals(sum, b.sum().item(), 1e-2);
    float[] sm = b.softmax().toArray();
    double row = 0;
    for (int j = 0; j < 1000; j++) {
      row += sm[5000 + j];
    }
    assertEquals(1.0, row, 1e-4);
  }
}
