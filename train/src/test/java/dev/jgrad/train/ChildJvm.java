package dev.jgrad.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Runs a test's {@code main} class in a new JVM: the same java binary and class path, the Vector API module, and the
 * parent's {@code jgrad.kernels} and {@code jgrad.gemm.threads} settings unless the test sets its own (both are read
 * once per JVM, so a test that compares them needs a JVM per setting). Used where a test must kill a JVM, bound its
 * heap, or start the kernels afresh.
 *
 * <pre>{@code
 * ChildJvm.Result r = ChildJvm.of(SomeMain.class, "arg").option("-Xmx64m").run(Duration.ofSeconds(60));
 * try (ChildJvm.Running child = ChildJvm.of(SomeMain.class).start()) {
 *   child.awaitLine(0, line -> line.startsWith("SAVED"), Duration.ofSeconds(30));
 *   child.kill();                                  // SIGKILL on Linux
 * }
 * }</pre>
 */
final class ChildJvm {
  private static final String[] INHERITED = {"jgrad.kernels", "jgrad.gemm.threads"};

  private final Class<?> main;
  private final List<String> args;
  private final List<String> options = new ArrayList<>();

  private ChildJvm(Class<?> main, List<String> args) {
    this.main = main;
    this.args = args;
  }

  /** A JVM that will run {@code main.main(args)}. */
  static ChildJvm of(Class<?> main, String... args) {
    return new ChildJvm(main, List.of(args));
  }

  /** Adds a JVM option such as {@code -Xmx64m} or {@code -Djgrad.gemm.threads=1}. */
  ChildJvm option(String option) {
    options.add(option);
    return this;
  }

  /** The whole command line. */
  List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--add-modules=jdk.incubator.vector");
    for (String property : INHERITED) {
      String value = System.getProperty(property);
      boolean setHere = options.stream().anyMatch(o -> o.startsWith("-D" + property + "="));
      if (value != null && !setHere) {
        command.add("-D" + property + "=" + value);
      }
    }
    command.addAll(options);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    return command;
  }

  /** Starts the JVM; its output is collected line by line as it comes. */
  Running start() throws IOException {
    return new Running(new ProcessBuilder(command()).start());
  }

  /** Runs the JVM to its end and requires exit code 0 (the failure message holds its output). */
  Result run(Duration timeout) throws IOException, InterruptedException {
    try (Running child = start()) {
      if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        fail("child JVM " + main.getSimpleName() + " did not finish within " + timeout + "\n" + child.output());
      }
      child.drain();
      Result r = new Result(child.process.exitValue(), child.lines(), child.stderr());
      assertEquals(0, r.exit(), () -> "child JVM " + main.getSimpleName() + " failed\n" + child.output());
      return r;
    }
  }

  /**
   * Called first by a child's {@code main}: ends the child when its parent is gone (the parent holds the child's
   * standard input open until then), so a child that trains without end cannot outlive a killed test run.
   */
  static void exitWithParent() {
    Thread watch = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // nothing is ever sent; read until the pipe closes
        }
      } catch (IOException ignored) {
        // a broken pipe means the same
      }
      Runtime.getRuntime().halt(3);
    }, "exit-with-parent");
    watch.setDaemon(true);
    watch.start();
  }

  /** A finished JVM's exit code and output. */
  record Result(int exit, List<String> lines, String stderr) {
    /** The text after {@code prefix} on the first line that starts with it. */
    String value(String prefix) {
      return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
          .map(l -> l.substring(prefix.length()).trim())
          .orElseThrow(() -> new AssertionError("no line starting '" + prefix + "' in " + lines + "\n" + stderr));
    }
  }

  /** A started JVM. Closing it kills the process if it still runs. */
  static final class Running implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private final Thread outReader;
    private final Thread errReader;

    private Running(Process process) {
      this.process = process; // its standard input stays open: see exitWithParent
      outReader = pump(process.getInputStream(), line -> {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      });
      errReader = pump(process.getErrorStream(), line -> {
        synchronized (stderr) {
          stderr.append(line).append('\n');
        }
      });
    }

    private static Thread pump(InputStream in, java.util.function.Consumer<String> sink) {
      Thread t = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            sink.accept(line);
          }
        } catch (IOException ignored) {
          // the process was killed while a line was being read
        }
      }, "child-jvm-output");
      t.setDaemon(true);
      t.start();
      return t;
    }

    /** The standard output lines so far. */
    List<String> lines() {
      synchronized (lines) {
        return List.copyOf(lines);
      }
    }

    String stderr() {
      synchronized (stderr) {
        return stderr.toString();
      }
    }

    String output() {
      return "--- stdout\n" + String.join("\n", lines()) + "\n--- stderr\n" + stderr();
    }

    /**
     * Waits for the first line after the first {@code skip} lines that matches, and returns its index.
     *
     * @throws AssertionError if the process ends or the time runs out first
     */
    int awaitLine(int skip, Predicate<String> match, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      synchronized (lines) {
        for (int i = skip; ; ) {
          while (i < lines.size()) {
            if (match.test(lines.get(i))) {
              return i;
            }
            i++;
          }
          long left = deadline - System.nanoTime();
          if (left <= 0 || (!process.isAlive() && !outReader.isAlive())) {
            throw new AssertionError("child JVM: no matching line " + (left <= 0 ? "within " + timeout
                : "before it exited with " + process.exitValue()) + "\n" + output());
          }
          lines.wait(Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(left))));
        }
      }
    }

    /**
     * SIGKILL on Linux ({@code destroyForcibly}); returns once the process is gone and all it wrote has been read.
     * Through the process handle: {@link Process#destroyForcibly} also closes the output pipes at once, dropping
     * lines the process wrote just before it died and the reader had not taken yet.
     */
    void kill() throws InterruptedException {
      process.toHandle().destroyForcibly();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "child JVM did not die");
      drain();
    }

    /**
     * Kills the process at a random moment once it has finished {@code warm} writes: half of the time aimed into a
     * write (a random part of the last finished write's duration after the next one is announced), otherwise after
     * up to {@code maxSleepMillis}. A write is announced by a line starting with {@code started} and ends with a
     * line {@code <finished> <anything> <nanoseconds it took>}.
     */
    void killAtRandom(Random random, String started, String finished, int warm, int maxSleepMillis,
        Duration patience) throws InterruptedException {
      int done = -1;
      for (int i = 0; i < warm; i++) {
        done = awaitLine(done + 1, l -> l.startsWith(finished), patience);
      }
      if (random.nextBoolean()) {
        long writeNanos = Long.parseLong(lines().get(done).split(" ")[2]);
        awaitLine(done + 1, l -> l.startsWith(started), patience);
        LockSupport.parkNanos((long) (random.nextDouble() * writeNanos));
      } else {
        Thread.sleep(random.nextInt(maxSleepMillis));
      }
      kill();
    }

    boolean isAlive() {
      return process.isAlive();
    }

    private void drain() throws InterruptedException {
      outReader.join(10_000);
      errReader.join(10_000);
      try {
        process.getOutputStream().close();
      } catch (IOException ignored) {
        // the process is gone; the pipe only has to be released
      }
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        kill();
      }
    }
  }
}
