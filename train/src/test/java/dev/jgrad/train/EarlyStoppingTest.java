package dev.jgrad.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.DataLoader;
import dev.jgrad.datasets.TensorDataset;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.MSELoss;
import dev.jgrad.optim.SGD;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {
  private static Callback.EpochEnd epoch(int epoch, String key, double value) {
    return new Callback.EpochEnd(epoch, 100, epoch, Map.of(key, value));
  }

  /** Feeds values to the callback; returns the epoch at which it asked to stop, or 0. */
  private static int feed(EarlyStopping es, String key, double... values) {
    Trainer trainer = mock(Trainer.class);
    es.onTrainBegin(trainer, new Callback.TrainBegin(1, 100, 1, 1));
    for (int i = 0; i < values.length; i++) {
      es.onEpochEnd(trainer, epoch(i + 1, key, values[i]));
      if (es.stoppedEpoch() != 0) {
        return es.stoppedEpoch();
      }
    }
    verify(trainer, never()).requestStop(anyString());
    return 0;
  }

  @Test
  void stopsAfterPatienceEpochsWithoutImprovement() {
    EarlyStopping es = new EarlyStopping("val_loss").patience(2);
    assertEquals(5, feed(es, "val_loss", 5, 4, 3, 3.5, 3.2, 1));
    assertEquals(3, es.bestEpoch());
    assertEquals(3.0, es.bestValue());
  }

  @Test
  void minDeltaMustBeBeaten() {
    // 3.95 and 3.91 improve by less than 0.1 on 4: no improvement
    assertEquals(3, feed(new EarlyStopping("val_loss").patience(2).minDelta(0.1), "val_loss", 4, 3.95, 3.91, 2));
    assertEquals(0, feed(new EarlyStopping("val_loss").patience(2).minDelta(0.01), "val_loss", 4, 3.95, 3.91, 2));
  }

  @Test
  void accuracyAndR2AreMaximisedNanNeverImproves() {
    assertEquals(4, feed(new EarlyStopping("val_accuracy").patience(2), "val_accuracy", 0.5, 0.8, 0.7, 0.75));
    assertEquals(3, feed(new EarlyStopping("val_r2").patience(1), "val_r2", 0.1, 0.2, 0.15));
    assertEquals(3, feed(new EarlyStopping("val_loss").patience(2), "val_loss", 1, Double.NaN, Double.NaN));
    assertEquals(2, feed(new EarlyStopping("score").mode(EarlyStopping.Mode.MAX).patience(1), "score", 2, 1));
    assertEquals(1, feed(new EarlyStopping("val_loss").patience(0), "val_loss", Double.NaN));
  }

  @Test
  void theStopMessageSaysWhy() {
    Trainer trainer = mock(Trainer.class);
    EarlyStopping es = new EarlyStopping("val_loss").patience(1).minDelta(1e-3);
    es.onTrainBegin(trainer, new Callback.TrainBegin(1, 10, 1, 1));
    es.onEpochEnd(trainer, epoch(1, "val_loss", 0.25));
    es.onEpochEnd(trainer, epoch(2, "val_loss", 0.3));
    verify(trainer).requestStop(
        "EarlyStopping: val_loss did not improve by more than 1.0e-03 for 1 epochs (best 0.250000 at epoch 1)");
  }

  @Test
  void aMissingColumnNamesTheAvailableOnes() {
    EarlyStopping es = new EarlyStopping("val_loss");
    es.onTrainBegin(null, new Callback.TrainBegin(1, 10, 1, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> es.onEpochEnd(null, epoch(1, "train_loss", 1)));
    assertTrue(e.getMessage().contains("no value named 'val_loss'; available: [train_loss]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(" "));
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping("x").patience(-1));
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping("x").minDelta(-0.5));
  }

  @Test
  void restoresTheBestWeightsAtTheEnd() {
    Linear model = new Linear(1, 1);
    Trainer trainer = mock(Trainer.class);
    when(trainer.model()).thenReturn(model);
    EarlyStopping es = new EarlyStopping("val_loss").patience(5).restoreBest(true);
    es.onTrainBegin(trainer, new Callback.TrainBegin(1, 3, 1, 1));
    double[] losses = {3, 1, 2};
    for (int e = 1; e <= 3; e++) {
      try (var g = Autograd.noGrad()) {
        model.weight().fill_(10 * e); // in-place changes must not alter the saved snapshot
      }
      es.onEpochEnd(trainer, epoch(e, "val_loss", losses[e - 1]));
    }
    es.onTrainEnd(trainer, new Callback.TrainEnd(3, 3, null));
    assertArrayEquals(new float[] {20}, model.weight().toArray());
  }

  @Test
  void endToEndWithTheTrainer() {
    // a learning rate far too large: the validation loss rises from the first epoch on
    Tensor.manualSeed(0);
    Linear model = new Linear(2, 1);
    float[] before = model.weight().toArray();
    DataLoader loader = DataLoader.of(new TensorDataset(Tensor.of(new float[][] {{1, 2}, {3, 4}, {5, 6}}),
        Tensor.of(new float[][] {{1}, {2}, {3}})), 3, false, 0);
    EarlyStopping es = new EarlyStopping("val_loss").patience(2).restoreBest(true);
    float[][] afterEpoch1 = new float[1][];
    Callback capture = new Callback() {
      @Override public void onEpochEnd(Trainer t, EpochEnd e) {
        if (e.epoch() == 1) {
          afterEpoch1[0] = model.weight().toArray();
        }
      }
    };
    History h = Trainer.builder().model(model).loss(new MSELoss()).optimizer(new SGD(model.parameters(), 0.2))
        .callbacks(es, capture).build().fit(loader, 50, loader);
    assertEquals(3, h.size(), "best at epoch 1, then 2 worse epochs");
    assertEquals(1, es.bestEpoch());
    assertTrue(h.stopReason().startsWith("EarlyStopping: val_loss did not improve"), h.stopReason());
    assertArrayEquals(afterEpoch1[0], model.weight().toArray(), "restored to epoch 1's weights");
    assertTrue(afterEpoch1[0][0] != before[0]);
  }
}
