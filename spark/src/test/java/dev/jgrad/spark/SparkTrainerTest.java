package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.nn.BatchNorm1d;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SparkTrainer in {@code local[2]}: one session for the class. */
class SparkTrainerTest {
  private static SparkSession spark;
  private static JavaSparkContext jsc;
  private static final List<Example> DATA = Fixtures.examples(50);

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("local[2]");
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static JavaRDD<Example> data() {
    return Fixtures.rdd(jsc, DATA, 3);
  }

  @Test
  void exactIsBitIdenticalToTheEmulatedDataParallelRun() {
    // 50 rows in batches of 16: the last batch has 2 rows, so with 3 workers one shard of it is empty
    for (int workers : new int[] {2, 3}) {
      int epochs = workers - 1;
      TrainResult<Module> r = Fixtures.trainer(16, workers, 7).build().fit(data(), epochs);
      assertArrayEquals(Fixtures.emulated(DATA, 16, workers, 7, epochs), Fixtures.weights(r.model()),
          "workers=" + workers);
      assertEquals(4 * epochs, r.steps());
      assertEquals(epochs, r.epochs());
      assertEquals(4 * epochs, r.jobs());
      assertFalse(r.stoppedEarly());
    }
  }

  @Test
  void resumesFromTheLatestCheckpointToTheSameWeights(@TempDir Path dir) {
    TrainResult<Module> whole = Fixtures.trainer(16, 2, 3).build().fit(data(), 2);
    // the driver stops after 7 steps (epoch 2, batch 3); checkpoints were written after steps 3, 6: the resumed
    // run repeats step 7, in the middle of epoch 2, from the order and state saved with step 6
    TrainResult<Module> first = Fixtures.trainer(16, 2, 3).checkpointDir(dir).checkpointEvery(3).maxSteps(7).build()
        .fit(data(), 2);
    assertTrue(first.stoppedEarly());
    assertEquals(7, first.steps());
    TrainResult<Module> resumed = Fixtures.trainer(16, 2, 3).checkpointDir(dir).checkpointEvery(3).build()
        .fit(data(), 2);
    assertEquals(8, resumed.steps());
    assertEquals(2, resumed.jobs());
    assertEquals(whole.epochLosses(), resumed.epochLosses());
    assertArrayEquals(Fixtures.weights(whole.model()), Fixtures.weights(resumed.model()));
  }

  @Test
  void checkpointsGoThroughHadoopFileSystemsAndResumeFromThem(@TempDir Path dir) throws Exception {
    String uri = dir.resolve("ckpt").toUri().toString();   // file:///...: Hadoop's local file system
    assertTrue(uri.startsWith("file:"), uri);
    TrainResult<Module> whole = Fixtures.trainer(16, 2, 3).build().fit(data(), 2);
    Fixtures.trainer(16, 2, 3).checkpointDir(uri).checkpointEvery(3).maxSteps(7).build().fit(data(), 2);
    try (var files = java.nio.file.Files.list(dir.resolve("ckpt"))) {
      List<String> names = files.map(f -> f.getFileName().toString()).filter(n -> !n.endsWith(".crc")).sorted()
          .toList();
      assertEquals(List.of("step-3.safetensors", "step-6.safetensors"), names);   // no partial file left
    }
    TrainResult<Module> resumed = Fixtures.trainer(16, 2, 3).checkpointDir(uri).checkpointEvery(3).build()
        .fit(data(), 2);
    assertEquals(2, resumed.jobs());
    assertArrayEquals(Fixtures.weights(whole.model()), Fixtures.weights(resumed.model()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Fixtures.trainer(16, 3, 3).checkpointDir(uri).build().fit(data(), 1));
    assertTrue(e.getMessage().contains(uri + "/step-6.safetensors"), e.getMessage());
    IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
        () -> Fixtures.trainer(16, 2, 3).checkpointDir(" "));
    assertTrue(blank.getMessage().contains("checkpointDir needs a folder"), blank.getMessage());
  }

  @Test
  void aResumeWithOtherSettingsIsRefused(@TempDir Path dir) {
    Fixtures.trainer(16, 2, 3).checkpointDir(dir).checkpointEvery(2).maxSteps(2).build().fit(data(), 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Fixtures.trainer(16, 3, 3).checkpointDir(dir).build().fit(data(), 1));
    assertTrue(e.getMessage().contains("workers=2"), e.getMessage());
    assertTrue(e.getMessage().contains("workers=3"), e.getMessage());
  }

  @Test
  void localSgdIsDeterministicAndLearns() {
    TrainResult<Module> a = Fixtures.trainer(10, 2, 5).sync(Sync.localSgd(2)).build().fit(data(), 3);
    TrainResult<Module> b = Fixtures.trainer(10, 2, 5).sync(Sync.localSgd(2)).build().fit(data(), 3);
    assertArrayEquals(Fixtures.weights(a.model()), Fixtures.weights(b.model()));
    assertEquals(15, a.steps());
    assertEquals(9, a.jobs());   // 5 batches per epoch: jobs of 2, 2 and 1
    assertTrue(a.epochLosses().get(2) < a.epochLosses().get(0), a.epochLosses().toString());
  }

  @Test
  void localSgdWithOneWorkerAndOneStepIsExact() {
    float[] exact = Fixtures.weights(Fixtures.trainer(16, 1, 9).build().fit(data(), 1).model());
    float[] local = Fixtures.weights(Fixtures.trainer(16, 1, 9).sync(Sync.localSgd(1)).build().fit(data(), 1).model());
    assertArrayEquals(exact, local);
  }

  @Test
  void aFloat64ModelIsRefusedRatherThanTrainedInFloat32() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SparkTrainer.<Module>builder(() -> Fixtures.net().to(dev.jgrad.autograd.DType.FLOAT64))
            .optimizer(Fixtures::sgd).loss(dev.jgrad.nn.CrossEntropyLoss::new).targets(Targets.CLASS_INDICES)
            .globalBatchSize(16).workers(2).build().fit(data(), 1));
    assertTrue(e.getMessage().contains("is torch.float64"), e.getMessage());
    assertTrue(e.getMessage().contains("exchanges float32 weights"), e.getMessage());
  }

  @Test
  void aGlobalBatchSmallerThanTheWorkersIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Fixtures.trainer(3, 4, 0).build());
    assertTrue(e.getMessage().contains("global batch size 3 is smaller than the 4 workers"), e.getMessage());
  }

  @Test
  void aModelFactoryThatIsNotSerializableIsRefused() {
    Linear shared = new Linear(3, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SparkTrainer.<Module>builder(() -> shared).optimizer(Fixtures::sgd)
            .loss(dev.jgrad.nn.CrossEntropyLoss::new).build());
    assertTrue(e.getMessage().contains("model factory is not serializable"), e.getMessage());
    assertTrue(e.getMessage().contains("dev.jgrad.nn.Linear"), e.getMessage());
  }

  @Test
  void aMissingLabelColumnIsNamed() {
    Dataset<Row> frame = spark.range(4).toDF("x");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Fixtures.trainer(2, 2, 0).features("x").label("y").build().fit(frame, 1));
    assertTrue(e.getMessage().contains("label column 'y' is not in the dataset's columns [x]"), e.getMessage());
  }

  @Test
  void batchNormInTrainingModeIsRefused() {
    SparkTrainer<Module> t = SparkTrainer.<Module>builder(
            () -> new Sequential(new Linear(3, 4), new BatchNorm1d(4), new Linear(4, 2)))
        .optimizer(Fixtures::sgd).loss(dev.jgrad.nn.CrossEntropyLoss::new).targets(Targets.CLASS_INDICES)
        .globalBatchSize(16).workers(2).build();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.fit(data(), 1));
    assertTrue(e.getMessage().contains("BatchNorm1d '1' is in training mode"), e.getMessage());
  }
}
