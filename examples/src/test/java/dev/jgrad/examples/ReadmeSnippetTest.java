package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.Batch;
import dev.jgrad.datasets.BundledDataset;
import dev.jgrad.datasets.DataLoader;
import dev.jgrad.datasets.Datasets;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Functional;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.Tanh;
import dev.jgrad.optim.Adam;
import dev.jgrad.train.History;
import dev.jgrad.train.Metrics;
import dev.jgrad.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Training a model in Java" snippet, as written there (fewer epochs), must compile and learn. */
class ReadmeSnippetTest {
  @Test
  void readmeTrainingSnippetRuns(@TempDir Path dir) throws Exception {
    BundledDataset iris = Datasets.iris();
    Tensor.manualSeed(0);
    Sequential model = new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3));
    Adam adam = new Adam(model.parameters(), 0.01);
    DataLoader train = DataLoader.builder(iris.train()).batchSize(16).shuffle(true).seed(0).build();

    double first = Double.NaN;
    double last = Double.NaN;
    for (int epoch = 0; epoch < 20; epoch++) {
      for (Batch b : train) {
        Tensor loss = Functional.crossEntropy(model.forward(b.features()), b.targets());
        adam.zeroGrad();
        loss.backward();
        adam.step();
        last = loss.item();
        if (Double.isNaN(first)) {
          first = last;
        }
      }
    }
    assertTrue(last < first / 2, "loss " + first + " -> " + last);

    Trainer trainer = Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer(adam)
        .metrics(Metrics.accuracy()).accumulationSteps(1).build();
    History history = trainer.fit(train, 10, DataLoader.of(iris.test(), 64, false, 0));
    history.saveCsv(dir.resolve("history.csv"));
    history.savePlot(dir.resolve("loss.png"));
    assertTrue(Files.size(dir.resolve("loss.png")) > 1000);
    assertTrue(trainer.evaluate(DataLoader.of(iris.test(), 64, false, 0)).get("accuracy") >= 0.9);
  }

  /** The README's "Double precision" snippet, as written there. */
  @Test
  void readmeDoublePrecisionSnippetRuns() {
    try {
      Tensor.manualSeed(0);
      Sequential model = new Sequential(new Linear(4, 16), new Tanh(), new Linear(16, 3));
      model.to(DType.FLOAT64);
      Tensor x = Tensor.randn(DType.FLOAT64, 8, 4);
      String printed = model.forward(x).sum().toString();
      assertTrue(printed.endsWith(", dtype=torch.float64, grad_fn=<SumBackward0>)"), printed);
      GradCheck.check(in -> in.get(0).tanh().matmul(in.get(0).t()), List.of(x.requiresGrad_(true)));
      Tensor.setDefaultDtype(DType.FLOAT64);
      assertEquals(DType.FLOAT64, Tensor.zeros(2).dtype());
    } finally {
      Tensor.setDefaultDtype(DType.FLOAT32);
    }
  }
}
