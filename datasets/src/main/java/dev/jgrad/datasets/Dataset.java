package dev.jgrad.datasets;

/**
 * A map-style dataset, PyTorch's {@code torch.utils.data.Dataset}: a fixed number of samples, each reachable by
 * its index.
 *
 * <pre>{@code
 * Dataset<String> words = new Dataset<>() {
 *   public int size() { return 2; }
 *   public String get(int i) { return i == 0 ? "cat" : "dog"; }
 * };
 * }</pre>
 *
 * @param <T> the type of one sample
 */
public interface Dataset<T> {
  /** The number of samples ({@code len(dataset)}). */
  int size();

  /**
   * The sample at {@code index}.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
   */
  T get(int index);
}
