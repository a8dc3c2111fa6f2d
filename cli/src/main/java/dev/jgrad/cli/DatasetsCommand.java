package dev.jgrad.cli;

import dev.jgrad.datasets.BundledDataset;
import dev.jgrad.datasets.Datasets;
import dev.jgrad.datasets.Task;
import dev.jgrad.examples.Format;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code jgrad datasets}: the bundled datasets with their rows, features, task, target and classes. */
@Command(name = "datasets", mixinStandardHelpOptions = true, versionProvider = JgradVersion.class,
    description = {"List the bundled datasets (each name works as --csv NAME).",
        "Each name works wherever a CSV file does: jgrad train --csv iris."})
final class DatasetsCommand implements Callable<Integer> {
  @ParentCommand
  JgradCli root;

  @Override
  public Integer call() {
    PrintStream o = root.out();
    List<List<String>> rows = new ArrayList<>();
    for (String name : Datasets.names()) {
      BundledDataset d = Datasets.byName(name);
      int columns = d.schema().features().size();
      String features = columns == d.numFeatures() ? Integer.toString(columns)
          : columns + " (" + d.numFeatures() + " encoded)";
      List<String> names = name.equals("fashion_mnist_sample") ? Datasets.FASHION_MNIST_CLASSES : d.classNames();
      String classes = d.task() == Task.REGRESSION ? "-" : d.numClasses() + ": " + abbreviate(names);
      rows.add(List.of(name, Integer.toString(d.table().rowCount()), features,
          d.task().name().toLowerCase(java.util.Locale.ROOT), d.schema().target().name(), classes));
    }
    o.print(Format.table(List.of("name", "rows", "features", "task", "target", "classes"), rows));
    o.println();
    o.println("Use a name wherever a CSV file goes, e.g.  jgrad train --csv penguins   (the target defaults to the "
        + "dataset's own).");
    o.println("Sources and licences: datasets/src/main/resources/dev/jgrad/datasets/NOTICE.md");
    return 0;
  }

  private static String abbreviate(List<String> names) {
    if (names.size() <= 4) {
      return String.join(", ", names);
    }
    return String.join(", ", names.subList(0, 3)) + ", ..., " + names.get(names.size() - 1);
  }
}
