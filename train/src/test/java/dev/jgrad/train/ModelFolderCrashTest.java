package dev.jgrad.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.jgrad.autograd.io.AtomicFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at random moments of a process that rewrites a model folder again and again with {@link AtomicFolder}
 * ({@link FolderWriterMain}, as {@code jgrad train --out DIR} writes its folder) never leaves a half-written
 * folder: after every kill, the folder {@link AtomicFolder#readable} finds holds one generation whole (all its
 * files from the same write, none cut short), one the child had started to write; and the next write in the same
 * parent folder leaves nothing but the target behind. Half of the kills are aimed into a write.
 */
class ModelFolderCrashTest {
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void aFewKillsDuringFolderWrites() throws Exception {
    killRepeatedly(8, 1);
  }

  @Test
  @Tag("long")
  void aHundredKillsDuringFolderWrites() throws Exception {
    killRepeatedly(100, 2);
  }

  private void killRepeatedly(int kills, long seed) throws Exception {
    assumeFalse("java".equals(System.getProperty("jgrad.kernels")),
        "no arithmetic: runs in one of the two surefire executions");
    Path target = dir.resolve("model");
    Random random = new Random(seed);
    Set<Long> started = new HashSet<>();
    long next = 1;
    int killsLeavingLeftovers = 0;
    for (int i = 0; i < kills; i++) {
      try (ChildJvm.Running child = ChildJvm.of(FolderWriterMain.class, target.toString(), Long.toString(next))
          .option("-XX:TieredStopAtLevel=1").start()) {
        child.killAtRandom(random, "WRITING", "WROTE", 1, 300, PATIENCE);
        for (String line : child.lines()) {
          if (line.startsWith("WRITING ")) {
            started.add(Long.parseLong(line.substring(8)));
          }
        }
      }
      if (!List.of("model").equals(names())) {
        killsLeavingLeftovers++;
      }
      Path readable = AtomicFolder.readable(target);
      long gen = FolderWriterMain.generation(readable);
      assertTrue(gen > 0 && started.contains(gen), "kill " + (i + 1) + ": " + readable + " holds "
          + (gen < 0 ? "a half-written folder" : "generation " + gen + ", which was never written") + "; "
          + names());
      next = started.stream().mapToLong(Long::longValue).max().getAsLong() + 1;
      FolderWriterMain.write(target, next); // the next write in this folder
      assertEquals(next, FolderWriterMain.generation(target));
      assertEquals(List.of("model"), names(), "the next write leaves only the target");
      next++;
    }
    System.out.printf("%d kills, %d left a temporary folder%n", kills, killsLeavingLeftovers);
  }

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
