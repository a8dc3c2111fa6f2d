package dev.jgrad.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The runnable examples by name, for {@code jgrad example NAME} and the README. Names match case-insensitively and
 * ignore {@code -} and {@code _}: {@code gradient-accumulation} finds {@code GradientAccumulation}; a prefix that
 * only one example has finds it too ({@code iris}, {@code seed}).
 *
 * <pre>{@code
 * Examples.find("iris").orElseThrow().run(System.out, Path.of("runs/IrisClassifier"));
 * }</pre>
 */
public final class Examples {
  private Examples() {}

  /**
   * One example.
   *
   * @param name the class name, e.g. {@code IrisClassifier}
   * @param summary one line on what it shows
   * @param runner runs it: (output stream, folder for the files it saves)
   */
  public record Example(String name, String summary, BiConsumer<PrintStream, Path> runner) {
    /** Runs the example, printing to {@code out}; examples that save plots put them into {@code outDir}. */
    public void run(PrintStream out, Path outDir) {
      runner.accept(out, outDir);
    }
  }

  private static final List<Example> ALL = List.of(
      new Example("SeedTutorial", "autograd line by line: PyTorch's tutorial, printing what PyTorch prints",
          (out, dir) -> SeedTutorial.run(out)),
      new Example("GradientAccumulation", "the zeroGrad pitfall vs the fix vs accumulation, with a plot (= jgrad demo)",
          GradientAccumulation::run),
      new Example("LinearRegression", "auto-mpg by SGD, checked against the closed-form least-squares weights",
          (out, dir) -> LinearRegression.run(out)),
      new Example("IrisClassifier", "MLP + cross-entropy + Adam on iris, test accuracy and confusion matrix",
          (out, dir) -> IrisClassifier.run(out)),
      new Example("PenguinsClassifier", "categorical features, missing values, standardisation from the training split",
          (out, dir) -> PenguinsClassifier.run(out)),
      new Example("DatabaseClassifier", "penguins from an H2 database through JDBC, streamed a chunk at a time",
          (out, dir) -> DatabaseClassifier.run(out)),
      new Example("DigitsClassifier", "an MLP and a small CNN (Conv2d, MaxPool2d) on the 8x8 digits",
          (out, dir) -> DigitsClassifier.run(out)),
      new Example("OptimizerShowdown", "SGD, momentum, Nesterov, Adam, AdamW, RMSprop: same problem, one plot",
          OptimizerShowdown::run),
      new Example("CharLanguageModel", "an LSTM writes Shakespeare: character-level language model, samples (= jgrad lm)",
          CharLanguageModel::run));

  /** Every example, in the order the README lists them. */
  public static List<Example> all() {
    return ALL;
  }

  /** The names, in order. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (Example e : ALL) {
      names.add(e.name());
    }
    return names;
  }

  /** The example with this name (see the class comment for the matching rule). */
  public static Optional<Example> find(String name) {
    String key = normalise(name);
    Example byPrefix = null;
    int prefixMatches = 0;
    for (Example e : ALL) {
      String n = normalise(e.name());
      if (n.equals(key)) {
        return Optional.of(e);
      }
      if (!key.isEmpty() && n.startsWith(key)) {
        byPrefix = e;
        prefixMatches++;
      }
    }
    return prefixMatches == 1 ? Optional.of(byPrefix) : Optional.empty();
  }

  private static String normalise(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
  }
}
