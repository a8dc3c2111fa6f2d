package dev.jgrad.train;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.DataLoader;
import dev.jgrad.datasets.Datasets;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.MSELoss;
import dev.jgrad.nn.Module;
import dev.jgrad.optim.SGD;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * The gradient-accumulation pitfall and its fix, side by side. The same linear model, from the same seed, is
 * trained on a bundled Tablesaw-loaded regression dataset three ways:
 * <ol>
 *   <li><b>correct</b>: batches of B, {@code zeroGrad()} after every step;</li>
 *   <li><b>pitfall</b>: the same, but {@code zeroGrad()} is never called ({@link ZeroGradPolicy#NEVER}), so step
 *       t applies the sum of every gradient so far: momentum 1 without decay, and the loss oscillates or
 *       diverges;</li>
 *   <li><b>accumulation</b>: micro-batches of B/k, k of them per step, each loss scaled by its share of the
 *       group's samples: the same samples per step as (1), so the same curve up to float rounding, with k times
 *       less activation memory.</li>
 * </ol>
 * The per-epoch training loss of each run is printed as a table, and the three curves are saved in one chart.
 *
 * <pre>{@code
 * AccumulationDemo.Result r = AccumulationDemo.run(AccumulationDemo.Config.defaults());
 * System.out.print(r.table());
 * r.savePlot(Path.of("accumulation.png"));
 * }</pre>
 *
 * <p>Run it: {@code java -cp ... dev.jgrad.train.AccumulationDemo [output-dir]}.
 */
public final class AccumulationDemo {
  private AccumulationDemo() {}

  /** The three ways of training, in table order. */
  public enum Run {
    /** Batches of B, zeroGrad after every step. */
    CORRECT("correct"),
    /** Batches of B, zeroGrad never called. */
    PITFALL("pitfall (no zeroGrad)"),
    /** k micro-batches of B / k per step, zeroGrad after every step. */
    ACCUMULATED("accumulated");

    private final String label;

    Run(String label) {
      this.label = label;
    }

    /** The column header. */
    public String label() {
      return label;
    }
  }

  /**
   * The experiment's settings.
   *
   * @param dataset a bundled regression dataset name ({@link Datasets#byName})
   * @param epochs epochs per run
   * @param batchSize B, samples per optimizer step in every run
   * @param accumulationSteps k; the accumulation run uses micro-batches of B / k
   * @param lr SGD learning rate
   * @param seed seeds the model's initialisation and the data order
   */
  public record Config(String dataset, int epochs, int batchSize, int accumulationSteps, double lr, long seed) {
    /** @throws IllegalArgumentException on non-positive sizes or a batch size not divisible by k */
    public Config {
      checkArgument(epochs >= 1 && batchSize >= 1 && accumulationSteps >= 1 && lr > 0,
          "AccumulationDemo.Config: epochs, batchSize, accumulationSteps and lr must be positive, got %s, %s, %s, %s",
          epochs, batchSize, accumulationSteps, lr);
      checkArgument(batchSize % accumulationSteps == 0,
          "AccumulationDemo.Config: batchSize %s must be divisible by accumulationSteps %s so every run sees B samples "
              + "per step", batchSize, accumulationSteps);
    }

    /** Settings that show the effect clearly and run in a few seconds. */
    public static Config defaults() {
      return new Config("auto_mpg", 25, 32, 4, 0.05, 0);
    }

    /** A copy with another epoch count. */
    public Config withEpochs(int n) {
      return new Config(dataset, n, batchSize, accumulationSteps, lr, seed);
    }
  }

  /**
   * The three runs' histories.
   *
   * @param config the settings used
   * @param histories one per {@link Run}, in enum order
   */
  public record Result(Config config, List<History> histories) {
    public Result {
      histories = List.copyOf(histories);
    }

    /** A run's history. */
    public History history(Run run) {
      return histories.get(run.ordinal());
    }

    /** A run's per-epoch training loss. */
    public double[] curve(Run run) {
      return history(run).column("train_loss");
    }

    /** A run's last training loss. */
    public double finalLoss(Run run) {
      return history(run).last("train_loss");
    }

    /** The side-by-side table: one row per epoch, one column per run. */
    public String table() {
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%5s", "epoch"));
      for (Run run : Run.values()) {
        sb.append(String.format(Locale.ROOT, "  %22s", run.label()));
      }
      sb.append('\n');
      int rows = 0;
      for (Run run : Run.values()) {
        rows = Math.max(rows, history(run).size());
      }
      for (int e = 0; e < rows; e++) {
        sb.append(String.format(Locale.ROOT, "%5d", e + 1));
        for (Run run : Run.values()) {
          double[] c = curve(run);
          sb.append(String.format(Locale.ROOT, "  %22s", e < c.length ? Charts.format(c[e]) : "(stopped)"));
        }
        sb.append('\n');
      }
      return sb.toString();
    }

    /** The three training-loss curves in one chart. */
    public List<Charts.Series> series() {
      List<Charts.Series> out = new ArrayList<>();
      for (Run run : Run.values()) {
        out.add(new Charts.Series(run.label(), history(run).column("epoch"), curve(run)));
      }
      return out;
    }

    /** Saves the three curves as a PNG. */
    public void savePlot(Path png) throws IOException {
      Charts.savePng(png, title(), "epoch", "training loss (MSE)", series());
    }

    /** Saves the chart and the table as a self-contained HTML page. */
    public void saveHtml(Path html) throws IOException {
      Charts.saveHtml(html, title(), List.of(Charts.svg(title(), "epoch", "training loss (MSE)", series())),
          toTable());
    }

    /** The curves as a Tablesaw table: {@code epoch} and one column per run (missing after a run stopped). */
    public Table toTable() {
      int rows = 0;
      for (Run run : Run.values()) {
        rows = Math.max(rows, history(run).size());
      }
      Table t = Table.create("accumulation demo", IntColumn.indexColumn("epoch", rows, 1));
      for (Run run : Run.values()) {
        double[] c = java.util.Arrays.copyOf(curve(run), rows);
        for (int i = curve(run).length; i < rows; i++) {
          c[i] = Double.NaN;
        }
        t.addColumns(DoubleColumn.create(run.label(), c));
      }
      return t;
    }

    private String title() {
      return String.format(Locale.ROOT, "%s: SGD lr %s, %d samples per step (k = %d)", config.dataset(),
          config.lr(), config.batchSize(), config.accumulationSteps());
    }
  }

  /** Trains the three runs and returns their histories. */
  public static Result run(Config config) {
    var data = Datasets.byName(config.dataset());
    List<History> histories = new ArrayList<>();
    for (Run run : Run.values()) {
      boolean accumulate = run == Run.ACCUMULATED;
      int k = accumulate ? config.accumulationSteps() : 1;
      // Same seed for every run: same initial weights, same data order (the loader shuffles by seed and epoch).
      Tensor.manualSeed(config.seed());
      Module model = new Linear(data.numFeatures(), 1);
      SGD sgd = new SGD(model.parameters(), config.lr());
      DataLoader loader = DataLoader.builder(data.train()).batchSize(config.batchSize() / k).shuffle(true)
          .seed(config.seed()).build();
      Trainer trainer = Trainer.builder().model(model).loss(new MSELoss()).optimizer(sgd).accumulationSteps(k)
          .zeroGradPolicy(run == Run.PITFALL ? ZeroGradPolicy.NEVER : ZeroGradPolicy.EVERY_STEP)
          .seed(config.seed()).build();
      histories.add(trainer.fit(loader, config.epochs()));
    }
    return new Result(config, histories);
  }

  /**
   * Runs the default experiment, prints the table, and saves {@code accumulation-demo.png} and {@code .html}.
   *
   * @param args optional output directory (default: the working directory)
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : ".");
    Config config = Config.defaults();
    long start = System.nanoTime();
    Result result = run(config);
    PrintStream out = System.out;
    out.printf(Locale.ROOT, "Training loss per epoch on %s (SGD lr %s, %d samples per optimizer step, k = %d):%n",
        config.dataset(), config.lr(), config.batchSize(), config.accumulationSteps());
    out.print(result.table());
    out.printf(Locale.ROOT, "final: correct %s, pitfall %s, accumulated %s  (%.1f s)%n",
        Charts.format(result.finalLoss(Run.CORRECT)), Charts.format(result.finalLoss(Run.PITFALL)),
        Charts.format(result.finalLoss(Run.ACCUMULATED)), (System.nanoTime() - start) / 1e9);
    result.savePlot(dir.resolve("accumulation-demo.png"));
    result.saveHtml(dir.resolve("accumulation-demo.html"));
    out.println("saved " + dir.resolve("accumulation-demo.png") + " and " + dir.resolve("accumulation-demo.html"));
  }
}
