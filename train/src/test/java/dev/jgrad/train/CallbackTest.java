package dev.jgrad.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallbackTest {
  @Test
  void defaultMethodsDoNothing() {
    Callback c = new Callback() {};
    c.onTrainBegin(null, new Callback.TrainBegin(1, 2, 3, 1));
    c.onEpochBegin(null, new Callback.EpochBegin(1, 2, 0, 0.1));
    c.onBatchBegin(null, new Callback.BatchBegin(1, 1, 0));
    c.onBatchEnd(null, new Callback.BatchEnd(1, 1, 3, 1, 4, 0.5, 0.1, true));
    c.onEpochEnd(null, new Callback.EpochEnd(1, 2, 3, Map.of("train_loss", 0.5, "lr", 0.1)));
    c.onTrainEnd(null, new Callback.TrainEnd(2, 6, null));
  }

  @Test
  void epochEndValuesAreAnImmutableOrderedCopy() {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("train_loss", 0.5);
    values.put("val_loss", 0.75);
    values.put("lr", 0.01);
    Callback.EpochEnd e = new Callback.EpochEnd(3, 10, 30, values);
    values.put("train_loss", 99.0);
    assertEquals(0.5, e.trainLoss());
    assertEquals(0.01, e.lr());
    assertEquals(List.of("train_loss", "val_loss", "lr"), List.copyOf(e.values().keySet()));
    assertThrows(UnsupportedOperationException.class, () -> e.values().put("x", 1.0));
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> e.value("val_acc"));
    assertTrue(missing.getMessage().contains("EpochEnd: no value named 'val_acc'; available: [train_loss, val_loss, lr]"),
        missing.getMessage());
  }

  @Test
  void trainEndKnowsWhetherItStoppedEarly() {
    assertTrue(new Callback.TrainEnd(2, 10, "NaN").stoppedEarly());
    assertFalse(new Callback.TrainEnd(2, 10, null).stoppedEarly());
  }
}
