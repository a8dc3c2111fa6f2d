package dev.jgrad.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import jdk.jshell.tool.JavaShellToolBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jgrad shell [SCRIPT]}: JShell with jgrad on the class path and its packages imported
 * ({@link ShellStartup}). Expressions show their value as PyTorch prints it, e.g. {@code $1 ==> tensor([1., 2.])}.
 */
@Command(name = "shell", mixinStandardHelpOptions = true, versionProvider = JgradVersion.class, sortOptions = false,
    description = {"Explore jgrad in JShell: tensors, modules, optimizers, datasets and the Trainer, imported.",
        "Without SCRIPT the shell is interactive (/exit leaves, /help lists JShell's commands). With SCRIPT (a .jsh "
            + "file such as examples/jshell/seed-tutorial.jsh) its snippets run in order and the shell exits, "
            + "unless --interactive."})
final class ShellCommand implements Callable<Integer> {
  /** The example line of the banner. */
  static final String EXAMPLE = "var x = Tensor.randn(3).requiresGrad_(true); x.mul(x).sum().backward(); x.grad()";

  @ParentCommand
  JgradCli root;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SCRIPT",
      description = "A JShell script (.jsh) to run, then exit.")
  Path script;

  @Option(names = "--interactive", description = "After running SCRIPT, stay in the shell.")
  boolean interactive;

  @Override
  public Integer call() throws Exception {
    if (script != null && !Files.isRegularFile(script)) {
      throw CliException.usage("no such script: " + script);
    }
    Path startup = Files.createTempFile("jgrad-shell-startup", ".jsh");
    Path exit = Files.createTempFile("jgrad-shell-exit", ".jsh");
    try {
      Files.writeString(startup, ShellStartup.imports(), StandardCharsets.UTF_8);
      Files.writeString(exit, "/exit\n", StandardCharsets.UTF_8);
      // Local execution: snippets run in this JVM, which the launcher started with the Vector API module
      // (--add-modules jdk.incubator.vector, so the SIMD kernels are used), JGRAD_JAVA_OPTS (heap) and the kernel
      // choice; JShell's default remote agent would be a second JVM needing each of those passed on with -R, and
      // took 14 s instead of 8 s to evaluate a first snippet here. The price: System.exit in a snippet ends the shell.
      List<String> args = new ArrayList<>(List.of("--execution", "local", "--class-path", ShellStartup.classPath(),
          "--startup", startup.toString()));
      if (script != null) {
        args.add(script.toString());
      }
      if (script == null || interactive) {
        root.out().println(banner());
      } else {
        args.add(exit.toString()); // files run in order: the script, then /exit (before JShell's welcome)
      }
      return JavaShellToolBuilder.builder().start(args.toArray(String[]::new));
    } finally {
      Files.deleteIfExists(startup);
      Files.deleteIfExists(exit);
    }
  }

  /** What the interactive shell prints first: the version, what is imported, and a line to try. */
  static String banner() {
    return "jgrad " + JgradVersion.version() + " shell (JShell " + Runtime.version().feature() + "). Imported: "
        + ShellStartup.IMPORTS.stream().filter(i -> i.endsWith(".*")).collect(Collectors.joining(", ")) + ".\n"
        + "Try:  " + EXAMPLE + "\n"
        + "/exit leaves, /help lists JShell's commands.";
  }
}
