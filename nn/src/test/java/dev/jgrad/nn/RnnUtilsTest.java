package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertClose;
import static dev.jgrad.nn.Golden.assertContains;
import static dev.jgrad.nn.Golden.assertExact;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class RnnUtilsTest {
  private final Golden fx = Golden.of("rnn_utils.txt");

  @Test
  void packAndPadMatchPyTorch() {
    Tensor x = fx.tensor("pack.x");
    check("tm", RnnUtils.packPaddedSequence(x, new int[] {1, 3, 2, 3}, false, false), false);
    check("bf", RnnUtils.packPaddedSequence(x, new int[] {2, 4, 4}, true, false), true);
  }

  private void check(String name, PackedSequence p, boolean batchFirst) {
    assertExact(name + ".data", fx.tensor("pack." + name + ".data"), p.data());
    assertExact(name + ".batch_sizes", fx.tensor("pack." + name + ".batch_sizes"), p.batchSizes());
    assertExact(name + ".sorted", fx.tensor("pack." + name + ".sorted_indices"), p.sortedIndices());
    assertExact(name + ".unsorted", fx.tensor("pack." + name + ".unsorted_indices"), p.unsortedIndices());
    RnnUtils.Padded padded = RnnUtils.padPackedSequence(p, batchFirst, 7.0, null);
    assertExact(name + ".padded", fx.tensor("pack." + name + ".padded"), padded.padded());
    assertExact(name + ".lengths", fx.tensor("pack." + name + ".lengths"), padded.lengths());
  }

  @Test
  void padSequenceMatchesPyTorch() {
    List<Tensor> seqs = List.of(fx.tensor("padseq.s0"), fx.tensor("padseq.s1"), fx.tensor("padseq.s2"));
    assertExact("tm", fx.tensor("padseq.tm"), RnnUtils.padSequence(seqs, false, -1.0));
    assertExact("bf", fx.tensor("padseq.bf"), RnnUtils.padSequence(seqs, true, 0.0));
  }

  @Test
  void gradientsFlowBackThroughPackingAndPadding() {
    Tensor x = Tensor.randn(3, 2, 2).requiresGrad_(true);
    PackedSequence p = RnnUtils.packPaddedSequence(x, new int[] {2, 3}, false, false);
    RnnUtils.padPackedSequence(p, false, 0, null).padded().sum().backward();
    // The padded step of the first sequence receives no gradient.
    assertClose("grad", Tensor.of(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1}, 3, 2, 2), x.grad(), 0, 0);
  }

  @Test
  void badLengthsFailWithPyTorchsMessages() {
    Tensor x = Tensor.zeros(3, 2, 1);
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> RnnUtils.packPaddedSequence(x, new int[] {2, 3}, false, true)).getMessage(),
        "`lengths` array must be sorted in decreasing order when `enforce_sorted` is True");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> RnnUtils.packPaddedSequence(x, new int[] {3, 0}, false, false)).getMessage(),
        "Length of all samples has to be greater than 0");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> RnnUtils.packPaddedSequence(x, new int[] {3}, false, false)).getMessage(),
        "Expected `len(lengths)` to be equal to batch_size, but got 1 (batch_size=2)");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> RnnUtils.packPaddedSequence(x, new int[] {4, 1}, false, false)).getMessage(), "4", "3 steps");
    PackedSequence p = RnnUtils.packPaddedSequence(x, new int[] {3, 1}, false, true);
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> RnnUtils.padPackedSequence(p, false, 0, 2)).getMessage(),
        "Expected total_length to be at least the length of the longest sequence in input, but got total_length=2 "
            + "and max sequence length being 3");
  }
}
