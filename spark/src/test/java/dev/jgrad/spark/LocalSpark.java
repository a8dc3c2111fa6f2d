package dev.jgrad.spark;

import org.apache.spark.sql.SparkSession;

/** A SparkSession for a test class: local, no UI, few shuffle partitions. */
final class LocalSpark {
  private LocalSpark() {}

  static SparkSession start(String master) {
    return SparkSession.builder()
        .master(master)
        .appName("jgrad-spark-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .getOrCreate();
  }
}
