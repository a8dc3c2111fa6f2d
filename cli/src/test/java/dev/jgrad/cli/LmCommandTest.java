package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jgrad lm}: a short training run on a text file, sampling from its checkpoint, and the option checks. */
class LmCommandTest {
  private static final String TEXT = "To be, or not to be, that is the question:\n"
      + "Whether 'tis nobler in the mind to suffer\nThe slings and arrows of outrageous fortune,\n";

  @Test
  void trainsOnATextFileThenSamplesFromTheCheckpoint(@TempDir Path tmp) throws IOException {
    Path text = tmp.resolve("hamlet.txt");
    Files.writeString(text, TEXT.repeat(20), StandardCharsets.UTF_8);
    Path out = tmp.resolve("run");
    String o = CliRun.of("lm", "--text", text.toString(), "--steps", "30", "--width", "32", "--context", "16",
        "--batch-size", "8", "--prompt", "To be", "--length", "40", "--out", out.toString()).ok().out();
    assertTrue(o.contains("LSTM 1 x 32"), o);
    assertTrue(o.contains("validation cross-entropy"), o);
    assertTrue(o.contains("--- sample (temperature 0.8, top-k 20) ---\nTo be"), o);
    assertTrue(Files.exists(out.resolve("loss.png")), o);
    String sampled = CliRun.of("lm", "--checkpoint", out.resolve("model.safetensors").toString(), "--prompt",
        "The ", "--length", "25", "--top-k", "0").ok().out();
    assertTrue(sampled.startsWith("The ") && sampled.strip().length() >= 25, sampled);
  }

  @Test
  void badOptionsGiveOneLine(@TempDir Path tmp) {
    CliRun.of("lm", "--model", "gru").error(2, "jgrad lm: ", "--model: must be lstm or transformer, got 'gru'");
    CliRun.of("lm", "--temperature", "0").error(2, "jgrad lm: ", "--temperature: must be positive, got 0.0");
    CliRun.of("lm", "--steps", "0").error(2, "jgrad lm: ", "--steps: must be at least 1, got 0");
    CliRun.of("lm", "--text", tmp.resolve("missing.txt").toString()).error(1, "jgrad lm: ", "no such file",
        "missing.txt");
  }

  @Test
  void aPromptWithCharactersTheTextLacksIsRefusedBeforeTraining(@TempDir Path tmp) throws IOException {
    Path text = tmp.resolve("t.txt");
    Files.writeString(text, TEXT.repeat(5), StandardCharsets.UTF_8);
    CliRun.of("lm", "--text", text.toString(), "--prompt", "Zebra", "--steps", "5", "--out", tmp.toString())
        .error(1, "jgrad lm: ", "character 'Z'");
  }
}
