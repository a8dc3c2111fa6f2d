package dev.jgrad.consumer;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.BundledDataset;
import dev.jgrad.datasets.DataLoader;
import dev.jgrad.datasets.Datasets;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.optim.Adam;
import dev.jgrad.train.History;
import dev.jgrad.train.Metrics;
import dev.jgrad.train.Trainer;
import java.util.Locale;

/**
 * Trains an MLP on the bundled Iris data through jgrad's public API and prints its final loss; exits with 1 if
 * the loss did not fall below a quarter of its first value (so a run that learns nothing fails the build).
 */
public final class TrainIris {
  private TrainIris() {}

  /**
   * Trains for 40 epochs and prints the first and final training loss and the test accuracy.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    BundledDataset iris = Datasets.iris();
    Tensor.manualSeed(0);
    Sequential model = new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3));
    Trainer trainer = Trainer.builder().model(model).loss(new CrossEntropyLoss())
        .optimizer(new Adam(model.parameters(), 0.01)).metrics(Metrics.accuracy()).build();
    DataLoader train = DataLoader.builder(iris.train()).batchSize(16).shuffle(true).seed(0).build();
    History history = trainer.fit(train, 40, DataLoader.of(iris.test(), 64, false, 0));

    double first = history.column("train_loss")[0];
    double last = history.last("train_loss");
    System.out.printf(Locale.ROOT, "first loss %.4f, final loss %.4f, test accuracy %.3f%n", first, last,
        history.last("val_accuracy"));
    if (!(last < first / 4)) {
      System.err.println("the loss did not fall below a quarter of its first value");
      System.exit(1);
    }
  }
}
