package dev.jgrad.examples;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.BundledDataset;
import dev.jgrad.datasets.DataLoader;
import dev.jgrad.datasets.Datasets;
import dev.jgrad.datasets.TensorDataset;
import dev.jgrad.nn.Conv2d;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Flatten;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.MaxPool2d;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.optim.Adam;
import dev.jgrad.train.ConfusionMatrix;
import dev.jgrad.train.History;
import dev.jgrad.train.Metrics;
import dev.jgrad.train.Trainer;
import java.io.PrintStream;

/**
 * Handwritten digits (UCI, 8×8 pixels): an MLP on the 64 pixels as a flat vector, and a small convolutional network
 * on the same pixels as a 1-channel 8×8 image, trained the same way (cross-entropy, Adam, same seed and batches).
 *
 * <pre>{@code
 * MLP:  Linear(64, 64) -> ReLU -> Linear(64, 10)
 * CNN:  [N, 1, 8, 8] -> Conv2d(1, 8, 3, padding 1) -> ReLU -> MaxPool2d(2)     // [N, 8, 4, 4]
 *                    -> Conv2d(8, 16, 3, padding 1) -> ReLU -> MaxPool2d(2)    // [N, 16, 2, 2]
 *                    -> Flatten -> Linear(64, 10)
 * }</pre>
 */
public final class DigitsClassifier {
  /** Epochs of the full run (each network). */
  public static final int EPOCHS = 20;
  private static final long SEED = 0;

  private DigitsClassifier() {}

  /**
   * What the run measured.
   *
   * @param mlpAccuracy test accuracy of the MLP
   * @param cnnAccuracy test accuracy of the CNN
   * @param mlpHistory the MLP's epochs
   * @param cnnHistory the CNN's epochs
   * @param cnnConfusion the CNN's test confusion matrix
   */
  public record Result(double mlpAccuracy, double cnnAccuracy, History mlpHistory, History cnnHistory,
      ConfusionMatrix cnnConfusion) {}

  public static void main(String[] args) {
    run(System.out, EPOCHS, EPOCHS);
  }

  /** The full run. */
  public static Result run(PrintStream out) {
    return run(out, EPOCHS, EPOCHS);
  }

  /** Trains the MLP for {@code mlpEpochs} and the CNN for {@code cnnEpochs}, printing progress and results. */
  public static Result run(PrintStream out, int mlpEpochs, int cnnEpochs) {
    long start = System.nanoTime();
    BundledDataset digits = Datasets.digits();
    out.println(Format.f("Digits: %d images of 8x8 pixels (0-16, standardised per pixel), classes 0-9; %d for "
        + "training, %d for testing.", digits.table().rowCount(), digits.train().size(), digits.test().size()));

    Tensor.manualSeed(SEED);
    Sequential mlp = new Sequential(new Linear(64, 64), new ReLU(), new Linear(64, 10));
    out.println(Format.f("MLP: Linear(64, 64) -> ReLU -> Linear(64, 10), %d parameters; Adam lr 0.003; batches of "
        + "32; %d epochs.", count(mlp), mlpEpochs));
    Fit m = fit(out, mlp, digits.train(), digits.test(), mlpEpochs, digits);
    out.println(Format.f("MLP test accuracy: %.4f (%d of %d)", m.accuracy, Math.round(m.accuracy
        * digits.test().size()), digits.test().size()));
    out.println();

    Tensor.manualSeed(SEED);
    Sequential cnn = new Sequential(
        new Conv2d(1, 8, 3, 1, 1), new ReLU(), new MaxPool2d(2),
        new Conv2d(8, 16, 3, 1, 1), new ReLU(), new MaxPool2d(2),
        new Flatten(), new Linear(16 * 2 * 2, 10));
    out.println(Format.f("CNN: Conv2d(1, 8, 3, padding 1) -> ReLU -> MaxPool2d(2) -> Conv2d(8, 16, 3, padding 1) "
        + "-> ReLU -> MaxPool2d(2) -> Flatten -> Linear(64, 10), %d parameters; %d epochs.", count(cnn), cnnEpochs));
    Fit c = fit(out, cnn, asImages(digits.train()), asImages(digits.test()), cnnEpochs, digits);
    out.println(Format.f("CNN test accuracy: %.4f (%d of %d)  [%s]", c.accuracy, Math.round(c.accuracy
        * digits.test().size()), digits.test().size(), Format.seconds(start)));
    out.println(c.confusion);
    return new Result(m.accuracy, c.accuracy, m.history, c.history, c.confusion);
  }

  private record Fit(double accuracy, History history, ConfusionMatrix confusion) {}

  private static Fit fit(PrintStream out, Module model, TensorDataset train, TensorDataset test, int epochs,
      BundledDataset digits) {
    Adam adam = new Adam(model.parameters(), 0.003);
    DataLoader trainLoader = DataLoader.builder(train).batchSize(32).shuffle(true).seed(SEED).build();
    DataLoader testLoader = DataLoader.of(test, 256, false, SEED);
    Trainer trainer = Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer(adam)
        .metrics(Metrics.accuracy()).callbacks(new EpochLog(out, false, Math.max(1, epochs / 5))
            .validationName("test")).seed(SEED).build();
    History history = trainer.fit(trainLoader, epochs, testLoader);
    return new Fit(trainer.evaluate(testLoader).get("accuracy"), history,
        trainer.confusionMatrix(testLoader, digits.classNames()));
  }

  /** The flat pixel rows {@code [N, 64]} as 1-channel images {@code [N, 1, 8, 8]} (a view, no copy). */
  static TensorDataset asImages(TensorDataset flat) {
    return new TensorDataset(flat.features().reshape(flat.size(), 1, 8, 8), flat.targets());
  }

  private static long count(Module m) {
    long n = 0;
    for (Tensor p : m.parameters()) {
      n += p.numel();
    }
    return n;
  }
}
