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
    float[] mul = b.mul().toArray();
    float[] div = b.div().toArray();
    float[] mulScalar = b.mulScalar().toArray();
    float[] log = b.log().toArray();
    float[] tanh = b.tanh().toArray();
    float[] sigmoid = b.sigmoid().toArray();
    float[] gelu = b.gelu().toArray();
    float[] add1k = b.add1k().toArray();
    float[] exp1k = b.exp1k().toArray();
    float[] a1k = b.a1k.toArray();
    float[] b1k = b.b1k.toArray();
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i];
    }
    for (int i = 0; i < a.length; i += 9973) {
      assertEquals(a[i] + c[i], add[i], 0f);
      assertEquals(Math.max(a[i], 0f), relu[i], 0f);
      assertEquals(Math.exp(a[i]), exp[i], 1e-6 * Math.exp(a[i]));
      assertEquals(a[i] * c[i], mul[i], 0f);
      assertEquals(a[i] / c[i], div[i], 0f);
      assertEquals(a[i] * 0.5f, mulScalar[i], 0f);
      double p = Math.abs(a[i]) + 0.01;
      assertEquals(Math.log(p), log[i], 1e-6 * (1 + Math.abs(Math.log(p))));
      assertEquals(Math.tanh(a[i]), tanh[i], 1e-6);
      assertEquals(1 / (1 + Math.exp(-a[i])), sigmoid[i], 1e-6);
      // gelu(x) = x * Phi(x); Phi by the Zelen-Severo series would be too coarse, so check the identity
      // gelu(x) - gelu(-x) = x, which holds exactly for the true function, and the sign of the result.
      float neg = -a[i];
      float geluNeg = dev.jgrad.autograd.Tensor.of(neg).gelu().item();
      assertEquals(a[i], gelu[i] - geluNeg, 1e-6 * (1 + Math.abs(a[i])));
      assertEquals(a[i] >= 0, gelu[i] >= 0, "gelu sign at " + a[i]);
    }
    for (int i = 0; i < a1k.length; i += 97) {
      assertEquals(a1k[i] + b1k[i], add1k[i], 0f);
      assertEquals(Math.exp(a1k[i]), exp1k[i], 1e-6 * Math.exp(a1k[i]));
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
