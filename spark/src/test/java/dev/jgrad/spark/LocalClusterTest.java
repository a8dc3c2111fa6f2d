package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.nn.Module;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code local-cluster[2,1,1024]}: two executor JVMs, so models, tasks and results really cross process boundaries
 * (serialization, class loading). The executors start from {@code <spark-home>/jars}, which the {@code long}
 * profile fills with the test class path's jars; jgrad's own classes reach them through
 * {@code spark.executor.extraClassPath}.
 */
@Tag("long")
class LocalClusterTest {
  @Test
  void exactOnTwoExecutorJvmsEqualsTheEmulatedRun() {
    Path home = Path.of(System.getProperty("jgrad.spark.home", "target/spark-home")).toAbsolutePath();
    assertTrue(Files.isDirectory(home.resolve("jars")), "run with -P long, which copies the jars to " + home);
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String folders = Arrays.stream(classPath.split(File.pathSeparator))
        .filter(p -> Files.isDirectory(Path.of(p)))
        .collect(Collectors.joining(File.pathSeparator));
    SparkSession spark = SparkSession.builder()
        .master("local-cluster[2,1,1024]")
        .appName("jgrad-spark-local-cluster")
        .config("spark.home", home.toString())
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.executor.extraClassPath", folders)
        .getOrCreate();
    try {
      List<Example> data = Fixtures.examples(60);
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      long started = System.nanoTime();
      TrainResult<Module> r = Fixtures.trainer(16, 2, 13).build().fit(Fixtures.rdd(jsc, data, 2), 2);
      System.out.printf("local-cluster[2,1,1024]: %d exact steps, %.1f ms per step, %.1f s in all%n", r.jobs(),
          r.meanJobMillis(), (System.nanoTime() - started) / 1e9);
      assertArrayEquals(Fixtures.emulated(data, 16, 2, 13, 2), Fixtures.weights(r.model()));
      TrainResult<Module> local = Fixtures.trainer(16, 2, 13).sync(Sync.localSgd(4)).build()
          .fit(Fixtures.rdd(jsc, data, 2), 2);
      System.out.printf("local-cluster[2,1,1024]: %d localSgd(4) rounds, %.1f ms per round%n", local.jobs(),
          local.meanJobMillis());
    } finally {
      spark.stop();
    }
  }
}
