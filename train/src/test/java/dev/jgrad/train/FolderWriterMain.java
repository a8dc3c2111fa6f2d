package dev.jgrad.train;

import dev.jgrad.autograd.io.AtomicFolder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The child JVM of {@link ModelFolderCrashTest}: writes the folder given as its argument again and again with
 * {@link AtomicFolder#write}, generation after generation, each time three files that all hold the generation
 * number (one of them 1 MB, so that a write takes a while). Before each write it prints {@code WRITING <gen>} and
 * after it {@code WROTE <gen> <nanoseconds the write took>}.
 */
final class FolderWriterMain {
  private FolderWriterMain() {}

  static final String[] FILES = {"model.safetensors", "preprocessing.json", "history.csv"};

  public static void main(String[] args) throws Exception {
    ChildJvm.exitWithParent();
    Path target = Path.of(args[0]);
    for (long gen = Long.parseLong(args[1]); ; gen++) {
      say("WRITING " + gen);
      long start = System.nanoTime();
      write(target, gen);
      say("WROTE " + gen + " " + (System.nanoTime() - start));
    }
  }

  /** Writes generation {@code gen} of the folder. */
  static void write(Path target, long gen) throws Exception {
    AtomicFolder.write(target, folder -> {
      for (int i = 0; i < FILES.length; i++) {
        byte[] body = new byte[i == 0 ? 1 << 20 : 64];
        Arrays.fill(body, (byte) ' ');
        byte[] head = (gen + "\n").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(head, 0, body, 0, head.length);
        Files.write(folder.resolve(FILES[i]), body);
      }
    });
  }

  /** The generation the folder's files hold, or -1 when they are missing or disagree. */
  static long generation(Path folder) throws Exception {
    long gen = -2;
    for (String name : FILES) {
      Path file = folder.resolve(name);
      if (!Files.isRegularFile(file)) {
        return -1;
      }
      byte[] bytes = Files.readAllBytes(file);
      String text = new String(bytes, StandardCharsets.UTF_8);
      if (bytes.length != (name.equals(FILES[0]) ? 1 << 20 : 64)) {
        return -1;
      }
      long g = Long.parseLong(text.substring(0, text.indexOf('\n')));
      if (gen != -2 && g != gen) {
        return -1;
      }
      gen = g;
    }
    return gen;
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
