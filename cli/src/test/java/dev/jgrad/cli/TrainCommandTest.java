package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.datasets.Datasets;
import dev.jgrad.datasets.Preprocessor;
import dev.jgrad.nn.Checkpoint;
import dev.jgrad.nn.Checkpoints;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code jgrad train}: round trips with predict on iris (classification) and auto-mpg (regression), and errors. */
class TrainCommandTest {
  @TempDir
  static Path files;

  @BeforeAll
  static void writeBadFiles() throws IOException {
    Files.writeString(files.resolve("empty.csv"), "");
    Files.writeString(files.resolve("header_only.csv"), "a,b,y\n");
    Files.writeString(files.resolve("mixed.csv"), "a,b,y\n1,2,x\n3,?,y\n4,5,x\n6,7,y\n8,9,x\n");
    Files.writeString(files.resolve("ragged.csv"), "a,b,y\n1,2,x\n3,4\n");
    Files.writeString(files.resolve("one_class.csv"), "a,y\n1,x\n2,x\n3,x\n");
  }

  static Stream<Arguments> badInputs() {
    String dir = files.toString();
    return Stream.of(
        // usage errors (2): the command must change
        Arguments.of(List.of("--csv", dir + "/nosuch.csv", "--target", "y"), 2, List.of("--csv: no such file")),
        Arguments.of(List.of("--csv", "nosuchdataset", "--target", "y"), 2,
            List.of("no bundled dataset of that name", "iris, penguins")),
        Arguments.of(List.of("--csv", dir, "--target", "y"), 2, List.of("is a directory")),
        Arguments.of(List.of("--csv", "iris", "--target", "specie"), 2,
            List.of("--target: no column 'specie'", "the columns are sepal_length_cm", "species")),
        Arguments.of(List.of("--csv", dir + "/mixed.csv"), 2, List.of("--target is required", "a, b, y")),
        Arguments.of(List.of("--csv", "auto_mpg", "--features", "weight,mpg_x"), 2,
            List.of("--features: no columns 'weight', 'mpg_x'", "the columns are name, mpg")),
        Arguments.of(List.of("--csv", "iris", "--features", "species"), 2, List.of("is the target column")),
        Arguments.of(List.of("--csv", "iris", "--epochs", "0"), 2, List.of("--epochs: must be at least 1, got 0")),
        Arguments.of(List.of("--csv", "iris", "--epochs", "ten"), 2, List.of("'--epochs'", "'ten' is not an int")),
        Arguments.of(List.of("--csv", "iris", "--batch-size", "-4"), 2, List.of("--batch-size: must be at least 1")),
        Arguments.of(List.of("--csv", "iris", "--accumulate", "0"), 2, List.of("--accumulate: must be at least 1")),
        Arguments.of(List.of("--csv", "iris", "--hidden", "64,x"), 2, List.of("--hidden: expected", "'64,x'")),
        Arguments.of(List.of("--csv", "iris", "--activation", "swish"), 2, List.of("--activation", "'swish'")),
        Arguments.of(List.of("--csv", "iris", "--optimizer", "lbfgs"), 2, List.of("--optimizer", "'lbfgs'")),
        Arguments.of(List.of("--csv", "iris", "--task", "ranking"), 2, List.of("--task", "'ranking'")),
        Arguments.of(List.of("--csv", "iris", "--lr", "-0.1"), 2, List.of("--lr: must be a positive number")),
        Arguments.of(List.of("--csv", "iris", "--momentum", "1.5", "--optimizer", "sgd"), 2,
            List.of("--momentum: must be in [0, 1)")),
        Arguments.of(List.of("--csv", "iris", "--momentum", "0.5"), 2, List.of("applies to sgd and rmsprop")),
        Arguments.of(List.of("--csv", "iris", "--val-split", "1"), 2, List.of("--val-split: must be in [0, 1)")),
        Arguments.of(List.of("--csv", "iris", "--bogus"), 2, List.of("Unknown option: '--bogus'")),
        Arguments.of(List.of("--target", "y"), 2, List.of("name the rows to read: --csv FILE", "--jdbc URL --query SQL")),
        // failures (1): the data is wrong
        Arguments.of(List.of("--csv", dir + "/empty.csv", "--target", "y"), 1, List.of("empty.csv is empty")),
        Arguments.of(List.of("--csv", dir + "/header_only.csv", "--target", "y"), 1, List.of("no data rows")),
        Arguments.of(List.of("--csv", dir + "/ragged.csv", "--target", "y"), 1, List.of("row 3", "ragged row")),
        Arguments.of(List.of("--csv", dir + "/mixed.csv", "--target", "y"), 1,
            List.of("column 'b'", "non-numeric cell", "'?' in row 3", "--na '?'")),
        Arguments.of(List.of("--csv", "auto_mpg", "--features", "name,weight_lbs"), 1,
            List.of("feature 'name'", "is not numeric", "'chevrolet chevelle malibu' in row 2")),
        Arguments.of(List.of("--csv", "iris", "--task", "regression"), 1,
            List.of("needs a numeric target", "'setosa' in row 2")),
        Arguments.of(List.of("--csv", dir + "/one_class.csv", "--target", "y"), 1, List.of("single value ('x')")),
        Arguments.of(List.of("--csv", "iris", "--optimizer", "sgd", "--lr", "1e6", "--epochs", "3", "--out",
            dir + "/diverged"), 1, List.of("training diverged, nothing was saved", "loss is NaN")));
  }

  @ParameterizedTest
  @MethodSource("badInputs")
  void badInputIsOneLineWithItsExitCode(List<String> args, int code, List<String> fragments) {
    String[] all = Stream.concat(Stream.of("train"), args.stream()).toArray(String[]::new);
    CliRun.of(all).error(code, "jgrad train: ", fragments.toArray(new String[0]));
  }

  @Test
  void divergedRunSavesNothing() {
    CliRun.of("train", "--csv", "iris", "--optimizer", "sgd", "--lr", "1e6", "--epochs", "2", "--out",
        files.resolve("diverged2").toString());
    assertTrue(!Files.exists(files.resolve("diverged2").resolve("model.safetensors")));
  }

  @Test
  void irisTrainThenPredict(@TempDir Path tmp) throws IOException {
    Path model = tmp.resolve("iris-model");
    CliRun train = CliRun.of("train", "--csv", "iris", "--hidden", "16", "--epochs", "15", "--batch-size", "16",
        "--out", model.toString()).ok();
    assertTrue(train.out().contains("Target: species -> classification"), train.out());
    assertTrue(train.out().contains("120 for training, 30 for validation (stratified)"), train.out());
    assertTrue(train.out().contains("epoch 15/15"), train.out());
    assertTrue(number(train.out(), "Validation: accuracy ([0-9.]+)") >= 0.9, train.out());
    for (String f : List.of("model.safetensors", "preprocessing.json", "history.csv", "loss.png", "loss.html")) {
      assertTrue(Files.size(model.resolve(f)) > 0, f);
    }
    Checkpoint checkpoint = Checkpoints.load(model.resolve("model.safetensors"));
    Map<String, String> meta = checkpoint.metadata();
    assertEquals("jgrad-mlp/1", meta.get("format"));
    assertEquals("16", meta.get("hidden"));
    assertEquals("species", meta.get("target"));
    assertTrue(meta.get("architecture").contains("Linear(in_features=4, out_features=16, bias=True)"),
        meta.get("architecture"));
    assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(checkpoint.tensors().keySet()));
    Preprocessor pre = Preprocessor.load(model.resolve("preprocessing.json"));
    assertEquals(List.of("setosa", "versicolor", "virginica"), pre.classNames());
    assertEquals(16, Files.readAllLines(model.resolve("history.csv")).size()); // header + 15 epochs

    // A file without the target column: predictions only.
    Path features = tmp.resolve("flowers.csv");
    Files.writeString(features, withoutLastColumn(bundledCsv("iris.csv")));
    CliRun predict = CliRun.of("predict", "--model", model.toString(), "--csv", features.toString()).ok();
    List<String> lines = predict.out().lines().toList();
    assertEquals("row,predicted_species,probability", lines.get(0));
    assertEquals(151, lines.size());
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      assertTrue(List.of("setosa", "versicolor", "virginica").contains(cells[1]), line);
      double p = Double.parseDouble(cells[2]);
      assertTrue(p > 0.33 && p <= 1, line);
    }
    assertTrue(predict.err().startsWith("150 predictions of species"), predict.err());
    assertTrue(!predict.err().contains("accuracy"), predict.err());

    // The bundled name, with the target column: accuracy against it, written to a file.
    Path out = tmp.resolve("predictions.csv");
    CliRun scored = CliRun.of("predict", "--model", model.toString(), "--csv", "iris", "--out", out.toString()).ok();
    assertTrue(number(scored.out(), "Accuracy against the 'species' column: ([0-9.]+)") >= 0.9, scored.out());
    List<String> written = Files.readAllLines(out);
    assertEquals("sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm,species,predicted_species,probability",
        written.get(0));
    assertEquals(151, written.size());
    assertTrue(written.get(1).startsWith("5.1,3.5,1.4,0.2,setosa,"), written.get(1));
  }

  @Test
  void autoMpgRegressionTrainThenPredict(@TempDir Path tmp) throws IOException {
    Path model = tmp.resolve("mpg");
    CliRun train = CliRun.of("train", "--csv", "auto_mpg", "--hidden", "32", "--epochs", "30", "--out",
        model.toString()).ok();
    String o = train.out();
    assertTrue(o.contains("Target: mpg -> regression (8 rows without it are dropped)"), o);
    assertTrue(o.contains("note: skipped 'name'"), o);
    assertMatches(o, "horsepower +number +6 +standardised, missing -> training median");
    assertMatches(o, "origin +category \\(3 values\\) +0 +one-hot");
    assertTrue(number(o, "R\\^2 ([0-9.]+)") > 0.75, o);
    assertTrue(number(o, "Validation: RMSE ([0-9.]+)") < 4.5, o);

    CliRun predict = CliRun.of("predict", "--model", model.toString(), "--csv", "auto_mpg").ok();
    List<String> lines = predict.out().lines().toList();
    assertEquals("row,mpg,predicted_mpg", lines.get(0));
    assertEquals(407, lines.size()); // every row, also the 8 without an mpg
    assertTrue(number(predict.err(), "RMSE against the 'mpg' column: ([0-9.]+) over 398 rows") < 4, predict.err());
  }

  @Test
  void fileWithCategoriesMissingValuesAndOptions(@TempDir Path tmp) throws IOException {
    // y is 1 when x1 + (color == red) > 1; '?' marks missing numbers, empty cells missing colours.
    StringBuilder csv = new StringBuilder("id_text,x1,color,x2,y\n");
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < 200; i++) {
      double x1 = r.nextDouble() * 2;
      String color = List.of("red", "green", "blue").get(r.nextInt(3));
      int y = x1 + (color.equals("red") ? 1 : 0) > 1 ? 1 : 0;
      String x = i % 37 == 5 ? "?" : String.format(java.util.Locale.ROOT, "%.3f", x1);
      csv.append("row-").append(i).append(',').append(x).append(',').append(i % 41 == 7 ? "" : color).append(',')
          .append(r.nextInt(5)).append(',').append(y).append('\n');
    }
    Path file = tmp.resolve("toy.csv");
    Files.writeString(file, csv.toString());
    CliRun run = CliRun.of("train", "--csv", file.toString(), "--target", "y", "--na", "?", "--optimizer", "sgd",
        "--lr", "0.1", "--accumulate", "2", "--batch-size", "8", "--epochs", "25", "--hidden", "8",
        "--activation", "tanh", "--out", tmp.resolve("toy").toString()).ok();
    String o = run.out();
    assertTrue(o.contains("Target: y -> classification"), o);
    assertTrue(o.contains("note: skipped 'id_text'"), o);
    assertMatches(o, "x1 +number +6 +standardised, missing -> training median");
    assertMatches(o, "color +category \\(3 values\\) +5 +one-hot, missing -> most frequent");
    assertTrue(o.contains("batches of 8 accumulated 2 at a time (16 rows per optimizer step)"), o);
    assertTrue(o.contains("SGD lr 0.1, momentum 0.9"), o);
    assertTrue(number(o, "Validation: accuracy ([0-9.]+)") >= 0.85, o);
    assertTrue(Files.exists(tmp.resolve("toy").resolve("model.safetensors")));
  }

  @Test
  void linearModelWithoutValidation(@TempDir Path tmp) {
    CliRun run = CliRun.of("train", "--csv", "diabetes", "--hidden", "none", "--val-split", "0", "--epochs", "20",
        "--optimizer", "rmsprop", "--out", tmp.toString()).ok();
    assertTrue(run.out().contains("442 for training, 0 for validation"), run.out());
    assertTrue(run.out().contains("Model: MLP 10 -> 1 (linear), 11 parameters"), run.out());
    assertTrue(number(run.out(), "R\\^2 ([0-9.]+) \\(no validation split\\)") > 0.4, run.out());
  }

  @Test
  void helpListsEveryOption() {
    CliRun help = CliRun.of("train", "--help").ok();
    for (String option : List.of("--csv", "--target", "--task", "--features", "--hidden", "--activation",
        "--optimizer", "--lr", "--momentum", "--epochs", "--batch-size", "--accumulate", "--val-split", "--seed",
        "--out", "--na", "--verbose")) {
      assertTrue(help.out().contains(option), option);
    }
  }

  static void assertMatches(String text, String regex) {
    assertTrue(Pattern.compile(regex).matcher(text).find(), () -> "no match for " + regex + " in:\n" + text);
  }

  static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), () -> "no match for " + regex + " in:\n" + text);
    return Double.parseDouble(m.group(1));
  }

  static String bundledCsv(String name) throws IOException {
    try (InputStream in = Datasets.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static String withoutLastColumn(String csv) {
    StringBuilder sb = new StringBuilder();
    for (String line : csv.split("\n")) {
      sb.append(line, 0, line.lastIndexOf(',')).append('\n');
    }
    return sb.toString();
  }
}
