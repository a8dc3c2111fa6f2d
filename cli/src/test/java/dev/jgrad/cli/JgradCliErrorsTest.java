package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.jgrad.datasets.MalformedDataException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Whatever a command throws, the command line prints one line naming what went wrong (no Java class name, no
 * stack trace) and exits 1 or 2: each type is thrown by a mocked {@code train} command.
 */
class JgradCliErrorsTest {
  static Stream<Arguments> thrown() {
    return Stream.of(
        Arguments.of(CliException.usage("--x: bad"), 2, List.of("--x: bad")),
        Arguments.of(CliException.failure("diverged"), 1, List.of("diverged")),
        Arguments.of(new MalformedDataException("CsvLoader: d.csv, row 3: bad", "d.csv", 3, "a"), 1,
            List.of("d.csv, row 3: bad")),
        Arguments.of(new NoSuchFileException("m/model.safetensors"), 1,
            List.of("no such file: m/model.safetensors")),
        Arguments.of(new AccessDeniedException("runs/x"), 1, List.of("permission denied: runs/x")),
        Arguments.of(new FileAlreadyExistsException("runs/x"), 1, List.of("already exists: runs/x")),
        Arguments.of(new NotDirectoryException("runs"), 1, List.of("not a directory: runs")),
        Arguments.of(new DirectoryNotEmptyException("runs/x"), 1, List.of("folder not empty: runs/x")),
        Arguments.of(new FileSystemException("/mnt/ro/x", null, "Read-only file system"), 1,
            List.of("Read-only file system: /mnt/ro/x")),
        Arguments.of(new IOException("disk full"), 1, List.of("I/O error: disk full")),
        Arguments.of(new IOException(), 1, List.of("I/O error", "--verbose")),
        Arguments.of(new UncheckedIOException(new NoSuchFileException("h.csv")), 1, List.of("no such file: h.csv")),
        Arguments.of(new IllegalArgumentException("Linear: expected input [*, 4], got [2, 5]"), 1,
            List.of("Linear: expected input [*, 4], got [2, 5]")),
        Arguments.of(new IllegalStateException(), 1, List.of("internal error", "--verbose")),
        Arguments.of(new ArithmeticException("integer overflow"), 1, List.of("integer overflow")),
        Arguments.of(new NullPointerException(), 1, List.of("internal error", "--verbose")),
        Arguments.of(new UnsupportedOperationException("not yet"), 1, List.of("internal error: not yet")),
        Arguments.of(new OutOfMemoryError("Java heap space"), 1, List.of("out of memory (Java heap space)",
            "the Java heap limit is " + String.format(Locale.ROOT, "%,d", Runtime.getRuntime().maxMemory() >> 20)
                + " MB",
            "JGRAD_JAVA_OPTS=-Xmx4g ./jgrad")),
        Arguments.of(new OutOfMemoryError(), 1, List.of("out of memory: the Java heap limit is")),
        Arguments.of(new StackOverflowError(), 1, List.of("stack overflow", "JGRAD_JAVA_OPTS=-Xss64m")),
        Arguments.of(new AssertionError("broken invariant"), 1, List.of("internal error: broken invariant")));
  }

  @ParameterizedTest
  @MethodSource("thrown")
  void everyThrowableIsOneLineWithItsExitCode(Throwable t, int code, List<String> fragments) throws Exception {
    for (boolean verbose : new boolean[] {false, true}) {
      TrainCommand train = mock(TrainCommand.class);
      when(train.call()).thenThrow(t);
      CommandLine.IFactory factory = new CommandLine.IFactory() {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
          return cls == TrainCommand.class ? cls.cast(train) : CommandLine.defaultFactory().create(cls);
        }
      };
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      JgradCli app = new JgradCli(new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8), false);
      List<String> args = verbose ? List.of("--verbose", "train", "--csv", "iris") : List.of("train", "--csv", "iris");
      int exit = JgradCli.execute(app, factory, args.toArray(new String[0]));
      String text = err.toString(StandardCharsets.UTF_8);
      assertEquals(code, exit, text);
      String first = text.lines().findFirst().orElse("");
      assertTrue(first.startsWith("jgrad train: "), text);
      for (String f : fragments) {
        assertTrue(first.contains(f), () -> "expected <" + f + "> in: " + first);
      }
      assertFalse(first.contains(t.getClass().getName()) || first.contains(t.getClass().getSimpleName() + ":"),
          () -> "no Java class name: " + first);
      if (verbose) {
        assertTrue(text.contains("\tat "), "--verbose adds the stack trace");
      } else {
        assertEquals(1, text.strip().lines().count(), text);
      }
    }
  }
}
