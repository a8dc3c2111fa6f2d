package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorDatasetTest {
  /** Row i of the features is [10 i, 10 i + 1]; target i is i % 3. */
  static TensorDataset sample(int n) {
    float[] x = new float[2 * n];
    long[] y = new long[n];
    for (int i = 0; i < n; i++) {
      x[2 * i] = 10 * i;
      x[2 * i + 1] = 10 * i + 1;
      y[i] = i % 3;
    }
    return new TensorDataset(Tensor.of(x, n, 2), Tensor.ofLongs(y));
  }

  @Test
  void getDropsTheSampleDimLikePyTorch() {
    TensorDataset ds = sample(5);
    Batch b = ds.get(3);
    assertArrayEquals(new int[] {2}, b.features().shape());
    assertArrayEquals(new float[] {30, 31}, b.features().toArray());
    assertArrayEquals(new int[] {}, b.targets().shape());
    assertEquals(DType.INT64, b.targets().dtype());
    assertEquals(0f, b.targets().item());
  }

  @Test
  void batchGathersRowsInTheGivenOrder() {
    TensorDataset ds = sample(6);
    Batch b = ds.batch(4, 0, 5);
    assertArrayEquals(new int[] {3, 2}, b.features().shape());
    assertArrayEquals(new float[] {40, 41, 0, 1, 50, 51}, b.features().toArray());
    assertArrayEquals(new long[] {1, 0, 2}, b.targets().toLongArray());
    assertEquals(DType.INT64, b.targets().dtype());
    assertEquals(3, b.size());
  }

  @Test
  void batchesAreCopiesThatDoNotAliasTheDataset() {
    TensorDataset ds = sample(3);
    Batch b = ds.batch(1);
    b.features().fill_(-1);
    assertArrayEquals(new float[] {10, 11}, ds.batch(1).features().toArray());
    Tensor all = ds.features();
    all.zero_();
    assertArrayEquals(new float[] {20, 21}, ds.get(2).features().toArray());
  }

  @Test
  void laterChangesToTheInputTensorsAreNotSeen() {
    Tensor x = Tensor.of(new float[] {1, 2, 3}, 3, 1);
    TensorDataset ds = new TensorDataset(x, Tensor.of(4f, 5f, 6f));
    x.fill_(0);
    assertArrayEquals(new float[] {1, 2, 3}, ds.features().toArray());
  }

  @Test
  void keepsHigherDimSamplesAndFloatTargets() {
    Tensor x = Tensor.arange(24.0).reshape(3, 2, 4);
    Tensor y = Tensor.of(new float[] {0.5f, 1.5f, 2.5f}, 3, 1);
    TensorDataset ds = new TensorDataset(x, y);
    assertArrayEquals(new int[] {2, 4}, ds.featureShape());
    assertArrayEquals(new int[] {1}, ds.targetShape());
    Batch b = ds.batch(2, 0);
    assertArrayEquals(new int[] {2, 2, 4}, b.features().shape());
    assertEquals(16f, b.features().get(0, 0, 0));
    assertEquals(7f, b.features().get(1, 1, 3));
    assertArrayEquals(new int[] {2, 1}, b.targets().shape());
    assertArrayEquals(new float[] {2.5f, 0.5f}, b.targets().toArray());
    assertEquals(DType.FLOAT32, b.targets().dtype());
  }

  @Test
  void sizeMismatchUsesPyTorchsPhrase() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TensorDataset(Tensor.zeros(150, 4), Tensor.zeros(149)));
    assertTrue(e.getMessage().contains("Size mismatch between tensors"), e.getMessage());
    assertTrue(e.getMessage().contains("[150, 4]") && e.getMessage().contains("[149]"), e.getMessage());
    IllegalArgumentException scalar = assertThrows(IllegalArgumentException.class,
        () -> new TensorDataset(Tensor.scalar(1), Tensor.zeros(1)));
    assertTrue(scalar.getMessage().contains("sample dim 0"), scalar.getMessage());
  }

  @Test
  void indexErrorsNameTheIndexAndSize() {
    TensorDataset ds = sample(4);
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> ds.get(4));
    assertTrue(e.getMessage().contains("index 4") && e.getMessage().contains("size 4"), e.getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> ds.batch(0, -1));
    assertThrows(IndexOutOfBoundsException.class, () -> ds.subset(7));
  }

  @Test
  void subsetAndRandomSplitFollowTorch() {
    TensorDataset ds = sample(10);
    List<TensorDataset> parts = ds.randomSplit(new int[] {7, 3}, 42);
    // torch: random_split(range(10), [7, 3], generator=torch.Generator().manual_seed(42))
    int[][] expected = Golden.groups(Golden.value("random_split", "10", "l:7,3", "42"));
    assertEquals(7, parts.get(0).size());
    assertEquals(3, parts.get(1).size());
    for (int p = 0; p < 2; p++) {
      for (int i = 0; i < expected[p].length; i++) {
        assertEquals(10f * expected[p][i], parts.get(p).get(i).features().get(0));
      }
    }
    List<TensorDataset> byFraction = ds.randomSplit(new double[] {0.7, 0.3}, 42);
    assertArrayEquals(parts.get(1).features().toArray(), byFraction.get(1).features().toArray());
  }

  @Test
  void featuresAndTargetsRoundTrip() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
    TensorDataset ds = new TensorDataset(x, Tensor.ofLongs(1, 0));
    assertArrayEquals(new float[] {1, 2, 3, 4}, ds.features().toArray());
    assertArrayEquals(new int[] {2, 2}, ds.features().shape());
    assertArrayEquals(new long[] {1, 0}, ds.targets().toLongArray());
    assertEquals("TensorDataset(size=2, features [2, 2] torch.float32, targets [2] torch.int64)", ds.toString());
  }

  @Test
  void emptySubsetHasZeroRows() {
    TensorDataset empty = sample(3).subset();
    assertEquals(0, empty.size());
    assertArrayEquals(new int[] {0, 2}, empty.features().shape());
  }
}
