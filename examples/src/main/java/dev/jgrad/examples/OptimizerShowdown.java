package dev.jgrad.examples;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.BundledDataset;
import dev.jgrad.datasets.DataLoader;
import dev.jgrad.datasets.Datasets;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.optim.Adam;
import dev.jgrad.optim.AdamW;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.RMSprop;
import dev.jgrad.optim.SGD;
import dev.jgrad.train.Charts;
import dev.jgrad.train.History;
import dev.jgrad.train.Metrics;
import dev.jgrad.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Six optimizers on one problem: the same MLP ({@code 64 → 32 → 10}) on the digits, from the same initial weights
 * (same seed) and the same batches in the same order; only the update rule differs. Learning rates are each
 * optimizer's usual starting point (about 0.05 for plain SGD, 0.001–0.003 for the adaptive ones), not tuned to
 * win. Prints a table and saves one plot of the six training-loss curves (PNG and HTML).
 */
public final class OptimizerShowdown {
  /** Epochs of the full run (each optimizer). */
  public static final int EPOCHS = 12;
  private static final long SEED = 0;

  private OptimizerShowdown() {}

  /**
   * One contestant.
   *
   * @param name the optimizer's label
   * @param settings its hyperparameters, as text
   * @param factory builds it for a model's parameters
   */
  record Contestant(String name, String settings, Function<List<? extends Tensor>, Optimizer> factory) {}

  /**
   * One optimizer's run.
   *
   * @param name the optimizer's label
   * @param settings its hyperparameters
   * @param trainLoss the training loss per epoch
   * @param testAccuracy accuracy on the test split after the last epoch
   * @param seconds training time
   */
  public record Entry(String name, String settings, double[] trainLoss, double testAccuracy, double seconds) {
    /** The last epoch's training loss. */
    public double finalLoss() {
      return trainLoss[trainLoss.length - 1];
    }
  }

  /**
   * The race.
   *
   * @param entries one per optimizer, in the order run
   * @param png the plot
   * @param html the plot and the table as one page
   */
  public record Result(List<Entry> entries, Path png, Path html) {
    /** The entry of an optimizer by label. @throws IllegalArgumentException for an unknown label */
    public Entry entry(String name) {
      for (Entry e : entries) {
        if (e.name().equals(name)) {
          return e;
        }
      }
      throw new IllegalArgumentException("OptimizerShowdown: no optimizer '" + name + "'");
    }
  }

  static List<Contestant> contestants() {
    return List.of(
        new Contestant("SGD", "lr 0.05", p -> new SGD(p, 0.05)),
        new Contestant("SGD+momentum", "lr 0.05, momentum 0.9",
            p -> new SGD(p, SGD.Options.defaults().withLr(0.05).withMomentum(0.9))),
        new Contestant("Nesterov", "lr 0.05, momentum 0.9, nesterov",
            p -> new SGD(p, SGD.Options.defaults().withLr(0.05).withMomentum(0.9).withNesterov(true))),
        new Contestant("Adam", "lr 0.003", p -> new Adam(p, 0.003)),
        new Contestant("AdamW", "lr 0.003, weight decay 0.01",
            p -> new AdamW(p, AdamW.Options.defaults().withLr(0.003).withWeightDecay(0.01))),
        new Contestant("RMSprop", "lr 0.001", p -> new RMSprop(p, 0.001)));
  }

  /** Runs the full race and saves {@code optimizer-showdown.png} and {@code .html} into {@code outDir}. */
  public static void main(String[] args) {
    run(System.out, Path.of(args.length > 0 ? args[0] : "runs/optimizer-showdown"), EPOCHS);
  }

  /** The full race. */
  public static Result run(PrintStream out, Path outDir) {
    return run(out, outDir, EPOCHS);
  }

  /** Trains each optimizer for {@code epochs} epochs, prints the table and saves the plot into {@code outDir}. */
  public static Result run(PrintStream out, Path outDir, int epochs) {
    long start = System.nanoTime();
    BundledDataset digits = Datasets.digits();
    out.println(Format.f("Optimizer showdown on the digits (%d training images, 64 standardised pixels, 10 classes):",
        digits.train().size()));
    out.println(Format.f("MLP Linear(64, 32) -> ReLU -> Linear(32, 10), cross-entropy, batches of 32, %d epochs; "
        + "same initial weights and batch order for every optimizer (seed %d).", epochs, SEED));
    DataLoader test = DataLoader.of(digits.test(), 512, false, SEED);
    List<Entry> entries = new ArrayList<>();
    for (Contestant c : contestants()) {
      long t0 = System.nanoTime();
      Tensor.manualSeed(SEED);
      Module model = new Sequential(new Linear(64, 32), new ReLU(), new Linear(32, 10));
      DataLoader train = DataLoader.builder(digits.train()).batchSize(32).shuffle(true).seed(SEED).build();
      Trainer trainer = Trainer.builder().model(model).loss(new CrossEntropyLoss())
          .optimizer(c.factory().apply(model.parameters())).metrics(Metrics.accuracy()).seed(SEED).build();
      History h = trainer.fit(train, epochs);
      double accuracy = trainer.evaluate(test).get("accuracy");
      Entry e = new Entry(c.name(), c.settings(), h.column("train_loss"), accuracy, (System.nanoTime() - t0) / 1e9);
      entries.add(e);
      out.println(Format.f("  %-13s %-32s loss %s -> %s   test accuracy %.4f   (%.1f s)", e.name(), e.settings(),
          Format.g4(e.trainLoss()[0]), Format.g4(e.finalLoss()), accuracy, e.seconds()));
    }

    List<List<String>> rows = new ArrayList<>();
    for (Entry e : entries) {
      rows.add(List.of(e.name(), Format.g4(e.trainLoss()[0]), Format.g4(e.trainLoss()[Math.min(2, epochs - 1)]),
          Format.g4(e.finalLoss()), Format.f("%.4f", e.testAccuracy())));
    }
    out.println();
    out.print(Format.table(List.of("optimizer", "loss epoch 1", "epoch " + Math.min(3, epochs),
        "epoch " + epochs, "test accuracy"), rows));

    Path png = outDir.resolve("optimizer-showdown.png");
    Path html = outDir.resolve("optimizer-showdown.html");
    List<Charts.Series> series = new ArrayList<>();
    for (Entry e : entries) {
      double[] x = new double[e.trainLoss().length];
      for (int i = 0; i < x.length; i++) {
        x[i] = i + 1;
      }
      series.add(new Charts.Series(e.name(), x, e.trainLoss()));
    }
    String title = "Digits MLP: training loss by optimizer (same seed, same batches)";
    try {
      Charts.savePng(png, title, "epoch", "training loss (cross-entropy)", series);
      Charts.saveHtml(html, title, List.of(Charts.svg(title, "epoch", "training loss (cross-entropy)", series)),
          toTable(entries));
    } catch (IOException ex) {
      throw new UncheckedIOException("OptimizerShowdown: cannot save the plot into " + outDir + ": "
          + ex.getMessage(), ex);
    }
    out.println(Format.f("Plot: %s", png.toAbsolutePath().normalize()));
    out.println(Format.f("Page: %s  [%s]", html.toAbsolutePath().normalize(), Format.seconds(start)));
    return new Result(List.copyOf(entries), png, html);
  }

  /** The curves as a table: epoch, then one loss column per optimizer. */
  static Table toTable(List<Entry> entries) {
    int epochs = entries.get(0).trainLoss().length;
    Table t = Table.create("training loss", IntColumn.indexColumn("epoch", epochs, 1));
    for (Entry e : entries) {
      t.addColumns(DoubleColumn.create(e.name(), e.trainLoss()));
    }
    return t;
  }
}
