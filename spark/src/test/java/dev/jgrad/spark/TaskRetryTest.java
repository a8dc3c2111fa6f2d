package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Module;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code local[2,3]}: a task may fail up to 3 times; a retried task must give the same bits. */
class TaskRetryTest {
  private static final List<Example> DATA = Fixtures.examples(40);
  private static final AtomicInteger INJECTED = new AtomicInteger();
  private static SparkSession spark;
  private static JavaSparkContext jsc;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start("local[2,3]");
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Partition 1's first attempt of every training task fails (the loss is built inside each task). */
  static Loss failingOnFirstAttempt() {
    TaskContext task = TaskContext.get();
    if (task != null && task.partitionId() == 1 && task.attemptNumber() == 0) {
      INJECTED.incrementAndGet();
      throw new IllegalStateException("injected failure of partition 1, attempt 0");
    }
    return new CrossEntropyLoss();
  }

  @Test
  void exactStepsAreUnchangedByFailedAttempts() {
    INJECTED.set(0);
    TrainResult<Module> retried = Fixtures.trainer(16, 2, 11).loss(TaskRetryTest::failingOnFirstAttempt).build()
        .fit(Fixtures.rdd(jsc, DATA, 2), 1);
    assertEquals(3, INJECTED.get());   // one failure per step
    assertArrayEquals(Fixtures.emulated(DATA, 16, 2, 11, 1), Fixtures.weights(retried.model()));
  }

  @Test
  void localSgdRoundsAreUnchangedByFailedAttempts() {
    TrainResult<Module> clean = Fixtures.trainer(10, 2, 11).sync(Sync.localSgd(2)).build()
        .fit(Fixtures.rdd(jsc, DATA, 2), 1);
    INJECTED.set(0);
    TrainResult<Module> retried = Fixtures.trainer(10, 2, 11).sync(Sync.localSgd(2))
        .loss(TaskRetryTest::failingOnFirstAttempt).build().fit(Fixtures.rdd(jsc, DATA, 2), 1);
    assertEquals(2, INJECTED.get());   // 4 batches: two rounds
    assertArrayEquals(Fixtures.weights(clean.model()), Fixtures.weights(retried.model()));
  }
}
