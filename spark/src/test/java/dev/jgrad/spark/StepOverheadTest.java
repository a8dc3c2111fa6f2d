package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.Batch;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.optim.SGD;
import dev.jgrad.train.parallel.ShardGradients;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures what a step costs beyond its compute, for docs/SPARK.md: a 679k-parameter MLP (784-800-64), 64 rows per
 * worker per step, W = 2, in {@code local[2]} and {@code local-cluster[2,1,1024]}. Prints; asserts only that it ran.
 */
@Tag("long")
class StepOverheadTest {
  private static final int FEATURES = 784;
  private static final int BATCH = 128;
  private static final int ROWS = 12 * BATCH;

  static Module mlp() {
    return new Sequential(new Linear(FEATURES, 800), new ReLU(), new Linear(800, 64));
  }

  private static List<Example> data() {
    Random random = new Random(1);
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      float[] x = new float[FEATURES];
      for (int j = 0; j < FEATURES; j++) {
        x[j] = (float) random.nextGaussian();
      }
      out.add(new Example(x, new float[] {random.nextInt(64)}));
    }
    return out;
  }

  private static SparkTrainer.Builder<Module> trainer(Sync sync) {
    return SparkTrainer.<Module>builder(StepOverheadTest::mlp)
        .optimizer(p -> new SGD(p, SGD.Options.defaults().withLr(0.01).withMomentum(0.9)))
        .loss(CrossEntropyLoss::new).targets(Targets.CLASS_INDICES)
        .globalBatchSize(BATCH).workers(2).sync(sync);
  }

  /** The forward and backward of one worker's 64 rows on this machine, in ms (the compute inside a step). */
  private static double shardComputeMillis(List<Example> data) {
    Generator.global().manualSeed(0);
    Module model = mlp();
    float[] x = new float[64 * FEATURES];
    float[] y = new float[64];
    for (int i = 0; i < 64; i++) {
      System.arraycopy(data.get(i).features(), 0, x, i * FEATURES, FEATURES);
      y[i] = data.get(i).target()[0];
    }
    Batch b = new Batch(Tensor.of(x, 64, FEATURES), Tensor.of(y, 64).to(dev.jgrad.autograd.DType.INT64));
    CrossEntropyLoss loss = new CrossEntropyLoss();
    for (int i = 0; i < 5; i++) {
      ShardGradients.compute(model, loss, b.features(), b.targets(), 0, BATCH, 0, i);
    }
    long start = System.nanoTime();
    int n = 20;
    for (int i = 0; i < n; i++) {
      ShardGradients.compute(model, loss, b.features(), b.targets(), 0, BATCH, 0, i);
    }
    return (System.nanoTime() - start) / 1e6 / n;
  }

  private static void measure(SparkSession spark, String label, List<Example> data) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    trainer(Sync.exact()).build().fit(jsc.parallelize(data, 2), 1);   // warm-up: JIT, executor models
    for (Sync sync : List.of(Sync.exact(), Sync.localSgd(4))) {
      TrainResult<Module> r = trainer(sync).build().fit(jsc.parallelize(data, 2), 1);
      System.out.printf(Locale.ROOT, "%s %s: %d jobs, %.1f ms per job, %.1f ms per step%n", label, sync, r.jobs(),
          r.meanJobMillis(), r.meanJobMillis() * r.jobs() / r.steps());
      assertTrue(r.steps() == 12);
    }
  }

  @Test
  void perStepOverhead() {
    List<Example> data = data();
    System.out.printf(Locale.ROOT, "one worker's compute (64 rows, fwd+bwd, 679k parameters): %.1f ms; load %s%n",
        shardComputeMillis(data), Files.exists(Path.of("/proc/loadavg")) ? readLoad() : "?");
    SparkSession local = LocalSpark.start("local[2]");
    try {
      measure(local, "local[2]", data);
    } finally {
      local.stop();
    }
    Path home = Path.of(System.getProperty("jgrad.spark.home", "target/spark-home")).toAbsolutePath();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String folders = Arrays.stream(classPath.split(File.pathSeparator))
        .filter(p -> Files.isDirectory(Path.of(p)))
        .collect(Collectors.joining(File.pathSeparator));
    SparkSession cluster = SparkSession.builder().master("local-cluster[2,1,1024]").appName("jgrad-overhead")
        .config("spark.home", home.toString()).config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1").config("spark.executor.extraClassPath", folders).getOrCreate();
    try {
      measure(cluster, "local-cluster[2,1,1024]", data);
    } finally {
      cluster.stop();
    }
    System.out.printf(Locale.ROOT, "load after: %s%n", readLoad());
  }

  private static String readLoad() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "?";
    }
  }
}
