package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.train.Callback;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** About ten lines per fit, first and last included; validation columns renamed on request. */
class EpochLogTest {
  private static Map<String, Double> row(double loss) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("train_loss", loss);
    m.put("val_loss", loss * 2);
    m.put("lr", 0.1);
    return m;
  }

  @Test
  void logsFirstEveryIntervalAndLast() {
    Output out = new Output();
    EpochLog log = new EpochLog(out.stream, false).validationName("test");
    log.onTrainBegin(null, new Callback.TrainBegin(1, 25, 10, 1));
    for (int e = 1; e <= 25; e++) {
      log.onEpochBegin(null, new Callback.EpochBegin(e, 25, 0, 0.1));
      log.onEpochEnd(null, new Callback.EpochEnd(e, 25, e * 10L, row(1.0 / e)));
    }
    log.onTrainEnd(null, new Callback.TrainEnd(25, 250, null));
    List<String> lines = out.text().lines().toList();
    assertEquals(List.of(1, 3, 6, 9, 12, 15, 18, 21, 24, 25),
        lines.stream().map(l -> Integer.parseInt(l.substring(6, 8).trim())).toList());
    assertEquals("epoch  1/25  train_loss 1.000  test_loss 2.000", lines.get(0));
  }

  @Test
  void interactiveRedrawsAndClearsTheTransientLine() {
    Output out = new Output();
    EpochLog log = new EpochLog(out.stream, true, 1);
    log.onTrainBegin(null, new Callback.TrainBegin(1, 1, 2, 1));
    log.onEpochBegin(null, new Callback.EpochBegin(1, 1, 0, 0.1));
    log.onBatchEnd(null, new Callback.BatchEnd(1, 1, 2, 1, 4, 0.5, 0.1, true));
    log.onBatchEnd(null, new Callback.BatchEnd(1, 2, 2, 2, 4, 0.25, 0.1, true));
    log.onEpochEnd(null, new Callback.EpochEnd(1, 1, 2, row(0.375)));
    String text = out.text();
    assertEquals(true, text.startsWith("\repoch   1/1 [##########..........]  loss 0.5000"), text);
    assertEquals(true, text.endsWith("\repoch 1/1  train_loss 0.3750  val_loss 0.7500\n"), text);
  }
}
