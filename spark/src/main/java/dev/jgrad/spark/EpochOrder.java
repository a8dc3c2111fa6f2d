package dev.jgrad.spark;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.Batch;
import dev.jgrad.datasets.Collate;
import dev.jgrad.datasets.DataLoader;
import dev.jgrad.datasets.Dataset;
import java.util.List;

/**
 * The driver's source of each epoch's sample order: a {@link DataLoader} over the row indices, built with the same
 * batch size, shuffle, seed and {@code dropLast} as the loader of a single-machine run. Its batches are therefore
 * those of that run, drawn by the loader's own code (PyTorch's {@code RandomSampler} draws), epoch after epoch.
 */
final class EpochOrder {
  private final DataLoader loader;
  private final Indices indices;

  EpochOrder(int rows, int batchSize, boolean shuffle, long seed, boolean dropLast) {
    this.indices = new Indices(rows);
    this.loader = DataLoader.builder(indices, indices).batchSize(batchSize).shuffle(shuffle).seed(seed)
        .dropLast(dropLast).build();
  }

  /** Batches per epoch. */
  int batches() {
    return loader.numBatches();
  }

  /** The state the next epoch's order is drawn from (saved in checkpoints). */
  byte[] state() {
    return loader.generator().getState();
  }

  /** Continues from a saved {@link #state()}. */
  void restore(byte[] state) {
    loader.generator().setState(state);
  }

  /**
   * Draws the next epoch: {@code position[i]} is the place of row i in the epoch's sequence of batches (batch
   * {@code position / batchSize}, place {@code position % batchSize} in it), or -1 for a row the epoch skips
   * ({@code dropLast}).
   */
  int[] nextEpochPositions() {
    int[] position = new int[indices.size()];
    java.util.Arrays.fill(position, -1);
    indices.target = position;
    indices.next = 0;
    for (Batch ignored : loader) {
      // the collate records each batch's indices in order
    }
    indices.target = null;
    return position;
  }

  /** The row indices as a dataset, and the collate that records the order in which the loader hands them out. */
  private static final class Indices implements Dataset<Integer>, Collate<Integer> {
    private static final Batch EMPTY = new Batch(Tensor.zeros(0), Tensor.zeros(0));
    private final int rows;
    private int[] target;
    private int next;

    Indices(int rows) {
      this.rows = rows;
    }

    @Override
    public int size() {
      return rows;
    }

    @Override
    public Integer get(int index) {
      return index;
    }

    @Override
    public Batch collate(List<Integer> samples) {
      for (int index : samples) {
        target[index] = next++;
      }
      return EMPTY;
    }
  }
}
