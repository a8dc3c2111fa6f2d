package dev.jgrad.examples;

import dev.jgrad.train.Callback;
import dev.jgrad.train.Trainer;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * A compact progress callback for the examples and the command line: one line for the first epoch, about ten
 * lines in all, and one for the last, each with the epoch's history row. With {@code interactive} (a terminal),
 * the epochs in between redraw one transient line in place ({@code \r}) with a bar and the running loss, so a long
 * run shows movement without filling the screen.
 *
 * <pre>{@code
 * Trainer.builder()...callbacks(new EpochLog(System.out, false)).build();
 * // epoch   1/100  train_loss 1.0512  val_loss 0.9731  val_accuracy 0.5667
 * }</pre>
 */
public final class EpochLog implements Callback {
  private static final int BAR_WIDTH = 20;

  private final PrintStream out;
  private final boolean interactive;
  private final int every;
  private String validationName = "val";
  private int epochs;
  private int interval;
  private long fitStart;
  private int transientLength;
  private double lossSum;
  private long samples;

  /** Logs about ten lines per fit to {@code out}; {@code interactive} also redraws a line per batch. */
  public EpochLog(PrintStream out, boolean interactive) {
    this(out, interactive, 0);
  }

  /**
   * Logs every {@code every} epochs (and the first and last); {@code every <= 0} picks about ten lines per fit.
   */
  public EpochLog(PrintStream out, boolean interactive, int every) {
    this.out = out;
    this.interactive = interactive;
    this.every = every;
  }

  /**
   * Prints validation columns as {@code <name>_loss} instead of {@code val_loss}, e.g. {@code "test"} when the
   * held-out split passed to {@code fit} is the test set.
   */
  public EpochLog validationName(String name) {
    this.validationName = name;
    return this;
  }

  @Override
  public void onTrainBegin(Trainer trainer, TrainBegin event) {
    epochs = event.lastEpoch();
    interval = every > 0 ? every : Math.max(1, (int) Math.ceil(epochs / 10.0));
    fitStart = System.nanoTime();
  }

  @Override
  public void onEpochBegin(Trainer trainer, EpochBegin event) {
    lossSum = 0;
    samples = 0;
  }

  @Override
  public void onBatchEnd(Trainer trainer, BatchEnd event) {
    if (!interactive) {
      return;
    }
    if (Double.isFinite(event.loss())) {
      lossSum += event.loss() * event.size();
      samples += event.size();
    }
    // Redraw only at the end of a batch that completes 1/BAR_WIDTH of the epoch: printing costs time too.
    int before = (event.batch() - 1) * BAR_WIDTH / event.batches();
    int now = event.batch() * BAR_WIDTH / event.batches();
    if (now != before || event.batch() == event.batches()) {
      String line = String.format(Locale.ROOT, "epoch %3d/%d %s  loss %.4f", event.epoch(), epochs,
          bar(event.batch(), event.batches()), samples == 0 ? Double.NaN : lossSum / samples);
      drawTransient(line);
    }
  }

  @Override
  public void onEpochEnd(Trainer trainer, EpochEnd event) {
    int e = event.epoch();
    if (e == 1 || e % interval == 0 || e == epochs) {
      clearTransient();
      out.println(line(e, epochs, event.values(), validationName));
      out.flush();
    }
  }

  @Override
  public void onTrainEnd(Trainer trainer, TrainEnd event) {
    clearTransient();
    if (event.stoppedEarly()) {
      out.println("stopped after epoch " + event.epochsCompleted() + ": " + event.stopReason());
    }
    out.flush();
  }

  /** Seconds since the fit began. */
  public double elapsedSeconds() {
    return (System.nanoTime() - fitStart) / 1e9;
  }

  /** {@code epoch  10/100  train_loss 0.2345  ...}: the epoch's values with four significant digits. */
  static String line(int epoch, int epochs, Map<String, Double> values, String validationName) {
    int width = Integer.toString(epochs).length();
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %" + width + "d/%d", epoch, epochs));
    for (Map.Entry<String, Double> v : values.entrySet()) {
      if (!v.getKey().equals("lr")) {
        String key = v.getKey().startsWith("val_") ? validationName + v.getKey().substring(3) : v.getKey();
        sb.append("  ").append(key).append(' ').append(Format.g4(v.getValue()));
      }
    }
    return sb.toString();
  }

  private void drawTransient(String line) {
    int pad = Math.max(0, transientLength - line.length());
    out.print("\r" + line + " ".repeat(pad));
    out.flush();
    transientLength = line.length();
  }

  private void clearTransient() {
    if (transientLength > 0) {
      out.print("\r" + " ".repeat(transientLength) + "\r");
      transientLength = 0;
    }
  }

  static String bar(int done, int total) {
    int filled = total == 0 ? BAR_WIDTH : (int) ((long) done * BAR_WIDTH / total);
    return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]";
  }
}
