package dev.jgrad.cli;

import dev.jgrad.examples.GradientAccumulation;
import dev.jgrad.train.AccumulationDemo;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code jgrad demo}: the gradient-accumulation pitfall and its fix ({@link GradientAccumulation}). */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = JgradVersion.class, sortOptions = false,
    description = {"The gradient-accumulation pitfall vs its fix: a table and a plot.",
        "One linear model on auto-mpg, trained three ways from the same seed: zeroGrad() after every step; "
            + "zeroGrad() forgotten; k micro-batches accumulated per step. Prints the loss per epoch side by side "
            + "and saves accumulation-demo.png and .html."})
final class DemoCommand implements Callable<Integer> {
  @ParentCommand
  JgradCli root;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "25",
      description = "Epochs per run (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--accumulate", paramLabel = "K", defaultValue = "4",
      description = "Micro-batches per step in the accumulation run; must divide 32 (default: ${DEFAULT-VALUE}).")
  int accumulate;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/demo",
      description = "Folder for the plot and the page (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() {
    AccumulationDemo.Config d = AccumulationDemo.Config.defaults();
    if (epochs < 1) {
      throw CliException.usage("--epochs: must be at least 1, got " + epochs);
    }
    if (accumulate < 1 || d.batchSize() % accumulate != 0) {
      throw CliException.usage("--accumulate: must divide the batch size " + d.batchSize() + " (1, 2, 4, 8, 16 or "
          + "32), got " + accumulate);
    }
    AccumulationDemo.Config config = new AccumulationDemo.Config(d.dataset(), epochs, d.batchSize(), accumulate,
        d.lr(), d.seed());
    GradientAccumulation.run(root.out(), config, out, root.interactive());
    return 0;
  }
}
