package dev.jgrad.datasets;

import dev.jgrad.autograd.Tensor;
import java.util.Objects;

/**
 * Features and targets of a batch of samples, what a {@link DataLoader} yields (PyTorch's {@code [x, y]} list).
 *
 * <p>In a batch, dim 0 of both tensors is the sample: features {@code [B, F...]}, targets {@code [B]} (class
 * indices, int64) or {@code [B, 1]} (regression). A single sample from {@link TensorDataset#get(int)} has that
 * dim removed, as {@code dataset[i]} does in PyTorch: features {@code [F...]}, targets {@code []}.
 *
 * <pre>{@code
 * for (Batch b : loader) {
 *   Tensor loss = lossFn.forward(model.forward(b.features()), b.targets());
 * }
 * }</pre>
 *
 * @param features the inputs, sample along dim 0
 * @param targets the labels or regression targets, sample along dim 0
 */
public record Batch(Tensor features, Tensor targets) {
  /** @throws NullPointerException if either tensor is null */
  public Batch {
    Objects.requireNonNull(features, "Batch: features must not be null");
    Objects.requireNonNull(targets, "Batch: targets must not be null");
  }

  /**
   * The number of samples, {@code features().size(0)}.
   *
   * @throws IllegalStateException for a 0-dim features tensor (it holds one unbatched sample)
   */
  public int size() {
    if (features.dim() == 0) {
      throw new IllegalStateException("Batch.size: features is 0-dim (one unbatched sample), it has no batch dim");
    }
    return features.size(0);
  }
}
