package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertClose;
import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchNorm1dTest {
  private static final Golden LAYERS = Golden.of("layers.txt");
  private static final Golden REPR = Golden.of("repr.txt");

  private static void checkRunningStatsAndEval(String name, BatchNorm1d bn) {
    assertClose(name + ".running_mean", LAYERS.tensor(name + ".running_mean"), bn.runningMean(), 1e-6, 1e-7);
    assertClose(name + ".running_var", LAYERS.tensor(name + ".running_var"), bn.runningVar(), 1e-6, 1e-7);
    assertEquals(DType.INT64, bn.numBatchesTracked().dtype());
    assertEquals(LAYERS.tensor(name + ".num_batches_tracked").item(), bn.numBatchesTracked().item());
    bn.eval();
    assertClose(name + ".eval_y", LAYERS.tensor(name + ".eval_y"), bn.forward(LAYERS.tensor(name + ".x")), 1e-5,
        1e-5);
  }

  @Test
  void trainingUsesBatchStatsAndUpdatesRunningStatsUnbiased() {
    BatchNorm1d bn = new BatchNorm1d(3);
    LAYERS.checkLayer("batch_norm", bn, 1e-5, 1e-5, "weight", "bias");
    checkRunningStatsAndEval("batch_norm", bn);
    BatchNorm1d bn3 = new BatchNorm1d(3, 1e-5, 0.3, true, true);
    LAYERS.checkLayer("batch_norm_3d", bn3, 1e-5, 1e-5, "weight", "bias");
    checkRunningStatsAndEval("batch_norm_3d", bn3);
  }

  @Test
  void nullMomentumIsACumulativeAverage() {
    BatchNorm1d bn = new BatchNorm1d(2, 1e-5, null, false, true);
    bn.forward(LAYERS.tensor("batch_norm_cma.a"));
    bn.forward(LAYERS.tensor("batch_norm_cma.b"));
    assertClose("cma mean", LAYERS.tensor("batch_norm_cma.running_mean"), bn.runningMean(), 1e-6, 1e-7);
    assertClose("cma var", LAYERS.tensor("batch_norm_cma.running_var"), bn.runningVar(), 1e-6, 1e-7);
  }

  @Test
  void initialStateAndBuffers() {
    BatchNorm1d bn = new BatchNorm1d(3);
    assertArrayEquals(new float[] {1, 1, 1}, bn.weight().toArray());
    assertArrayEquals(new float[3], bn.bias().toArray());
    assertArrayEquals(new float[3], bn.runningMean().toArray());
    assertArrayEquals(new float[] {1, 1, 1}, bn.runningVar().toArray());
    assertEquals(0, bn.numBatchesTracked().dim());
    assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"),
        List.copyOf(bn.stateDict().keySet()));
    BatchNorm1d plain = new BatchNorm1d(5, 0.001, null, false, false);
    assertNull(plain.runningMean());
    assertEquals(List.of(), List.copyOf(plain.stateDict().keySet()));
    // Without running statistics, evaluation normalises with the batch statistics too.
    Tensor y = plain.eval().forward(Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 2, 5));
    assertEquals(-1f, y.get(0, 0), 1e-3);
  }

  @Test
  void errorsNameTheShapes() {
    IllegalArgumentException one =
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3).forward(Tensor.zeros(1, 3)));
    assertContains(one.getMessage(), "Expected more than 1 value per channel when training, got input size [1, 3]");
    new BatchNorm1d(3).eval().forward(Tensor.zeros(1, 3)); // fine in evaluation
    IllegalArgumentException channels =
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3).forward(Tensor.zeros(2, 4)));
    assertContains(channels.getMessage(), "running_mean should contain 4 elements not 3", "[2, 4]");
    assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3).forward(Tensor.zeros(2, 3, 4, 4)));
  }

  @Test
  void reprMatchesTorch() {
    assertEquals(REPR.string("repr.batch_norm"), new BatchNorm1d(3).toString());
    assertEquals(REPR.string("repr.batch_norm_opts"), new BatchNorm1d(5, 0.001, null, false, false).toString());
  }
}
