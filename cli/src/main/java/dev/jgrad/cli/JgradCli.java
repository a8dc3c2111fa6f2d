package dev.jgrad.cli;

import dev.jgrad.datasets.MalformedDataException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code jgrad} command line: {@code train}, {@code predict}, {@code datasets}, {@code demo},
 * {@code example} and {@code shell}, parsed with picocli.
 *
 * <p>Exit codes: 0 success; 2 bad usage (an unknown option, a bad option value, a file, column, dataset or example
 * that does not exist, an output path that cannot be written); 1 failure (bad data such as an empty CSV or a
 * non-numeric feature, a training that diverged, an I/O error, running out of memory). Every error, whatever threw
 * it (an exception of the library, an I/O exception, {@link OutOfMemoryError}, {@link StackOverflowError}), is one
 * line on stderr, {@code jgrad <command>: <what is wrong>}, without a Java class name; {@code --verbose} adds the
 * stack trace.
 *
 * <pre>{@code
 * int code = JgradCli.execute(System.out, System.err, "train", "--csv", "iris", "--epochs", "20");
 * }</pre>
 */
@Command(name = "jgrad", mixinStandardHelpOptions = true, versionProvider = JgradVersion.class,
    description = "PyTorch's training experience in pure Java: train an MLP on any CSV, predict with it, and run "
        + "the examples.",
    subcommands = {TrainCommand.class, PredictCommand.class, ExportCommand.class, DatasetsCommand.class,
        DemoCommand.class, LmCommand.class, ExampleCommand.class, ShellCommand.class, CommandLine.HelpCommand.class},
    footerHeading = "%nExit codes:%n",
    footer = {"  0  success",
        "  1  failure: bad data (empty CSV, non-numeric feature...), diverged, I/O error, out of memory",
        "  2  bad usage: bad option or value; no such file, column, dataset or example; unwritable --out",
        "", "Start with:  jgrad demo"})
public final class JgradCli implements Callable<Integer> {
  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "On an error, print the stack trace too.")
  boolean verbose;

  /** Held so the level set on it is not lost: java.util.logging keeps loggers only weakly. */
  private static final Logger TRAINER_LOG = Logger.getLogger("dev.jgrad.train");

  private final PrintStream out;
  private final PrintStream err;
  private final boolean interactive;

  /**
   * A command line writing to {@code out} and {@code err}.
   *
   * @param interactive whether {@code out} is a terminal (progress lines are redrawn in place)
   */
  public JgradCli(PrintStream out, PrintStream err, boolean interactive) {
    this.out = out;
    this.err = err;
    this.interactive = interactive;
  }

  /** Runs {@code jgrad args...} and exits with its code. */
  public static void main(String[] args) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true"); // plots are files; never open a window
    }
    oneLineWarnings();
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    System.exit(execute(new JgradCli(out, System.err, System.console() != null), args));
  }

  /** Runs {@code jgrad args...} in-process (no terminal) and returns the exit code. */
  public static int execute(PrintStream out, PrintStream err, String... args) {
    return execute(new JgradCli(out, err, false), args);
  }

  static int execute(JgradCli app, String... args) {
    return commandLine(app).execute(args);
  }

  /** Runs with the commands made by {@code factory} (tests use it to make a command throw). */
  static int execute(JgradCli app, CommandLine.IFactory factory, String... args) {
    return commandLine(app, factory).execute(args);
  }

  /** The configured picocli command line for {@code app}: streams, exit codes and one-line error handlers. */
  static CommandLine commandLine(JgradCli app) {
    return commandLine(app, CommandLine.defaultFactory());
  }

  private static CommandLine commandLine(JgradCli app, CommandLine.IFactory factory) {
    CommandLine cl = new CommandLine(app, factory);
    cl.setOut(new PrintWriter(app.out, true));
    cl.setErr(new PrintWriter(app.err, true));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler((ex, args) -> {
      String name = ex.getCommandLine().getCommandSpec().qualifiedName();
      app.err.println(name + ": " + oneLine(ex.getMessage()) + " (see '" + name + " --help')");
      if (app.verbose) {
        ex.printStackTrace(app.err);
      }
      return CliException.USAGE;
    });
    cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> app.report(cmd.getCommandSpec().qualifiedName(), ex));
    // picocli hands only Exceptions to that handler; an Error thrown by a command is reported here.
    cl.setExecutionStrategy(parseResult -> {
      try {
        return new CommandLine.RunLast().execute(parseResult);
      } catch (Error e) {
        List<CommandLine> commands = parseResult.asCommandLineList();
        return app.report(commands.get(commands.size() - 1).getCommandSpec().qualifiedName(), e);
      }
    });
    return cl;
  }

  /** Prints {@code e} as one line (and its stack trace with --verbose); returns the exit code. */
  private int report(String command, Throwable thrown) {
    Throwable e = thrown instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : thrown;
    err.println(command + ": " + oneLine(message(e)));
    if (verbose) {
      e.printStackTrace(err);
    }
    return exitCode(e);
  }

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    // "jgrad" alone: show what there is to run.
    spec.commandLine().usage(err);
    return CliException.USAGE;
  }

  /** Where commands print results. */
  PrintStream out() {
    return out;
  }

  /** Where commands print diagnostics. */
  PrintStream err() {
    return err;
  }

  /** Whether {@link #out()} is a terminal. */
  boolean interactive() {
    return interactive;
  }

  static int exitCode(Throwable e) {
    if (e instanceof CliException c) {
      return c.exitCode();
    }
    return CliException.FAILURE;
  }

  /** What went wrong, in words: never a Java class name. */
  static String message(Throwable e) {
    if (e instanceof CliException || e instanceof MalformedDataException) {
      return e.getMessage();
    }
    if (e instanceof FileSystemException f) {
      String what = f instanceof NoSuchFileException ? "no such file"
          : f instanceof AccessDeniedException ? "permission denied"
          : f instanceof FileAlreadyExistsException ? "already exists"
          : f instanceof NotDirectoryException ? "not a directory"
          : f instanceof DirectoryNotEmptyException ? "folder not empty"
          : f.getReason() != null ? f.getReason() : "cannot access";
      return what + ": " + f.getFile() + (f.getOtherFile() != null ? " (and " + f.getOtherFile() + ")" : "");
    }
    if (e instanceof OutOfMemoryError) {
      return String.format(Locale.ROOT, "out of memory%s: the Java heap limit is %,d MB; raise it, e.g. "
          + "JGRAD_JAVA_OPTS=-Xmx4g ./jgrad ... (a smaller --batch-size or fewer rows also need less)",
          e.getMessage() == null ? "" : " (" + e.getMessage() + ")", Runtime.getRuntime().maxMemory() >> 20);
    }
    if (e instanceof StackOverflowError) {
      return "stack overflow (a computation nested too deeply for the thread stack); raise it, e.g. "
          + "JGRAD_JAVA_OPTS=-Xss64m ./jgrad ...";
    }
    String text = e.getMessage();
    if (e instanceof IOException) {
      return text == null ? "I/O error (run with --verbose for the stack trace)" : "I/O error: " + text;
    }
    if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
        || e instanceof IndexOutOfBoundsException || e instanceof ArithmeticException) {
      if (text != null) {
        return text;
      }
    }
    return "internal error" + (text == null ? "" : ": " + text) + " (run with --verbose for the stack trace)";
  }

  /** Messages from libraries may span lines; an error report here is one line. */
  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    return s.strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  /** Log records (e.g. the optimizer's stale-gradient warning) as {@code jgrad: warning: ...} lines. */
  private static void oneLineWarnings() {
    // The Trainer logs why it stopped; train reports that itself (one line), so its logger is muted.
    TRAINER_LOG.setLevel(java.util.logging.Level.OFF);
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    ConsoleHandler h = new ConsoleHandler();
    h.setLevel(java.util.logging.Level.WARNING); // e.g. the kernel choice at start-up is INFO: not for every call
    h.setFormatter(new SimpleFormatter() {
      @Override
      public String format(LogRecord r) {
        return "jgrad: " + r.getLevel().getName().toLowerCase(java.util.Locale.ROOT) + ": "
            + oneLine(formatMessage(r)) + System.lineSeparator();
      }
    });
    root.addHandler(h);
  }
}
