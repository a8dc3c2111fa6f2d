package dev.jgrad.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.DataLoader;
import dev.jgrad.datasets.TensorDataset;
import dev.jgrad.nn.BatchNorm1d;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Parameter;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.optim.Adam;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.SGD;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Data-parallel training: threaded replicas are bit-identical to the same shards run one after another
 * ({@link DataParallel#emulated}) and to each other, whatever the thread timing, and agree with ordinary training to
 * float rounding.
 */
class DataParallelTest {
  private static final int IN = 24;
  private static final int CLASSES = 5;

  private static TensorDataset data(int rows) {
    Generator g = new Generator(11);
    return new TensorDataset(Tensor.randn(g, rows, IN), Tensor.randint(g, 0, CLASSES, rows));
  }

  /** Wide enough that the products of a 32-row shard are split over a replica's gemm threads. */
  private static Module mlp(boolean dropout) {
    Tensor.manualSeed(5);
    return dropout
        ? new Sequential(new Linear(IN, 96), new ReLU(), new Dropout(0.25), new Linear(96, 96), new ReLU(),
            new Dropout(0.1), new Linear(96, CLASSES))
        : new Sequential(new Linear(IN, 96), new ReLU(), new Linear(96, 96), new ReLU(), new Linear(96, CLASSES));
  }

  private static Optimizer sgd(Module m) {
    return new SGD(m.parameters(), SGD.Options.defaults().withLr(0.05).withMomentum(0.9));
  }

  private static Optimizer adam(Module m) {
    return new Adam(m.parameters(), 1e-3);
  }

  /** The parameters, flat, after training {@code epochs} epochs of batches of {@code batch} over {@code rows} rows. */
  private static float[] train(boolean dropout, DataParallel dp, Function<Module, Optimizer> optimizer, int rows,
      int batch, int epochs, int accumulation) {
    Module model = mlp(dropout);
    DataLoader loader = DataLoader.builder(data(rows)).batchSize(batch).shuffle(true).seed(3).build();
    Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer(optimizer.apply(model)).seed(9)
        .accumulationSteps(accumulation).dataParallel(dp).build().fit(loader, epochs);
    int n = 0;
    for (Parameter p : model.parameters()) {
      n += p.numel();
    }
    float[] out = new float[n];
    int at = 0;
    for (Parameter p : model.parameters()) {
      float[] v = p.toArray();
      System.arraycopy(v, 0, out, at, v.length);
      at += v.length;
    }
    return out;
  }

  private static void assertClose(float[] expected, float[] actual, double rel) {
    double maxAbs = 0;
    for (float v : expected) {
      maxAbs = Math.max(maxAbs, Math.abs(v));
    }
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], rel * maxAbs, "element " + i);
    }
  }

  /**
   * {@link #train} for a float64 model on float64 features: the parameters after training, as doubles (checked
   * float64).
   */
  private static double[] train64(DataParallel dp, int rows, int batch, int epochs) {
    Module model = mlp(false);
    model.to(DType.FLOAT64);
    Generator g = new Generator(11);
    TensorDataset data = new TensorDataset(Tensor.randn(g, rows, IN).to(DType.FLOAT64),
        Tensor.randint(g, 0, CLASSES, rows));
    DataLoader loader = DataLoader.builder(data).batchSize(batch).shuffle(true).seed(3).build();
    Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer(sgd(model)).seed(9)
        .dataParallel(dp).build().fit(loader, epochs);
    List<Double> out = new ArrayList<>();
    for (Parameter p : model.parameters()) {
      assertEquals(DType.FLOAT64, p.dtype());
      for (double v : p.toDoubleArray()) {
        out.add(v);
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  void float64ModelsTrainDataParallelWithGradientsSummedInDouble() {
    double[] plain = train64(null, 70, 32, 3);
    double[] emulated = train64(DataParallel.emulated(3), 70, 32, 3);
    assertArrayEquals(emulated, train64(DataParallel.replicas(3), 70, 32, 3), "threaded = emulated, bit for bit");
    double maxAbs = Arrays.stream(plain).map(Math::abs).max().orElseThrow();
    for (int i = 0; i < plain.length; i++) {
      // float32 gradients would leave differences near 1e-7; double sums of shard gradients stay near 1e-15
      assertEquals(plain[i], emulated[i], 1e-12 * maxAbs, "element " + i);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 4, 7})
  void threadedIsBitIdenticalToEmulated(int w) {
    // 70 rows in batches of 32: the last batch of each epoch has 6 rows, so W = 7 also sees an empty shard
    float[] emulated = train(false, DataParallel.emulated(w), DataParallelTest::sgd, 70, 32, 2, 1);
    float[] threaded = train(false, DataParallel.replicas(w).gemmThreadsPerReplica(2), DataParallelTest::sgd, 70, 32,
        2, 1);
    assertArrayEquals(emulated, threaded);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 4, 7})
  void threadedIsBitIdenticalToEmulatedWithDropout(int w) {
    float[] emulated = train(true, DataParallel.emulated(w), DataParallelTest::adam, 70, 32, 2, 1);
    float[] threaded = train(true, DataParallel.replicas(w).gemmThreadsPerReplica(1), DataParallelTest::adam, 70, 32,
        2, 1);
    assertArrayEquals(emulated, threaded);
  }

  @Test
  void twoThreadedRunsAreIdentical() {
    float[] a = train(true, DataParallel.replicas(3), DataParallelTest::sgd, 96, 32, 2, 1);
    float[] b = train(true, DataParallel.replicas(3), DataParallelTest::sgd, 96, 32, 2, 1);
    assertArrayEquals(a, b);
  }

  @Test
  void dropoutMasksDoNotDependOnTheReplicaCount() {
    float[] two = train(true, DataParallel.emulated(2), DataParallelTest::sgd, 64, 32, 2, 1);
    float[] four = train(true, DataParallel.emulated(4), DataParallelTest::sgd, 64, 32, 2, 1);
    assertClose(two, four, 1e-5);
    // and they are not PyTorch's stream: ordinary training drops other elements
    float[] plain = train(true, null, DataParallelTest::sgd, 64, 32, 2, 1);
    assertFalse(maxDiff(two, plain) < 1e-4, "the per-row stream should differ from the global generator's");
  }

  @Test
  void emulatedMatchesOrdinaryTrainingAfter100StepsOfSgdWithMomentum() {
    // 100 steps: 20 epochs of 5 batches of 16
    float[] plain = train(false, null, DataParallelTest::sgd, 80, 16, 20, 1);
    assertClose(plain, train(false, DataParallel.emulated(3), DataParallelTest::sgd, 80, 16, 20, 1), 1e-5);
  }

  @Test
  void emulatedMatchesOrdinaryTrainingAfter100StepsOfAdam() {
    float[] plain = train(false, null, DataParallelTest::adam, 80, 16, 20, 1);
    assertClose(plain, train(false, DataParallel.emulated(4), DataParallelTest::adam, 80, 16, 20, 1), 1e-5);
  }

  @Test
  void accumulationReducesOncePerStepAndMatchesOrdinaryAccumulation() {
    // batches of 10 over 50 rows, 3 micro-batches per step: groups (10, 10, 10), (10, 10)
    float[] plain = train(false, null, DataParallelTest::sgd, 50, 10, 3, 3);
    float[] emulated = train(false, DataParallel.emulated(3), DataParallelTest::sgd, 50, 10, 3, 3);
    assertClose(plain, emulated, 1e-5);
    assertArrayEquals(emulated, train(false, DataParallel.replicas(3), DataParallelTest::sgd, 50, 10, 3, 3));
  }

  @Test
  void batchNormInTrainingModeIsRefused() {
    Tensor.manualSeed(5);
    Module model = new Sequential(new Linear(IN, 8), new BatchNorm1d(8), new Linear(8, CLASSES));
    Trainer trainer = Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer(sgd(model))
        .dataParallel(DataParallel.replicas(2)).build();
    DataLoader loader = DataLoader.builder(data(16)).batchSize(8).build();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer.fit(loader, 1));
    assertTrue(e.getMessage().contains("BatchNorm1d '1' is in training mode"), e.getMessage());
    assertTrue(e.getMessage().contains("eval mode") && e.getMessage().contains("replicas(1)"), e.getMessage());
  }

  @Test
  void aBatchSmallerThanTheReplicasIsRefusedUnlessItIsTheEpochsLast() {
    Module model = mlp(false);
    Trainer trainer = Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer(sgd(model))
        .dataParallel(DataParallel.replicas(4)).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> trainer.fit(DataLoader.builder(data(9)).batchSize(3).build(), 1));
    assertTrue(e.getMessage().contains("batch 1 of epoch 1 has 3 rows, fewer than the 4 data-parallel replicas"),
        e.getMessage());
    // 9 rows in batches of 4: the last batch of 1 row leaves three replicas without rows
    History h = Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer(sgd(model))
        .dataParallel(DataParallel.replicas(4)).build().fit(DataLoader.builder(data(9)).batchSize(4).build(), 1);
    assertTrue(Double.isFinite(h.last("train_loss")));
  }

  @Test
  void replicaThreadsStopWhenFitReturns() throws InterruptedException {
    train(false, DataParallel.replicas(2).gemmThreadsPerReplica(2), DataParallelTest::sgd, 32, 16, 1, 1);
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (replicaThreads() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(0, replicaThreads());
  }

  @Test
  void configurationIsValidatedAndDescribed() {
    assertThrows(IllegalArgumentException.class, () -> DataParallel.replicas(0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DataParallel.replicas(2).gemmThreadsPerReplica(0));
    assertTrue(e.getMessage().contains("gemmThreadsPerReplica: threads must be at least 1, got 0"), e.getMessage());
    assertEquals(4, DataParallel.defaultGemmThreads(4, 16));
    assertEquals(1, DataParallel.defaultGemmThreads(3, 2));
    assertEquals("DataParallel.replicas(8).gemmThreadsPerReplica(2)",
        DataParallel.replicas(8).gemmThreadsPerReplica(2).toString());
    assertNotEquals(DataParallel.emulated(2).toString(), DataParallel.replicas(2).toString());
  }

  private static long replicaThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("jgrad-replica-") && t.isAlive()).count();
  }

  private static double maxDiff(float[] a, float[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d = Math.max(d, Math.abs(a[i] - b[i]));
    }
    return d;
  }
}
