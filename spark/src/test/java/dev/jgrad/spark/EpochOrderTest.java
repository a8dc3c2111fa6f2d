package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.Batch;
import dev.jgrad.datasets.DataLoader;
import dev.jgrad.datasets.TensorDataset;
import org.junit.jupiter.api.Test;

class EpochOrderTest {
  /** Row i of the dataset holds the value i, so a batch's features name its rows. */
  private static int[] loaderEpoch(DataLoader loader, int rows) {
    int[] position = new int[rows];
    java.util.Arrays.fill(position, -1);
    int next = 0;
    for (Batch b : loader) {
      for (float v : b.features().toArray()) {
        position[(int) v] = next++;
      }
    }
    return position;
  }

  @Test
  void epochsFollowTheDataLoadersDrawsAndResumeFromTheSavedState() {
    int rows = 23;
    float[] values = new float[rows];
    for (int i = 0; i < rows; i++) {
      values[i] = i;
    }
    TensorDataset ds = new TensorDataset(Tensor.of(values, rows, 1), Tensor.of(values, rows));
    for (boolean dropLast : new boolean[] {false, true}) {
      DataLoader loader = DataLoader.builder(ds).batchSize(5).shuffle(true).seed(17).dropLast(dropLast).build();
      EpochOrder order = new EpochOrder(rows, 5, true, 17, dropLast);
      assertEquals(loader.numBatches(), order.batches());
      assertArrayEquals(loaderEpoch(loader, rows), order.nextEpochPositions());
      byte[] second = order.state();
      int[] expected = loaderEpoch(loader, rows);
      assertArrayEquals(expected, order.nextEpochPositions(), "dropLast=" + dropLast);
      order.restore(second);
      assertArrayEquals(expected, order.nextEpochPositions());
    }
  }
}
