package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.nn.Checkpoints;
import dev.jgrad.nn.Linear;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jgrad predict}: a model folder from a quick iris training, applied to good and bad inputs. */
class PredictCommandTest {
  @TempDir
  static Path tmp;
  static Path model;

  @BeforeAll
  static void trainOnce() {
    model = tmp.resolve("iris");
    CliRun.of("train", "--csv", "iris", "--hidden", "8", "--epochs", "10", "--out", model.toString()).ok();
  }

  @Test
  void acceptsTheSafetensorsFileAsWellAsTheFolder() {
    CliRun run = CliRun.of("predict", "--model", model.resolve("model.safetensors").toString(), "--csv", "iris").ok();
    assertTrue(run.out().startsWith("row,species,predicted_species,probability\n1,setosa,"), run.out());
  }

  @Test
  void unseenCategoryAndMissingCellsStillPredict(@TempDir Path dir) throws IOException {
    // A model with a categorical feature, then rows with an unseen category and missing numbers.
    Path file = dir.resolve("pets.csv");
    StringBuilder csv = new StringBuilder("weight,kind,legs\n");
    for (int i = 0; i < 60; i++) {
      boolean bird = i % 2 == 0;
      csv.append(bird ? 1 + i % 3 : 20 + i % 7).append(',').append(bird ? "bird" : "dog").append(',')
          .append(bird ? 2 : 4).append('\n');
    }
    Files.writeString(file, csv.toString());
    Path m = dir.resolve("pets-model");
    CliRun.of("train", "--csv", file.toString(), "--target", "legs", "--epochs", "20", "--hidden", "8", "--out",
        m.toString()).ok();
    Path rows = dir.resolve("new.csv");
    Files.writeString(rows, "weight,kind\n2,bird\n25,dog\nNA,cat\n");
    CliRun run = CliRun.of("predict", "--model", m.toString(), "--csv", rows.toString()).ok();
    List<String> lines = run.out().lines().toList();
    assertEquals("row,predicted_legs,probability", lines.get(0));
    assertTrue(lines.get(1).startsWith("1,2,"), run.out());
    assertTrue(lines.get(2).startsWith("2,4,"), run.out());
    assertEquals(4, lines.size(), run.out());
  }

  @Test
  void missingModelFolderIsUsage() {
    CliRun.of("predict", "--model", tmp.resolve("nothing-here").toString(), "--csv", "iris")
        .error(2, "jgrad predict: ", "--model: no such folder");
  }

  @Test
  void folderWithoutModelIsUsage(@TempDir Path empty) {
    CliRun.of("predict", "--model", empty.toString(), "--csv", "iris")
        .error(2, "jgrad predict: ", "has no model.safetensors");
  }

  @Test
  void missingCsvIsUsage() {
    CliRun.of("predict", "--model", model.toString(), "--csv", tmp.resolve("no.csv").toString())
        .error(2, "jgrad predict: ", "--csv: no such file");
  }

  @Test
  void csvWithoutTheFeatureColumnsFails(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("other.csv");
    Files.writeString(file, "a,b\n1,2\n");
    CliRun.of("predict", "--model", model.toString(), "--csv", file.toString())
        .error(1, "jgrad predict: ", "feature columns", "not found", "[a, b]");
  }

  @Test
  void checkpointWithoutArchitectureFails(@TempDir Path dir) throws IOException {
    Checkpoints.save(dir.resolve("model.safetensors"), new Linear(4, 3), Map.of());
    Files.copy(model.resolve("preprocessing.json"), dir.resolve("preprocessing.json"));
    CliRun.of("predict", "--model", dir.toString(), "--csv", "iris")
        .error(1, "jgrad predict: ", "does not describe a jgrad MLP", "'format' is missing");
  }

  @Test
  void requiredOptions() {
    CliRun.of("predict", "--csv", "iris").error(2, "jgrad predict: ", "Missing required option: '--model=DIR'");
  }

  @Test
  void csvLineQuotesOnlyWhatNeedsIt() {
    assertEquals("a,\"b,c\",\"say \"\"hi\"\"\",\n", PredictCommand.csvLine(List.of("a", "b,c", "say \"hi\"", "")));
  }
}
