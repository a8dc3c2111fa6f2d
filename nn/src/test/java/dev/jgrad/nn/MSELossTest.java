package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MSELossTest {
  private static final Golden LOSSES = Golden.of("losses.txt");

  @ParameterizedTest
  @EnumSource(value = Reduction.class, names = {"MEAN", "SUM", "NONE"})
  void valuesAndGradientsMatchTorch(Reduction r) {
    LOSSES.checkLoss("mse_" + r.name().toLowerCase(Locale.ROOT), new MSELoss(r)::forward);
  }

  @Test
  void documentedVectorAndDefaults() {
    assertEquals(3.3125f, new MSELoss().forward(Tensor.of(0f, 0.5f, 2f, -3f), Tensor.zeros(4)).item());
    assertEquals(Reduction.MEAN, new MSELoss().reduction());
    assertEquals("MSELoss()", new MSELoss().toString());
    assertEquals(Golden.of("repr.txt").string("repr.mse"), new MSELoss().toString());
  }

  /** PyTorch warns and broadcasts: [4, 1] against [4] is a mean over [4, 4], with the gradient of that. */
  @Test
  void targetShapeMismatchWarnsAndBroadcastsAsPyTorchDoes() {
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
      Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 4, 1).requiresGrad_(true);
      Tensor y = Tensor.of(0f, 1f, 2.5f, 3f);
      Tensor loss = new MSELoss().forward(x, y);
      double want = 0;
      double[] grad = new double[4];
      for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) {
          double d = (i + 1) - y.get(j);
          want += d * d / 16;
          grad[i] += 2 * d / 16;
        }
      }
      assertEquals(want, loss.item(), 1e-6);
      loss.backward();
      for (int i = 0; i < 4; i++) {
        assertEquals(grad[i], x.grad().get(i, 0), 1e-6);
      }
      assertEquals(1, warnings.size());
      assertContains(warnings.get(0), "mseLoss:", "target size [4]", "input size [4, 1]",
          "likely lead to incorrect results due to broadcasting", "same size");
      // Shapes that do not broadcast fail with the broadcasting error, after the warning, as in PyTorch.
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new MSELoss().forward(Tensor.zeros(3), Tensor.zeros(4)));
      assertContains(e.getMessage(), "must match the size of tensor b (4)");
    } finally {
      Losses.LOG.removeHandler(h);
    }
  }

  @Test
  void nonFloatTargetOrNullReductionFails() {
    IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
        () -> new MSELoss().forward(Tensor.zeros(2), Tensor.ofLongs(1, 0)));
    assertContains(t.getMessage(), "floating point target", "torch.int64");
    assertThrows(IllegalArgumentException.class, () -> new MSELoss(null));
  }
}
