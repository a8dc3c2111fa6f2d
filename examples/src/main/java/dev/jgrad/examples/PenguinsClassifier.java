package dev.jgrad.examples;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.BundledDataset;
import dev.jgrad.datasets.DataLoader;
import dev.jgrad.datasets.Datasets;
import dev.jgrad.datasets.Preprocessor;
import dev.jgrad.datasets.Schema;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.optim.Adam;
import dev.jgrad.train.ConfusionMatrix;
import dev.jgrad.train.History;
import dev.jgrad.train.Metrics;
import dev.jgrad.train.Trainer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Palmer penguins: species from measurements, island and sex — real tabular data with categorical columns and
 * missing values. What the preprocessing does, all fitted on the training split only and printed before
 * training:
 * <ul>
 *   <li>the 2 penguins without any measurement are dropped; the 9 more without a recorded sex get the training
 *       split's most frequent value;</li>
 *   <li>{@code island} and {@code sex} are one-hot encoded, categories in sorted order;</li>
 *   <li>the four measurements are standardised with the training split's mean and standard deviation, so no
 *       statistic of the test penguins leaks into training.</li>
 * </ul>
 * Then an MLP ({@code 9 → 16 → 3}) is trained with cross-entropy and Adam and scored on the test split.
 */
public final class PenguinsClassifier {
  /** Epochs of the full run. */
  public static final int EPOCHS = 40;
  private static final long SEED = 0;

  private PenguinsClassifier() {}

  /**
   * What the run measured.
   *
   * @param testAccuracy accuracy on the held-out penguins
   * @param finalTrainLoss the last epoch's mean training cross-entropy
   * @param featureNames the encoded features, one-hot slots included
   * @param history one row per epoch
   * @param confusion test-set confusion matrix
   */
  public record Result(double testAccuracy, double finalTrainLoss, List<String> featureNames, History history,
      ConfusionMatrix confusion) {}

  public static void main(String[] args) {
    run(System.out, EPOCHS);
  }

  /** The full run. */
  public static Result run(PrintStream out) {
    return run(out, EPOCHS);
  }

  /** Trains for {@code epochs} epochs from seed 0, printing the preprocessing, progress and test results. */
  public static Result run(PrintStream out, int epochs) {
    long start = System.nanoTime();
    BundledDataset penguins = Datasets.penguins();
    Preprocessor pre = penguins.preprocessor();
    int rows = penguins.table().rowCount();
    int kept = penguins.train().size() + penguins.test().size();
    out.println(Format.f("Palmer penguins: %d birds, %d dropped (no measurements); %d for training, %d for testing.",
        rows, rows - kept, penguins.train().size(), penguins.test().size()));
    out.println("Preprocessing, fitted on the training split only:");
    List<List<String>> table = new ArrayList<>();
    for (Schema.Feature f : penguins.schema().features()) {
      int missing = penguins.table().column(f.name()).countMissing();
      String handling;
      if (f.kind() == Schema.Kind.CATEGORICAL) {
        handling = "one-hot " + pre.categories(f.name());
        Object fill = pre.fillValue(f.name());
        if (fill != null) {
          handling += "; missing -> '" + fill + "' (most frequent)";
        }
      } else {
        handling = Format.f("(x - %s) / %s", Format.g4(pre.center(f.name())), Format.g4(pre.scale(f.name())));
        if (missing > 0) {
          handling += "; rows with a missing value dropped";
        }
      }
      table.add(List.of(f.name(), f.kind().name().toLowerCase(java.util.Locale.ROOT), Integer.toString(missing),
          handling));
    }
    out.print(indent(Format.table(List.of("column", "kind", "missing", "encoding"), table)));
    out.println(Format.f("-> %d features: %s", pre.numFeatures(), pre.featureNames()));

    Tensor.manualSeed(SEED);
    Sequential model = new Sequential(new Linear(penguins.numFeatures(), 16), new ReLU(),
        new Linear(16, penguins.numClasses()));
    out.println(Format.f("Model: Linear(%d, 16) -> ReLU -> Linear(16, %d); cross-entropy; Adam lr 0.01; batches "
        + "of 16; %d epochs.", penguins.numFeatures(), penguins.numClasses(), epochs));
    Adam adam = new Adam(model.parameters(), 0.01);
    DataLoader train = DataLoader.builder(penguins.train()).batchSize(16).shuffle(true).seed(SEED).build();
    DataLoader test = DataLoader.of(penguins.test(), 128, false, SEED);
    Trainer trainer = Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer(adam)
        .metrics(Metrics.accuracy()).callbacks(new EpochLog(out, false).validationName("test")).seed(SEED).build();
    History history = trainer.fit(train, epochs, test);

    double accuracy = trainer.evaluate(test).get("accuracy");
    ConfusionMatrix confusion = trainer.confusionMatrix(test, penguins.classNames());
    out.println(Format.f("Test accuracy: %.3f (%d of %d penguins)  [%s]", accuracy,
        Math.round(accuracy * penguins.test().size()), penguins.test().size(), Format.seconds(start)));
    out.println(confusion);
    return new Result(accuracy, history.last("train_loss"), pre.featureNames(), history, confusion);
  }

  private static String indent(String text) {
    return ("  " + text.replace("\n", "\n  ")).stripTrailing() + "\n";
  }
}
