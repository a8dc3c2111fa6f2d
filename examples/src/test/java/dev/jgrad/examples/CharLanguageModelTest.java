package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.datasets.CharCorpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CharLanguageModelTest {
  /** The first 60,000 characters of the bundled text: small enough for a test, large enough to learn from. */
  private static final CharCorpus SLICE = CharCorpus.of(CharCorpus.tinyShakespeare().prefix(60_000), 0.1);

  private static CharLanguageModel.Config smallLstm(int steps) {
    return CharLanguageModel.Config.defaults().withSize(64, 1).withWindows(32, 16).withSteps(steps)
        .withLearningRate(1e-2).withEvaluation(100, 4);
  }

  @Test
  void aFewHundredLstmStepsGoWellBelowTheUnigramBaseline(@TempDir Path dir) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CharLanguageModel.Result r = CharLanguageModel.train(SLICE, smallLstm(300),
        new PrintStream(bytes, true, StandardCharsets.UTF_8), dir);
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(r.validationLoss() < r.unigramBaseline() - 0.7,
        "validation " + r.validationLoss() + " vs unigram " + r.unigramBaseline() + "\n" + out);
    assertEquals(3, r.curve().size());
    assertTrue(r.curve().get(2).trainLoss() < r.curve().get(0).trainLoss(), out);
    assertTrue(out.contains("unigram baseline: "), out);
    assertTrue(out.contains("tok/s"), out);
    assertTrue(out.contains("--- sample (temperature 0.8, top-k 20) ---\nROMEO:"), out);
    assertTrue(Files.size(dir.resolve("loss.png")) > 1000);
    assertTrue(Files.size(dir.resolve("model.safetensors")) > 4 * 64 * 64 * 4);
  }

  @Test
  void aSmallTransformerLearnsToo() {
    CharLanguageModel.Config c = CharLanguageModel.Config.transformer().withSize(32, 2).withWindows(32, 16)
        .withSteps(100).withLearningRate(3e-3).withEvaluation(100, 2);
    CharLanguageModel.Result r = CharLanguageModel.train(SLICE, c, new PrintStream(new ByteArrayOutputStream()),
        null);
    assertTrue(r.validationLoss() < r.unigramBaseline() - 0.4,
        "validation " + r.validationLoss() + " vs unigram " + r.unigramBaseline());
  }

  @Test
  void theSameSeedGivesTheSameRunAndASavedModelSamplesTheSame(@TempDir Path dir) throws IOException {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    CharLanguageModel.Result a = CharLanguageModel.train(SLICE, smallLstm(20), quiet, dir);
    CharLanguageModel.Result b = CharLanguageModel.train(SLICE, smallLstm(20), quiet, null);
    assertEquals(a.validationLoss(), b.validationLoss(), 0.0);
    assertEquals(a.sample(), b.sample());
    CharLanguageModel.Saved saved = CharLanguageModel.load(dir.resolve("model.safetensors"));
    assertEquals(SLICE.alphabet(), saved.alphabet());
    String again = CharLanguageModel.sample(saved.model(), saved.alphabet(), saved.config().context(), "ROMEO:",
        300, 0.8, 20, smallLstm(20).seed());
    assertEquals(a.sample(), again);
  }

  @Test
  void drawKeepsToTheTopKAndSharpensWithTemperature() {
    float[] logits = {0f, 3f, 1f, 2.9f};
    SplittableRandom r = new SplittableRandom(0);
    for (int i = 0; i < 200; i++) {
      assertEquals(1, CharLanguageModel.draw(logits, 1.0, 1, r), "top-1 is the argmax");
      int two = CharLanguageModel.draw(logits, 1.0, 2, r);
      assertTrue(two == 1 || two == 3, "top-2 draws only the two likeliest");
    }
    // Logits 3 and 2.9: p = 0.52 at temperature 1, 1 / (1 + e^-2) = 0.88 at 0.05 (the rest is negligible).
    int ones = 0;
    for (int i = 0; i < 2000; i++) {
      ones += CharLanguageModel.draw(logits, 0.05, 0, r) == 1 ? 1 : 0;
    }
    assertEquals(0.881, ones / 2000.0, 0.03, "a low temperature sharpens the distribution");
  }

  @Test
  void theScheduleWarmsUpThenDecaysToItsFloor() {
    CharLanguageModel.Config c = CharLanguageModel.Config.defaults();
    assertEquals(1.0 / 100, CharLanguageModel.learningRateFactor(c, 0), 1e-12);
    assertEquals(1.0, CharLanguageModel.learningRateFactor(c, 99), 1e-12);
    assertEquals(1.0, CharLanguageModel.learningRateFactor(c, 100), 1e-12);
    assertEquals(0.55, CharLanguageModel.learningRateFactor(c, 1050), 1e-12);
    assertEquals(0.1, CharLanguageModel.learningRateFactor(c, 2000), 1e-12);
  }

  @Test
  void badSettingsAreNamed() {
    IllegalArgumentException heads = assertThrows(IllegalArgumentException.class,
        () -> CharLanguageModel.Config.transformer().withSize(30, 2));
    assertTrue(heads.getMessage().contains("the width 30 must be divisible by the 4 heads"), heads.getMessage());
    IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
        () -> new CharLanguageModel.Sampling("x", 10, 0, 5));
    assertTrue(t.getMessage().contains("temperature must be positive, got 0.0"), t.getMessage());
    IllegalArgumentException prompt = assertThrows(IllegalArgumentException.class,
        () -> CharLanguageModel.train(SLICE, smallLstm(1), new CharLanguageModel.Sampling("~", 10, 1, 0),
            new PrintStream(new ByteArrayOutputStream()), null, false));
    assertTrue(prompt.getMessage().contains("character '~'"), prompt.getMessage());
  }
}
