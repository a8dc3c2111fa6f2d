package dev.jgrad.datasets;

import java.util.Iterator;

/**
 * An iterable-style dataset, PyTorch's {@code torch.utils.data.IterableDataset}: samples come as a stream, one pass
 * per {@link #iterator()}, with no index to reach a sample by. It is what data too large for memory is read as
 * (rows of a database query, see {@link JdbcDataset}); a {@link DataLoader} batches it in stream order (it cannot
 * shuffle a stream, as PyTorch's cannot).
 *
 * <pre>{@code
 * DataLoader loader = DataLoader.builder(stream, Collate.stack()).batchSize(32).build();
 * }</pre>
 *
 * @param <T> the type of one sample
 */
public interface IterableDataset<T> extends Iterable<T> {
  /** A new pass over the samples, from the first. */
  @Override
  Iterator<T> iterator();

  /**
   * The number of samples a pass yields, as far as it is known before the pass (PyTorch's optional {@code __len__}):
   * what {@link DataLoader#numBatches()} counts from, for progress. A pass itself runs until its iterator ends.
   */
  int size();
}
