package dev.jgrad.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private long now;

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static Map<String, Double> row(double trainLoss, double valLoss) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("train_loss", trainLoss);
    m.put("val_loss", valLoss);
    m.put("lr", 0.1);
    return m;
  }

  /** One epoch of 4 batches of 8 samples, each taking 0.05 s of the fake clock. */
  private void epoch(ProgressBar bar) {
    bar.onTrainBegin(null, new Callback.TrainBegin(1, 3, 4, 1));
    bar.onEpochBegin(null, new Callback.EpochBegin(1, 3, 0, 0.1));
    for (int b = 1; b <= 4; b++) {
      now += 50_000_000L;
      bar.onBatchEnd(null, new Callback.BatchEnd(1, b, 4, b, 8, b, 0.1, true));
    }
    now += 100_000_000L;
    bar.onEpochEnd(null, new Callback.EpochEnd(1, 3, 4, row(2.5, 3.0)));
  }

  @Test
  void plainLinesWhenNotATerminal() {
    epoch(new ProgressBar(out, false, () -> now));
    String text = text();
    assertFalse(text.contains("\r"), "no carriage returns in a log");
    assertEquals("Epoch 1/3  0.30s  train_loss 2.500  val_loss 3.000  lr 0.1000\n", text);
  }

  @Test
  void barWithRateEtaAndRunningLossOnATerminal() {
    epoch(new ProgressBar(out, true, () -> now));
    String text = text();
    // after batch 1: 1 batch in 0.05 s = 20 batch/s, 3 left = 0.15 s; running loss 1.0
    assertTrue(text.startsWith("\rEpoch 1/3 [#####...............] 1/4  20.0 batch/s  ETA 0:00  loss 1.0000"), text);
    // batch 2 comes within 100 ms of the last redraw and is skipped; the last batch is always drawn
    assertFalse(text.contains(" 2/4 "), text);
    assertTrue(text.contains("\rEpoch 1/3 [####################] 4/4  20.0 batch/s  ETA 0:00  loss 2.5000"), text);
    assertTrue(text.endsWith("\rEpoch 1/3 [####################]  0.30s  train_loss 2.500  val_loss 3.000  "
        + "lr 0.1000\n"), text);
  }

  @Test
  void earlyStopIsReported() {
    ProgressBar bar = new ProgressBar(out, false, () -> now);
    bar.onTrainEnd(null, new Callback.TrainEnd(4, 40, "EarlyStopping: val_loss did not improve"));
    bar.onTrainEnd(null, new Callback.TrainEnd(5, 50, null));
    assertEquals("Stopped early after epoch 4: EarlyStopping: val_loss did not improve\n", text());
  }

  @Test
  void formatting() {
    assertEquals("[##########..........]", ProgressBar.bar(5, 10));
    assertEquals("0:07", ProgressBar.duration(7.4));
    assertEquals("2:05", ProgressBar.duration(125));
    assertEquals("1:00:01", ProgressBar.duration(3601));
    assertEquals("?", ProgressBar.duration(Double.NaN));
    assertEquals("?", ProgressBar.rate(Double.POSITIVE_INFINITY));
    assertEquals("0.001235", ProgressBar.fourDigits(0.00123456));
    assertEquals("NaN", ProgressBar.fourDigits(Double.NaN));
  }
}
