package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CTCLossTest {
  private static final Golden G = Golden.of("more_losses.txt");
  private static final double RTOL = 1e-5;
  private static final double ATOL = 1e-5;

  private static Function<Tensor[], Tensor> ctc(int blank, Reduction r, boolean zeroInfinity) {
    return in -> new CTCLoss(blank, r, zeroInfinity).forward(in[0], in[1], in[2], in[3]);
  }

  @ParameterizedTest
  @EnumSource(value = Reduction.class, names = {"MEAN", "SUM", "NONE"})
  void paddedAndConcatenatedTargetsMatchTorch(Reduction r) {
    // a repeated label (a blank must separate the two), an empty target, a shorter input
    G.checkCase("ctc_padded_" + r.torchName(), ctc(0, r, false), RTOL, ATOL);
    G.checkCase("ctc_concat_" + r.torchName(), ctc(0, r, false), RTOL, ATOL);
  }

  @ParameterizedTest
  @EnumSource(value = Reduction.class, names = {"MEAN", "SUM", "NONE"})
  void impossibleAlignmentsAreInfiniteOrZeroed(Reduction r) {
    G.checkCase("ctc_impossible_inf_" + r.torchName(), ctc(0, r, false), RTOL, ATOL);
    G.checkCase("ctc_impossible_zinf_" + r.torchName(), ctc(0, r, true), RTOL, ATOL);
  }

  @Test
  void blankNotZeroAndUnbatched() {
    G.checkCase("ctc_blank_last", ctc(4, Reduction.NONE, false), RTOL, ATOL);
    G.checkCase("ctc_blank_middle_sum", ctc(2, Reduction.SUM, false), RTOL, ATOL);
    G.checkCase("ctc_unbatched", ctc(0, Reduction.NONE, false), RTOL, ATOL);
    G.checkCase("ctc_unbatched_mean", in -> Functional.ctcLoss(in[0], in[1], new int[] {6}, new int[] {2}), RTOL,
        ATOL);
  }

  @Test
  void gradcheck() {
    // The gradient assumes log-probabilities from a log-softmax, so check through one.
    Tensor logits = Tensor.randn(4, 2, 3).requiresGrad_(true);
    Tensor targets = Tensor.ofLongs(1, 1, 2, 0).view(2, 2);
    GradCheck.check(in -> Functional.ctcLoss(in.get(0).logSoftmax(2), targets, new int[] {4, 3}, new int[] {2, 1}, 0,
        Reduction.MEAN, false), logits);
  }

  @Test
  void messagesAndRepr() {
    Tensor lp = Tensor.randn(6, 2, 5).logSoftmax(2);
    Tensor t = Tensor.ofLongs(1, 2, 1, 1).view(2, 2);
    int[] six = {6, 6};
    int[] two = {2, 2};
    assertContains(message(() -> Functional.ctcLoss(lp, t, six, two, 5, Reduction.MEAN, false)),
        "blank must be in label range");
    assertContains(message(() -> Functional.ctcLoss(lp, t, new int[] {6}, two)),
        "input_lengths must be of size batch_size");
    assertContains(message(() -> Functional.ctcLoss(lp, t, six, new int[] {2})),
        "target_lengths must be of size batch_size");
    assertContains(message(() -> Functional.ctcLoss(lp, t, new int[] {7, 6}, two)),
        "Expected input_lengths to have value at most 6, but got value 7");
    assertContains(message(() -> Functional.ctcLoss(lp, t, six, new int[] {3, 2})),
        "Expected tensor to have size at least 3 at dimension 1, but got size 2 for argument #2 'targets'");
    assertContains(message(() -> Functional.ctcLoss(lp, Tensor.ofLongs(1, 2, 1), six, two)),
        "Expected tensor to have size 4 at dimension 0, but got size 3 for argument #2 'targets'");
    assertContains(message(() -> Functional.ctcLoss(lp, Tensor.zeros(2, 2, 2), six, two)),
        "Expected 1 to 2 dimensions, but got 3-dimensional tensor for argument #2 'targets'");
    assertContains(message(() -> Functional.ctcLoss(lp, t, Tensor.of(6f, 6f), Tensor.ofLongs(2, 2), 0,
        Reduction.MEAN, false)), "input_lengths must be integral");
    assertContains(message(() -> Functional.ctcLoss(lp, Tensor.ofLongs(1, 7, 1, 1).view(2, 2), six, two)),
        "target label 7 of sample 0 is out of range");
    assertContains(message(() -> Functional.ctcLoss(lp, t, six, new int[] {-1, 2})), "non-negative");
    assertContains(message(() -> Functional.ctcLoss(Tensor.zeros(6, 2, 5, 1), t, six, two)),
        "Expected 3-dimensional tensor, but got 4-dimensional tensor for argument #1 'log_probs'", "[6, 2, 5, 1]");
    assertContains(message(() -> Functional.ctcLoss(lp, Tensor.ofLongs(1, 2, 1, 1, 1, 1).view(3, 2), six, two)),
        "Expected tensor to have size 2 at dimension 0, but got size 3 for argument #2 'targets'");
    assertContains(message(() -> Functional.ctcLoss(lp, Tensor.ofLongs(0, 2, 1, 1).view(2, 2), six, two)),
        "target label 0 of sample 0 is out of range", "not the blank (0)");
    CTCLoss l = new CTCLoss(3);
    assertEquals("CTCLoss()", l.toString());
    assertEquals(3, l.blank());
    assertEquals(Reduction.MEAN, l.reduction());
    assertEquals(false, l.zeroInfinity());
  }

  private static String message(Runnable call) {
    return assertThrows(IllegalArgumentException.class, call::run).getMessage();
  }

  @Test
  void reprIsPyTorchs() {
    assertEquals(G.string("repr.CTCLoss"), new CTCLoss(3, Reduction.SUM, true).toString());
  }
}
