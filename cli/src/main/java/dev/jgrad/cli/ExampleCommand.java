package dev.jgrad.cli;

import dev.jgrad.examples.Examples;
import dev.jgrad.examples.Format;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jgrad example NAME}: runs one of the examples ({@link Examples}); without a name, lists them. */
@Command(name = "example", mixinStandardHelpOptions = true, versionProvider = JgradVersion.class,
    description = {"Run an example by name; without a name, list them.",
        "Case and '-' do not matter: iris-classifier runs IrisClassifier."})
final class ExampleCommand implements Callable<Integer> {
  @ParentCommand
  JgradCli root;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The example to run.")
  String name;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Folder for the plots an example saves (default: runs/<NAME>).")
  Path out;

  @Override
  public Integer call() {
    PrintStream o = root.out();
    if (name == null) {
      List<List<String>> rows = new ArrayList<>();
      for (Examples.Example e : Examples.all()) {
        rows.add(List.of(e.name(), e.summary()));
      }
      o.print(Format.table(List.of("example", "what it shows"), rows));
      o.println();
      o.println("Run one with:  jgrad example NAME");
      return 0;
    }
    Examples.Example example = Examples.find(name).orElseThrow(() -> CliException.usage("no example '" + name
        + "'; the examples are " + String.join(", ", Examples.names())));
    example.run(o, out != null ? out : Path.of("runs", example.name()));
    return 0;
  }
}
