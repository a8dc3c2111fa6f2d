package dev.jgrad.train;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hooks into {@link Trainer#fit}. Every method has a no-op default, so a callback overrides only what it needs.
 *
 * <p>Order of calls in one {@code fit}: {@code onTrainBegin}; per epoch {@code onEpochBegin}, then per micro-batch
 * {@code onBatchBegin}/{@code onBatchEnd}, then (after validation) {@code onEpochEnd}; finally {@code onTrainEnd},
 * also when training stops early. Callbacks run in registration order, after the Trainer's own history recording.
 * Events are immutable records; a callback changes the run only through the {@link Trainer} it is handed, e.g.
 * {@link Trainer#requestStop(String)}.
 *
 * <pre>{@code
 * Callback printLr = new Callback() {
 *   public void onEpochEnd(Trainer t, Callback.EpochEnd e) { System.out.println(e.epoch() + ": lr " + e.lr()); }
 * };
 * }</pre>
 */
public interface Callback {

  /** Before the first epoch of a {@code fit}. */
  default void onTrainBegin(Trainer trainer, TrainBegin event) {}

  /** Before an epoch's first micro-batch. */
  default void onEpochBegin(Trainer trainer, EpochBegin event) {}

  /** Before a micro-batch's forward pass. */
  default void onBatchBegin(Trainer trainer, BatchBegin event) {}

  /** After a micro-batch's backward pass and, when it closed a group of k, after the optimizer step. */
  default void onBatchEnd(Trainer trainer, BatchEnd event) {}

  /** After an epoch's training, validation and history row. */
  default void onEpochEnd(Trainer trainer, EpochEnd event) {}

  /** After the last epoch, or when training stopped early. */
  default void onTrainEnd(Trainer trainer, TrainEnd event) {}

  /**
   * Start of a {@code fit}.
   *
   * @param firstEpoch the 1-based epoch this fit starts with (greater than 1 after a resume)
   * @param lastEpoch the 1-based epoch it ends with
   * @param batchesPerEpoch micro-batches per epoch
   * @param accumulationSteps micro-batches per optimizer step (k)
   */
  record TrainBegin(int firstEpoch, int lastEpoch, int batchesPerEpoch, int accumulationSteps) {}

  /**
   * Start of an epoch.
   *
   * @param epoch 1-based epoch
   * @param epochs the last epoch of this fit
   * @param step optimizer steps taken so far
   * @param lr learning rate of the first param group (NaN when the optimizer reports none)
   */
  record EpochBegin(int epoch, int epochs, long step, double lr) {}

  /**
   * Start of a micro-batch.
   *
   * @param epoch 1-based epoch
   * @param batch 1-based micro-batch index within the epoch
   * @param step optimizer steps taken so far
   */
  record BatchBegin(int epoch, int batch, long step) {}

  /**
   * End of a micro-batch.
   *
   * @param epoch 1-based epoch
   * @param batch 1-based micro-batch index within the epoch
   * @param batches micro-batches in the epoch
   * @param step optimizer steps taken so far (after this batch's step, if any)
   * @param size samples in the micro-batch
   * @param loss the micro-batch's unscaled loss
   * @param lr learning rate of the first param group after this batch
   * @param stepped whether this micro-batch closed a group and the optimizer stepped
   */
  record BatchEnd(int epoch, int batch, int batches, long step, int size, double loss, double lr,
                  boolean stepped) {}

  /**
   * End of an epoch.
   *
   * @param epoch 1-based epoch
   * @param epochs the last epoch of this fit
   * @param step optimizer steps taken so far
   * @param values the epoch's history row: {@code train_loss}, {@code val_loss} (with validation), each metric as
   *     {@code train_<name>} and {@code val_<name>}, and {@code lr}; unmodifiable, in column order
   */
  record EpochEnd(int epoch, int epochs, long step, Map<String, Double> values) {
    public EpochEnd {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The epoch's training loss, the per-sample mean over its micro-batches. */
    public double trainLoss() {
      return value("train_loss");
    }

    /** The epoch's learning rate as it was when the epoch ended, before a per-epoch scheduler step. */
    public double lr() {
      return value("lr");
    }

    /**
     * One value of the row.
     *
     * @throws IllegalArgumentException naming the available keys when {@code key} is absent
     */
    public double value(String key) {
      Double v = values.get(key);
      checkArgument(v != null, "EpochEnd: no value named '%s'; available: %s", key, values.keySet());
      return v;
    }
  }

  /**
   * End of a {@code fit}.
   *
   * @param epochsCompleted epochs completed by the trainer in total (including resumed ones)
   * @param step optimizer steps taken in total
   * @param stopReason why training stopped early, or {@code null} when it ran every epoch
   */
  record TrainEnd(int epochsCompleted, long step, String stopReason) {
    /** Whether a callback or the loss guard stopped training before the last epoch. */
    public boolean stoppedEarly() {
      return stopReason != null;
    }
  }
}
