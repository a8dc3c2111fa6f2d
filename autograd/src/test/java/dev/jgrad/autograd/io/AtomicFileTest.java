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

class AtomicFileTest {
  @TempDir Path dir;

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void replacesTheFileAndLeavesNoTemporaries() throws IOException {
    Path f = dir.resolve("a.json");
    AtomicFile.write(f, new byte[] {1, 2});
    AtomicFile.write(f, new byte[] {3});
    assertEquals(List.of((byte) 3), List.of(Files.readAllBytes(f)[0]));
    assertEquals(1, Files.size(f));
    assertEquals(List.of("a.json"), names());
  }

  @Test
  void aFailingWriterKeepsTheOldFileAndNamesTheTarget() throws IOException {
    Path f = dir.resolve("a.json");
    AtomicFile.write(f, "old".getBytes());
    IOException e = assertThrows(IOException.class, () -> AtomicFile.write(f, out -> {
      out.write('x');
      throw new IOException("disk full");
    }));
    assertEquals("cannot write " + f + ": disk full", e.getMessage());
    assertEquals("old", Files.readString(f));
    assertEquals(List.of("a.json"), names());
  }

  @Test
  void removesStaleTemporariesOfTheSameTargetOnly() throws IOException {
    Files.writeString(dir.resolve(".a.json.123.jgrad-tmp"), "killed");
    Files.writeString(dir.resolve(".b.json.123.jgrad-tmp"), "another file's");
    Files.writeString(dir.resolve(".a.json.notes"), "not ours");
    AtomicFile.write(dir.resolve("a.json"), new byte[0]);
    assertEquals(List.of(".a.json.notes", ".b.json.123.jgrad-tmp", "a.json"), names());
  }

  @Test
  void messagesNameTheTargetNeverATemporaryFile() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("sub"));
    IOException isDir = assertThrows(IOException.class, () -> AtomicFile.write(folder, new byte[0]));
    assertEquals("cannot write " + folder + ": it is a folder", isDir.getMessage());
    Path missing = dir.resolve("nope/a.json");
    IOException noDir = assertThrows(IOException.class, () -> AtomicFile.write(missing, new byte[0]));
    assertTrue(noDir.getMessage().startsWith("cannot write " + missing + ": the folder "), noDir.getMessage());
    if (folder.toFile().setWritable(false) && !Files.isWritable(folder)) { // not when running as root
      Path f = folder.resolve("x.bin");
      IOException denied = assertThrows(IOException.class, () -> AtomicFile.write(f, new byte[0]));
      assertEquals("cannot write " + f + ": permission denied", denied.getMessage());
      assertFalse(denied.getMessage().contains("jgrad-tmp"));
      folder.toFile().setWritable(true);
    }
  }
}
