package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KLDivLossTest {
  private static final Golden G = Golden.of("more_losses.txt");

  @ParameterizedTest
  @EnumSource(Reduction.class)
  void valuesGradientsAndGradFnMatchTorch(Reduction r) {
    G.checkCase("kl_" + r.torchName(), in -> new KLDivLoss(r).forward(in[0], in[1]));
    G.checkCase("kl_log_target_" + r.torchName(), in -> Functional.klDiv(in[0], in[1], r, true));
  }

  @Test
  void zeroTargetsAndBroadcastBatchMean() {
    // xlogy(0, 0) = 0 in the value; the target's gradient there is NaN in PyTorch too
    G.checkCase("kl_zero_target", in -> Functional.klDiv(in[0], in[1], Reduction.SUM, false));
    // batchmean divides by the input's first dim
    G.checkCase("kl_broadcast_batchmean", in -> new KLDivLoss(Reduction.BATCHMEAN).forward(in[0], in[1]));
  }

  /** PyTorch's warning for MEAN, a log record on every call; BATCHMEAN and SUM are silent. */
  @Test
  void meanLogsPyTorchsWarning() {
    List<String> warnings = new ArrayList<>();
    Handler h = new Handler() {
      @Override
      public void publish(LogRecord rec) {
        warnings.add(rec.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Losses.LOG.addHandler(h);
    try {
      Tensor x = Tensor.zeros(2, 3);
      Tensor y = Tensor.full(new int[] {2, 3}, 1f / 3);
      Functional.klDiv(x, y, Reduction.BATCHMEAN, false);
      Functional.klDiv(x, y, Reduction.SUM, false);
      assertEquals(0, warnings.size());
      Functional.klDiv(x, y);
      new KLDivLoss().forward(x, y);
      assertEquals(2, warnings.size());
      assertContains(warnings.get(0), "klDiv", "reduction: 'mean' divides the total loss by both the batch size and "
          + "the support size", "'batchmean' divides only by the batch size");
    } finally {
      Losses.LOG.removeHandler(h);
    }
  }

  @Test
  void gradcheck() {
    Tensor x = Tensor.randn(3, 4).logSoftmax(1).detach().requiresGrad_(true);
    Tensor y = Tensor.rand(3, 4).add(0.1).requiresGrad_(true);
    GradCheck.check(in -> Functional.klDiv(in.get(0), in.get(1), Reduction.BATCHMEAN, false), x, y);
    GradCheck.check(in -> Functional.klDiv(in.get(0), in.get(1), Reduction.NONE, true), x, y);
  }

  @Test
  void optionsMessagesAndRepr() {
    assertEquals("KLDivLoss()", new KLDivLoss(Reduction.BATCHMEAN, true).toString());
    assertEquals(true, new KLDivLoss(Reduction.SUM, true).logTarget());
    assertEquals(Reduction.MEAN, new KLDivLoss().reduction());
    Tensor x = Tensor.zeros(2, 3);
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.klDiv(x, Tensor.zeros(2, 3).to(DType.INT64))).getMessage(),
        "klDiv", "Integral inputs not supported", "int64");
    assertContains(assertThrows(IllegalArgumentException.class,
        () -> Functional.klDiv(x, Tensor.zeros(2, 4))).getMessage(), "must match the size of tensor");
  }

  @Test
  void batchMeanIsRefusedByOtherLosses() {
    Tensor x = Tensor.zeros(2, 3);
    for (Runnable call : new Runnable[] {
        () -> new MSELoss(Reduction.BATCHMEAN).forward(x, x),
        () -> Functional.crossEntropy(x, Tensor.ofLongs(0, 1), null, -100, Reduction.BATCHMEAN, 0),
        () -> Functional.nllLoss(x, Tensor.ofLongs(0, 1), null, -100, Reduction.BATCHMEAN),
        () -> Functional.poissonNllLoss(x, x, true, false, 1e-8, Reduction.BATCHMEAN),
        () -> Functional.softMarginLoss(x, x, Reduction.BATCHMEAN)}) {
      assertContains(assertThrows(IllegalArgumentException.class, call::run).getMessage(),
          "batchmean is not a valid value for reduction");
    }
  }

  @Test
  void reprIsPyTorchs() {
    assertEquals(G.string("repr.KLDivLoss"), new KLDivLoss(Reduction.BATCHMEAN, true).toString());
  }
}
