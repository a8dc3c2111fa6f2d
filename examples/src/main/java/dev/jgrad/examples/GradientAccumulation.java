package dev.jgrad.examples;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.BundledDataset;
import dev.jgrad.datasets.DataLoader;
import dev.jgrad.datasets.Datasets;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.MSELoss;
import dev.jgrad.nn.Module;
import dev.jgrad.optim.SGD;
import dev.jgrad.optim.StaleGradientWarning;
import dev.jgrad.train.AccumulationDemo;
import dev.jgrad.train.AccumulationDemo.Config;
import dev.jgrad.train.AccumulationDemo.Run;
import dev.jgrad.train.Callback;
import dev.jgrad.train.History;
import dev.jgrad.train.Trainer;
import dev.jgrad.train.ZeroGradPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The README's main job: the gradient-accumulation pitfall and its fix, on bundled data, in a few seconds. The
 * experiment is the train module's {@link AccumulationDemo} — the same linear model from the same seed trained
 * three ways: correctly, with {@code zeroGrad()} forgotten, and with intentional accumulation over k
 * micro-batches — presented for a reader: what is trained, progress per run, the side-by-side table, a verdict,
 * and where the PNG and HTML plots are.
 *
 * <p>The three runs are driven here (with a progress callback and the optimizer's stale-gradient listener) exactly
 * as {@link AccumulationDemo#run} drives them; a test checks that both give the same curves.
 *
 * <pre>{@code
 * GradientAccumulation.run(System.out, Path.of("runs/demo"));   // or: ./jgrad demo
 * }</pre>
 */
public final class GradientAccumulation {
  /** The plot's file name inside the output folder. */
  public static final String PNG = "accumulation-demo.png";
  /** The HTML page's file name inside the output folder. */
  public static final String HTML = "accumulation-demo.html";

  private GradientAccumulation() {}

  /**
   * What the demo produced.
   *
   * @param result the three runs' histories (table, curves)
   * @param png the saved plot
   * @param html the saved page (plot and table)
   * @param staleWarning what the optimizer's stale-gradient check reported in the pitfall run, or null
   * @param accumulationGap the largest |accumulated - correct| training loss over all epochs
   * @param seconds wall time of the three runs and the plots
   */
  public record Outcome(AccumulationDemo.Result result, Path png, Path html, StaleGradientWarning staleWarning,
      double accumulationGap, double seconds) {}

  /** Runs the demo; the optional argument is the output folder (default {@code runs/demo}). */
  public static void main(String[] args) {
    run(System.out, Path.of(args.length > 0 ? args[0] : "runs/demo"));
  }

  /** The default demo (auto-mpg, 25 epochs), plain-line progress. */
  public static Outcome run(PrintStream out, Path outDir) {
    return run(out, Config.defaults(), outDir, false);
  }

  /**
   * Runs the three trainings of {@code config}, prints the story to {@code out} and saves
   * {@value #PNG} and {@value #HTML} into {@code outDir}.
   *
   * @param interactive redraw a progress bar in place (for a terminal) instead of printing one line per run
   * @throws UncheckedIOException if the plots cannot be written
   */
  public static Outcome run(PrintStream out, Config config, Path outDir, boolean interactive) {
    long start = System.nanoTime();
    BundledDataset data = Datasets.byName(config.dataset());
    int k = config.accumulationSteps();
    int b = config.batchSize();
    String target = data.schema().target().name();
    out.println("The gradient-accumulation pitfall, and its fix");
    out.println();
    out.println(Format.f("Data:   %s (bundled, read with Tablesaw): %d rows with a known %s, %d used for training",
        data.name(), data.train().size() + data.test().size(), target, data.train().size()));
    out.println(Format.f("        %d features -> %s: %s", data.numFeatures(), target,
        String.join(", ", data.featureNames())));
    out.println(Format.f("Model:  Linear(%d -> 1), MSE loss, SGD lr %s, %d samples per optimizer step, %d epochs, "
        + "seed %d", data.numFeatures(), config.lr(), b, config.epochs(), config.seed()));
    out.println("Three runs from the same initial weights, with the same samples in the same order:");
    out.println(Format.f("  1. correct      batches of %d, optimizer.zeroGrad() after every step", b));
    out.println(Format.f("  2. pitfall      batches of %d, zeroGrad() never called: every step re-applies the sum "
        + "of all earlier gradients", b));
    out.println(Format.f("  3. accumulated  %d micro-batches of %d per step, each loss scaled by its share of the "
        + "%d samples, zeroGrad() after every step", k, b / k, b));
    out.println();

    List<History> histories = new ArrayList<>();
    StaleGradientWarning[] stale = new StaleGradientWarning[1];
    for (Run run : Run.values()) {
      long t0 = System.nanoTime();
      String label = Format.f("[%d/3] %-12s", run.ordinal() + 1, shortName(run));
      RunProgress progress = new RunProgress(out, label, interactive);
      History h = train(data, config, run, progress, w -> stale[0] = w);
      histories.add(h);
      progress.clear();
      out.println(Format.f("%s %d epochs, final loss %-8s (%.1f s)", label, h.size(),
          Format.g4(h.last("train_loss")), (System.nanoTime() - t0) / 1e9));
      if (run == Run.PITFALL && stale[0] != null) {
        StaleGradientWarning w = stale[0];
        out.println(Format.f("      stale-gradient check, at step %d: the gradient of '%s' held %d backward passes, "
            + "at most %d expected", w.step(), w.paramName(), w.backwardPasses(), w.accumulationSteps()));
      }
    }
    AccumulationDemo.Result result = new AccumulationDemo.Result(config, histories);

    out.println();
    out.println("Training loss (MSE) per epoch:");
    out.print(result.table());
    out.println();

    double correct = result.finalLoss(Run.CORRECT);
    double pitfall = result.finalLoss(Run.PITFALL);
    double gap = maxGap(result.curve(Run.CORRECT), result.curve(Run.ACCUMULATED));
    String verdict = Double.isFinite(pitfall)
        ? Format.f("ends at %s, %s times the correct run's %s", Format.g4(pitfall), ratio(pitfall / correct),
            Format.g4(correct))
        : Format.f("diverged (loss %s) while the correct run reached %s", pitfall, Format.g4(correct));
    out.println(Format.f("Pitfall:      %s: stale gradients keep pushing the weights past the minimum.", verdict));
    out.println(Format.f("Accumulation: matches the correct run (largest difference %s over %d epochs: float "
        + "rounding) with micro-batches %dx smaller.", Format.g4(gap), config.epochs(), k));

    Path png = outDir.resolve(PNG);
    Path html = outDir.resolve(HTML);
    try {
      result.savePlot(png);
      result.saveHtml(html);
    } catch (IOException e) {
      throw new UncheckedIOException("GradientAccumulation: cannot save the plots into " + outDir + ": "
          + e.getMessage(), e);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    out.println();
    out.println("Plot: " + png.toAbsolutePath().normalize());
    out.println("Page: " + html.toAbsolutePath().normalize() + "  (open it in a browser: plot and table)");
    out.println(Format.f("Done in %.1f s.", seconds));
    out.flush();
    return new Outcome(result, png, html, stale[0], gap, seconds);
  }

  /** One run of the experiment, set up exactly as {@link AccumulationDemo#run} sets it up. */
  static History train(BundledDataset data, Config config, Run run, Callback progress,
      java.util.function.Consumer<StaleGradientWarning> onStale) {
    int k = run == Run.ACCUMULATED ? config.accumulationSteps() : 1;
    Tensor.manualSeed(config.seed());
    Module model = new Linear(data.numFeatures(), 1);
    SGD sgd = new SGD(model.parameters(), config.lr());
    sgd.addStaleGradientListener(onStale);
    DataLoader loader = DataLoader.builder(data.train()).batchSize(config.batchSize() / k).shuffle(true)
        .seed(config.seed()).build();
    Trainer trainer = Trainer.builder().model(model).loss(new MSELoss()).optimizer(sgd).accumulationSteps(k)
        .zeroGradPolicy(run == Run.PITFALL ? ZeroGradPolicy.NEVER : ZeroGradPolicy.EVERY_STEP)
        .callbacks(progress).seed(config.seed()).build();
    // The check also logs its warning; here the listener reports it in context, so the log line is muted.
    Logger optimLog = Logger.getLogger("dev.jgrad.optim");
    Level previous = optimLog.getLevel();
    optimLog.setLevel(Level.OFF);
    try {
      return trainer.fit(loader, config.epochs());
    } finally {
      optimLog.setLevel(previous);
    }
  }

  private static String shortName(Run run) {
    return switch (run) {
      case CORRECT -> "correct";
      case PITFALL -> "pitfall";
      case ACCUMULATED -> "accumulated";
    };
  }

  private static String ratio(double r) {
    return r >= 10 ? Format.f("%.0f", r) : Format.f("%.1f", r);
  }

  private static double maxGap(double[] a, double[] b) {
    double gap = 0;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      gap = Math.max(gap, Math.abs(a[i] - b[i]));
    }
    return gap;
  }

  /** Redraws {@code [1/3] correct [#####.....] epoch 12/25} in place on a terminal; silent otherwise. */
  private static final class RunProgress implements Callback {
    private final PrintStream out;
    private final String label;
    private final boolean interactive;
    private int epochs;
    private int drawn;

    RunProgress(PrintStream out, String label, boolean interactive) {
      this.out = out;
      this.label = label;
      this.interactive = interactive;
    }

    @Override
    public void onTrainBegin(Trainer trainer, TrainBegin event) {
      epochs = event.lastEpoch();
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochEnd event) {
      if (interactive) {
        String line = Format.f("%s %s epoch %d/%d  loss %s", label, EpochLog.bar(event.epoch(), epochs),
            event.epoch(), epochs, Format.g4(event.trainLoss()));
        out.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
        out.flush();
        drawn = line.length();
      }
    }

    void clear() {
      if (drawn > 0) {
        out.print("\r" + " ".repeat(drawn) + "\r");
        drawn = 0;
      }
    }
  }
}
