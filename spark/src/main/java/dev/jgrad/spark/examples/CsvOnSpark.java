package dev.jgrad.spark.examples;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.optim.Adam;
import dev.jgrad.spark.SparkTrainer;
import dev.jgrad.spark.Sync;
import dev.jgrad.spark.TrainResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Reads a CSV file into a Spark {@code Dataset<Row>} and trains a classifier on it with {@link SparkTrainer}: the
 * iris measurements bundled with jgrad, or any CSV with the same columns given as the first argument (a path or URI
 * every executor can read: {@code hdfs://}, {@code s3a://}, a shared folder; {@code -} for the bundled one). Then
 * optionally the epochs (60) and the workers (Spark's default parallelism).
 *
 * <pre>
 * mvn -pl spark -am package -DskipTests
 * spark-submit --master spark://host:7077 --class dev.jgrad.spark.examples.CsvOnSpark \
 *     spark/target/jgrad-spark-0.1.0-SNAPSHOT-app.jar [csv] [epochs] [workers]
 * </pre>
 *
 * <p>docs/SPARK.md has the flags that turn on the SIMD kernels on the executors.
 */
public final class CsvOnSpark {
  static final String[] FEATURES = {"sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"};

  private CsvOnSpark() {}

  public static void main(String[] args) {
    String path = args.length > 0 && !args[0].equals("-") ? args[0] : null;   // "-": the bundled table
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    SparkSession spark = SparkSession.builder().appName("jgrad CsvOnSpark").getOrCreate();
    try {
      int workers = args.length > 2 ? Integer.parseInt(args[2]) : spark.sparkContext().defaultParallelism();
      Dataset<Row> data = labelled(read(spark, path));
      TrainResult<Module> r = train(data, epochs, workers);
      List<Double> losses = r.epochLosses();
      for (int e = 0; e < losses.size(); e += Math.max(1, losses.size() / 10)) {
        System.out.printf(Locale.ROOT, "epoch %3d  loss %.4f%n", e + 1, losses.get(e));
      }
      System.out.printf(Locale.ROOT, "%d steps on %d workers, %.1f ms per step; training accuracy %.3f%n",
          r.steps(), workers, r.meanJobMillis(), accuracy(r.model(), data));
    } finally {
      spark.stop();
    }
  }

  /** The CSV at {@code path}, or the bundled iris table (sent from the driver, so no executor needs the file). */
  static Dataset<Row> read(SparkSession spark, String path) {
    DataFrameReader reader = spark.read().option("header", true).option("inferSchema", true);
    if (path != null) {
      return reader.csv(path);
    }
    try (InputStream in = Objects.requireNonNull(
        CsvOnSpark.class.getResourceAsStream("/dev/jgrad/datasets/iris.csv"), "iris.csv is not on the class path");
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return reader.csv(spark.createDataset(lines.lines().toList(), Encoders.STRING()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds an integer {@code label} column: the species' index among the sorted species names. */
  static Dataset<Row> labelled(Dataset<Row> raw) {
    List<String> species = raw.select("species").distinct().orderBy("species").as(Encoders.STRING()).collectAsList();
    Column names = functions.array(species.stream().map(functions::lit).toArray(Column[]::new));
    return raw.withColumn("label", functions.array_position(names, functions.col("species")).minus(1).cast("int"));
  }

  static Module model() {
    return new Sequential(new Linear(FEATURES.length, 16), new ReLU(), new Linear(16, 3));
  }

  /** Exact data parallelism: every step's weights are those of one machine training on the global batch. */
  public static TrainResult<Module> train(Dataset<Row> data, int epochs, int workers) {
    SparkTrainer<Module> trainer = SparkTrainer.<Module>builder(CsvOnSpark::model)
        .optimizer(params -> new Adam(params, 0.01))
        .loss(CrossEntropyLoss::new)
        .features(FEATURES).label("label")
        .globalBatchSize(32).workers(workers)
        .sync(Sync.exact())
        .seed(0)
        .build();
    return trainer.fit(data, epochs);
  }

  /** The share of rows whose predicted class is the label (on the driver: the table is small). */
  static double accuracy(Module model, Dataset<Row> data) {
    List<Row> rows = data.select(functions.array(functions.col(FEATURES[0]), functions.col(FEATURES[1]),
        functions.col(FEATURES[2]), functions.col(FEATURES[3])), functions.col("label")).collectAsList();
    float[] x = new float[rows.size() * FEATURES.length];
    for (int i = 0; i < rows.size(); i++) {
      List<Object> values = rows.get(i).getList(0);
      for (int j = 0; j < FEATURES.length; j++) {
        x[i * FEATURES.length + j] = ((Number) values.get(j)).floatValue();
      }
    }
    model.eval();
    try (var g = Autograd.noGrad()) {
      float[] predicted = model.call(Tensor.of(x, rows.size(), FEATURES.length)).argmax(1, false).toArray();
      int right = 0;
      for (int i = 0; i < rows.size(); i++) {
        right += predicted[i] == rows.get(i).getInt(1) ? 1 : 0;
      }
      return (double) right / rows.size();
    } finally {
      model.train();
    }
  }
}
