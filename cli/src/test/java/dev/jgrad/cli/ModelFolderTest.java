package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.datasets.Preprocessor;
import dev.jgrad.nn.Checkpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The folder of {@code jgrad train --out}: written as a unit with the weights' fingerprint in preprocessing.json,
 * output paths checked before training, and {@code jgrad predict} refusing files that do not belong together.
 */
class ModelFolderTest {
  @TempDir
  static Path runs;
  static Path irisA;
  static Path irisB;
  static Path penguins;

  @BeforeAll
  static void train() {
    irisA = runs.resolve("iris-a");
    irisB = runs.resolve("iris-b");
    penguins = runs.resolve("penguins");
    CliRun.of("train", "--csv", "iris", "--hidden", "4", "--epochs", "2", "--seed", "1", "--out", irisA.toString())
        .ok();
    CliRun.of("train", "--csv", "iris", "--hidden", "4", "--epochs", "2", "--seed", "2", "--out", irisB.toString())
        .ok();
    CliRun.of("train", "--csv", "penguins", "--hidden", "4", "--epochs", "1", "--out", penguins.toString()).ok();
  }

  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theFolderHoldsTheWeightsFingerprintAndNoTemporaries() throws Exception {
    assertEquals(List.of("history.csv", "loss.html", "loss.png", "model.safetensors", "preprocessing.json"),
        names(irisA));
    Preprocessor pre = Preprocessor.load(irisA.resolve("preprocessing.json"));
    assertEquals(Checkpoints.fingerprint(Checkpoints.load(irisA.resolve("model.safetensors")).tensors()),
        pre.modelFingerprint());
    assertTrue(names(runs).stream().noneMatch(n -> n.startsWith(".")), names(runs).toString());
  }

  @Test
  void retrainingReplacesTheWholeFolder() throws Exception {
    Path dir = runs.resolve("again");
    CliRun.of("train", "--csv", "iris", "--hidden", "4", "--epochs", "1", "--out", dir.toString()).ok();
    Files.writeString(dir.resolve("stray.txt"), "from before");
    // a leftover of a killed write of the same folder is cleaned up by the next one
    Files.createDirectories(runs.resolve(".again.1234.jgrad-new"));
    CliRun.of("train", "--csv", "iris", "--hidden", "4", "--epochs", "1", "--seed", "3", "--out", dir.toString())
        .ok();
    assertFalse(Files.exists(dir.resolve("stray.txt")), "the old folder is replaced, not merged");
    assertTrue(names(runs).stream().noneMatch(n -> n.startsWith(".again")), names(runs).toString());
    CliRun.of("predict", "--model", dir.toString(), "--csv", "iris").ok();
  }

  @Test
  void outputPathsAreCheckedBeforeTraining() throws Exception {
    Path file = Files.writeString(runs.resolve("a-file"), "x");
    CliRun r = CliRun.of("train", "--csv", "iris", "--epochs", "1", "--out", file.toString())
        .error(2, "jgrad train: ", "--out: cannot write " + file, "it exists and is a file, not a folder");
    assertFalse(r.out().contains("Training:"), "refused before training: " + r.out());
    CliRun.of("train", "--csv", "iris", "--epochs", "1", "--out", file.resolve("sub").toString())
        .error(2, "jgrad train: ", "--out: cannot write", "is a file, not a folder");
    assertFalse(r.err().contains("jgrad-new") || r.err().contains("FileAlreadyExists"), r.err());
  }

  @Test
  void predictRefusesWeightsFromAnotherRun() throws Exception {
    Path mixed = runs.resolve("mixed");
    Files.createDirectories(mixed);
    Files.copy(irisA.resolve("preprocessing.json"), mixed.resolve("preprocessing.json"));
    Files.copy(irisB.resolve("model.safetensors"), mixed.resolve("model.safetensors"));
    CliRun.of("predict", "--model", mixed.toString(), "--csv", "iris").error(1, "jgrad predict: ",
        "the model and its preprocessing do not belong together", "fingerprint",
        mixed.resolve("model.safetensors").toString(), mixed.resolve("preprocessing.json").toString());
  }

  @Test
  void predictRefusesMismatchedWidths() throws Exception {
    Path mixed = runs.resolve("widths");
    Files.createDirectories(mixed);
    Files.copy(penguins.resolve("preprocessing.json"), mixed.resolve("preprocessing.json"));
    Files.copy(irisA.resolve("model.safetensors"), mixed.resolve("model.safetensors"));
    CliRun.of("predict", "--model", mixed.toString(), "--csv", "penguins").error(1, "jgrad predict: ",
        "the model takes 4 input features but the preprocessing produces", "model.safetensors",
        "preprocessing.json");
  }

  @Test
  void foldersWrittenBeforeFingerprintsStillPredict() throws Exception {
    Path old = runs.resolve("old");
    Files.createDirectories(old);
    for (String f : List.of("model.safetensors", "preprocessing.json")) {
      Files.copy(Path.of(getClass().getResource("compat/penguins-model/" + f).toURI()), old.resolve(f),
          StandardCopyOption.REPLACE_EXISTING);
    }
    assertEquals(null, Preprocessor.load(old.resolve("preprocessing.json")).modelFingerprint());
    CliRun.of("predict", "--model", old.toString(), "--csv", "penguins").ok();
  }
}
