package dev.jgrad.autograd.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFolderTest {
  @TempDir Path parent;

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesANewFolderAndReplacesAnOldOneWhole() throws IOException {
    Path out = parent.resolve("run");
    AtomicFolder.write(out, d -> {
      Files.writeString(d.resolve("a.txt"), "1");
      Files.writeString(d.resolve("old-only.txt"), "x");
    });
    assertEquals(List.of("a.txt", "old-only.txt"), names(out));
    AtomicFolder.write(out, d -> Files.writeString(d.resolve("a.txt"), "2"));
    assertEquals(List.of("a.txt"), names(out));
    assertEquals("2", Files.readString(out.resolve("a.txt")));
    assertEquals(List.of("run"), names(parent));
  }

  @Test
  void aFailureAtAnyPointLeavesTheOldFolderIntact() throws IOException {
    Path out = parent.resolve("run");
    AtomicFolder.write(out, d -> Files.writeString(d.resolve("a.txt"), "old"));
    IOException io = assertThrows(IOException.class, () -> AtomicFolder.write(out, d -> {
      Files.writeString(d.resolve("a.txt"), "new");
      throw new IOException("cannot write " + d.resolve("b.png") + ": no space left on device");
    }));
    assertEquals("cannot write " + out.toAbsolutePath().normalize().resolve("b.png")
        + ": no space left on device", io.getMessage());
    IllegalStateException runtime = assertThrows(IllegalStateException.class,
        () -> AtomicFolder.write(out, d -> {
          throw new IllegalStateException("bug");
        }));
    assertEquals("bug", runtime.getMessage());
    assertEquals("old", Files.readString(out.resolve("a.txt")));
    assertEquals(List.of("run"), names(parent));
  }

  @Test
  void leftoversOfAKilledWriteOfTheSameFolderAreRemoved() throws IOException {
    Files.createDirectories(parent.resolve(".run.1.jgrad-new/sub"));
    Files.createDirectories(parent.resolve(".run.2.jgrad-old"));
    Files.createDirectories(parent.resolve(".other.1.jgrad-new"));
    AtomicFolder.write(parent.resolve("run"), d -> Files.writeString(d.resolve("a"), ""));
    assertEquals(List.of(".other.1.jgrad-new", "run"), names(parent));
  }

  /** A kill between moving the old folder aside and renaming the new one in leaves no target. */
  @Test
  void aWriteKilledBetweenItsTwoRenamesLosesNeitherFolder() throws IOException {
    Path out = parent.resolve("run");
    assertEquals(out, AtomicFolder.readable(out)); // nothing there: the target, whose absence the caller reports
    Files.writeString(Files.createDirectories(parent.resolve(".run.2.jgrad-old")).resolve("a.txt"), "old");
    assertEquals(parent.resolve(".run.2.jgrad-old"), AtomicFolder.readable(out));
    Files.writeString(Files.createDirectories(parent.resolve(".run.1.jgrad-tmp")).resolve("a.txt"), "half");
    assertEquals(parent.resolve(".run.2.jgrad-old"), AtomicFolder.readable(out), "-tmp is never complete");
    Files.writeString(Files.createDirectories(parent.resolve(".run.3.jgrad-new")).resolve("a.txt"), "new");
    assertEquals(parent.resolve(".run.3.jgrad-new"), AtomicFolder.readable(out), "the complete new one first");
    assertEquals(List.of(".run.1.jgrad-tmp", ".run.2.jgrad-old", ".run.3.jgrad-new"), names(parent),
        "reading changes nothing");

    // the next write puts the readable folder in place first, so even a failing write leaves it as the target
    assertThrows(IOException.class, () -> AtomicFolder.write(out, d -> {
      throw new IOException("disk full");
    }));
    assertEquals(List.of("run"), names(parent));
    assertEquals("new", Files.readString(out.resolve("a.txt")));
    assertEquals(out, AtomicFolder.readable(out));
  }

  @Test
  void checksTheTargetBeforeAnyWork() throws IOException {
    Path file = Files.writeString(parent.resolve("f"), "x");
    IOException e = assertThrows(IOException.class, () -> AtomicFolder.checkWritable(file));
    assertEquals("cannot write " + file + ": it exists and is a file, not a folder", e.getMessage());
    IOException under = assertThrows(IOException.class, () -> AtomicFolder.checkWritable(file.resolve("a/b")));
    assertTrue(under.getMessage().endsWith(file + " is a file, not a folder"), under.getMessage());
    AtomicFolder.checkWritable(parent.resolve("new/deeper"));
    boolean[] ran = {false};
    assertThrows(IOException.class, () -> AtomicFolder.write(file, d -> ran[0] = true));
    assertFalse(ran[0]);
    AtomicFolder.write(parent.resolve("new/deeper"), d -> Files.writeString(d.resolve("x"), "y"));
    assertEquals("y", Files.readString(parent.resolve("new/deeper/x")));
  }
}
