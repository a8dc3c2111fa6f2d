package dev.jgrad.datasets;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.storage.SizeLimits;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the samples of one batch into a {@link Batch}, PyTorch's {@code collate_fn}. A {@link DataLoader} over a
 * generic {@link Dataset} calls it once per batch with the samples in batch order.
 *
 * <pre>{@code
 * Collate<String> lengths = words -> {
 *   float[] x = new float[words.size()];
 *   long[] y = new long[words.size()];
 *   for (int i = 0; i < x.length; i++) {
 *     x[i] = words.get(i).length();
 *     y[i] = words.get(i).startsWith("a") ? 1 : 0;
 *   }
 *   return new Batch(Tensor.of(x, x.length, 1), Tensor.ofLongs(y));   // [B, 1], [B]
 * };
 * DataLoader loader = DataLoader.builder(wordDataset, lengths).batchSize(32).build();
 * }</pre>
 *
 * @param <T> the sample type
 */
@FunctionalInterface
public interface Collate<T> {
  /**
   * Builds one batch from {@code samples} (never empty).
   *
   * @param samples the samples of the batch, in order
   * @return the batch
   */
  Batch collate(List<T> samples);

  /**
   * PyTorch's {@code default_collate} for samples that are themselves unbatched {@link Batch}es (for example from
   * {@link TensorDataset#get(int)}): stacks the features into {@code [B, F...]} and the targets into
   * {@code [B, ...]}, keeping their dtypes.
   *
   * @return a collate that fails with PyTorch's {@code stack expects each tensor to be equal size} when sample
   *     shapes differ
   */
  static Collate<Batch> stack() {
    return samples -> new Batch(stack(samples, true), stack(samples, false));
  }

  private static Tensor stack(List<Batch> samples, boolean features) {
    Tensor first = features ? samples.get(0).features() : samples.get(0).targets();
    int[] shape = first.shape();
    int row = first.numel();
    boolean doubles = first.dtype() == DType.FLOAT64;      // kept exact as doubles; the rest as floats
    int[] stacked = TensorDataset.prepend(samples.size(), shape);
    Object out = doubles ? SizeLimits.allocateDoubles("Collate.stack", stacked)
        : SizeLimits.allocate("Collate.stack", stacked);
    for (int i = 0; i < samples.size(); i++) {
      Tensor t = features ? samples.get(i).features() : samples.get(i).targets();
      if (!Arrays.equals(t.shape(), shape)) {
        throw new IllegalArgumentException("Collate.stack: stack expects each tensor to be equal size, but got "
            + Arrays.toString(shape) + " at entry 0 and " + Arrays.toString(t.shape()) + " at entry " + i + " (of "
            + (features ? "features" : "targets") + ")");
      }
      if (t.dtype() != first.dtype()) {
        throw new IllegalArgumentException("Collate.stack: expected every sample's " + (features ? "features" : "targets")
            + " to have dtype " + first.dtype().torchName() + ", got " + t.dtype().torchName() + " at entry " + i);
      }
      System.arraycopy(doubles ? t.toDoubleArray() : t.toArray(), 0, out, i * row, row);
    }
    return TensorDataset.tensor(out, stacked, first.dtype());
  }
}
