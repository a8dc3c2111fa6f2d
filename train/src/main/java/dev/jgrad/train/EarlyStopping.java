package dev.jgrad.train;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Stops training when a monitored value has not improved for {@code patience} epochs in a row, optionally putting back the
 * weights of the best epoch (Keras's {@code EarlyStopping}, Lightning's defaults).
 *
 * <pre>{@code
 * EarlyStopping stop = new EarlyStopping("val_loss").patience(5).minDelta(1e-4).restoreBest(true);
 * History h = Trainer.builder()...callbacks(stop).build().fit(train, 200, validation);
 * h.stopReason();       // "EarlyStopping: val_loss did not improve by more than 1.0e-04 for 5 epochs ..."
 * }</pre>
 *
 * <p>An improvement is {@code value < best - minDelta} (or {@code >} and {@code +} when maximising); NaN never
 * improves. Counters restart at each {@code fit}, including after a resume.
 */
public final class EarlyStopping implements Callback {
  /** Whether smaller or larger is better; AUTO maximises names containing "acc" or "r2", minimises others. */
  public enum Mode { MIN, MAX, AUTO }

  private final String monitor;
  private int patience = 3;
  private double minDelta;
  private Mode mode = Mode.AUTO;
  private boolean restoreBest;

  private boolean maximise;
  private double best;
  private int bestEpoch;
  private int wait;
  private int lastEpoch;
  private int stoppedEpoch;
  private Map<String, Tensor> bestState;

  /**
   * Monitors a history column such as {@code "val_loss"} or {@code "val_accuracy"}.
   *
   * @throws IllegalArgumentException if {@code monitor} is blank
   */
  public EarlyStopping(String monitor) {
    checkArgument(monitor != null && !monitor.isBlank(), "EarlyStopping: monitor must name a history column, got '%s'",
        monitor);
    this.monitor = monitor;
  }

  /** Epochs without improvement before stopping (default 3). @throws IllegalArgumentException if negative */
  public EarlyStopping patience(int epochs) {
    checkArgument(epochs >= 0, "EarlyStopping: patience must be non-negative, got %s", epochs);
    this.patience = epochs;
    return this;
  }

  /** The margin a value must beat the best by to count (default 0). @throws IllegalArgumentException if negative */
  public EarlyStopping minDelta(double delta) {
    checkArgument(delta >= 0, "EarlyStopping: minDelta must be non-negative, got %s", delta);
    this.minDelta = delta;
    return this;
  }

  /** Whether smaller or larger is better (default AUTO). */
  public EarlyStopping mode(Mode mode) {
    this.mode = mode;
    return this;
  }

  /** Load the best epoch's weights back when training ends (default false). */
  public EarlyStopping restoreBest(boolean restore) {
    this.restoreBest = restore;
    return this;
  }

  /** The monitored column. */
  public String monitor() {
    return monitor;
  }

  /** The best value seen in the last fit (NaN before any). */
  public double bestValue() {
    return bestEpoch == 0 ? Double.NaN : best;
  }

  /** The epoch of the best value (0 before any). */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** The epoch at which this callback asked to stop, or 0 if it did not. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  @Override
  public void onTrainBegin(Trainer trainer, TrainBegin event) {
    maximise = mode == Mode.MAX
        || (mode == Mode.AUTO && (monitor.contains("acc") || monitor.contains("r2")));
    best = maximise ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    bestEpoch = 0;
    wait = 0;
    lastEpoch = 0;
    stoppedEpoch = 0;
    bestState = null;
  }

  @Override
  public void onEpochEnd(Trainer trainer, EpochEnd event) {
    double value = event.value(monitor);
    lastEpoch = event.epoch();
    boolean improved = maximise ? value > best + minDelta : value < best - minDelta;
    if (improved) {
      best = value;
      bestEpoch = event.epoch();
      wait = 0;
      if (restoreBest) {
        bestState = copyOf(trainer.model().stateDict());
      }
      return;
    }
    wait++;
    if (wait >= patience) {
      stoppedEpoch = event.epoch();
      trainer.requestStop(String.format(Locale.ROOT,
          "EarlyStopping: %s did not improve by more than %.1e for %d epochs (best %s at epoch %s)",
          monitor, minDelta, wait, bestEpoch == 0 ? "none" : Charts.format(best),
          bestEpoch == 0 ? "-" : Integer.toString(bestEpoch)));
    }
  }

  @Override
  public void onTrainEnd(Trainer trainer, TrainEnd event) {
    if (restoreBest && bestState != null && bestEpoch != lastEpoch) {
      trainer.model().loadStateDict(bestState, true);
    }
  }

  private static Map<String, Tensor> copyOf(Map<String, Tensor> state) {
    // stateDict values share storage with the live parameters; the snapshot needs its own
    Map<String, Tensor> copy = new LinkedHashMap<>();
    state.forEach((k, v) -> copy.put(k, v.detach().clone()));
    return copy;
  }
}
