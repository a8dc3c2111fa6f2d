package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random corruptions of a {@code preprocessing.json} (truncation, byte flips, edited values, duplicate keys, wrong
 * types, non-JSON): each load either gives a preprocessor that writes back the JSON it read, or fails with one
 * IOException naming the file; never another exception.
 */
class PreprocessorFuzzTest {
  @TempDir Path dir;

  private static final List<String> EDITS = List.of("\"\"", "\"x\"", "0", "-0.0", "1e400", "-1", "1.5", "true",
      "null", "[]", "{}", "[\"a\", \"a\"]", "NaN", "\"numeric\"", "\"categorical\"", "\"one_hot\"", "\"index\"",
      "\"fill_mode\"", "\"fill_mean\"", "\"regression\"", "\"classification\"", "\"fixed\"", "99999999999999999999");

  private static byte[] corrupt(String good, Random r) {
    byte[] bytes = good.getBytes(StandardCharsets.UTF_8);
    switch (r.nextInt(6)) {
      case 0 -> {
        return Arrays.copyOf(bytes, r.nextInt(bytes.length));
      }
      case 1 -> {
        for (int k = 1 + r.nextInt(3); k > 0; k--) {
          int i = r.nextInt(bytes.length);
          bytes[i] ^= (byte) (1 << r.nextInt(8));
        }
        return bytes;
      }
      case 2, 3 -> { // replace one value (string, number, literal, list of scalars) by another
        List<int[]> spans = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
            ": (\"[^\"]*\"|-?[0-9.eE+-]+|true|false|\\[[^\\[\\]{}]*\\])").matcher(good);
        while (m.find()) {
          spans.add(new int[] {m.start(1), m.end(1)});
        }
        int[] s = spans.get(r.nextInt(spans.size()));
        return (good.substring(0, s[0]) + EDITS.get(r.nextInt(EDITS.size())) + good.substring(s[1]))
            .getBytes(StandardCharsets.UTF_8);
      }
      case 4 -> { // a key twice, or a key dropped
        List<String> lines = new java.util.ArrayList<>(good.lines().toList());
        int i = 1 + r.nextInt(lines.size() - 2);
        if (lines.get(i).contains("\": ") && !lines.get(i).endsWith("[") && !lines.get(i).endsWith("{")) {
          if (r.nextBoolean()) {
            lines.add(i, lines.get(i).endsWith(",") ? lines.get(i) : lines.get(i) + ",");
          } else {
            lines.remove(i);
          }
        }
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
      }
      default -> {
        byte[] noise = new byte[r.nextInt(80)];
        r.nextBytes(noise);
        return noise;
      }
    }
  }

  void fuzz(int cases, long seed) throws Exception {
    String good = Files.readString(Path.of(getClass().getResource("compat/penguins-preprocessing.json").toURI()));
    Random r = new Random(seed);
    int loaded = 0;
    int refused = 0;
    for (int c = 0; c < cases; c++) {
      Path file = dir.resolve("case-" + c + ".json");
      Files.write(file, corrupt(good, r));
      try {
        Preprocessor p = Preprocessor.load(file);
        loaded++;
        assertEquals(p.toJson(), Preprocessor.fromJson(p.toJson()).toJson(), "case " + c);
      } catch (IOException e) {
        refused++;
        assertTrue(e.getMessage().contains(file.toString()), "case " + c + ": " + e.getMessage());
      } catch (RuntimeException e) {
        fail("case " + c + ": " + e.getClass().getName() + " is not a clear error: " + e.getMessage()
            + "\n" + Files.readString(file, StandardCharsets.ISO_8859_1), e);
      }
      Files.delete(file);
    }
    assertTrue(loaded > 0 && refused > cases / 2, "loaded " + loaded + ", refused " + refused);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aFewHundredCorruptFiles() throws Exception {
    fuzz(400, 20261207L);
  }

  @Test
  @Tag("long")
  @Timeout(value = 600, unit = TimeUnit.SECONDS)
  void thousandsOfCorruptFiles() throws Exception {
    fuzz(5000, 11L);
  }
}
