package dev.jgrad.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private static Tensor logits() {
    return Tensor.of(new float[][] {{2, 1, 0}, {0, 3, 1}, {1, 0, 0.5f}, {0, 0, 0}});
  }

  @Test
  void accuracyTakesTheFirstMaximumLikeArgmax() {
    Metric acc = Metrics.accuracy();
    acc.update(logits(), Tensor.ofLongs(0, 1, 2, 0));
    assertEquals(0.75, acc.compute());
    assertEquals("accuracy", acc.name());
  }

  @Test
  void accuracyCountsSamplesNotBatchesForUnequalBatches() {
    Metric acc = Metrics.accuracy();
    acc.update(Tensor.of(new float[][] {{1, 0}}), Tensor.ofLongs(0));                       // 1 of 1
    acc.update(Tensor.of(new float[][] {{1, 0}, {1, 0}, {0, 1}}), Tensor.ofLongs(1, 1, 1)); // 1 of 3
    assertEquals(0.5, acc.compute(), 1e-15); // a mean of batch means would say (1 + 1/3) / 2
  }

  @Test
  void topKCountsTheTargetAmongTheKHighest() {
    Metric top2 = Metrics.topK(2);
    top2.update(logits(), Tensor.ofLongs(1, 2, 2, 2)); // row0: 1 is 2nd; row1: 2 is 2nd; row2: 2 is 2nd; row3: tie
    assertEquals(1.0, top2.compute());
    assertEquals("top2_accuracy", top2.name());
    Metric top1 = Metrics.topK(1);
    top1.update(logits(), Tensor.ofLongs(1, 2, 2, 2));
    assertEquals(0.0, top1.compute());
    assertThrows(IllegalArgumentException.class, () -> Metrics.topK(0));
  }

  @Test
  void binaryAccuracyThresholdsOneOutput() {
    Metric acc = Metrics.binaryAccuracy(0);
    acc.update(Tensor.of(new float[] {-1, 2, 0.5f, -3}, 4, 1), Tensor.of(0, 1, 0, 1));
    assertEquals(0.5, acc.compute());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> acc.update(Tensor.zeros(2, 2), Tensor.zeros(4)));
    assertTrue(e.getMessage().contains("binaryAccuracy: expected output [N] or [N, 1]"), e.getMessage());
  }

  @Test
  void classificationShapesAndIndicesAreChecked() {
    Metric acc = Metrics.accuracy();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> acc.update(Tensor.zeros(4), Tensor.ofLongs(0, 1, 2, 0)));
    assertTrue(e.getMessage().contains("accuracy: expected output [N, C] and target [N]"), e.getMessage());
    assertTrue(e.getMessage().contains("got output [4] and target [4]"), e.getMessage());
    IndexOutOfBoundsException o = assertThrows(IndexOutOfBoundsException.class,
        () -> acc.update(logits(), Tensor.ofLongs(0, 1, 3, 0)));
    assertTrue(o.getMessage().contains("target 3.0 is out of bounds for 3 classes"), o.getMessage());
  }

  @Test
  void mseAndMaeAverageOverEveryElement() {
    Metric mse = Metrics.mse();
    Metric mae = Metrics.mae();
    Tensor out = Tensor.of(new float[] {1, 2, 3}, 3, 1);
    Tensor target = Tensor.of(2, 2, 5);
    mse.update(out, target);
    mae.update(out, target);
    mse.update(Tensor.of(0f), Tensor.of(1f));
    mae.update(Tensor.of(0f), Tensor.of(1f));
    assertEquals((1 + 0 + 4 + 1) / 4.0, mse.compute(), 1e-15);
    assertEquals((1 + 0 + 2 + 1) / 4.0, mae.compute(), 1e-15);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> mse.update(Tensor.zeros(3), Tensor.zeros(2)));
    assertTrue(e.getMessage().contains("mse: output [3] and target [2]"), e.getMessage());
  }

  @Test
  void r2MatchesTheDefinitionAndIsIndependentOfBatching() {
    float[] y = {3, -0.5f, 2, 7, 4.25f};
    float[] p = {2.5f, 0, 2, 8, 4};
    double mean = 0;
    for (float v : y) {
      mean += v / 5.0;
    }
    double ssTot = 0;
    double ssRes = 0;
    for (int i = 0; i < 5; i++) {
      ssTot += (y[i] - mean) * (y[i] - mean);
      ssRes += ((double) y[i] - p[i]) * ((double) y[i] - p[i]);
    }
    Metric whole = Metrics.r2();
    whole.update(Tensor.of(p), Tensor.of(y));
    assertEquals(1 - ssRes / ssTot, whole.compute(), 1e-12);
    Metric split = Metrics.r2();
    split.update(Tensor.of(2.5f, 0f), Tensor.of(3f, -0.5f));
    split.update(Tensor.of(2f), Tensor.of(2f));
    split.update(Tensor.of(8f, 4f), Tensor.of(7f, 4.25f));
    assertEquals(whole.compute(), split.compute(), 1e-12);
  }

  @Test
  void r2AveragesColumnsAndHandlesConstantTargets() {
    Metric r2 = Metrics.r2();
    // column 0 perfect (R² 1), column 1 predicts the mean (R² 0)
    r2.update(Tensor.of(new float[][] {{1, 2}, {2, 2}, {3, 2}}), Tensor.of(new float[][] {{1, 1}, {2, 2}, {3, 3}}));
    assertEquals(0.5, r2.compute(), 1e-12);
    Metric constant = Metrics.r2();
    constant.update(Tensor.of(5f, 5f), Tensor.of(5f, 5f));
    assertEquals(1.0, constant.compute());
    Metric constantWrong = Metrics.r2();
    constantWrong.update(Tensor.of(4f, 5f), Tensor.of(5f, 5f));
    assertEquals(0.0, constantWrong.compute());
  }

  @Test
  void resetFreshAndEmptyCompute() {
    for (Metric m : new Metric[] {Metrics.accuracy(), Metrics.mse(), Metrics.mae(), Metrics.r2(),
        Metrics.binaryAccuracy(0.5), Metrics.topK(3)}) {
      assertTrue(Double.isNaN(m.compute()), m.name());
      Metric f = m.fresh();
      assertEquals(m.name(), f.name());
      assertTrue(f != m);
    }
    Metric mse = Metrics.mse();
    mse.update(Tensor.of(1f), Tensor.of(3f));
    Metric fresh = mse.fresh();
    assertTrue(Double.isNaN(fresh.compute()), "fresh() must not copy updates");
    mse.reset();
    assertTrue(Double.isNaN(mse.compute()));
  }

  @Test
  void metricsNeverTouchGradients() {
    Tensor w = Tensor.ones(4, 3).requiresGrad_(true);
    Tensor out = w.mul(2);
    Metric acc = Metrics.accuracy();
    acc.update(out, Tensor.ofLongs(0, 0, 0, 0));
    assertEquals(1.0, acc.compute());
    assertNull(w.grad());
  }
}
