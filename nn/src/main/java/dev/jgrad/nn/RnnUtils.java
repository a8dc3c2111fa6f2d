package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * PyTorch's {@code nn.utils.rnn}: packing a padded batch of variable-length sequences into a {@link PackedSequence},
 * unpacking it, and padding a list of sequences. Every result is computed with differentiable index selections, so
 * gradients flow back to the padded input or the sequences.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(5, 3, 2);                                      // [T, B, features]
 * PackedSequence p = RnnUtils.packPaddedSequence(x, new int[] {2, 5, 3}, false, false);
 * LSTM.PackedOutput out = lstm.forward(p);
 * RnnUtils.Padded y = RnnUtils.padPackedSequence(out.output(), false, 0, null);   // y.padded() [5, 3, hidden]
 * }</pre>
 */
public final class RnnUtils {
  private RnnUtils() {}

  /** A padded batch and the length of each of its sequences (int64, in the batch's order). */
  public record Padded(Tensor padded, Tensor lengths) {}

  /**
   * Packs {@code input} ({@code [T, B, *]}, or {@code [B, T, *]} with batchFirst) holding sequences of the given
   * lengths. With {@code enforceSorted} the lengths must be non-increasing; otherwise the batch is sorted by length
   * (longest first, ties in batch order) and the permutation kept in the result.
   *
   * @throws IllegalArgumentException for lengths that are not positive, not sorted when required, longer than the
   *     input, or not one per sequence, with PyTorch's messages
   */
  public static PackedSequence packPaddedSequence(Tensor input, int[] lengths, boolean batchFirst,
                                                  boolean enforceSorted) {
    checkArgument(input.dim() >= 2 && input.numel() > 0, "packPaddedSequence: Cannot pack empty tensors, got input of "
        + "shape %s", Arrays.toString(input.shape()));
    Tensor x = batchFirst ? input.transpose(0, 1) : input;
    int steps = x.size(0);
    int batch = x.size(1);
    checkArgument(lengths.length == batch, "packPaddedSequence: Expected `len(lengths)` to be equal to batch_size, "
        + "but got %s (batch_size=%s)", lengths.length, batch);
    Integer[] order = IntStream.range(0, batch).boxed().toArray(Integer[]::new);
    Tensor sorted = null;
    Tensor unsorted = null;
    if (!enforceSorted) {
      Arrays.sort(order, Comparator.comparingInt((Integer b) -> lengths[b]).reversed());   // stable
      long[] s = new long[batch];
      long[] u = new long[batch];
      for (int i = 0; i < batch; i++) {
        s[i] = order[i];
        u[order[i]] = i;
      }
      sorted = Tensor.ofLongs(s);
      unsorted = Tensor.ofLongs(u);
    }
    int[] len = new int[batch];
    for (int i = 0; i < batch; i++) {
      len[i] = lengths[order[i]];
    }
    checkArgument(len[batch - 1] > 0, "packPaddedSequence: Length of all samples has to be greater than 0, but found "
        + "an element in 'lengths' that is <= 0 (lengths %s)", Arrays.toString(lengths));
    for (int i = 1; i < batch; i++) {
      checkArgument(len[i] <= len[i - 1], "packPaddedSequence: `lengths` array must be sorted in decreasing order "
          + "when `enforce_sorted` is True. You can pass `enforce_sorted=False` to pack_padded_sequence and/or "
          + "pack_sequence to sidestep this requirement if you do not need ONNX exportability (lengths %s)",
          Arrays.toString(lengths));
    }
    checkArgument(len[0] <= steps, "packPaddedSequence: a length of %s is longer than the padded input's %s steps",
        len[0], steps);
    int[] batchSizes = new int[len[0]];
    List<Long> rows = new ArrayList<>();
    for (int t = 0; t < len[0]; t++) {
      for (int i = 0; i < batch && len[i] > t; i++) {
        batchSizes[t]++;
        rows.add((long) t * batch + order[i]);
      }
    }
    int[] shape = x.shape();
    int features = shape.length == 2 ? 1 : x.numel() / (steps * batch);
    Tensor data = x.reshape(steps * batch, features).indexSelect(0, Tensor.ofLongs(toLongs(rows)));
    int[] dataShape = shape.length == 2 ? new int[] {rows.size()} : withFirst(rows.size(), shape, 2);
    return new PackedSequence(data.view(dataShape), Tensor.ofLongs(toLongs(batchSizes)), sorted, unsorted);
  }

  /**
   * Unpacks {@code sequence} to a padded batch in the original order: {@code [T, B, *]} (or {@code [B, T, *]} with
   * batchFirst), T the longest length or {@code totalLength} when given, padded with {@code paddingValue}.
   *
   * @throws IllegalArgumentException if {@code totalLength} is shorter than the longest sequence
   */
  public static Padded padPackedSequence(PackedSequence sequence, boolean batchFirst, double paddingValue,
                                         Integer totalLength) {
    int[] bs = sequence.batchSizesArray();
    int steps = bs.length;
    if (totalLength != null) {
      checkArgument(totalLength >= steps, "padPackedSequence: Expected total_length to be at least the length of "
          + "the longest sequence in input, but got total_length=%s and max sequence length being %s",
          totalLength, steps);
      steps = totalLength;
    }
    int batch = bs[0];
    float[] unsorted = sequence.unsortedIndices() == null ? null : sequence.unsortedIndices().toArray();
    Tensor data = sequence.data();
    int n = data.size(0);
    int[] shape = data.shape();
    int features = data.numel() / Math.max(n, 1);
    // Row r of the result (t, b) reads packed row start[t] + sortedPosition(b), or the padding row n.
    long[] index = new long[steps * batch];
    Arrays.fill(index, n);
    int[] lengths = new int[batch];
    for (int b : bs) {
      for (int i = 0; i < b; i++) {
        lengths[i]++;
      }
    }
    int start = 0;
    for (int t = 0; t < bs.length; t++) {
      for (int b = 0; b < batch; b++) {
        int pos = unsorted == null ? b : (int) unsorted[b];
        if (pos < bs[t]) {
          index[t * batch + b] = start + pos;
        }
      }
      start += bs[t];
    }
    Tensor pad = Tensor.full(new int[] {1, features}, (float) paddingValue);
    Tensor rows = Tensor.cat(List.of(data.reshape(n, features), pad), 0).indexSelect(0, Tensor.ofLongs(index));
    int[] outShape = new int[shape.length + 1];
    outShape[0] = steps;
    outShape[1] = batch;
    System.arraycopy(shape, 1, outShape, 2, shape.length - 1);
    Tensor padded = rows.view(outShape);
    long[] lens = new long[batch];
    for (int b = 0; b < batch; b++) {
      lens[b] = lengths[unsorted == null ? b : (int) unsorted[b]];
    }
    return new Padded(batchFirst ? padded.transpose(0, 1) : padded, Tensor.ofLongs(lens));
  }

  /**
   * Stacks sequences {@code [L_i, *]} into {@code [max L, B, *]} (or {@code [B, max L, *]} with batchFirst), padding
   * the shorter ones with {@code paddingValue}.
   *
   * @throws IllegalArgumentException for an empty list or sequences whose trailing shapes differ
   */
  public static Tensor padSequence(List<Tensor> sequences, boolean batchFirst, double paddingValue) {
    checkArgument(!sequences.isEmpty(), "padSequence: received an empty list of sequences");
    int[] trailing = Arrays.copyOfRange(sequences.get(0).shape(), 1, sequences.get(0).dim());
    int features = 1;
    for (int f : trailing) {
      features *= f;
    }
    int maxLen = 0;
    List<Tensor> flat = new ArrayList<>();
    int[] starts = new int[sequences.size()];
    int total = 0;
    for (int b = 0; b < sequences.size(); b++) {
      Tensor s = sequences.get(b);
      checkArgument(s.dim() >= 1 && Arrays.equals(Arrays.copyOfRange(s.shape(), 1, s.dim()), trailing),
          "padSequence: sequence %s has shape %s, expected [*, %s]", b, Arrays.toString(s.shape()),
          Arrays.toString(trailing).replaceAll("[\\[\\]]", ""));
      starts[b] = total;
      total += s.size(0);
      maxLen = Math.max(maxLen, s.size(0));
      flat.add(s.reshape(s.size(0), features));
    }
    flat.add(Tensor.full(new int[] {1, features}, (float) paddingValue));
    int batch = sequences.size();
    long[] index = new long[maxLen * batch];
    for (int t = 0; t < maxLen; t++) {
      for (int b = 0; b < batch; b++) {
        index[t * batch + b] = t < sequences.get(b).size(0) ? starts[b] + t : total;
      }
    }
    int[] outShape = new int[2 + trailing.length];
    outShape[0] = maxLen;
    outShape[1] = batch;
    System.arraycopy(trailing, 0, outShape, 2, trailing.length);
    Tensor padded = Tensor.cat(flat, 0).indexSelect(0, Tensor.ofLongs(index)).view(outShape);
    return batchFirst ? padded.transpose(0, 1) : padded;
  }

  private static int[] withFirst(int first, int[] shape, int from) {
    int[] out = new int[1 + shape.length - from];
    out[0] = first;
    System.arraycopy(shape, from, out, 1, shape.length - from);
    return out;
  }

  private static long[] toLongs(List<Long> v) {
    return v.stream().mapToLong(Long::longValue).toArray();
  }

  private static long[] toLongs(int[] v) {
    return Arrays.stream(v).asLongStream().toArray();
  }
}
