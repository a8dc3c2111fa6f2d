package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.train.History;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code jgrad train}'s CSV dialect, early stopping and class-weight options, and their errors. */
class TrainOptionsTest {
  @TempDir
  static Path files;

  /** Two separable classes, 'no' twice as frequent as 'yes', with a metadata line, ';' and no header. */
  @BeforeAll
  static void writeFiles() throws IOException {
    StringBuilder raw = new StringBuilder("# exported 2026-12-07 by rig 4\n");
    StringBuilder tabbed = new StringBuilder("a\tb\ty\n");
    for (int i = 0; i < 60; i++) {
      int c = i % 3 == 0 ? 1 : 0;
      double a = 2 * c + Math.sin(i) * 0.8;
      double b = -c + Math.cos(i * 1.7) * 0.8;
      raw.append(String.format(java.util.Locale.ROOT, "%.3f;%.3f;%s%n", a, b, c == 1 ? "yes" : "no"));
      tabbed.append(String.format(java.util.Locale.ROOT, "%.3f\t%.3f\t%.3f%n", a, b, a + 2 * b));
    }
    Files.writeString(files.resolve("raw.csv"), raw);
    Files.writeString(files.resolve("tabbed.tsv"), tabbed);
  }

  private static String file(String name) {
    return files.resolve(name).toString();
  }

  @Test
  void rawFileWithMetadataLineTrainsWithoutEditingThenPredicts(@TempDir Path tmp) {
    Path model = tmp.resolve("m");
    CliRun train = CliRun.of("train", "--csv", file("raw.csv"), "--delimiter", ";", "--skip-rows", "1",
        "--no-header", "--target", "2", "--hidden", "8", "--epochs", "3", "--out", model.toString()).ok();
    assertTrue(train.out().contains("Data: " + file("raw.csv") + ", 60 rows x 3 columns."), train.out());
    assertTrue(train.out().contains("Target: c2 -> classification"), train.out());
    assertTrue(train.out().contains("--csv " + file("raw.csv") + " --delimiter ';' --skip-rows 1 --no-header"),
        train.out());
    CliRun predict = CliRun.of("predict", "--model", model.toString(), "--csv", file("raw.csv"), "--delimiter",
        ";", "--skip-rows", "1", "--no-header").ok();
    assertTrue(predict.out().lines().count() >= 61, predict.out());
  }

  @Test
  void columnsNameAHeaderlessFileAndTargetIsByName(@TempDir Path tmp) {
    CliRun train = CliRun.of("train", "--csv", file("raw.csv"), "--delimiter", ";", "--skip-rows", "1",
        "--columns", "width,height,label", "--target", "label", "--hidden", "none", "--epochs", "2", "--out",
        tmp.resolve("m").toString()).ok();
    assertTrue(train.out().contains("Target: label -> classification"), train.out());
    assertTrue(train.out().contains("width"), train.out());
  }

  @Test
  void tabDelimiterAndTargetIndexOnARegressionFileReportsMae(@TempDir Path tmp) {
    for (String tab : List.of("tab", "\\t")) {
      CliRun train = CliRun.of("train", "--csv", file("tabbed.tsv"), "--delimiter", tab, "--target", "2",
          "--hidden", "8", "--epochs", "2", "--out", tmp.resolve("m" + tab.length()).toString()).ok();
      assertTrue(train.out().contains("Target: y -> regression"), train.out());
      assertTrue(train.out().matches("(?s).*Validation: RMSE \\S+, MAE \\S+, R\\^2 .*"), train.out());
    }
  }

  @Test
  void patienceStopsEarlyAndRestoresTheBestEpoch(@TempDir Path tmp) throws IOException {
    Path model = tmp.resolve("m");
    CliRun train = CliRun.of("train", "--csv", "iris", "--hidden", "16", "--lr", "0.3", "--epochs", "40",
        "--patience", "2", "--out", model.toString()).ok();
    assertTrue(train.out().contains("Stopped early after epoch"), train.out());
    assertTrue(train.out().contains("did not improve for 2 epochs"), train.out());
    assertTrue(train.out().contains("Restored the weights of epoch"), train.out());
    assertTrue(train.out().contains("note: over-fitting: validation loss rose from"), train.out());
    assertTrue(train.out().contains("the saved weights are the best epoch's"), train.out());
    History h = History.readCsv(model.resolve("history.csv"));
    assertTrue(h.size() < 40, () -> "epochs run: " + h.size());
  }

  @Test
  void noRestoreBestKeepsTheLastWeights(@TempDir Path tmp) {
    CliRun train = CliRun.of("train", "--csv", "iris", "--hidden", "16", "--lr", "0.3", "--epochs", "40",
        "--patience", "2", "--monitor", "accuracy", "--no-restore-best", "--out", tmp.resolve("m").toString()).ok();
    assertTrue(train.out().contains("validation accuracy did not improve"), train.out());
    assertTrue(!train.out().contains("Restored the weights"), train.out());
  }

  @Test
  void balancedClassWeightsAreScikitLearns(@TempDir Path tmp) {
    CliRun train = CliRun.of("train", "--csv", file("raw.csv"), "--delimiter", ";", "--skip-rows", "1",
        "--no-header", "--target", "c2", "--class-weights", "balanced", "--val-split", "0", "--hidden", "none",
        "--epochs", "2", "--out", tmp.resolve("m").toString()).ok();
    // 40 'no' and 20 'yes' rows: 60 / (2 * 40) and 60 / (2 * 20)
    assertTrue(train.out().contains("Class weights: no 0.7500, yes 1.500."), train.out());
    assertTrue(train.out().contains("cross-entropy with balanced class weights"), train.out());
  }

  @Test
  void replicasTrainDataParallelAndTheHeaderSaysHowMany(@TempDir Path tmp) {
    CliRun train = CliRun.of("train", "--csv", "iris", "--hidden", "8", "--epochs", "2", "--replicas", "2",
        "--out", tmp.resolve("m").toString()).ok();
    assertTrue(train.out().contains("Training: 2 epochs, batches of 32, seed 0, 2 replicas."), train.out());
    CliRun auto = CliRun.of("train", "--csv", "iris", "--hidden", "8", "--epochs", "1",
        "--out", tmp.resolve("a").toString()).ok();
    assertTrue(auto.out().contains("seed 0, 1 replica (auto)."), auto.out());
  }

  @Test
  void autoReplicasNeedRowsPerCoreAndWork() {
    assertEquals(2, TrainCommand.autoReplicas(1024, 670_000, 2));
    assertEquals(16, TrainCommand.autoReplicas(4096, 670_000, 16));
    assertEquals(1, TrainCommand.autoReplicas(1024, 670_000, 16));   // 64 rows per core
    assertEquals(1, TrainCommand.autoReplicas(256, 4_675, 2));        // 1.2M row-parameter products
    assertEquals(1, TrainCommand.autoReplicas(4096, 670_000, 1));
  }

  @Test
  void aColumnNamedByDigitsWinsOverTheIndex() {
    tech.tablesaw.api.Table t = tech.tablesaw.api.Table.create("t", tech.tablesaw.api.StringColumn.create("a"),
        tech.tablesaw.api.StringColumn.create("0"), tech.tablesaw.api.StringColumn.create("b"));
    CsvSource src = CsvSource.resolve("iris", "--csv");
    assertEquals("0", TrainCommand.targetColumn("0", t, src));
    assertEquals("b", TrainCommand.targetColumn("2", t, src));
    assertEquals("x1", TrainCommand.targetColumn("x1", t, src));
  }

  @Test
  void balancedWeightsFormula() {
    // sklearn.utils.class_weight.compute_class_weight("balanced", classes=[0, 1, 2], y=[0, 0, 0, 1, 2, 2])
    assertArrayEquals(new float[] {2f / 3, 2f, 1f},
        TrainCommand.balancedWeights(Tensor.of(0, 0, 0, 1, 2, 2), 3), 1e-6f);
  }

  @Test
  void overfittingNoteNamesTheBestEpoch() {
    History rising = History.fromCsv("epoch,step,train_loss,val_loss\n1,1,1.0,0.9\n2,2,0.6,0.5\n3,3,0.4,0.55\n"
        + "4,4,0.3,0.7\n");
    String note = TrainCommand.overfittingNote(rising);
    assertTrue(note.contains("over-fitting: validation loss rose from 0.5000 (epoch 2, its best) to 0.7000 (epoch 4)"),
        note);
    assertTrue(note.contains("training loss fell from 0.6000 to 0.3000"), note);
    assertNull(TrainCommand.overfittingNote(History.fromCsv(
        "epoch,step,train_loss,val_loss\n1,1,1.0,0.9\n2,2,0.6,0.5\n3,3,0.4,0.45\n")));
    assertNull(TrainCommand.overfittingNote(History.fromCsv(
        "epoch,step,train_loss,val_loss\n1,1,1.0,0.9\n2,2,0.6,0.5\n3,3,0.7,0.6\n")));
  }

  static Stream<Arguments> badOptions() {
    String raw = file("raw.csv");
    return Stream.of(
        Arguments.of(List.of("train", "--csv", raw, "--delimiter", ";;"), 2,
            List.of("--delimiter: expected one character", "';;'")),
        Arguments.of(List.of("train", "--csv", raw, "--delimiter", "\""), 2, List.of("--delimiter")),
        Arguments.of(List.of("train", "--csv", raw, "--skip-rows", "-1"), 2,
            List.of("--skip-rows: must be at least 0, got -1")),
        Arguments.of(List.of("train", "--csv", raw, "--delimiter", ";", "--skip-rows", "1", "--columns", "a,b",
            "--target", "b"), 2, List.of("--columns: 2 names given (a,b)", raw, "has 3 fields")),
        Arguments.of(List.of("train", "--csv", raw, "--delimiter", ";", "--skip-rows", "1", "--no-header",
            "--target", "3"), 2, List.of("--target: column index 3 is out of range", "has 3 columns", "0 to 2")),
        Arguments.of(List.of("train", "--csv", "iris", "--patience", "0"), 2,
            List.of("--patience: must be at least 1, got 0")),
        Arguments.of(List.of("train", "--csv", "iris", "--patience", "3", "--val-split", "0"), 2,
            List.of("--patience needs validation rows", "--val-split")),
        Arguments.of(List.of("train", "--csv", "iris", "--restore-best", "--val-split", "0"), 2,
            List.of("--restore-best needs validation rows")),
        Arguments.of(List.of("train", "--csv", "iris", "--monitor", "f1"), 2,
            List.of("--monitor: expected loss or accuracy, got 'f1'")),
        Arguments.of(List.of("train", "--csv", "auto_mpg", "--monitor", "accuracy", "--patience", "2"), 2,
            List.of("--monitor accuracy applies to classification", "'mpg' is a regression target")),
        Arguments.of(List.of("train", "--csv", "iris", "--replicas", "0"), 2,
            List.of("--replicas: must be at least 1, got 0")),
        Arguments.of(List.of("train", "--csv", "iris", "--class-weights", "auto"), 2,
            List.of("--class-weights: expected 'balanced', got 'auto'")),
        Arguments.of(List.of("train", "--csv", "auto_mpg", "--class-weights", "balanced"), 2,
            List.of("--class-weights applies to classification")),
        Arguments.of(List.of("predict", "--model", raw, "--csv", raw, "--delimiter", "tabs"), 2,
            List.of("--delimiter: expected one character", "'tabs'")));
  }

  @ParameterizedTest
  @MethodSource("badOptions")
  void badOptionIsOneLine(List<String> args, int code, List<String> fragments) {
    String command = "jgrad " + args.get(0) + ": ";
    CliRun.of(args.toArray(new String[0])).error(code, command, fragments.toArray(new String[0]));
  }
}
