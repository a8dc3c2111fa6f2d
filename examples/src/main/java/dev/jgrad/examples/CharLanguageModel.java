package dev.jgrad.examples;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.CharAlphabet;
import dev.jgrad.datasets.CharCorpus;
import dev.jgrad.nn.Checkpoint;
import dev.jgrad.nn.Checkpoints;
import dev.jgrad.nn.Functional;
import dev.jgrad.nn.Module;
import dev.jgrad.optim.AdamW;
import dev.jgrad.optim.GradClip;
import dev.jgrad.optim.LambdaLR;
import dev.jgrad.train.Charts;
import dev.jgrad.train.ProgressBar;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A character-level language model trained on a text (by default the bundled Shakespeare): an LSTM or a small
 * decoder-only Transformer, AdamW with linear warm-up and cosine decay, gradient clipping, a progress line with
 * tokens per second, the validation loss on the last 10% of the text, a loss-curve plot, a checkpoint, and text
 * sampled from a prompt with a temperature and top-k.
 *
 * <pre>{@code
 * CharLanguageModel.Result r = CharLanguageModel.train(CharCorpus.tinyShakespeare(),
 *     CharLanguageModel.Config.defaults(), System.out, Path.of("runs/CharLanguageModel"));
 * System.out.println(r.validationLoss() + " nats per character; " + r.sample());
 * }</pre>
 *
 * <p>The defaults (a one-layer LSTM of 256 units, windows of 64 characters, batches of 32, 2,000 steps) reach a
 * validation cross-entropy below 2.0 nats per character on the bundled text; the figures measured are in
 * docs/PERFORMANCE.md. Every random choice (initial weights, windows, dropout, sampling) follows the seed.
 */
public final class CharLanguageModel {
  private CharLanguageModel() {}

  /** The two model families. */
  public enum Architecture {
    /** {@link CharLstm}. */
    LSTM,
    /** {@link CharTransformer}. */
    TRANSFORMER
  }

  /**
   * Everything a run is made of; {@link #defaults()} trains the LSTM.
   *
   * @param architecture the model family
   * @param width the LSTM's hidden units, or the Transformer's model width
   * @param layers stacked recurrent layers or Transformer blocks
   * @param heads attention heads (Transformer only)
   * @param embedding the LSTM's character-embedding size (the Transformer embeds at its width)
   * @param dropout dropout between layers / inside the blocks
   * @param context characters per training window
   * @param batchSize windows per step
   * @param steps optimizer steps
   * @param maxSeconds stop early after this long (0: no limit); the schedule still assumes {@code steps}
   * @param learningRate the peak learning rate, reached after the warm-up
   * @param warmupSteps linear warm-up from 0
   * @param minLearningRateFraction the cosine decays to this fraction of the peak
   * @param weightDecay AdamW's decoupled weight decay
   * @param clipNorm the largest gradient norm (gradients are scaled down above it)
   * @param evalEvery steps between validation estimates
   * @param evalBatches batches of validation windows in each estimate (the final loss uses the whole part)
   * @param seed fixes the initial weights, the windows, dropout and sampling
   */
  public record Config(Architecture architecture, int width, int layers, int heads, int embedding, double dropout,
      int context, int batchSize, int steps, double maxSeconds, double learningRate, int warmupSteps,
      double minLearningRateFraction, double weightDecay, double clipNorm, int evalEvery, int evalBatches,
      long seed) {

    public Config {
      checkArgument(width > 0 && layers > 0 && heads > 0 && embedding > 0, "CharLanguageModel: width, layers, "
          + "heads and embedding must be positive, got %s, %s, %s, %s", width, layers, heads, embedding);
      checkArgument(context > 0 && batchSize > 0 && steps > 0, "CharLanguageModel: context, batchSize and steps "
          + "must be positive, got %s, %s, %s", context, batchSize, steps);
      checkArgument(learningRate > 0, "CharLanguageModel: learningRate must be positive, got %s", learningRate);
      checkArgument(warmupSteps >= 0 && warmupSteps < steps,
          "CharLanguageModel: warmupSteps must be in [0, steps = %s), got %s", steps, warmupSteps);
      checkArgument(evalEvery > 0 && evalBatches > 0, "CharLanguageModel: evalEvery and evalBatches must be "
          + "positive, got %s, %s", evalEvery, evalBatches);
      checkArgument(architecture != Architecture.TRANSFORMER || width % heads == 0,
          "CharLanguageModel: the width %s must be divisible by the %s heads", width, heads);
    }

    /** The LSTM run: 1 × 256 units, embedding 64, context 64, batch 32, 2,000 steps, AdamW 3e-3, clip 1. */
    public static Config defaults() {
      return new Config(Architecture.LSTM, 256, 1, 4, 64, 0.0, 64, 32, 2000, 0, 3e-3, 100, 0.1, 0.01, 1.0, 100,
          8, 0);
    }

    /** The Transformer run: 4 pre-norm blocks, width 128, 4 heads, context 64, batch 32, 2,000 steps, AdamW 1e-3. */
    public static Config transformer() {
      return new Config(Architecture.TRANSFORMER, 128, 4, 4, 128, 0.0, 64, 32, 2000, 0, 1e-3, 100, 0.1, 0.01, 1.0,
          100, 8, 0);
    }

    public Config withSteps(int v) {
      return new Config(architecture, width, layers, heads, embedding, dropout, context, batchSize, v, maxSeconds,
          learningRate, Math.min(warmupSteps, v / 10), minLearningRateFraction, weightDecay, clipNorm,
          Math.min(evalEvery, v), evalBatches, seed);
    }

    public Config withMaxSeconds(double v) {
      return new Config(architecture, width, layers, heads, embedding, dropout, context, batchSize, steps, v,
          learningRate, warmupSteps, minLearningRateFraction, weightDecay, clipNorm, evalEvery, evalBatches, seed);
    }

    public Config withSize(int newWidth, int newLayers) {
      return new Config(architecture, newWidth, newLayers, heads, embedding, dropout, context, batchSize, steps,
          maxSeconds, learningRate, warmupSteps, minLearningRateFraction, weightDecay, clipNorm, evalEvery,
          evalBatches, seed);
    }

    public Config withWindows(int newContext, int newBatchSize) {
      return new Config(architecture, width, layers, heads, embedding, dropout, newContext, newBatchSize, steps,
          maxSeconds, learningRate, warmupSteps, minLearningRateFraction, weightDecay, clipNorm, evalEvery,
          evalBatches, seed);
    }

    public Config withLearningRate(double v) {
      return new Config(architecture, width, layers, heads, embedding, dropout, context, batchSize, steps,
          maxSeconds, v, warmupSteps, minLearningRateFraction, weightDecay, clipNorm, evalEvery, evalBatches, seed);
    }

    public Config withEvaluation(int every, int batches) {
      return new Config(architecture, width, layers, heads, embedding, dropout, context, batchSize, steps,
          maxSeconds, learningRate, warmupSteps, minLearningRateFraction, weightDecay, clipNorm, every, batches,
          seed);
    }

    public Config withSeed(long v) {
      return new Config(architecture, width, layers, heads, embedding, dropout, context, batchSize, steps,
          maxSeconds, learningRate, warmupSteps, minLearningRateFraction, weightDecay, clipNorm, evalEvery,
          evalBatches, v);
    }

    /** Builds the model this configuration describes for a vocabulary. */
    public Module buildModel(int vocabulary) {
      return architecture == Architecture.LSTM
          ? new CharLstm(vocabulary, embedding, width, layers, dropout)
          : new CharTransformer(vocabulary, context, width, heads, layers, dropout);
    }

    /** The settings as checkpoint metadata, from which {@link #fromMetadata} rebuilds the same model. */
    Map<String, String> toMetadata() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("architecture", architecture.name());
      m.put("width", Integer.toString(width));
      m.put("layers", Integer.toString(layers));
      m.put("heads", Integer.toString(heads));
      m.put("embedding", Integer.toString(embedding));
      m.put("context", Integer.toString(context));
      return m;
    }

    static Config fromMetadata(Map<String, String> m) {
      Config d = defaults();
      try {
        return new Config(Architecture.valueOf(m.get("architecture")), Integer.parseInt(m.get("width")),
            Integer.parseInt(m.get("layers")), Integer.parseInt(m.get("heads")), Integer.parseInt(m.get("embedding")),
            0.0, Integer.parseInt(m.get("context")), d.batchSize, d.steps, 0, d.learningRate, d.warmupSteps,
            d.minLearningRateFraction, d.weightDecay, d.clipNorm, d.evalEvery, d.evalBatches, d.seed);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("CharLanguageModel: the checkpoint's metadata does not describe a "
            + "character model (" + m + ")", e);
      }
    }
  }

  /**
   * One point of the loss curves.
   *
   * @param step optimizer steps taken
   * @param trainLoss the mean training loss since the previous point
   * @param validationLoss the validation estimate at this step
   */
  public record Point(int step, double trainLoss, double validationLoss) {}

  /**
   * What a run measured and saved.
   *
   * @param model the trained model
   * @param corpus its text
   * @param config its settings
   * @param unigramBaseline the validation cross-entropy of predicting character frequencies alone
   * @param validationLoss the final cross-entropy on the whole validation part, nats per character
   * @param curve the loss curves
   * @param steps the steps actually taken (fewer than configured when the time limit stopped the run)
   * @param tokensPerSecond training throughput (characters predicted per second)
   * @param seconds the training time
   * @param sample text generated from the default prompt
   */
  public record Result(Module model, CharCorpus corpus, Config config, double unigramBaseline,
      double validationLoss, List<Point> curve, int steps, double tokensPerSecond, double seconds, String sample) {}

  /** The prompt the samples start from: {@code ROMEO:} when the text has those characters. */
  public static final String DEFAULT_PROMPT = "ROMEO:";

  /**
   * How the text at the end of a run is sampled.
   *
   * @param prompt its start, or null for {@link #DEFAULT_PROMPT} (or, when the text lacks one of its characters,
   *     the text's first characters)
   * @param length characters to generate
   * @param temperature below 1 sharpens the model's distribution, above 1 flattens it
   * @param topK draw among the {@code topK} likeliest characters; 0 for all
   */
  public record Sampling(String prompt, int length, double temperature, int topK) {
    public Sampling {
      checkArgument(length > 0, "CharLanguageModel: the sample length must be positive, got %s", length);
      checkArgument(temperature > 0, "CharLanguageModel: temperature must be positive, got %s", temperature);
      checkArgument(topK >= 0, "CharLanguageModel: topK must be 0 (all) or positive, got %s", topK);
    }

    /** 300 characters from the default prompt, temperature 0.8, top-k 20. */
    public static Sampling defaults() {
      return new Sampling(null, 300, 0.8, 20);
    }
  }

  /** Trains the default LSTM on the bundled Shakespeare; saves the plot and checkpoint into {@code outDir}. */
  public static void run(PrintStream out, Path outDir) {
    train(CharCorpus.tinyShakespeare(), Config.defaults(), out, outDir);
  }

  /** {@link #train(CharCorpus, Config, Sampling, PrintStream, Path, boolean)}: default sampling, plain lines. */
  public static Result train(CharCorpus corpus, Config config, PrintStream out, Path outDir) {
    return train(corpus, config, Sampling.defaults(), out, outDir, false);
  }

  /**
   * Trains a model as configured, printing progress to {@code out}; writes {@code loss.png} and {@code
   * model.safetensors} (weights, alphabet and settings) into {@code outDir} when it is not null; ends with a
   * sample of generated text.
   *
   * @param interactive redraw a progress line in place between the validation lines (for a terminal)
   */
  public static Result train(CharCorpus corpus, Config config, Sampling sampling, PrintStream out, Path outDir,
      boolean interactive) {
    String promptText = sampling.prompt() != null ? sampling.prompt() : defaultPrompt(corpus);
    corpus.alphabet().encode(promptText);          // a prompt the model cannot read fails now, not after training
    Tensor.manualSeed(config.seed());
    Module model = config.buildModel(corpus.vocabularySize());
    long parameters = model.parameters().stream().mapToLong(Tensor::numel).sum();
    double baseline = corpus.unigramCrossEntropy();
    out.printf(Locale.ROOT, "%s on %,d characters (%d distinct; last %,d for validation), %,d parameters%n",
        describe(config), corpus.length(), corpus.vocabularySize(), corpus.length(CharCorpus.Part.VALIDATION),
        parameters);
    out.printf(Locale.ROOT, "unigram baseline: %.3f nats per character%n", baseline);

    AdamW optimizer = new AdamW(model.parameters(), AdamW.Options.defaults().withLr(config.learningRate())
        .withBetas(0.9, 0.99).withWeightDecay(config.weightDecay()));
    LambdaLR schedule = new LambdaLR(optimizer, step -> learningRateFactor(config, step));
    SplittableRandom windows = new SplittableRandom(config.seed());
    List<CharCorpus.Windows> evalSet = evaluationSet(corpus, config);
    List<Point> curve = new ArrayList<>();
    long start = System.nanoTime();
    double lossSum = 0;
    int lossCount = 0;
    int step = 0;
    model.train();
    while (step < config.steps()) {
      CharCorpus.Windows batch = corpus.randomWindows(CharCorpus.Part.TRAIN, config.batchSize(), config.context(),
          windows);
      optimizer.zeroGrad();
      Tensor loss = lossOf(model, batch);
      loss.backward();
      GradClip.clipGradNorm_(model.parameters(), config.clipNorm());
      optimizer.step();
      schedule.step();
      step++;
      lossSum += loss.item();
      lossCount++;
      double seconds = (System.nanoTime() - start) / 1e9;
      boolean outOfTime = config.maxSeconds() > 0 && seconds >= config.maxSeconds();
      if (step % config.evalEvery() == 0 || step == config.steps() || outOfTime) {
        double validation = meanLoss(model, evalSet);
        curve.add(new Point(step, lossSum / lossCount, validation));
        lossSum = 0;
        lossCount = 0;
        if (interactive) {
          out.print("\r");
        }
        out.printf(Locale.ROOT, "step %5d/%d %s  train %.3f  val %.3f  lr %.2e  %s tok/s  %s elapsed  ETA %s%n",
            step, config.steps(), barOf(step, config.steps()), curve.get(curve.size() - 1).trainLoss(), validation,
            optimizer.paramGroups().get(0).lr(), thousands(tokensPerSecond(config, step, seconds)),
            ProgressBar.duration(seconds), ProgressBar.duration(seconds / step * (config.steps() - step)));
      } else if (interactive) {
        out.printf(Locale.ROOT, "\rstep %5d/%d %s  loss %.3f  %s tok/s  ETA %s ", step, config.steps(),
            barOf(step, config.steps()), lossSum / lossCount, thousands(tokensPerSecond(config, step, seconds)),
            ProgressBar.duration(seconds / step * (config.steps() - step)));
      }
      if (outOfTime) {
        out.printf(Locale.ROOT, "stopped after %d of %d steps: the time limit of %s was reached%n", step,
            config.steps(), ProgressBar.duration(config.maxSeconds()));
        break;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double validation = meanLoss(model, corpus.consecutiveWindows(CharCorpus.Part.VALIDATION, 64, config.context()));
    out.printf(Locale.ROOT, "validation cross-entropy %.3f nats per character (baseline %.3f) after %d steps in %s, "
        + "%s tokens/s%n", validation, baseline, step, ProgressBar.duration(seconds),
        thousands(tokensPerSecond(config, step, seconds)));
    String sample = sample(model, corpus.alphabet(), config.context(), promptText, sampling.length(),
        sampling.temperature(), sampling.topK(), config.seed());
    out.printf(Locale.ROOT, "--- sample (temperature %s, top-k %d) ---%n", sampling.temperature(), sampling.topK());
    out.println(sample);
    out.println("---");
    if (outDir != null) {
      save(outDir, model, corpus, config, curve, out);
    }
    return new Result(model, corpus, config, baseline, validation, List.copyOf(curve), step,
        tokensPerSecond(config, step, seconds), seconds, sample);
  }

  private static String defaultPrompt(CharCorpus corpus) {
    try {
      corpus.alphabet().encode(DEFAULT_PROMPT);
      return DEFAULT_PROMPT;
    } catch (IllegalArgumentException e) {
      return corpus.prefix(Math.min(8, corpus.length()));
    }
  }

  private static String describe(Config c) {
    return c.architecture() == Architecture.LSTM
        ? String.format(Locale.ROOT, "LSTM %d x %d (embedding %d)", c.layers(), c.width(), c.embedding())
        : String.format(Locale.ROOT, "Transformer %d blocks, width %d, %d heads", c.layers(), c.width(), c.heads());
  }

  /** Linear warm-up from 0 to 1, then a cosine from 1 down to {@code minLearningRateFraction}. */
  static double learningRateFactor(Config c, int step) {
    if (step < c.warmupSteps()) {
      return (step + 1.0) / c.warmupSteps();
    }
    double progress = Math.min(1.0, (step - c.warmupSteps()) / (double) Math.max(1, c.steps() - c.warmupSteps()));
    double min = c.minLearningRateFraction();
    return min + (1 - min) * 0.5 * (1 + Math.cos(Math.PI * progress));
  }

  private static double tokensPerSecond(Config c, int steps, double seconds) {
    return seconds > 0 ? (double) steps * c.batchSize() * c.context() / seconds : Double.NaN;
  }

  private static String thousands(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1fk", v / 1000) : "?";
  }

  private static String barOf(int done, int total) {
    return ProgressBar.bar(done, total);
  }

  /** A fixed sample of validation windows, spread over the whole part, for the estimates during training. */
  private static List<CharCorpus.Windows> evaluationSet(CharCorpus corpus, Config c) {
    List<CharCorpus.Windows> all = corpus.consecutiveWindows(CharCorpus.Part.VALIDATION, c.batchSize(), c.context());
    List<CharCorpus.Windows> picked = new ArrayList<>();
    int n = Math.min(c.evalBatches(), all.size());
    for (int i = 0; i < n; i++) {
      picked.add(all.get((int) ((long) i * all.size() / n)));
    }
    return picked;
  }

  private static Tensor lossOf(Module model, CharCorpus.Windows batch) {
    Tensor logits = model.call(batch.inputs());
    int vocabulary = logits.shape()[2];
    return Functional.crossEntropy(logits.reshape(-1, vocabulary), batch.targets().reshape(-1));
  }

  /** The mean cross-entropy per character over the windows, in eval mode and without gradients. */
  public static double meanLoss(Module model, List<CharCorpus.Windows> batches) {
    boolean training = model.isTraining();
    model.eval();
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      double nats = 0;
      long count = 0;
      for (CharCorpus.Windows w : batches) {
        long n = w.targets().numel();
        nats += lossOf(model, w).item() * n;
        count += n;
      }
      return nats / count;
    } finally {
      model.train(training);
    }
  }

  /**
   * Continues {@code prompt} by {@code length} characters (the Transformer sees at most the last {@code context}), each drawn from the model's distribution sharpened by
   * {@code temperature} (below 1: more conservative) and restricted to the {@code topK} likeliest characters (0:
   * all).
   *
   * @throws IllegalArgumentException for an empty prompt, a character the alphabet does not have, a non-positive
   *     temperature or a negative top-k
   */
  public static String sample(Module model, CharAlphabet alphabet, int context, String prompt, int length,
      double temperature, int topK, long seed) {
    checkArgument(!prompt.isEmpty(), "CharLanguageModel.sample: the prompt is empty");
    checkArgument(temperature > 0, "CharLanguageModel.sample: temperature must be positive, got %s", temperature);
    checkArgument(topK >= 0, "CharLanguageModel.sample: topK must be 0 (all) or positive, got %s", topK);
    int[] ids = alphabet.encode(prompt);
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder text = new StringBuilder(prompt);
    boolean training = model.isTraining();
    model.eval();
    try (Autograd.Scope ignored = Autograd.noGrad()) {
      if (model instanceof CharLstm lstm) {
        CharLstm.Step s = lstm.step(idsTensor(ids, 0, ids.length), null);
        for (int i = 0; i < length; i++) {
          int next = draw(lastLogits(s.logits()), temperature, topK, random);
          text.append(alphabet.decode(next));
          s = lstm.step(idsTensor(new int[] {next}, 0, 1), s.state());
        }
      } else {
        List<Integer> history = new ArrayList<>();
        for (int id : ids) {
          history.add(id);
        }
        for (int i = 0; i < length; i++) {
          int from = Math.max(0, history.size() - context);
          int[] window = history.subList(from, history.size()).stream().mapToInt(Integer::intValue).toArray();
          int next = draw(lastLogits(model.call(idsTensor(window, 0, window.length))), temperature, topK, random);
          history.add(next);
          text.append(alphabet.decode(next));
        }
      }
    } finally {
      model.train(training);
    }
    return text.toString();
  }

  private static Tensor idsTensor(int[] ids, int from, int to) {
    float[] v = new float[to - from];
    for (int i = from; i < to; i++) {
      v[i - from] = ids[i];
    }
    return Tensor.of(v, 1, v.length).to(dev.jgrad.autograd.DType.INT64);
  }

  /** The logits of the last position of the one sequence in a {@code [1, time, vocabulary]} output. */
  private static float[] lastLogits(Tensor logits) {
    int time = logits.shape()[1];
    int vocabulary = logits.shape()[2];
    float[] all = logits.contiguous().toArray();
    float[] out = new float[vocabulary];
    System.arraycopy(all, (time - 1) * vocabulary, out, 0, vocabulary);
    return out;
  }

  /** Softmax of {@code logits / temperature} over the {@code topK} largest, then one draw. */
  static int draw(float[] logits, double temperature, int topK, SplittableRandom random) {
    int n = logits.length;
    double threshold = Double.NEGATIVE_INFINITY;
    if (topK > 0 && topK < n) {
      float[] sorted = logits.clone();
      java.util.Arrays.sort(sorted);
      threshold = sorted[n - topK];
    }
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double[] weights = new double[n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      weights[i] = logits[i] >= threshold ? Math.exp((logits[i] - max) / temperature) : 0;
      total += weights[i];
    }
    double u = random.nextDouble() * total;
    for (int i = 0; i < n; i++) {
      u -= weights[i];
      if (u < 0 && weights[i] > 0) {
        return i;
      }
    }
    for (int i = n - 1; i >= 0; i--) {             // rounding left u at or just above 0: the last candidate
      if (weights[i] > 0) {
        return i;
      }
    }
    throw new IllegalStateException("CharLanguageModel: no character has a finite logit");
  }

  private static void save(Path outDir, Module model, CharCorpus corpus, Config config, List<Point> curve,
      PrintStream out) {
    try {
      Files.createDirectories(outDir);
      Path checkpoint = outDir.resolve("model.safetensors");
      Map<String, String> metadata = new LinkedHashMap<>(config.toMetadata());
      metadata.put("alphabet", corpus.alphabet().toString());
      Checkpoints.save(checkpoint, model, metadata);
      double[] x = curve.stream().mapToDouble(Point::step).toArray();
      List<Charts.Series> series = List.of(
          new Charts.Series("training", x, curve.stream().mapToDouble(Point::trainLoss).toArray()),
          new Charts.Series("validation", x, curve.stream().mapToDouble(Point::validationLoss).toArray()));
      Path plot = outDir.resolve("loss.png");
      Charts.savePng(plot, "Character-level " + describe(config), "step", "cross-entropy (nats per character)",
          series);
      out.println("saved " + checkpoint + " and " + plot);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A model saved by {@link #train} with its corpus alphabet and settings, ready for {@link #sample}.
   *
   * @param model the model, weights loaded
   * @param alphabet the characters it knows, in id order
   * @param config the settings it was built with
   */
  public record Saved(Module model, CharAlphabet alphabet, Config config) {}

  /**
   * Loads a checkpoint written by {@link #train}.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when it is not a character model's checkpoint
   */
  public static Saved load(Path checkpoint) throws IOException {
    Checkpoint c = Checkpoints.load(checkpoint);
    String characters = c.metadata().get("alphabet");
    checkArgument(characters != null, "CharLanguageModel: %s has no alphabet in its metadata; it was not written by "
        + "CharLanguageModel.train", checkpoint);
    Config config = Config.fromMetadata(c.metadata());
    CharAlphabet alphabet = CharAlphabet.of(characters);
    Module model = config.buildModel(alphabet.size());
    model.loadStateDict(c.tensors(), true);
    return new Saved(model, alphabet, config);
  }
}
