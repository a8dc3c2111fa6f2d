package dev.jgrad.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Console progress: on a terminal, one bar per epoch redrawn in place with the rate, the time left (ETA) and the
 * running loss; elsewhere (a log file, CI, an IDE console that is not a terminal) one plain line per epoch, so
 * logs are not filled with carriage returns.
 *
 * <pre>{@code
 * Trainer.builder()...callbacks(new ProgressBar()).build();
 * // Epoch 3/10 [###########.........] 22/40  151.2 batch/s  ETA 0:00  loss 0.4321
 * }</pre>
 *
 * <p>Terminal detection is {@code System.console() != null}: true when both standard streams are attached to a
 * terminal (on JDK 17 to 21; JDK 22+ may report a console when redirected, so pass {@code interactive}
 * explicitly there if it matters).
 */
public final class ProgressBar implements Callback {
  private static final int BAR_WIDTH = 20;
  private static final long REDRAW_NANOS = 100_000_000L; // at most ten redraws a second: printing is not free

  private final PrintStream out;
  private final boolean interactive;
  private final LongSupplier clock;

  private int epochs;
  private long epochStart;
  private long lastDraw;
  private double lossSum;
  private long samples;
  private int lastLineLength;

  /** Prints to {@code System.out}, as a bar when a terminal is attached. */
  public ProgressBar() {
    this(System.out, System.console() != null);
  }

  /**
   * Prints to {@code out}.
   *
   * @param interactive redraw a bar in place ({@code \r}) rather than print plain lines
   */
  public ProgressBar(PrintStream out, boolean interactive) {
    this(out, interactive, System::nanoTime);
  }

  ProgressBar(PrintStream out, boolean interactive, LongSupplier nanoClock) {
    this.out = out;
    this.interactive = interactive;
    this.clock = nanoClock;
  }

  /** Whether this bar redraws in place. */
  public boolean interactive() {
    return interactive;
  }

  @Override
  public void onTrainBegin(Trainer trainer, TrainBegin event) {
    epochs = event.lastEpoch();
  }

  @Override
  public void onEpochBegin(Trainer trainer, EpochBegin event) {
    epochStart = clock.getAsLong();
    lastDraw = Long.MIN_VALUE;
    lossSum = 0;
    samples = 0;
    lastLineLength = 0;
  }

  @Override
  public void onBatchEnd(Trainer trainer, BatchEnd event) {
    if (Double.isFinite(event.loss())) {
      lossSum += event.loss() * event.size();
      samples += event.size();
    }
    if (!interactive) {
      return;
    }
    long now = clock.getAsLong();
    if (lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS && event.batch() < event.batches()) {
      return;
    }
    lastDraw = now;
    double seconds = (now - epochStart) / 1e9;
    double rate = seconds > 0 ? event.batch() / seconds : Double.NaN;
    double eta = rate > 0 ? (event.batches() - event.batch()) / rate : Double.NaN;
    String line = String.format(Locale.ROOT, "Epoch %d/%d %s %d/%d  %s batch/s  ETA %s  loss %.4f",
        event.epoch(), epochs, bar(event.batch(), event.batches()), event.batch(), event.batches(), rate(rate),
        duration(eta), samples == 0 ? Double.NaN : lossSum / samples);
    redraw(line);
  }

  @Override
  public void onEpochEnd(Trainer trainer, EpochEnd event) {
    double seconds = (clock.getAsLong() - epochStart) / 1e9;
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "Epoch %d/%d", event.epoch(), epochs));
    if (interactive) {
      line.append(' ').append(bar(1, 1));
    }
    line.append(String.format(Locale.ROOT, "  %.2fs", seconds));
    for (Map.Entry<String, Double> e : event.values().entrySet()) {
      line.append("  ").append(e.getKey()).append(' ').append(fourDigits(e.getValue()));
    }
    if (interactive) {
      redraw(line.toString());
      out.println();
    } else {
      out.println(line);
    }
    out.flush();
  }

  @Override
  public void onTrainEnd(Trainer trainer, TrainEnd event) {
    if (event.stoppedEarly()) {
      out.println("Stopped early after epoch " + event.epochsCompleted() + ": " + event.stopReason());
      out.flush();
    }
  }

  private void redraw(String line) {
    // pad with spaces so a shorter line fully covers the previous one
    int pad = Math.max(0, lastLineLength - line.length());
    out.print("\r" + line + " ".repeat(pad));
    out.flush();
    lastLineLength = line.length();
  }

  /** A bar of 20 characters, {@code [#####...............]}, filled in proportion to {@code done / total}. */
  public static String bar(int done, int total) {
    int filled = total == 0 ? BAR_WIDTH : (int) ((long) done * BAR_WIDTH / total);
    return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]";
  }

  /** Four significant digits: enough to watch a loss fall, short enough for one line. */
  static String fourDigits(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : Double.toString(v);
  }

  static String rate(double perSecond) {
    return Double.isFinite(perSecond) ? String.format(Locale.ROOT, "%.1f", perSecond) : "?";
  }

  /** {@code m:ss}, or {@code h:mm:ss} from an hour on; {@code ?} when unknown. */
  public static String duration(double seconds) {
    if (!Double.isFinite(seconds) || seconds < 0) {
      return "?";
    }
    long s = Math.round(seconds);
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
