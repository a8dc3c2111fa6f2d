package dev.jgrad.cli;

import dev.jgrad.datasets.CharCorpus;
import dev.jgrad.examples.CharLanguageModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jgrad lm}: trains a character-level language model on a text ({@link CharLanguageModel}) and samples from
 * it, or, with {@code --checkpoint}, samples from a model trained before.
 */
@Command(name = "lm", mixinStandardHelpOptions = true, versionProvider = JgradVersion.class, sortOptions = false,
    description = {"Train a character-level language model on a text and sample from it.",
        "Without --text it trains on the bundled Shakespeare (1.1M characters). The last 10% of the text is the "
            + "validation part. Saves loss.png and model.safetensors into --out; --checkpoint samples from a saved "
            + "model without training."})
final class LmCommand implements Callable<Integer> {
  @ParentCommand
  JgradCli root;

  @Option(names = "--text", paramLabel = "FILE", description = "A UTF-8 text file (default: the bundled Shakespeare).")
  Path text;

  @Option(names = "--model", paramLabel = "KIND", defaultValue = "lstm",
      description = "lstm or transformer (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--steps", paramLabel = "N", description = "Optimizer steps (default: 2000).")
  Integer steps;

  @Option(names = "--minutes", paramLabel = "M", defaultValue = "10",
      description = "Stop training after this many minutes even if steps remain (default: ${DEFAULT-VALUE}).")
  double minutes;

  @Option(names = "--width", paramLabel = "N",
      description = "LSTM hidden units or Transformer width (default: 256 / 128).")
  Integer width;

  @Option(names = "--layers", paramLabel = "N", description = "LSTM layers or Transformer blocks (default: 1 / 4).")
  Integer layers;

  @Option(names = "--context", paramLabel = "N", description = "Characters per training window (default: 64).")
  Integer context;

  @Option(names = "--batch-size", paramLabel = "N", description = "Windows per step (default: 32).")
  Integer batchSize;

  @Option(names = "--lr", paramLabel = "RATE", description = "Peak learning rate (default: 3e-3 / 1e-3).")
  Double lr;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Random seed (default: 0).")
  long seed;

  @Option(names = "--checkpoint", paramLabel = "FILE",
      description = "Sample from this saved model instead of training.")
  Path checkpoint;

  @Option(names = "--prompt", paramLabel = "TEXT", description = "The start of the sample (default: ROMEO:).")
  String prompt;

  @Option(names = "--length", paramLabel = "N", defaultValue = "300",
      description = "Characters to sample (default: ${DEFAULT-VALUE}).")
  int length;

  @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.8",
      description = "Sampling temperature; lower is more conservative (default: ${DEFAULT-VALUE}).")
  double temperature;

  @Option(names = "--top-k", paramLabel = "K", defaultValue = "20",
      description = "Sample among the K likeliest characters; 0 for all (default: ${DEFAULT-VALUE}).")
  int topK;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/lm",
      description = "Folder for loss.png and model.safetensors (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws IOException {
    checkPositive("--length", length);
    if (!(temperature > 0)) {
      throw CliException.usage("--temperature: must be positive, got " + temperature);
    }
    if (topK < 0) {
      throw CliException.usage("--top-k: must be 0 (all) or positive, got " + topK);
    }
    PrintStream o = root.out();
    if (checkpoint != null) {
      CharLanguageModel.Saved saved = CharLanguageModel.load(checkpoint);
      String start = prompt != null ? prompt : CharLanguageModel.DEFAULT_PROMPT;
      o.println(CharLanguageModel.sample(saved.model(), saved.alphabet(), saved.config().context(), start, length,
          temperature, topK, seed));
      return 0;
    }
    CharLanguageModel.Config config = config();
    CharCorpus corpus = text == null ? CharCorpus.tinyShakespeare()
        : CharCorpus.read(text, CharCorpus.DEFAULT_VALIDATION_FRACTION);
    CharLanguageModel.train(corpus, config, new CharLanguageModel.Sampling(prompt, length, temperature, topK), o,
        out, root.interactive());
    return 0;
  }

  private CharLanguageModel.Config config() {
    CharLanguageModel.Config c = switch (model.toLowerCase(Locale.ROOT)) {
      case "lstm" -> CharLanguageModel.Config.defaults();
      case "transformer" -> CharLanguageModel.Config.transformer();
      default -> throw CliException.usage("--model: must be lstm or transformer, got '" + model + "'");
    };
    if (!(minutes > 0)) {
      throw CliException.usage("--minutes: must be positive, got " + minutes);
    }
    c = c.withSeed(seed).withMaxSeconds(minutes * 60);
    if (steps != null) {
      c = c.withSteps(checkPositive("--steps", steps));
    }
    if (width != null || layers != null) {
      c = c.withSize(width != null ? checkPositive("--width", width) : c.width(),
          layers != null ? checkPositive("--layers", layers) : c.layers());
    }
    if (context != null || batchSize != null) {
      c = c.withWindows(context != null ? checkPositive("--context", context) : c.context(),
          batchSize != null ? checkPositive("--batch-size", batchSize) : c.batchSize());
    }
    if (lr != null) {
      if (!(lr > 0)) {
        throw CliException.usage("--lr: must be positive, got " + lr);
      }
      c = c.withLearningRate(lr);
    }
    return c;
  }

  private static int checkPositive(String option, int value) {
    if (value < 1) {
      throw CliException.usage(option + ": must be at least 1, got " + value);
    }
    return value;
  }
}
