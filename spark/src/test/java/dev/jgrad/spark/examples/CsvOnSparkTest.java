package dev.jgrad.spark.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.nn.Module;
import dev.jgrad.spark.TrainResult;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class CsvOnSparkTest {
  @Test
  void trainsOnTheBundledCsvInLocalMode() {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("CsvOnSparkTest")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2").getOrCreate();
    try {
      Dataset<Row> data = CsvOnSpark.labelled(CsvOnSpark.read(spark, null));
      assertEquals(150, data.count());
      TrainResult<Module> r = CsvOnSpark.train(data, 3, 2);
      assertEquals(15, r.steps());   // 150 rows in batches of 32: 5 per epoch
      assertTrue(r.epochLosses().get(2) < r.epochLosses().get(0), r.epochLosses().toString());
      assertTrue(CsvOnSpark.accuracy(r.model(), data) > 0.5);
    } finally {
      spark.stop();
    }
  }
}
