package dev.jgrad.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.jgrad.train.TrainingRun.Arch;
import dev.jgrad.train.TrainingRun.Config;
import dev.jgrad.train.TrainingRun.Optim;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at random moments of a training run that saves a checkpoint after every epoch
 * ({@link CheckpointWriterMain} in a child JVM, killed with {@link Process#destroyForcibly}) never costs the
 * checkpoint: after every kill the file loads ({@link Trainer#resume}) and holds one of the states the child
 * announced before saving, and the run, resumed again and again across kills, ends bit-identical to a run without
 * a break. Half of the kills are aimed at a write (a random part of a save's duration after the child announces
 * one), the others fall anywhere. After each kill this test saves the loaded state again into the same folder (the
 * next save), and that save must leave no stale temporary file of the writer behind. Loading and saving in this JVM
 * does no arithmetic on the weights, so the children may use other kernels than the test; the uninterrupted run
 * they are compared with runs in a child like them.
 */
class CheckpointCrashTest {
  private static final Duration PATIENCE = Duration.ofSeconds(120);
  /** Two micro-batches of 32 an epoch, and a 1 MB checkpoint (weights and Adam's two moments). */
  private static final Config RUN = Config.of(Arch.WIDE_MLP, Optim.ADAM, 3).samples(64);
  /**
   * The children run the plain-Java kernels on the C1 compiler: a killed JVM lives a second or two, and the SIMD
   * kernels only pay off once C2 has compiled them (cold, the first epochs took 4 s instead of 1.5 s).
   */
  private static final String[] CHILD_OPTIONS = {"-Djgrad.kernels=java", "-XX:TieredStopAtLevel=1",
      "-XX:+UseSerialGC"};

  @TempDir Path dir;

  @Test
  void aFewKillsDuringCheckpointWrites() throws Exception {
    killRepeatedly(5, 1);
  }

  @Test
  @Tag("long")
  void aHundredKillsDuringCheckpointWrites() throws Exception {
    killRepeatedly(100, 2);
  }

  private void killRepeatedly(int kills, long seed) throws Exception {
    assumeFalse("java".equals(System.getProperty("jgrad.kernels")),
        "the children choose their own kernels: runs in one of the two surefire executions");
    Path file = dir.resolve("last.safetensors");
    Random random = new Random(seed);
    Set<String> announced = new HashSet<>();
    Set<String> staleAfterNextSave = new TreeSet<>();
    int killsLeavingATemporary = 0;
    // Kills go on past the planned number (up to four times as many) until one has left a temporary file, so the
    // last assertion is never vacuous.
    int i = 0;
    for (; i < kills || (killsLeavingATemporary == 0 && i < 4 * kills); i++) {
      List<String> before = othersThan(file);
      try (ChildJvm.Running child = child(CheckpointWriterMain.class, args(file)).start()) {
        // the first save is cold: the second one's duration bounds the delay of a kill aimed into a write
        child.killAtRandom(random, "SAVING", "SAVED", 2, 400, PATIENCE);
        child.lines().stream().filter(l -> l.startsWith("SAVING ")).map(l -> l.substring(7))
            .forEach(announced::add);
      }
      if (!before.containsAll(othersThan(file))) {
        killsLeavingATemporary++;
      }
      TrainingRun loaded = new TrainingRun(RUN);
      loaded.trainer.resume(file);
      String digest = loaded.digest();
      assertTrue(announced.contains(digest), "kill " + (i + 1) + ": the checkpoint after the kill holds a state "
          + "that was never saved (epoch " + loaded.trainer.epochsCompleted() + ")");
      loaded.trainer.saveCheckpoint(file); // the next save in this folder
      staleAfterNextSave.addAll(othersThan(file));
    }

    TrainingRun resumed = new TrainingRun(RUN);
    int epochs = resumed.trainer.resume(file);
    Path reference = Files.createDirectory(dir.resolve("uninterrupted"));
    ChildJvm.Result uninterrupted =
        child(TrainingRunMain.class, TrainingRunMain.args(reference, epochs, RUN)).run(PATIENCE);
    assertEquals(uninterrupted.value("DIGEST " + RUN.arch() + " "), resumed.digest(),
        "a run killed " + i + " times and resumed each time ends where an uninterrupted run does");
    System.out.printf("%d kills, %d left a temporary file, %d epochs in the end%n", i, killsLeavingATemporary,
        epochs);

    // STALE-TEMPORARY ASSERTION: the save after a kill removes the temporary files a killed save left behind.
    assertTrue(killsLeavingATemporary > 0, "no kill of " + i + " left a temporary file to clean up");
    assertEquals(Set.of(), staleAfterNextSave, killsLeavingATemporary + " of " + i + " kills left a temporary "
        + "file; these were still there after the next successful save in the folder");
  }

  private static ChildJvm child(Class<?> main, String... args) {
    ChildJvm jvm = ChildJvm.of(main, args);
    for (String option : CHILD_OPTIONS) {
      jvm.option(option);
    }
    return jvm;
  }

  private static String[] args(Path file) {
    List<String> args = new ArrayList<>(List.of(file.toString()));
    args.addAll(List.of(RUN.args()));
    return args.toArray(String[]::new);
  }

  /** The names of the folder's files other than {@code file}. */
  private List<String> othersThan(Path file) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> !f.equals(file)).map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
