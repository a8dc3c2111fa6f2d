package dev.jgrad.datasets;

import java.util.Objects;

/**
 * The samples of another dataset at given indices, in that order, PyTorch's {@code Subset}. Nothing is copied:
 * {@code get(i)} is {@code dataset.get(indices[i])}.
 *
 * <pre>{@code
 * Subset<String> s = new Subset<>(words, new int[] {2, 0});   // s.get(0) == words.get(2)
 * }</pre>
 *
 * @param <T> the sample type
 */
public final class Subset<T> implements Dataset<T> {
  private final Dataset<T> dataset;
  private final int[] indices;

  /**
   * @throws IndexOutOfBoundsException if an index is not in {@code [0, dataset.size())}
   */
  public Subset(Dataset<T> dataset, int[] indices) {
    this.dataset = Objects.requireNonNull(dataset, "Subset: dataset must not be null");
    this.indices = indices.clone();
    int n = dataset.size();
    for (int i = 0; i < this.indices.length; i++) {
      if (this.indices[i] < 0 || this.indices[i] >= n) {
        throw new IndexOutOfBoundsException("Subset: index " + this.indices[i] + " at position " + i
            + " is out of bounds for a dataset of size " + n);
      }
    }
  }

  @Override
  public int size() {
    return indices.length;
  }

  @Override
  public T get(int index) {
    if (index < 0 || index >= indices.length) {
      throw new IndexOutOfBoundsException(
          "Subset.get: index " + index + " is out of bounds for a subset of size " + indices.length);
    }
    return dataset.get(indices[index]);
  }

  /** The underlying dataset. */
  public Dataset<T> dataset() {
    return dataset;
  }

  /** The indices into {@link #dataset()} (a copy). */
  public int[] indices() {
    return indices.clone();
  }
}
