package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** SGD on auto-mpg arrives at the closed-form least-squares weights. */
class LinearRegressionTest {
  @Test
  void sgdApproachesLeastSquares() {
    Output out = new Output();
    LinearRegression.Result r = LinearRegression.run(out.stream, 60);
    assertEquals(8, r.features().size());
    assertTrue(!r.features().contains("origin=USA"), "the baseline column is left out");
    assertTrue(r.maxWeightDifference() < 0.05, "weights approach least squares: " + r.maxWeightDifference());
    assertTrue(r.olsTrainMse() <= r.sgdTrainMse() + 1e-6, "least squares is the minimum");
    assertTrue(r.sgdTrainMse() < r.olsTrainMse() * 1.002, "SGD gets within 0.2% of it: " + r.sgdTrainMse());
    assertTrue(r.history().last("train_loss") < 12, "the loss falls below 12 mpg^2");
    assertTrue(r.history().column("train_loss")[0] > 100, "from far above");
    assertTrue(Math.abs(r.sgdTestRmse() - r.olsTestRmse()) < 0.05);
    assertTrue(out.text().contains("least squares"), out.text());
  }
}
