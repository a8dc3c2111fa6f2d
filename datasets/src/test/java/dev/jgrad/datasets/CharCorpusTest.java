package dev.jgrad.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CharCorpusTest {

  @Test
  void theBundledShakespeareHasItsPublishedSizeAndBaseline() {
    CharCorpus c = CharCorpus.tinyShakespeare();
    assertEquals(1_115_394, c.length());
    assertEquals(65, c.vocabularySize());
    assertEquals(1_003_855, c.length(CharCorpus.Part.TRAIN));
    assertEquals("First Citizen:", c.alphabet().decode(c.alphabet().encode("First Citizen:")));
    // Training-part frequencies scored on the validation part (computed independently in Python: 3.345); the
    // text's own character entropy is 3.31.
    assertEquals(3.345, c.unigramCrossEntropy(), 0.005);
  }

  @Test
  void idsFollowCodePointOrderWhateverTheOrderOfAppearance() {
    CharCorpus c = CharCorpus.of("cabbage!é😀", 0.3);
    assertEquals("!abceg" + "é😀", c.alphabet().toString());
    assertArrayEquals(new int[] {3, 1, 2, 2, 1, 5, 4, 0, 6, 7}, c.alphabet().encode("cabbage!é😀"));
    assertEquals("é😀", c.alphabet().decode(6, 7));
  }

  @Test
  void windowsAreShiftedByOneAndStayInTheirPart() {
    String text = "abcdefghijklmnopqrstuvwxyz".repeat(4);          // 104 characters, 94 train + 10 validation
    CharCorpus c = CharCorpus.of(text, 0.1);
    CharCorpus.Windows w = c.randomWindows(CharCorpus.Part.VALIDATION, 5, 4, new SplittableRandom(1));
    assertArrayEquals(new int[] {5, 4}, w.inputs().shape());
    assertEquals(DType.INT64, w.inputs().dtype());
    float[] in = w.inputs().toArray();
    float[] out = w.targets().toArray();
    for (int i = 0; i < in.length; i++) {
      assertEquals((in[i] + 1) % 26, out[i] % 26, "the target is the next letter");
    }
    String validation = text.substring(94);
    for (int b = 0; b < 5; b++) {
      int[] row = new int[4];
      for (int t = 0; t < 4; t++) {
        row[t] = (int) in[b * 4 + t];
      }
      String window = c.alphabet().decode(row);
      assertTrue(validation.contains(window), "window " + window + " is inside the validation part");
    }
  }

  @Test
  void theSameSeedGivesTheSameWindows() {
    CharCorpus c = CharCorpus.tinyShakespeare();
    float[] a = c.randomWindows(CharCorpus.Part.TRAIN, 8, 16, new SplittableRandom(7)).inputs().toArray();
    float[] b = c.randomWindows(CharCorpus.Part.TRAIN, 8, 16, new SplittableRandom(7)).inputs().toArray();
    assertArrayEquals(a, b);
  }

  @Test
  void consecutiveWindowsCoverThePartOnce() {
    CharCorpus c = CharCorpus.of("0123456789".repeat(10), 0.5);         // 50 validation characters
    List<CharCorpus.Windows> batches = c.consecutiveWindows(CharCorpus.Part.VALIDATION, 3, 7);
    assertEquals(3, batches.size());                                      // 7 windows of 7: 3 + 3 + 1
    assertArrayEquals(new int[] {1, 7}, batches.get(2).inputs().shape());
    assertEquals("0123456", decodeRow(c, batches.get(0), 0));
    assertEquals("7890123", decodeRow(c, batches.get(0), 1));
  }

  private static String decodeRow(CharCorpus c, CharCorpus.Windows w, int row) {
    float[] in = w.inputs().toArray();
    int context = w.inputs().shape()[1];
    int[] ids = new int[context];
    for (int t = 0; t < context; t++) {
      ids[t] = (int) in[row * context + t];
    }
    return c.alphabet().decode(ids);
  }

  @Test
  void badArgumentsAreNamed() {
    CharCorpus c = CharCorpus.of("hello world, hello corpus", 0.2);
    assertMessage(() -> c.alphabet().encode("hello!"),
        "character '!' (U+0021) at position 5 is not among the 13 characters of the alphabet");
    assertMessage(() -> c.alphabet().decode(13), "id 13 is outside [0, 13)");
    assertMessage(() -> c.randomWindows(CharCorpus.Part.VALIDATION, 2, 5, new SplittableRandom(0)),
        "a context of 5 characters does not fit in the validation part of 5 characters");
    assertMessage(() -> c.randomWindows(CharCorpus.Part.TRAIN, 0, 2, new SplittableRandom(0)),
        "batchSize must be positive, got 0");
    assertMessage(() -> CharCorpus.of("abc", 1.0), "validationFraction must be in (0, 1), got 1.0");
    assertMessage(() -> CharCorpus.of("abc", 0.5), "each part needs at least 2");
  }

  @Test
  void aFileThatIsNotUtf8IsRefusedNamingIt(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("latin1.txt");
    Files.write(file, new byte[] {'c', 'a', 'f', (byte) 0xE9, ' ', 'o', 'k'});
    IOException e = assertThrows(IOException.class, () -> CharCorpus.read(file, 0.1));
    assertTrue(e.getMessage().contains("latin1.txt is not UTF-8 text"), e.getMessage());
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable call, String fragment) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }
}
