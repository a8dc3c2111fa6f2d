package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;

/**
 * A batch of variable-length sequences, PyTorch's {@code nn.utils.rnn.PackedSequence}: {@code data} holds the rows of
 * time step 0 of every sequence, then those of step 1 of the sequences still running, and so on; {@code batchSizes}
 * (int64, [T]) counts the rows of each step. The sequences are stored longest first; {@code sortedIndices} maps that
 * order to the original batch ({@code sorted[i]} is the original index of stored sequence i) and
 * {@code unsortedIndices} is its inverse; both are null when the batch was already sorted. Made by
 * {@link RnnUtils#packPaddedSequence} and accepted by {@link LSTM}, {@link GRU} and {@link RNN}.
 */
public record PackedSequence(Tensor data, Tensor batchSizes, Tensor sortedIndices, Tensor unsortedIndices) {

  /**
   * @throws IllegalArgumentException if the batch sizes do not add up to the rows of {@code data}, or only one of the
   *     index tensors is given
   */
  public PackedSequence {
    checkArgument(batchSizes.dim() == 1 && batchSizes.dtype() == DType.INT64,
        "PackedSequence: batch_sizes must be a 1-D int64 tensor, got %s of shape %s", batchSizes.dtype(),
        java.util.Arrays.toString(batchSizes.shape()));
    checkArgument((sortedIndices == null) == (unsortedIndices == null),
        "PackedSequence: give both sorted_indices and unsorted_indices, or neither");
    long n = 0;
    for (float b : batchSizes.toArray()) {
      n += (long) b;
    }
    checkArgument(data.dim() >= 1 && data.size(0) == n,
        "PackedSequence: the batch sizes add up to %s rows but data has shape %s", n,
        java.util.Arrays.toString(data.shape()));
  }

  /** The batch sizes as ints. */
  public int[] batchSizesArray() {
    float[] b = batchSizes.toArray();
    int[] out = new int[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = (int) b[i];
    }
    return out;
  }

  /** The same packing with other data (e.g. a layer's output), as PyTorch's layers return. */
  public PackedSequence withData(Tensor newData) {
    return new PackedSequence(newData, batchSizes, sortedIndices, unsortedIndices);
  }
}
