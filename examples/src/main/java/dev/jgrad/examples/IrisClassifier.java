package dev.jgrad.examples;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.BundledDataset;
import dev.jgrad.datasets.DataLoader;
import dev.jgrad.datasets.Datasets;
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

/**
 * Fisher's iris: a two-layer MLP ({@code 4 → 16 → 3}, ReLU) trained with cross-entropy and Adam on the bundled
 * 120/30 split, then the test accuracy and confusion matrix. The PyTorch program it mirrors:
 *
 * <pre>{@code
 * model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
 * opt = torch.optim.Adam(model.parameters(), lr=0.01)
 * for epoch in range(60):
 *     for x, y in DataLoader(train, batch_size=16, shuffle=True):
 *         loss = F.cross_entropy(model(x), y); opt.zero_grad(); loss.backward(); opt.step()
 * }</pre>
 */
public final class IrisClassifier {
  /** Epochs of the full run. */
  public static final int EPOCHS = 60;
  private static final long SEED = 0;

  private IrisClassifier() {}

  /**
   * What the run measured.
   *
   * @param testAccuracy accuracy on the 30 held-out flowers
   * @param finalTrainLoss the last epoch's mean training cross-entropy
   * @param history one row per epoch
   * @param confusion test-set confusion matrix (rows actual, columns predicted)
   */
  public record Result(double testAccuracy, double finalTrainLoss, History history, ConfusionMatrix confusion) {}

  public static void main(String[] args) {
    run(System.out, EPOCHS);
  }

  /** The full run. */
  public static Result run(PrintStream out) {
    return run(out, EPOCHS);
  }

  /** Trains for {@code epochs} epochs from seed 0, printing progress and the test results to {@code out}. */
  public static Result run(PrintStream out, int epochs) {
    long start = System.nanoTime();
    BundledDataset iris = Datasets.iris();
    out.println(Format.f("Iris: %d flowers, features %s (standardised with the training split's mean and std),",
        iris.table().rowCount(), iris.featureNames()));
    out.println(Format.f("      classes %s; %d for training, %d held out for testing.", iris.classNames(),
        iris.train().size(), iris.test().size()));

    Tensor.manualSeed(SEED);
    Sequential model = new Sequential(new Linear(iris.numFeatures(), 16), new ReLU(),
        new Linear(16, iris.numClasses()));
    out.println("Model: " + model.toString().replace("\n", "\n       "));
    out.println(Format.f("Loss: cross-entropy; optimizer: Adam lr 0.01; batches of 16; %d epochs.", epochs));

    Adam adam = new Adam(model.parameters(), 0.01);
    DataLoader train = DataLoader.builder(iris.train()).batchSize(16).shuffle(true).seed(SEED).build();
    DataLoader test = DataLoader.of(iris.test(), 64, false, SEED);
    Trainer trainer = Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer(adam)
        .metrics(Metrics.accuracy()).callbacks(new EpochLog(out, false).validationName("test")).seed(SEED).build();
    History history = trainer.fit(train, epochs, test);

    double accuracy = trainer.evaluate(test).get("accuracy");
    ConfusionMatrix confusion = trainer.confusionMatrix(test, iris.classNames());
    out.println(Format.f("Test accuracy: %.3f (%d of %d flowers)  [%s]", accuracy,
        Math.round(accuracy * iris.test().size()), iris.test().size(), Format.seconds(start)));
    out.println(confusion);
    return new Result(accuracy, history.last("train_loss"), history, confusion);
  }
}
